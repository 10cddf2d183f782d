"""The Markdown stage's renderer: a post body into :class:`Rendered` HTML, with one site's
settings and engine (:mod:`mot_blog.markup.engine`). A pure function of the body and the
options, so the result can be cached by content hash and computed in parallel."""

from __future__ import annotations

from collections.abc import Mapping

from mot_blog.load.images import ImageInfo
from mot_blog.markup.engine import ENGINES, GROUP, Engine, MarkdownSettings
from mot_blog.markup.rendered import Heading, Note, Rendered
from mot_blog.markup.sanitize import KEEP, RAW_HTML_POLICIES, SANITIZE, prepare
from mot_blog.plugins import find

__all__ = ["Heading", "MarkdownRenderer", "Note", "Rendered", "engine_class"]


def engine_class(name: str) -> type[Engine]:
    """The engine called ``name``: the engine's own, else an installed package's entry
    point of the group ``mot_blog.markdown`` (raises :class:`~mot_blog.plugins.UnknownPart`)."""
    found: type[Engine] = find(GROUP, name, ENGINES)
    return found


class MarkdownRenderer:
    """Markdown bodies -> :class:`Rendered`, with one site's settings."""

    def __init__(self, raw_html: str = KEEP, settings: MarkdownSettings | None = None):
        if raw_html not in RAW_HTML_POLICIES:
            raise ValueError(f"raw_html must be one of {RAW_HTML_POLICIES}, not {raw_html!r}")
        self.raw_html = raw_html
        self.settings = settings or MarkdownSettings()
        self.engine = engine_class(self.settings.engine)(raw_html, self.settings)
        if raw_html == SANITIZE:
            prepare()  # here, in the process that forks the parse workers

    def options_key(self) -> str:
        """The options that shape what :meth:`render` gives (part of the parse cache's key)."""
        return f"raw_html={self.raw_html} {self.engine.options_key()}"

    def render(
        self,
        body: str,
        asset_urls: Mapping[str, str],
        image_info: Mapping[str, ImageInfo] | None = None,
        eager_first: bool = False,
    ) -> Rendered:
        """Render ``body``; relative image paths are looked up in ``asset_urls``, their
        sizes in ``image_info`` (by URL); ``eager_first`` loads the first image eagerly."""
        return self.engine.render(body, asset_urls, image_info or {}, eager_first)
