"""The default Markdown engine: pulldown-cmark's events (through pyromark) written by
:class:`~mot_blog.markup.pulldown.Writer`. CommonMark, and fast: 0.35 ms for an article of
1,000 words, a tenth of Python-Markdown's time (docs/markdown.md has the figures)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mot_blog.load.images import ImageInfo
from mot_blog.markup.engine import MarkdownSettings
from mot_blog.markup.events import MATH_PARSER, PARSER, start_name
from mot_blog.markup.pulldown import Writer
from mot_blog.markup.pulldown_callouts import with_callouts
from mot_blog.markup.pulldown_parts import PendingNote
from mot_blog.markup.rendered import Note, Rendered


class PulldownEngine:
    """pulldown-cmark, with every convention of ours (see :mod:`mot_blog.markup.pulldown`)."""

    def __init__(self, raw_html: str, settings: MarkdownSettings):
        self.raw_html = raw_html
        self.settings = settings
        self.parser = MATH_PARSER if settings.math else PARSER

    @classmethod
    def settings_problems(cls, settings: MarkdownSettings) -> list[tuple[tuple[Any, ...], str]]:
        """pulldown-cmark takes no extensions: they are Python-Markdown's."""
        if settings.extensions or settings.extension_configs:
            key = "extensions" if settings.extensions else "extension_configs"
            return [
                (
                    (key,),
                    f"'{key}' are Python-Markdown's; set 'engine: python-markdown' to use "
                    "them, or remove them",
                )
            ]
        return []

    def options_key(self) -> str:
        """The settings (pyromark's version is in the cache's engine fingerprint)."""
        return f"pulldown-cmark {self.settings.key()}"

    def render(
        self,
        body: str,
        asset_urls: Mapping[str, str],
        image_info: Mapping[str, ImageInfo],
        eager_first: bool,
    ) -> Rendered:
        """One body (see :meth:`mot_blog.markup.engine.Engine.render`)."""
        writer = Writer(
            self.raw_html, asset_urls, image_info, eager_first, self.settings.heading_ids
        )
        events: Any = tuple(self.parser.events(body))
        if "[!" in body:
            events = with_callouts(events)
        html = writer.write(events)
        return Rendered(
            html=html,
            word_count=writer.words,
            images=tuple(writer.images),
            links=tuple(writer.links),
            unsafe_links=tuple(writer.unsafe),
            headings=tuple(writer.headings),
            notes=self._notes(body, writer.pending) if writer.pending else (),
        )

    def _notes(self, body: str, pending: list[PendingNote]) -> tuple[Note, ...]:
        """The writer's notes on their lines: the n-th code block or formula found again in
        the events with source ranges (parsed again, only for a body with notes)."""
        wanted = {(kind, ordinal) for kind, ordinal, _, _ in pending}
        data = body.encode()
        lines: dict[tuple[str, int], int] = {}
        seen = {"CodeBlock": 0, "Math": 0}
        event: Any
        for event, span in self.parser.events_with_range(body):
            if start_name(event) == "CodeBlock":
                kind = "CodeBlock"
            elif type(event) is dict and ("InlineMath" in event or "DisplayMath" in event):
                kind = "Math"
            else:
                continue
            seen[kind] += 1
            if (kind, seen[kind]) in wanted:
                lines[(kind, seen[kind])] = data.count(b"\n", 0, span["start"])
        return tuple(
            Note(lines.get((kind, ordinal)), message, warning)
            for kind, ordinal, message, warning in pending
        )
