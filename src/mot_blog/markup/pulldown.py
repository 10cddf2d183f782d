"""Markdown body -> HTML: pulldown-cmark parses (through pyromark), our writer writes.

The Markdown is CommonMark with tables, footnotes, strikethrough, definition
lists and ``{#id .class}`` heading attributes. pulldown-cmark (Rust) turns the
body into a stream of events; :class:`Writer` turns the events into HTML in one
pass, which is where this site's conventions live, all plain Markdown:

* an image alone in its paragraph becomes ``<figure>``; its Markdown title
  (``![alt](src "Fonte: Think with Google")``) becomes the ``<figcaption>``;
* a blockquote whose last paragraph starts with an em or en dash becomes a
  ``<figure class="quote">`` with the quote and that line as its attribution;
* a relative image path (``images/x.svg``) names a file under ``static/`` and
  is rewritten to its published URL; with the image's size known it gets
  ``width``/``height`` and, with resized variants, ``srcset`` (WebP in a
  ``<picture>``); images load lazily except the first when asked;
* headings get ``id`` anchors (their text, slugified as ``heading_ids`` says, made
  unique) and h2-h4 a self-link; footnotes are numbered in the order they are cited
  and listed at the end;
* a fenced block with a language is highlighted (:mod:`mot_blog.markup.code`), math
  becomes MathML (:mod:`mot_blog.markup.mathml`), and a quote opened by ``[!NOTE]`` is a
  callout (:mod:`mot_blog.markup.callouts`, read by :mod:`mot_blog.markup.pulldown_callouts`);
* ``javascript:``-style links lose their target; raw HTML is kept, shown as
  text or sanitized, as ``raw_html`` says (:mod:`mot_blog.markup.sanitize`).

The renderer that runs it is :class:`mot_blog.markup.renderer.MarkdownRenderer`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from mot_blog.load.images import ImageInfo
from mot_blog.markup.callouts import (
    Callout,
    callout_closing,
    callout_opening,
    default_title,
    title_closing,
)
from mot_blog.markup.code import parse_fence
from mot_blog.markup.events import (
    ALIGNMENT,
    BLOCK_TAGS,
    SIMPLE_TAGS,
    lone_image,
)
from mot_blog.markup.html import close_quote
from mot_blog.markup.pulldown_parts import (
    Image,
    PendingCode,
    PendingHeading,
    PendingNote,
    WriterParts,
)
from mot_blog.markup.rendered import Heading
from mot_blog.markup.sanitize import ESCAPE, KEEP, SANITIZE, raw_slot, sanitize_raw_parts
from mot_blog.markup.text import count_words, unique_id, words

ALIGNMENT["Right"] = ' style="text-align: right"'


@dataclass(slots=True)
class _Quote:
    """A blockquote being written."""

    start: int
    """Output index of its ``<blockquote>``."""
    depth: int
    """Block depth of its direct children."""
    children: int = 0
    last_paragraph: int | None = None
    """Output index of its last direct child's ``<p>``, when that child is a paragraph."""


class Writer(WriterParts):
    """One body's events -> HTML, and what the body uses (see the module docstring)."""

    # Slots: past 30 attributes an instance's dict is no longer shared-key, and every
    # attribute read of the writer's loop was slower (20 % of the writer's time).
    __slots__ = (
        "asset_urls", "body_open", "callout_count", "callouts", "cell", "code",
        "code_blocks", "depth", "eager_first", "escape_raw", "figures", "formulas",
        "heading", "heading_ids", "headings", "ids", "image", "image_count", "image_info",
        "images", "in_head", "keep_raw", "links", "lists", "note_bodies", "notes", "out",
        "outer", "pending", "plain", "quotes", "raw", "raw_words", "table", "unsafe",
    )  # fmt: skip

    def __init__(
        self,
        raw_html: str,
        asset_urls: Mapping[str, str],
        image_info: Mapping[str, ImageInfo],
        eager_first: bool,
        heading_ids: str = "default",
    ):
        self.keep_raw = raw_html == KEEP
        self.escape_raw = raw_html == ESCAPE
        self.raw: list[str] | None = [] if raw_html == SANITIZE else None
        """Raw HTML parts to sanitize, when sanitizing (see :meth:`_html`)."""
        self.asset_urls = asset_urls
        self.image_info = image_info
        self.eager_first = eager_first
        self.out: list[str] = []
        self.plain: list[str] = []
        """The text a reader reads, to count its words once at the end."""
        self.raw_words = 0
        self.images: list[str] = []
        self.links: list[str] = []
        self.unsafe: list[str] = []
        self.image_count = 0
        self.depth = 0
        self.quotes: list[_Quote] = []
        self.lists: list[str] = []
        self.table: tuple[str, ...] = ()
        self.in_head = False
        self.body_open = False
        self.cell = 0
        self.figures: list[bool] = []
        self.heading: PendingHeading | None = None
        self.image: Image | None = None
        self.ids: set[str] = set()
        self.heading_ids = heading_ids
        self.headings: list[Heading] = []
        self.code: PendingCode | None = None
        self.code_blocks = 0
        self.callout_count = 0
        self.formulas = 0
        self.callouts: list[tuple[Callout, int]] = []
        """Open callouts, with the output index where the title of the innermost begins."""
        self.pending: list[PendingNote] = []
        self.notes: dict[str, int] = {}
        """Footnote labels, numbered in the order they are first cited."""
        self.note_bodies: dict[str, list[str]] = {}
        self.outer: list[list[str]] = []

    @property
    def words(self) -> int:
        """Words of the text (see :func:`~mot_blog.markup.text.words`), joined across inline elements first so
        that ``**del cliente**,`` is two words, not three."""
        return words("".join(self.plain)) + self.raw_words

    def write(self, events: Sequence[Any]) -> str:
        for index, event in enumerate(events):
            if type(event) is str:  # SoftBreak, HardBreak, Rule
                self._bare(event)
                continue
            ((kind, value),) = event.items()
            if kind == "Text":
                self._text(value)
            elif kind == "Start":
                if type(value) is str:  # _name and _payload, inline: the loop's hot path
                    self._start(value, None, events, index)
                else:
                    ((name, data),) = value.items()
                    self._start(name, data, events, index)
            elif kind == "End":
                self._end(value if type(value) is str else next(iter(value)))
            elif kind == "Code":
                self._text(value, "<code>", "</code>")
            elif kind in ("Html", "InlineHtml"):
                self._html(value)
            elif kind == "FootnoteReference":
                self._note_reference(value)
            elif kind == "InlineMath" or kind == "DisplayMath":
                self._math(value, kind == "DisplayMath")
            else:  # task lists are not enabled; keep whatever text they carry
                self._text(str(value))
        html = "".join(self.out) + self._notes()
        if self.raw:  # only when sanitizing, and only a body with raw HTML
            html, raw_only = sanitize_raw_parts(html, self.raw)
            html = html.lstrip("\n")  # what a removed first block leaves
            self.raw_words = count_words(raw_only)
        # no newline after the last block: templates place the body as they please
        return html.rstrip("\n")

    # -- text ---------------------------------------------------------------------

    def _text(self, text: str, before: str = "", after: str = "") -> None:
        if self.image is not None:
            self.image.alt.append(text)
            return
        if self.heading is not None:
            self.heading.text.append(text)
        self.plain.append(text)
        # Most text has nothing to escape: the test is four times faster than escape().
        if "&" in text or "<" in text or ">" in text:
            text = escape(text, quote=False)
        self.out.append(f"{before}{text}{after}" if before else text)

    def _html(self, html: str) -> None:
        if self.image is not None:
            return
        if self.keep_raw:
            self.raw_words += count_words(html)
            self.out.append(html)
        elif self.raw is not None:
            # Sanitized once the whole body is written: an element may open in one raw
            # part and close in another, with Markdown between (see mot_blog.markup.sanitize).
            self.out.append(raw_slot(len(self.raw)))
            self.raw.append(html)
        else:
            self._text(html)

    def _bare(self, event: str) -> None:
        if self.image is not None:
            self.image.alt.append(" ")
            return
        self.plain.append(" ")
        if event == "SoftBreak":
            self.out.append("\n")
        elif event == "HardBreak":
            self.out.append("<br>\n")
        elif event == "Rule":
            self._block_child("Rule")
            self.out.append("<hr>\n")

    # -- elements -----------------------------------------------------------------

    def _start(self, name: str, data: Any, events: Sequence[Any], index: int) -> None:
        if self.image is not None:
            self.image.nested += name == "Image"
            return
        out = self.out
        if name in BLOCK_TAGS:
            if self.quotes:
                self._block_child(name)
            self.depth += 1
        if name == "Paragraph":
            figure = lone_image(events, index)
            self.figures.append(figure)
            out.append("<figure>" if figure else "<p>")
        elif name in SIMPLE_TAGS:
            if name == "TableHead":
                self.in_head, self.cell = True, 0
            elif name == "TableRow":
                if not self.body_open:
                    out.append("<tbody>\n")
                    self.body_open = True
                self.cell = 0
            out.append(SIMPLE_TAGS[name][0])
        elif name == "TableCell":
            align = self.table[self.cell] if self.cell < len(self.table) else ""
            out.append(f"<{'th' if self.in_head else 'td'}{align}>")
        elif name == "Link":
            self._link(data)
        elif name == "Image":
            figure = bool(self.figures) and self.figures[-1] and out[-1] == "<figure>"
            self.image = Image(data["dest_url"], data["title"], figure)
        elif name == "Heading":
            level = int(data["level"][1:])
            self.heading = PendingHeading(
                len(out), level, data["id"], data["classes"], data["attrs"]
            )
            out.append("")
        elif name == "BlockQuote":
            out.append("<blockquote>\n")
            self.quotes.append(_Quote(len(out) - 1, self.depth))
        elif name == "List":
            tag = "ul" if data is None else "ol"
            self.lists.append(tag)
            start = f' start="{data}"' if tag == "ol" and data != 1 else ""
            out.append(f"<{tag}{start}>\n")
        elif name == "CodeBlock":
            self.code_blocks += 1
            info = data.get("Fenced", "") if isinstance(data, dict) else ""
            fence = parse_fence(info) if info else None
            if fence is not None and (fence.language or fence.problem):
                self.code = PendingCode(out, len(out), fence)
            out.append("<pre><code>")
        elif name == "Callout":
            self.callout_count += 1
            anchor = unique_id(f"callout-{self.callout_count}", self.ids)
            out.append(callout_opening(data, anchor))
            self.callouts.append((data, len(out)))
        elif name == "CalloutTitle":
            self.callouts[-1] = (self.callouts[-1][0], len(out))
        elif name == "HtmlBlock":
            if self.escape_raw:
                out.append("<p>")
        elif name == "Table":
            self.table = tuple(ALIGNMENT.get(a, "") for a in data)
            self.body_open = False
            out.append("<table>\n")
        elif name == "FootnoteDefinition":
            self.outer.append(out)
            self.out = self.note_bodies.setdefault(data, [])

    def _end(self, name: str) -> None:
        if self.image is not None:
            if name == "Image":
                if self.image.nested:
                    self.image.nested -= 1
                else:
                    self._write_image(self.image)
                    self.image = None
            return
        out = self.out
        if name in BLOCK_TAGS:
            self.depth -= 1
            self.plain.append(" ")
        if name == "Paragraph":
            out.append("</figure>\n" if self.figures.pop() else "</p>\n")
        elif name in SIMPLE_TAGS:
            out.append(SIMPLE_TAGS[name][1])
            if name == "TableHead":
                self.in_head = False
        elif name == "TableCell":
            out.append("</th>" if self.in_head else "</td>")
            self.cell += 1
        elif name == "Link":
            out.append("</a>")
        elif name == "Heading":
            self._write_heading()
        elif name == "BlockQuote":
            self._end_quote(self.quotes.pop())
        elif name == "List":
            out.append(f"</{self.lists.pop()}>\n")
        elif name == "CodeBlock":
            if self.code is None:
                out.append("</code></pre>\n")
            else:
                self._write_code(self.code)
                self.code = None
        elif name == "CalloutTitle":
            callout, title = self.callouts[-1]
            if len(out) == title:
                out.append(default_title(callout))
            out.append(title_closing(callout))
            self.plain.append(" ")
        elif name == "Callout":
            out.append(callout_closing(self.callouts.pop()[0]))
        elif name == "HtmlBlock":
            if self.escape_raw:
                out.append("</p>\n")
        elif name == "Table":
            out.append("</tbody>\n</table>\n" if self.body_open else "</table>\n")
        elif name == "FootnoteDefinition":
            self.out = self.outer.pop()

    def _block_child(self, name: str) -> None:
        """A block starts: note it when it is a direct child of the innermost quote."""
        if self.quotes and self.quotes[-1].depth == self.depth:
            quote = self.quotes[-1]
            quote.children += 1
            quote.last_paragraph = len(self.out) if name == "Paragraph" else None

    def _end_quote(self, quote: _Quote) -> None:
        close_quote(self.out, quote.start, quote.last_paragraph, quote.children)
