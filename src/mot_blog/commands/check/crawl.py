"""The built site read back over every core: each output rendered (or read from an existing
folder) and its HTML scanned once, in the worker that rendered it, for every check.

Only what the checks need travels back to this process: per output its path, the site
files it was made from, the :class:`~mot_blog.commands.check.html.Page` of an HTML file
(without its texts) and the UI strings found on it in English, and the bytes of the few
files the checks read whole (stylesheets, feeds, sitemaps, JSON). Without an existing
folder nothing is written: the pages are checked as they are rendered.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from mot_blog.commands.check.html import Page, parse_page, scan_page
from mot_blog.commands.check.language import UiMessages, ui_hits
from mot_blog.commands.check.outputs import OutputChecker, PageReport
from mot_blog.runner.workers import fork_map

if TYPE_CHECKING:
    from mot_blog.render.jobs import Job, Output

READ_WHOLE = (".css", ".xml", ".json")
"""Outputs whose bytes the checks read (:class:`~mot_blog.commands.check.outputs.OutputChecker`)."""


@dataclass(frozen=True, slots=True)
class Crawled:
    """One output as the checks see it."""

    path: str
    sources: tuple[str, ...]
    page: PageReport | None
    """Its HTML read back and checked on its own (None: not an HTML file, or missing)."""
    english: tuple[tuple[str, str], ...] = ()
    """(locale, msgid) of each UI string shown untranslated on it."""
    data: bytes | None = None
    """Its bytes, for :data:`READ_WHOLE` files."""


def read_page(data: bytes, messages: UiMessages) -> tuple[Page, tuple[tuple[str, str], ...]]:
    """One HTML file read back: scanned, or parsed with its texts when some locale has UI
    strings it would show in English (then the texts are looked through, and left here)."""
    text = data.decode("utf-8", "replace")
    if not messages:
        return scan_page(text), ()
    page = parse_page(text)
    return replace(page, texts=[]), tuple(ui_hits(page, messages))


def crawl(
    jobs: Sequence[Job],
    render_one: Callable[[Job], Output],
    folder: Path | None,
    messages: UiMessages,
    checker: OutputChecker,
    workers: int | None = None,
) -> list[Crawled]:
    """Every job rendered over ``workers`` processes and its output read back (from the
    rendered bytes, or, with ``folder``, from the file a build wrote there) and checked
    on its own (:meth:`OutputChecker.report`)."""

    def crawl_one(n: int) -> Crawled:
        output = render_one(jobs[n])
        data: bytes | None = output.data
        if folder is not None:
            try:
                data = (folder / output.path).read_bytes()
            except OSError:
                data = None
        if data is None:
            return Crawled(output.path, output.sources, None)
        if output.path.endswith(".html"):
            page, english = read_page(data, messages)
            report = checker.report(output.path, page)
            return Crawled(output.path, output.sources, report, english)
        kept = data if output.path.endswith(READ_WHOLE) else None
        return Crawled(output.path, output.sources, None, (), kept)

    return list(fork_map(crawl_one, len(jobs), workers, group=lambda n: jobs[n].locale))


def read_files(
    paths: Sequence[str],
    read: Callable[[str], bytes],
    messages: UiMessages,
    checker: OutputChecker,
    workers: int | None = None,
) -> dict[str, tuple[PageReport, tuple[tuple[str, str], ...]]]:
    """The HTML files that no job made (a static file, a page a build left in the folder)
    read back (``read(path)``) and checked over ``workers`` processes."""

    def read_one(n: int) -> tuple[PageReport, tuple[tuple[str, str], ...]]:
        page, english = read_page(read(paths[n]), messages)
        return checker.report(paths[n], page), english

    return dict(zip(paths, fork_map(read_one, len(paths), workers), strict=True))
