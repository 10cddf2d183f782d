"""The plain runner: every stage as it is, in this process, from scratch; what
``build(..., cache=False, workers=1)`` runs (see :mod:`mot_blog.runner.runners`)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mot_blog.errors import Problem
from mot_blog.load.config import SiteConfig
from mot_blog.load.images import EncodeTask, ImageInfo, prepare_images
from mot_blog.load.sources import TRANSLATIONS_DIR, ContentTree, SourceFile, read_content
from mot_blog.markup.posts import ParsedPost, ParseSettings
from mot_blog.model.related import Ranking, from_positions
from mot_blog.model.site import Post
from mot_blog.model.urls import SEARCH_DIR
from mot_blog.progress import Progress, StageClock, quiet
from mot_blog.publish.writer import OutputWriter
from mot_blog.runner.parsing import ParseStage
from mot_blog.runner.rendering import RenderStage
from mot_blog.runner.searching import SearchIndexer
from mot_blog.runner.tasks import run_all

if TYPE_CHECKING:  # the renderer (and Jinja2) load once the parse workers run
    from mot_blog.build import LoadedSite
    from mot_blog.load.assets import AssetManifest
    from mot_blog.render.jobs import Job


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a finished build reports."""

    out: Path
    pages: int
    files: int
    seconds: float
    parsed: int = 0
    """Posts read."""
    parse_hits: int = 0
    """Posts whose parse came from the cache."""
    rendered: int = 0
    """Outputs rendered by this build."""
    reused: int = 0
    """Outputs kept from the previous build (their inputs did not change)."""
    stages: tuple[tuple[str, float], ...] = ()
    """Seconds per stage, in order (``--profile``)."""
    warnings: tuple[Problem, ...] = ()
    """What the build found that did not stop it (printed as ``path:line: warning: ...``)."""


class PlainRunner:
    """Every stage as it is: in this process, from scratch."""

    def __init__(self, progress: Progress = quiet) -> None:
        self.clock = StageClock()
        self.progress = progress
        self.parsed = 0

    def __enter__(self) -> PlainRunner:
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None

    def nothing_changed(self, root: Path, out: Path) -> BuildResult | None:
        """The last build's result when it read exactly these inputs (never, here)."""
        return None

    def read_content(self, root: Path, config: SiteConfig) -> tuple[ContentTree, list[Problem]]:
        """The sources stage: :func:`~mot_blog.load.sources.read_content`, with the posts
        translated in PO files (:func:`~mot_blog.markup.po_posts.po_translations`)."""
        with self.clock.stage("sources"):
            codes = locale_codes(config)
            tree, problems = read_content(root, codes)
            tree = with_po_translations(root, tree, codes, config.default_locale, problems)
        return tree, problems

    def images(
        self, assets: AssetManifest, root: Path, config: SiteConfig
    ) -> tuple[AssetManifest, Mapping[str, ImageInfo], tuple[EncodeTask, ...]]:
        """The images stage: :func:`~mot_blog.load.images.prepare_images` (sizes and names;
        the encoding still to do is returned, for :meth:`encode`)."""
        return prepare_images(assets, root, config.base_path)

    def encode(self, tasks: Sequence[EncodeTask]) -> None:
        """The encode stage: the image variants the cache lacks, one after the other."""
        run_all(tasks, 1)

    def parse(
        self,
        parse_one: ParseStage,
        sources: Sequence[SourceFile],
        settings: ParseSettings,
        problems: list[Problem],
    ) -> list[ParsedPost]:
        """The parse stage: ``parse_one`` for every post file, one after the other."""
        parsed = []
        for done, source in enumerate(sources, start=1):
            post, found = parse_one(source, settings)
            problems += found
            if post is not None:
                parsed.append(post)
            self.progress("parse", done, len(sources))
        self.parsed = len(sources)
        return parsed

    def related(self, locales: Sequence[Sequence[Post]], count: int) -> dict[str, tuple[Post, ...]]:
        """The related stage: every post's list ranked here (:class:`~mot_blog.model.related.Ranking`)."""
        lists = []
        for posts in locales:
            ranking = Ranking(posts, count)
            lists.append([ranking.related(position) for position in range(len(posts))])
        return from_positions(locales, lists)

    def render(
        self,
        loaded: LoadedSite,
        jobs: Sequence[Job],
        render_one: RenderStage,
        staging: Path,
        previous: Path | None,
    ) -> int:
        """The render stage: every job rendered here and written into ``staging``
        (:class:`~mot_blog.publish.output.OutputWriter` links a file of ``previous`` with the same
        bytes instead); returns how many."""
        writer = OutputWriter(staging, previous)
        for done, job in enumerate(jobs, start=1):
            writer.write(render_one(job))
            self.progress("render", done, len(jobs))
        return len(jobs)

    def search_indexer(self, out: Path) -> Callable[[Path, Collection[str]], None]:
        """The search stage (``search: true``), run on the complete staging folder and the
        paths of the files it holds before the swap: every shard indexed, one Pagefind run
        after the other."""
        indexer = SearchIndexer(None, out, 1)
        return lambda staging, paths: indexer.index(staging, None, staging / SEARCH_DIR, paths)

    def finish(self, out: Path, loaded: LoadedSite, jobs: Sequence[Job], files: int) -> BuildResult:
        """What the build reports."""
        return BuildResult(
            out.resolve(),
            page_count(jobs),
            files,
            self.clock.elapsed(),
            parsed=self.parsed,
            rendered=len(jobs),
            stages=tuple(self.clock.times),
            warnings=loaded.warnings,
        )


def with_po_translations(
    root: Path, tree: ContentTree, codes: Sequence[str], default: str, problems: list[Problem]
) -> ContentTree:
    """``tree`` with the posts translated in PO files
    (:func:`~mot_blog.markup.po_posts.po_translations`); a site without a translations
    folder does not import the PO reader."""
    if not (root / TRANSLATIONS_DIR).is_dir():
        return tree
    from mot_blog.markup.po_posts import po_translations  # noqa: PLC0415 (see above)

    return po_translations(root, tree, codes, default, problems)


def locale_codes(config: SiteConfig) -> tuple[str, ...]:
    return tuple(locale.code for locale in config.locales)


def page_count(jobs: Sequence[Job]) -> int:
    return sum(1 for job in jobs if job.path.endswith(".html"))
