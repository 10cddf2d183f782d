"""The Markdown stage's renderer: a post body into :class:`Rendered` HTML, with one site's
settings. A pure function of the body and the options, so the result can be cached by
content hash and computed in parallel."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from mot_blog.load.images import ImageInfo
from mot_blog.markup.events import PARSER
from mot_blog.markup.pulldown import Writer
from mot_blog.markup.sanitize import KEEP, RAW_HTML_POLICIES, SANITIZE, prepare
from mot_blog.records import Record


@dataclass(frozen=True, slots=True)
class Rendered(Record):
    """A post body rendered to HTML."""

    html: str
    word_count: int
    images: tuple[str, ...]
    """Relative image paths the body uses (under ``static/``), in order."""
    links: tuple[str, ...]
    """Every link target, as written."""
    unsafe_links: tuple[str, ...]
    """``javascript:``-style links that were removed."""
    lead: str = ""
    """The summary taken from the body (:mod:`mot_blog.markup.summary`) for a post whose
    front matter has none (set by :func:`~mot_blog.markup.posts.parse_post`; else empty)."""


class MarkdownRenderer:
    """Markdown bodies -> :class:`Rendered`, with one site's settings."""

    def __init__(self, raw_html: str = KEEP):
        if raw_html not in RAW_HTML_POLICIES:
            raise ValueError(f"raw_html must be one of {RAW_HTML_POLICIES}, not {raw_html!r}")
        self.raw_html = raw_html
        if raw_html == SANITIZE:
            prepare()  # here, in the process that forks the parse workers

    def options_key(self) -> str:
        """The options that shape what :meth:`render` gives (part of the parse cache's key)."""
        return f"raw_html={self.raw_html}"

    def render(
        self,
        body: str,
        asset_urls: Mapping[str, str],
        image_info: Mapping[str, ImageInfo] | None = None,
        eager_first: bool = False,
    ) -> Rendered:
        """Render ``body``; relative image paths are looked up in ``asset_urls``, their
        sizes in ``image_info`` (by URL); ``eager_first`` loads the first image eagerly."""
        writer = Writer(self.raw_html, asset_urls, image_info or {}, eager_first)
        html = writer.write(tuple(PARSER.events(body)))
        return Rendered(
            html=html,
            word_count=writer.words,
            images=tuple(writer.images),
            links=tuple(writer.links),
            unsafe_links=tuple(writer.unsafe),
        )
