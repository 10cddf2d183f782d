"""A WordPress post's HTML as Markdown, with markdownify: paragraphs made from blank lines
first where the post has none (WordPress adds them when it shows a post: ``wpautop``),
block-editor comments removed, ``[caption]`` unwrapped, other shortcodes removed and
reported, images of ``wp-content/uploads`` made files of the new site's ``static/``,
links to other posts of the export made links to the imported posts."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from markdownify import MarkdownConverter

from mot_blog.commands.importing.model import REF, Notes, Reference

_BLOCK = re.compile(
    r"^\s*<(?:p|div|h[1-6]|ul|ol|li|blockquote|pre|table|figure|hr|img|iframe|!--)", re.I
)
_GUTENBERG = re.compile(r"<!--\s*/?wp:[^>]*-->\n?")
_CAPTION = re.compile(r"\[caption[^\]]*\](.*?)\[/caption\]", re.S)
_SHORTCODE = re.compile(r"\[(/?)([a-z][a-z0-9_-]*)((?:\s[^\]]*)?)\](?:(.*?)\[/\2\])?", re.S)
KNOWN_SHORTCODES = frozenset({
    "gallery", "embed", "audio", "video", "playlist", "contact-form-7", "contact-form", "wpforms",
    "youtube", "vimeo", "tweet", "instagram", "soundcloud", "code", "sourcecode", "su_button",
    "et_pb_section", "vc_row", "vc_column", "vc_column_text",
})  # fmt: skip
_URL_ATTR = re.compile(r"""(\s(?:src|href)=)(["'])(.*?)\2""", re.I)


def _code_language(element: Any) -> str | None:
    """A ``<pre>``'s language, from its class or its ``<code>``'s (``language-python``)."""
    code = element.find("code")
    classes = [
        *(element.get("class") or []),
        *((code.get("class") or []) if code is not None else []),
    ]
    for name in classes:
        if name.startswith(("language-", "lang-")):
            return str(name.split("-", 1)[1])
    return None


class _Converter(MarkdownConverter):  # type: ignore[misc]
    """markdownify with a figure written as mot-blog writes one: an image alone in its
    paragraph, its caption as the image's title."""

    def convert_figure(self, el: Any, text: str, parent_tags: Any) -> str:
        image = el.find("img")
        caption = el.find("figcaption")
        if image is None:
            return text
        title = (
            " ".join(caption.get_text().split()).replace('"', "'") if caption is not None else ""
        )
        alt = " ".join((image.get("alt") or "").split())
        shown = f' "{title}"' if title else ""
        return f"\n\n![{alt}]({image.get('src', '')}{shown})\n\n"


def wpautop(html: str) -> str:
    """Paragraphs from blank lines, as WordPress makes them when it shows a post."""
    if "<p" in html.lower():
        return html
    chunks = re.split(r"\n\s*\n", html.replace("\r\n", "\n"))
    return "\n".join(c if _BLOCK.match(c) else f"<p>{c.strip()}</p>" for c in chunks if c.strip())


def to_markdown(
    html: str, where: str, line: int, locale: str,
    url_of: Callable[[str], tuple[str, str, str] | None], references: list[Reference],
    notes: Notes,
) -> str:  # fmt: skip
    """The post's Markdown. ``url_of`` tells what a URL of the old site is: ``("file",
    "uploads/2024/05/x.png", "")`` (copied into ``static/``), ``("post", source,
    "#fragment")`` (a post of the export, linked as a reference) or ``None``."""
    html = _GUTENBERG.sub("", html)
    html = _CAPTION.sub(lambda m: _caption(m.group(1), where, line, notes), html)

    def shortcode(match: re.Match[str]) -> str:
        name = match.group(2)
        if match.group(1) or (name not in KNOWN_SHORTCODES and match.group(4) is None):
            return match.group(0)
        notes.hand(
            where,
            line,
            f"WordPress shortcode [{name}] has no meaning here; removed: write what it showed",
        )
        return ""

    html = _SHORTCODE.sub(shortcode, html)

    def url(match: re.Match[str]) -> str:
        value = match.group(3)
        found = url_of(value)
        if found is None:
            return match.group(0)
        kind, new, fragment = found
        if kind == "post":
            references.append(Reference(new, locale, fragment, value, where, line))
            new = f"{REF}{len(references) - 1}"
        return f"{match.group(1)}{match.group(2)}{new}{match.group(2)}"

    html = _URL_ATTR.sub(url, wpautop(html))
    converter = _Converter(
        heading_style="ATX", bullets="-", code_language_callback=_code_language,
        escape_underscores=False, escape_misc=False,
    )  # fmt: skip
    markdown = converter.convert(html)
    return re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"


def _caption(inner: str, where: str, line: int, notes: Notes) -> str:
    """``[caption]<img ...> Text[/caption]``: a figure with its caption."""
    image = re.search(r"<img[^>]*>", inner)
    if image is None:
        return inner
    text = inner.replace(image.group(0), "").strip()
    text = re.sub(r"</?a[^>]*>", "", text).strip()
    notes.changed(where, line, "[caption] became a figure with its caption")
    return (
        f"<figure>{image.group(0)}<figcaption>{text}</figcaption></figure>"
        if text
        else image.group(0)
    )
