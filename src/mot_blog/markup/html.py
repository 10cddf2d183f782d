"""The HTML of the conventions every Markdown engine follows: an image with its size and
variants (a ``<picture>`` with WebP), optionally captioned as a figure, headings with
their anchors and self-links, footnotes numbered as they are cited, each with a way back,
and the placeholders of the words the render stage translates."""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape

from mot_blog.load.images import ARTICLE_SIZES, ImageInfo, img_attributes, webp_source
from mot_blog.markup.text import attribute

_ATTRIBUTION = re.compile(r"^\s*(?:—|–|--)\s*")


BODY_WORDS = frozenset({"note", "tip", "important", "warning", "caution", "self-link"})
"""The words a body may hold as placeholders: callout titles and the self-links' label.
The parse runs before the catalogs are read (and is cached by the file's bytes), so it
writes :func:`word` placeholders and the render stage writes the locale's words there
(:mod:`mot_blog.render.body`; the theme's ``partials/body_words.html`` names them)."""
WORD = "\ue004{}\ue005"
PAGE_ONLY = ("\ue006", "\ue007")
"""Around what belongs on the page but not in a feed's copy of the body (self-links)."""


def word(key: str) -> str:
    """The placeholder of one of :data:`BODY_WORDS`."""
    return WORD.format(key)


SELF_LINK_LEVELS = range(2, 5)
"""Headings that get a self-link (h2-h4: a page's h1 is its title)."""


def heading_tags(
    level: int,
    anchor: str,
    classes: tuple[str, ...],
    attributes: tuple[tuple[str, str], ...] = (),
) -> tuple[str, str]:
    """The opening and closing tags of a heading with its ``id`` (``class`` and other
    attributes of ``{#id .class key=value}``), the closing one after a self-link for
    h2-h4: a link to the heading itself, for readers who share a section."""
    escaped = attribute(anchor)
    extra = f' class="{attribute(" ".join(classes))}"' if classes else ""
    if attributes:
        extra += "".join(f' {name}="{attribute(value)}"' for name, value in attributes)
    if level in SELF_LINK_LEVELS:
        return f'<h{level} id="{escaped}"{extra}>', f"{_SELF_LINK.format(escaped)}</h{level}>\n"
    return f'<h{level} id="{escaped}"{extra}>', f"</h{level}>\n"


def self_link(anchor: str) -> str:
    """A heading's link to itself, labelled in the page's language (a placeholder)."""
    return _SELF_LINK.format(attribute(anchor))


_SELF_LINK = (
    f'{PAGE_ONLY[0]} <a class="heading-link" href="#{{}}" aria-label="{word("self-link")}"'
    f' data-pagefind-ignore><span aria-hidden="true">#</span></a>{PAGE_ONLY[1]}'
)


def close_quote(out: list[str], start: int, last_paragraph: int | None, children: int) -> None:
    """Close the blockquote opened at ``out[start]``: when its last direct child (from
    ``out[last_paragraph]``, of ``children``) is a paragraph starting with a dash, the quote
    becomes a ``<figure class="quote">`` with that line as its attribution."""
    at = last_paragraph
    if (
        children >= 2
        and at is not None
        and out[at] == "<p>"
        and out[-1] == "</p>\n"
        and len(out) > at + 2
        and _ATTRIBUTION.match(out[at + 1])
    ):
        caption = [_ATTRIBUTION.sub("", out[at + 1], count=1), *out[at + 2 : -1]]
        del out[at:]
        out[start] = '<figure class="quote">\n<blockquote>\n'
        out.append(f"</blockquote>\n<figcaption>{''.join(caption)}</figcaption>\n</figure>\n")
    else:
        out.append("</blockquote>\n")


def image_html(attributes: dict[str, str], info: ImageInfo | None, caption: str | None) -> str:
    """An ``<img>`` with ``attributes`` and the size and ``srcset`` of ``info`` (in a
    ``<picture>`` with a WebP ``<source>`` when there is one), then the ``<figcaption>``
    of ``caption`` (an image alone in its paragraph, titled, is a figure)."""
    attributes = {**attributes, **img_attributes(info, ARTICLE_SIZES)}
    tag = "<img" + "".join(f' {k}="{attribute(v)}"' for k, v in attributes.items()) + ">"
    source = webp_source(info, ARTICLE_SIZES)
    if source is not None:
        webp = "".join(f' {k}="{attribute(v)}"' for k, v in source.items())
        tag = f"<picture><source{webp}>{tag}</picture>"
    if caption:
        tag += f"<figcaption>{escape(caption, quote=False)}</figcaption>"
    return tag


def note_anchor(label: str) -> str:
    return re.sub(r"[^\w-]", "-", label) or "note"


def footnote_reference(label: str, number: int, first: bool) -> str:
    """A citation of a footnote (the first citation carries the id its way back leads to)."""
    anchor = note_anchor(label)
    back = f' id="fnref-{anchor}"' if first else ""
    return f'<sup{back}><a class="footnote-ref" href="#fn-{anchor}">{number}</a></sup>'


def footnotes_html(bodies: Mapping[str, str], cited: Mapping[str, int]) -> str:
    """The footnotes section: ``bodies`` (HTML by label), numbered as ``cited`` says
    (uncited ones last), each cited one with a link back to where it is cited."""
    if not bodies:
        return ""
    order = sorted(bodies, key=lambda label: cited.get(label, 1 << 30))
    items = []
    for label in order:
        anchor = note_anchor(label)
        body = bodies[label].rstrip("\n")
        if label in cited:
            back = f' <a class="footnote-backref" href="#fnref-{anchor}">↩&#xFE0E;</a>'
            # inside the last paragraph, as readers expect it, rather than below it
            body = body[:-4] + back + "</p>" if body.endswith("</p>") else body + back
        items.append(f'<li id="fn-{anchor}">\n{body}\n</li>\n')
    return f'<section class="footnotes">\n<ol>\n{"".join(items)}</ol>\n</section>\n'
