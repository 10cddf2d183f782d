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
* headings get ``id`` anchors (their text, slugified, made unique), footnotes
  are numbered in the order they are cited and listed at the end;
* ``javascript:``-style links lose their target; raw HTML is kept, shown as
  text or sanitized, as ``raw_html`` says (:mod:`mot_blog.markup.sanitize`).

The renderer that runs it is :class:`mot_blog.markup.renderer.MarkdownRenderer`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

from mot_blog.load.images import ImageInfo
from mot_blog.markup.events import (
    ALIGNMENT,
    BLOCK_TAGS,
    SIMPLE_TAGS,
    lone_image,
)
from mot_blog.markup.html import close_quote, footnotes_html, heading_tags, image_html, note_anchor
from mot_blog.markup.sanitize import (
    ESCAPE,
    KEEP,
    SANITIZE,
    is_unsafe_url,
    raw_slot,
    sanitize_raw_parts,
    url_scheme,
)
from mot_blog.markup.text import attribute, count_words, slugify, unique_id, words


def _is_relative(src: str) -> bool:
    return not url_scheme(src) and not src.startswith(("/", "#"))


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


@dataclass(slots=True)
class _Image:
    """An image being read: its alt text arrives as the events inside it."""

    src: str
    title: str
    figure: bool
    alt: list[str] = field(default_factory=list)
    nested: int = 0


@dataclass(slots=True)
class _Heading:
    index: int
    level: int
    id: str | None
    classes: tuple[str, ...]
    text: list[str] = field(default_factory=list)


class Writer:
    """One body's events -> HTML, and what the body uses (see the module docstring)."""

    def __init__(
        self,
        raw_html: str,
        asset_urls: Mapping[str, str],
        image_info: Mapping[str, ImageInfo],
        eager_first: bool,
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
        self.heading: _Heading | None = None
        self.image: _Image | None = None
        self.ids: set[str] = set()
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
            else:  # math and task lists are not enabled; keep whatever text they carry
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
            self.image = _Image(data["dest_url"], data["title"], figure)
        elif name == "Heading":
            self.heading = _Heading(len(out), int(data["level"][1:]), data["id"], data["classes"])
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
            info = data.get("Fenced", "") if isinstance(data, dict) else ""
            language = info.split()[0] if info.split() else ""
            out.append(
                f'<pre><code class="language-{attribute(language)}">' if language else "<pre><code>"
            )
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
            out.append("</code></pre>\n")
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

    def _write_heading(self) -> None:
        heading = self.heading
        assert heading is not None
        self.heading = None
        anchor = heading.id or slugify("".join(heading.text)) or "section"
        opening, closing = heading_tags(heading.level, unique_id(anchor, self.ids), heading.classes)
        self.out[heading.index] = opening
        self.out.append(closing)

    def _link(self, data: dict[str, str]) -> None:
        href, title = data["dest_url"], data["title"]
        if data["link_type"] == "Email":
            href = f"mailto:{href}"
        attributes = ""
        if is_unsafe_url(href):
            self.unsafe.append(href)
        else:
            self.links.append(href)
            if _is_relative(href) and not href.endswith("/") and "." in href.rsplit("/", 1)[-1]:
                href = self._asset_url(href)
            attributes = f' href="{attribute(href)}"'
        if title:
            attributes += f' title="{attribute(title)}"'
        self.out.append(f"<a{attributes}>")

    def _asset_url(self, path: str) -> str:
        return self.asset_urls.get(path.split("#")[0].split("?")[0], path)

    def _write_image(self, image: _Image) -> None:
        src = image.src
        attributes: dict[str, str] = {}
        if is_unsafe_url(src, image=True):
            self.unsafe.append(src)
        else:
            if _is_relative(src):
                self.images.append(src)
                src = self._asset_url(src)
            attributes["src"] = src
        attributes["alt"] = "".join(image.alt)
        if image.title and not image.figure:
            attributes["title"] = image.title
        first = self.image_count == 0 and self.eager_first
        self.image_count += 1
        if first:
            attributes.update(loading="eager", decoding="async", fetchpriority="high")
        else:
            attributes.update(loading="lazy", decoding="async")
        info = self.image_info.get(attributes.get("src", ""))
        caption = image.title if image.figure else None
        self.out.append(image_html(attributes, info, caption))

    # -- footnotes ----------------------------------------------------------------

    def _note_reference(self, label: str) -> None:
        if self.image is not None:
            return
        first = label not in self.notes
        number = self.notes.setdefault(label, len(self.notes) + 1)
        anchor = note_anchor(label)
        back = f' id="fnref-{anchor}"' if first else ""
        self.out.append(
            f'<sup{back}><a class="footnote-ref" href="#fn-{anchor}">{number}</a></sup>'
        )

    def _notes(self) -> str:
        """The footnotes, numbered as cited (uncited ones last), each with a way back."""
        bodies = {label: "".join(body) for label, body in self.note_bodies.items()}
        return footnotes_html(bodies, self.notes)
