"""What one render of the Python-Markdown engine reads and collects: the site's lookups
going in, and the images, links, headings, notes and words of the body coming out. The
processors of :mod:`mot_blog.markup.pymd` share one :class:`RenderState`, set anew for
every body."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from mot_blog.load.images import ImageInfo
from mot_blog.markup.rendered import Heading, Note


class Ours(str):
    """HTML of ours put in Python-Markdown's stash (a code block, an image, a formula):
    written back as it is, never taken for the author's raw HTML."""

    __slots__ = ()


@dataclass(slots=True)
class RenderState:
    """One body's render (see the module docstring)."""

    body: str = ""
    asset_urls: Mapping[str, str] = field(default_factory=dict)
    image_info: Mapping[str, ImageInfo] = field(default_factory=dict)
    eager_first: bool = False
    images: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    unsafe: list[str] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    words: int = 0
    raw: list[str] = field(default_factory=list)
    """The author's raw HTML parts, when sanitizing (see :mod:`mot_blog.markup.pymd.raw`)."""
    math_from: int = 0
    """Where the next formula is looked for in ``body`` (to name its line)."""

    def reset(
        self,
        body: str,
        asset_urls: Mapping[str, str],
        image_info: Mapping[str, ImageInfo],
        eager_first: bool,
    ) -> None:
        """Ready for the next body."""
        self.body, self.asset_urls, self.image_info = body, asset_urls, image_info
        self.eager_first = eager_first
        self.images, self.links, self.unsafe, self.headings, self.notes = [], [], [], [], []
        self.ids, self.words, self.raw, self.math_from = set(), 0, [], 0

    def line_of(self, needle: str) -> int | None:
        """The 0-based line of ``needle``'s next occurrence in the body (formulas come in
        the order they are written), or None when Python-Markdown changed its text."""
        at = self.body.find(needle, self.math_from)
        if at < 0:
            return None
        self.math_from = at + len(needle)
        return self.body.count("\n", 0, at)
