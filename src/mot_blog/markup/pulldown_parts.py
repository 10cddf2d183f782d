"""The parts of the pulldown-cmark writer (:mod:`mot_blog.markup.pulldown`) that write one
thing each: a heading with its anchor, a highlighted code block, a formula, a link, an
image with its size and variants, the footnotes. :class:`WriterParts` is the writer's
base class; the state it reads is the writer's (set up in ``Writer.__init__``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape, unescape

from mot_blog.load.images import ImageInfo
from mot_blog.markup.code import Fence, code_block_html, unknown_language
from mot_blog.markup.html import footnote_reference, footnotes_html, heading_tags, image_html
from mot_blog.markup.mathml import MathError, formula_problem, to_mathml
from mot_blog.markup.rendered import Heading
from mot_blog.markup.sanitize import is_unsafe_url, markdown_attribute_allowed, url_scheme
from mot_blog.markup.text import attribute, heading_anchor, unique_id


def is_relative(src: str) -> bool:
    return not url_scheme(src) and not src.startswith(("/", "#"))


@dataclass(slots=True)
class Image:
    """An image being read: its alt text arrives as the events inside it."""

    src: str
    title: str
    figure: bool
    alt: list[str] = field(default_factory=list)
    nested: int = 0


@dataclass(slots=True)
class PendingHeading:
    index: int
    level: int
    id: str | None
    classes: tuple[str, ...]
    attributes: tuple[tuple[str, str | None], ...]
    text: list[str] = field(default_factory=list)


@dataclass(slots=True)
class PendingCode:
    """A fenced block with a language being read: highlighted at its end."""

    out: list[str]
    start: int
    fence: Fence


PendingNote = tuple[str, int, str, bool]
"""(event kind, its ordinal among events of that kind, message, warning): placed on a
line by the engine, from the events' source ranges, only when there is one."""


class WriterParts:
    """What the writer writes one thing at a time (see the module docstring)."""

    out: list[str]
    keep_raw: bool
    heading: PendingHeading | None
    image: Image | None
    heading_ids: str
    ids: set[str]
    headings: list[Heading]
    pending: list[PendingNote]
    code_blocks: int
    formulas: int
    images: list[str]
    links: list[str]
    unsafe: list[str]
    image_count: int
    eager_first: bool
    asset_urls: Mapping[str, str]
    image_info: Mapping[str, ImageInfo]
    notes: dict[str, int]
    note_bodies: dict[str, list[str]]

    def _write_heading(self) -> None:
        heading = self.heading
        assert heading is not None
        self.heading = None
        text = "".join(heading.text).strip()
        anchor = heading.id or heading_anchor(text, self.heading_ids)
        anchor = unique_id(anchor, self.ids, self.heading_ids)
        attributes: tuple[tuple[str, str], ...] = ()
        if heading.attributes:
            tag = f"h{heading.level}"
            attributes = tuple(
                (name, value or "")
                for name, value in heading.attributes
                if markdown_attribute_allowed(tag, name, value or "", self.keep_raw)
            )
        opening, closing = heading_tags(heading.level, anchor, heading.classes, attributes)
        self.out[heading.index] = opening
        self.out.append(closing)
        self.headings.append(Heading(heading.level, text, anchor))

    def _write_code(self, code: PendingCode) -> None:
        """A fenced block with a language, highlighted (its text was written escaped)."""
        text = unescape("".join(code.out[code.start + 1 :]))
        del code.out[code.start :]
        html, known = code_block_html(text, code.fence)
        code.out.append(html)
        if code.fence.problem:
            self.pending.append(("CodeBlock", self.code_blocks, code.fence.problem, True))
        if not known:
            message = unknown_language(code.fence.language)
            self.pending.append(("CodeBlock", self.code_blocks, message, True))

    def _math(self, tex: str, display: bool) -> None:
        self.formulas += 1
        if self.image is not None:
            self.image.alt.append(tex)
            return
        try:
            html = to_mathml(tex, display)
        except MathError as exc:
            self.pending.append(("Math", self.formulas, formula_problem(tex, exc), False))
            delimiter = "$$" if display else "$"
            html = escape(f"{delimiter}{tex}{delimiter}", quote=False)
        self.out.append(html)

    def _link(self, data: dict[str, str]) -> None:
        href, title = data["dest_url"], data["title"]
        if data["link_type"] == "Email":
            href = f"mailto:{href}"
        attributes = ""
        if is_unsafe_url(href):
            self.unsafe.append(href)
        else:
            self.links.append(href)
            if is_relative(href) and not href.endswith("/") and "." in href.rsplit("/", 1)[-1]:
                href = self._asset_url(href)
            attributes = f' href="{attribute(href)}"'
        if title:
            attributes += f' title="{attribute(title)}"'
        self.out.append(f"<a{attributes}>")

    def _asset_url(self, path: str) -> str:
        return self.asset_urls.get(path.split("#")[0].split("?")[0], path)

    def _write_image(self, image: Image) -> None:
        src = image.src
        attributes: dict[str, str] = {}
        if is_unsafe_url(src, image=True):
            self.unsafe.append(src)
        else:
            if is_relative(src):
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
        self.out.append(footnote_reference(label, number, first))

    def _notes(self) -> str:
        """The footnotes, numbered as cited (uncited ones last), each with a way back."""
        bodies = {label: "".join(body) for label, body in self.note_bodies.items()}
        return footnotes_html(bodies, self.notes)
