"""The cached runner: the stages from ``<site>/.mot-cache/`` and over every core (see
:mod:`mot_blog.runner.runners` for what it does at each stage)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from mot_blog.errors import Problem
from mot_blog.load.config import SiteConfig, load_config
from mot_blog.load.images import EncodeTask
from mot_blog.load.sources import ContentTree, SourceFile, read_content
from mot_blog.markup.posts import ParsedPost, ParseSettings
from mot_blog.model.assemble import BuildOptions
from mot_blog.model.related import Ranking, from_positions, inputs_digest
from mot_blog.model.site import Post
from mot_blog.model.urls import SEARCH_DIR
from mot_blog.plugins import plugins_key
from mot_blog.progress import Progress, quiet
from mot_blog.publish.output import clear_leftovers
from mot_blog.publish.writer import link_kept
from mot_blog.runner.cache import ParseCache, read_memo, save_memo
from mot_blog.runner.depindex import LastBuild, OutputIndex, input_stamp
from mot_blog.runner.keys import FINGERPRINTS, JobKeys, built_outputs, job_keys_of, next_change
from mot_blog.runner.parsing import ParseStage, parse_cached, prepare_rendering
from mot_blog.runner.plain import (
    BuildResult,
    PlainRunner,
    locale_codes,
    page_count,
    with_po_translations,
)
from mot_blog.runner.rendering import Plan, RenderStage, plan_renders, write_jobs
from mot_blog.runner.searching import SearchIndexer
from mot_blog.runner.tasks import run_all
from mot_blog.runner.workers import Background, fork_map

if TYPE_CHECKING:  # the renderer (and Jinja2) load once the parse workers run
    from mot_blog.build import LoadedSite
    from mot_blog.render.jobs import Job

KNOWN_FILES = "sources"
"""Cache table: signature and digest of each post file (:func:`~mot_blog.load.sources.read_content`)."""


RELATED_LISTS = "related"
"""Cache table: each locale's related lists, by :func:`~mot_blog.model.related.inputs_digest`."""


RANK_IN_WORKERS_FROM = 500
"""Posts to rank from which worker processes are worth starting: ranking takes about
0.07 ms a post, and starting and ending the workers about 10 ms (1,000 posts: 0.07 s
in this process, 0.045 s over two workers)."""


class CachedRunner(PlainRunner):
    """The stages from the cache in ``folder`` (None: no cache) and over ``workers``
    processes (None: every core); see the module docstring."""

    def __init__(
        self,
        root: Path,
        out: Path,
        options: BuildOptions,
        folder: Path | None,
        workers: int | None,
        progress: Progress = quiet,
    ) -> None:
        super().__init__(progress)
        self.root = root
        self.out = out.resolve()
        self.options = options
        self.folder = folder
        self.workers = workers
        self.index = OutputIndex(folder, out)
        self.before = self.index.built
        """What the last build wrote (forgotten in the index until this one is saved)."""
        self.known = read_memo(folder, KNOWN_FILES)
        self.stamp = ""
        self.content: tuple[tuple[str, ...], ContentTree, list[Problem]] | None = None
        """What the sources stage read (once a build: the start reads it first)."""
        self.config: SiteConfig | None = None
        self.parse_cache: ParseCache | None = None
        self.saving: Background | None = None
        """The forked process writing the parse cache."""
        self.related_before = read_memo(folder, RELATED_LISTS)
        self.related_now: dict[str, list[tuple[int, ...]]] = {}
        self.plan: Plan | None = None
        self.keys: Callable[[], JobKeys] | None = None
        self.posts: Sequence[SourceFile] = ()
        self.searching: SearchIndexer | None = None

    def __exit__(self, *exc_info: object) -> None:
        if self.saving is not None:
            self.saving.wait()  # the parse cache is whole; a failed build leaves no process behind
            self.saving = None

    def read_content(self, root: Path, config: SiteConfig) -> tuple[ContentTree, list[Problem]]:
        """The sources stage, trusting the digests of files whose signature is known."""
        self.config = config
        codes = locale_codes(config)
        if self.content is None or self.content[0] != codes:
            with self.clock.stage("sources"):
                tree, problems = read_content(root, codes, self.known)
                tree = with_po_translations(root, tree, codes, config.default_locale, problems)
            self.content = (codes, tree, problems)
        tree = self.content[1]
        self.posts = tree.posts
        return tree, list(self.content[2])

    def nothing_changed(self, root: Path, out: Path) -> BuildResult | None:
        """The last build's result, when it read exactly these inputs and ``out`` still holds
        all it wrote (then the build stops here, after the sources stage)."""
        if self.folder is None:
            return None
        config = load_config(root)
        tree, problems = self.read_content(root, config)
        if problems:  # a file refused unread, say: the build fails, never "unchanged"
            return None
        options = self.options
        settings = f"drafts={options.drafts} future={options.future} strict={options.strict}"
        settings += plugins_key(config.plugins)  # an upgraded plugin: not unchanged
        with self.clock.stage("stamp"):
            themes = [layer.whole() for layer in config.themes]
            self.stamp = input_stamp(root, themes, settings, tree)
        last = self.index.last
        if last is None or not self.index.unchanged(out, self.stamp, self.options.now):
            return None
        save_memo(self.folder, KNOWN_FILES, self.known, tree.known)
        clear_leftovers(out)
        return BuildResult(
            out.resolve(),
            last.pages,
            last.files,
            self.clock.elapsed(),
            reused=len(self.index.built),
            stages=tuple(self.clock.times),
            warnings=last.warnings,
        )

    def parse(
        self,
        parse_one: ParseStage,
        sources: Sequence[SourceFile],
        settings: ParseSettings,
        problems: list[Problem],
    ) -> list[ParsedPost]:
        """The parse stage from the parse cache, the rest over every core (meanwhile this
        process readies the rendering side); the cache is then saved by a forked process."""
        cache = self.parse_cache = ParseCache(self.folder, settings.key())
        meanwhile = None
        if self.config is not None and self.content is not None:
            meanwhile = functools.partial(
                prepare_rendering, self.root, self.config, self.content[1].data
            )
        parsed = parse_cached(
            parse_one, sources, settings, problems, cache, self.workers, self.progress, meanwhile
        )
        self.parsed = len(cache.entries)
        # Written by a forked process while this one assembles the site and lists its
        # pages, one core being idle then (never from one-process builds: the dev server
        # is threaded, and forking a threaded process can deadlock).
        if cache.pending and self.workers != 1:
            self.saving = Background(cache.save)
        return parsed

    def related(self, locales: Sequence[Sequence[Post]], count: int) -> dict[str, tuple[Post, ...]]:
        """The related stage: a locale's lists from the last build when what the ranking
        reads of its posts is unchanged; the others over every core (from
        :data:`RANK_IN_WORKERS_FROM` posts), workers sending back positions, not posts."""
        before = self.related_before or {}
        digests = [inputs_digest(posts, count) for posts in locales]
        lists: list[list[tuple[int, ...]] | None] = []
        for posts, digest in zip(locales, digests, strict=True):
            known = before.get(digest)
            lists.append(known if known is not None and len(known) == len(posts) else None)
        rankings = [
            Ranking(posts, count)
            for posts, known in zip(locales, lists, strict=True)
            if known is None
        ]
        items = [(ranking, at) for ranking in rankings for at in range(len(ranking.posts))]
        workers = self.workers if len(items) >= RANK_IN_WORKERS_FROM else 1
        ranked = iter(fork_map(lambda n: items[n][0].related(items[n][1]), len(items), workers))
        chosen = []
        for posts, digest, known in zip(locales, digests, lists, strict=True):
            found = known if known is not None else [next(ranked) for _ in posts]
            self.related_now[digest] = found
            chosen.append(found)
        return from_positions(locales, chosen)

    def encode(self, tasks: Sequence[EncodeTask]) -> None:
        """The encode stage over every core (``workers`` threads: Pillow releases Python's
        lock while it works, see :mod:`mot_blog.runner.tasks`)."""
        run_all(tasks, self.workers)

    def render(
        self,
        loaded: LoadedSite,
        jobs: Sequence[Job],
        render_one: RenderStage,
        staging: Path,
        previous: Path | None,
    ) -> int:
        """The render stage: the outputs whose key is the last build's are linked from
        ``previous``, the others rendered over every core, each worker writing its own."""
        # Computed once, when first asked for: with no earlier output to compare with (a
        # cold build, or no cache), every job renders whatever its key, and the keys,
        # needed only for the index saved at the end, are computed while the workers
        # render (0.07 s at 1,000 articles).
        keyed = self.keys = functools.cache(
            functools.partial(
                job_keys_of, self.root, loaded, self.options, self.folder, jobs, self.posts
            )
        )
        if self.before:
            plan = self.plan = plan_renders(jobs, keyed().keys, self.index, self.out)
        else:
            plan = self.plan = Plan(tuple(range(len(jobs))), ())
        self.index.forget()  # until the new index is saved, nothing in ``out`` is trusted
        # The plan has just compared each reused file with its signature in the index.
        signatures = {path: self.before[path].file for path in plan.reuse}
        kept = link_kept(staging, previous, plan.reuse, signatures)
        meanwhile = keyed if self.folder is not None else None
        rendered = write_jobs(
            jobs,
            plan.render,
            staging,
            previous,
            self.workers,
            self.progress,
            meanwhile,
            render_one,
        )
        return kept + rendered

    def search_indexer(self, out: Path) -> Callable[[Path, Collection[str]], None]:
        """The search stage: only the shards whose pages changed since the last index are
        indexed again (:class:`~mot_blog.runner.searching.SearchIndexer`), over every core;
        it is given the staging folder and the paths of every file it holds."""
        indexer = self.searching = SearchIndexer(self.folder, out, self.workers)
        live = out.resolve() / SEARCH_DIR

        def index(staging: Path, paths: Collection[str]) -> None:
            previous = live if live.is_dir() else None
            indexer.index(staging, previous, staging / SEARCH_DIR, paths)

        return index

    def finish(self, out: Path, loaded: LoadedSite, jobs: Sequence[Job], files: int) -> BuildResult:
        """Keep the output index, the fingerprints, the related lists and the parse cache
        for the next build; what the build reports."""
        plan, parse_cache = self.plan, self.parse_cache
        assert plan is not None and parse_cache is not None and self.keys is not None
        pages = page_count(jobs)
        with self.clock.stage("cache"):
            if self.folder is not None:
                keys = self.keys()
                due = next_change(loaded.site, parse_cache, self.options)
                last = LastBuild(self.stamp, due, pages, files, loaded.warnings)
                built = built_outputs(jobs, keys.keys, plan, self.before, self.out)
                self.index.save(built, last)
                save_memo(self.folder, FINGERPRINTS, keys.memo, {keys.inputs_key: keys.remembered})
            if self.saving is None:
                parse_cache.save()
            if self.searching is not None:
                self.searching.save()
            if self.related_before is not None:
                save_memo(self.folder, RELATED_LISTS, self.related_before, self.related_now)
            assert self.content is not None
            save_memo(self.folder, KNOWN_FILES, self.known, self.content[1].known)
        return BuildResult(
            out.resolve(),
            pages,
            files,
            self.clock.elapsed(),
            parsed=len(parse_cache.entries),
            parse_hits=parse_cache.hits,
            rendered=len(plan.render),
            reused=len(plan.reuse),
            stages=tuple(self.clock.times),
            warnings=loaded.warnings,
        )
