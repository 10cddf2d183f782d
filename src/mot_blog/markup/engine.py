"""Markdown engines: what one must do, the site's settings it is given, and the engine's own.

An engine turns a post body into :class:`~mot_blog.markup.rendered.Rendered` with every
convention of :mod:`mot_blog.markup.html` (figures, quote attributions, asset URLs with
sizes, heading anchors and self-links, footnotes, callouts, highlighted code, math,
script-link refusal, the raw-HTML policy, words counted alike). Engines are found by name
through :func:`mot_blog.plugins.find` in the group ``mot_blog.markdown``: the two of
:data:`ENGINES`, or an installed package's entry point of that group.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from mot_blog.load.images import ImageInfo
from mot_blog.markup.rendered import Rendered

GROUP = "mot_blog.markdown"
ENGINES = {
    "pulldown-cmark": "mot_blog.markup.pulldown_engine:PulldownEngine",
    "python-markdown": "mot_blog.markup.pymd.engine:PythonMarkdownEngine",
}
"""The engine's own Markdown engines (name -> ``module:attribute``)."""
DEFAULT_ENGINE = "pulldown-cmark"


@dataclass(frozen=True, slots=True)
class MarkdownSettings:
    """``markdown:``, ``math:`` and ``heading_ids:`` of site.yaml."""

    engine: str = DEFAULT_ENGINE
    extensions: tuple[str, ...] = ()
    """Python-Markdown extensions the site adds (names as Python-Markdown takes them)."""
    extension_configs: dict[str, dict[str, Any]] = field(default_factory=dict)
    math: bool = False
    """``$…$`` and ``$$…$$`` become MathML."""
    heading_ids: str = "default"
    """How a heading's text becomes its anchor (:data:`mot_blog.markup.text.HEADING_IDS`)."""

    def key(self) -> str:
        """These settings as text, for the parse cache's key."""
        configs = sorted(
            (name, repr(sorted(c.items()))) for name, c in self.extension_configs.items()
        )
        return (
            f"engine={self.engine} extensions={list(self.extensions)} configs={configs} "
            f"math={self.math} heading_ids={self.heading_ids}"
        )


class Engine(Protocol):
    """What a Markdown engine provides (a class; one instance renders a site's posts)."""

    def __init__(self, raw_html: str, settings: MarkdownSettings) -> None: ...

    @classmethod
    def settings_problems(cls, settings: MarkdownSettings) -> list[tuple[tuple[Any, ...], str]]:
        """What is wrong with ``settings`` for this engine: (key path under ``markdown``,
        message) pairs, such as an extension that does not import."""
        ...

    def options_key(self) -> str:
        """What shapes its output besides the body (part of the parse cache's key): the
        settings, and the versions of any library it loads beyond ``runner/cache.py``'s."""
        ...

    def render(
        self,
        body: str,
        asset_urls: Mapping[str, str],
        image_info: Mapping[str, ImageInfo],
        eager_first: bool,
    ) -> Rendered:
        """One body: relative image paths looked up in ``asset_urls``, their sizes in
        ``image_info`` (by URL), the first image loaded eagerly when ``eager_first``."""
        ...
