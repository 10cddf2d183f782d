"""What a check finding is (``path:line: message [output]``) and how it finds its source: the
output -> sources map of the render stage, and the line inside a source file."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from mot_blog.build import LoadedSite
from mot_blog.errors import Problem
from mot_blog.load.theme import Layer, is_site_file, search_path


class MadeFrom(Protocol):
    """An output and the site files it was made from (a rendered or a crawled output)."""

    @property
    def path(self) -> str: ...

    @property
    def sources(self) -> tuple[str, ...]: ...


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """One problem ``check`` found: ``path:line: message`` plus the output file it shows in."""

    path: str
    """Source file, relative to the site root (``(theme)/...`` for the engine's theme)."""
    line: int | None
    message: str
    output: str | None = None
    """File of the built site, relative to the output folder (None for build problems)."""
    warning: bool = False
    """A build warning (its message starts ``warning: ``), not a problem of the output."""

    def __str__(self) -> str:
        suffix = f" [{self.output}]" if self.output else ""
        return f"{Problem(self.path, self.line, self.message)}{suffix}"

    def problem(self) -> Problem:
        """The finding as a :class:`Problem` (a warning stays one), its output in the message,
        for :func:`mot_blog.errors.format_problem`."""
        message = self.message.removeprefix("warning: ") if self.warning else self.message
        suffix = f" [{self.output}]" if self.output else ""
        return Problem(self.path, self.line, message + suffix, warning=self.warning)

    def as_json(self) -> dict[str, object]:
        """The ``--format json`` shape."""
        return {
            "path": self.path,
            "line": self.line,
            "message": self.message,
            "output": self.output,
        }


class SourceMap:
    """Output path -> the site files it was made from, and lines inside them."""

    def __init__(self, root: Path, loaded: LoadedSite, outputs: Iterable[MadeFrom]):
        self.root = root
        self.sources: dict[str, tuple[str, ...]] = {}
        for item in outputs:
            self.sources[item.path] = item.sources
        # A post page is first of all its own file (Output.sources lists its whole group).
        for post in loaded.site.posts:
            others = tuple(s for s in self.sources.get(post.output_path, ()) if s != post.source)
            self.sources[post.output_path] = (post.source, *others)
        themes = loaded.site.config.themes
        for file in loaded.assets.files:
            self.sources[file.published] = (
                file.display or display_path(root, file.source, themes),
            )
        self._texts: dict[str, str | None] = {}

    def primary(self, output: str) -> str:
        """The file to blame for ``output`` when nothing more precise is known."""
        sources = self.sources.get(output)
        return sources[0] if sources else output

    def _text(self, source: str) -> str | None:
        if source not in self._texts:
            path = self.root / source
            try:
                self._texts[source] = path.read_bytes().decode("utf-8-sig", "replace")
            except OSError:
                self._texts[source] = None
        return self._texts[source]

    def locate(self, output: str, *needles: str) -> tuple[str, int | None]:
        """The primary source, and the line of the first of ``needles`` found in it.

        Only the primary source is searched: a listing's other sources (every post
        it lists) or an article's translations would match by accident.
        """
        source = self.primary(output)
        text = self._text(source) if is_site_file(source) else None
        if text is None:
            return source, None
        for needle in needles:
            index = text.find(needle) if needle else -1
            if index >= 0:
                return source, text.count("\n", 0, index) + 1
        return source, None


def display_path(root: Path, path: Path, themes: tuple[Layer, ...]) -> str:
    """A file's path for diagnostics: relative to the site, or ``(theme)/...`` in a theme."""
    for layer in search_path(root, themes):
        try:
            return layer.label + path.resolve().relative_to(layer.base.resolve()).as_posix()
        except ValueError:
            continue
    return str(path)
