"""How the build's stages run: plainly, or from the cache over every core.

:func:`mot_blog.build.build` calls the stages where speed is won through a runner, and
hands it the stage function itself (a post's parse, a job's render): a stage never knows
whether it ran from the cache, in a worker process or here.

:class:`PlainRunner` runs each of them as it is, in this process, from scratch; it is
what ``build(..., cache=False, workers=1)`` runs. :class:`CachedRunner` gives the same
values (tests compare the outputs byte for byte) with less work:

    sources   a post file whose size, times, inode and device are as the last build
              found them is not read again (its digest is in the cache table 'sources')
    (start)   when every input has the bytes it had at the last build, and the output
              folder still holds what that build wrote, the build stops there
    parse     a post whose file and looked-up asset URLs did not change comes from the
              parse cache; the others are parsed over every core while this process
              readies the rendering side (:func:`prepare_rendering`); the cache is
              written by a forked process while the site is assembled
    related   a locale whose posts' terms, dates, slugs and groups did not change keeps
              the last build's lists; the others are ranked over every core
    render    a job whose dependency key (:mod:`mot_blog.runner.depindex`) is the last build's
              keeps its output, hard-linked from the previous output folder; the others
              render over every core, each worker writing its own pages
    finish    the output index, the post fingerprints, the related lists and the parse
              cache are kept for the next build

``<site>/.mot-cache/`` holds what is kept; without it (``cache=False``) the cached runner
still renders over every core and reads nothing from earlier builds.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mot_blog.errors import Problem
from mot_blog.load.config import SiteConfig, load_config, own_language_name
from mot_blog.load.images import ImageInfo, prepare_images
from mot_blog.load.sitedata import parse_data_files
from mot_blog.load.sources import ContentTree, SourceFile, read_content
from mot_blog.load.theme import THEME_DIR, catalog_folders, search_path, template_folders
from mot_blog.model.assemble import BuildOptions, ParsedPost, ParseSettings
from mot_blog.model.related import Ranking, from_positions, inputs_digest
from mot_blog.model.site import Post, Site
from mot_blog.progress import StageClock
from mot_blog.publish.output import OutputWriter, clear_leftovers, link_kept
from mot_blog.runner import cache as cache_files
from mot_blog.runner.cache import CACHE_DIR, ParseCache, RecordingUrls, read_memo, save_memo
from mot_blog.runner.depindex import (
    Built,
    Fingerprint,
    LastBuild,
    OutputIndex,
    file_signature,
    input_stamp,
    job_keys,
    remembered_fingerprints,
    site_inputs_key,
)
from mot_blog.runner.workers import Background, fork_map

if TYPE_CHECKING:  # the renderer (and Jinja2) load once the parse workers run
    from mot_blog.build import LoadedSite
    from mot_blog.load.assets import AssetManifest
    from mot_blog.render.pages import Job, Output

Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``: told as items finish."""
ParseStage = Callable[[SourceFile, ParseSettings], tuple[ParsedPost | None, list[Problem]]]
"""One post's parse (:func:`mot_blog.model.assemble.parse_post`)."""
RenderStage = Callable[["Job"], "Output"]
"""One job's render (``job.make()``, with template errors as problems)."""

KNOWN_FILES = "sources"
"""Cache table: signature and digest of each post file (:func:`~mot_blog.load.sources.read_content`)."""
FINGERPRINTS = "fingerprints"
"""Cache table: the fingerprint of each post (:func:`~mot_blog.runner.depindex.remembered_fingerprints`),
under the site key they were computed with."""
RELATED_LISTS = "related"
"""Cache table: each locale's related lists, by :func:`~mot_blog.model.related.inputs_digest`."""
RANK_IN_WORKERS_FROM = 500
"""Posts to rank from which worker processes are worth starting: ranking takes about
0.07 ms a post, and starting and ending the workers about 10 ms (1,000 posts: 0.07 s
in this process, 0.045 s over two workers)."""


def _quiet(stage: str, done: int, total: int) -> None:
    """No progress display."""


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


class PlainRunner:
    """Every stage as it is: in this process, from scratch."""

    def __init__(self, progress: Progress = _quiet) -> None:
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
        """The sources stage: :func:`~mot_blog.load.sources.read_content`."""
        with self.clock.stage("sources"):
            tree, problems = read_content(root, _codes(config))
        return tree, problems

    def images(
        self, assets: AssetManifest, root: Path, config: SiteConfig
    ) -> tuple[AssetManifest, Mapping[str, ImageInfo]]:
        """The images stage: :func:`~mot_blog.load.images.prepare_images`."""
        return prepare_images(assets, root, config.base_path)

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

    def finish(self, out: Path, loaded: LoadedSite, jobs: Sequence[Job], files: int) -> BuildResult:
        """What the build reports."""
        return BuildResult(
            out.resolve(),
            _page_count(jobs),
            files,
            self.clock.elapsed(),
            parsed=self.parsed,
            rendered=len(jobs),
            stages=tuple(self.clock.times),
        )


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
        progress: Progress = _quiet,
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
        self.keys: Callable[[], _Keys] | None = None
        self.posts: Sequence[SourceFile] = ()

    def __exit__(self, *exc_info: object) -> None:
        if self.saving is not None:
            self.saving.wait()  # the parse cache is whole; a failed build leaves no process behind
            self.saving = None

    def read_content(self, root: Path, config: SiteConfig) -> tuple[ContentTree, list[Problem]]:
        """The sources stage, trusting the digests of files whose signature is known."""
        self.config = config
        codes = _codes(config)
        if self.content is None or self.content[0] != codes:
            with self.clock.stage("sources"):
                tree, problems = read_content(root, codes, self.known)
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
        settings = f"drafts={self.options.drafts} future={self.options.future}"
        with self.clock.stage("stamp"):
            self.stamp = input_stamp(root, THEME_DIR, settings, tree)
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
                _job_keys, self.root, loaded, self.options, self.folder, jobs, self.posts
            )
        )
        if self.before:
            plan = self.plan = _plan(jobs, keyed().keys, self.index, self.out)
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

    def finish(self, out: Path, loaded: LoadedSite, jobs: Sequence[Job], files: int) -> BuildResult:
        """Keep the output index, the fingerprints, the related lists and the parse cache
        for the next build; what the build reports."""
        plan, parse_cache = self.plan, self.parse_cache
        assert plan is not None and parse_cache is not None and self.keys is not None
        pages = _page_count(jobs)
        with self.clock.stage("cache"):
            if self.folder is not None:
                keys = self.keys()
                due = _next_change(loaded.site, parse_cache, self.options)
                last = LastBuild(self.stamp, due, pages, files)
                built = _built_outputs(jobs, keys.keys, plan, self.before, self.out)
                self.index.save(built, last)
                save_memo(self.folder, FINGERPRINTS, keys.memo, {keys.inputs_key: keys.remembered})
            if self.saving is None:
                parse_cache.save()
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
        )


def make_runner(
    root: Path,
    out: Path,
    options: BuildOptions,
    *,
    cache: bool,
    workers: int | None,
    progress: Progress | None,
) -> PlainRunner:
    """The runner of one build: plain for ``cache=False, workers=1``, else cached."""
    if not cache and workers == 1:
        return PlainRunner(progress or _quiet)
    folder = root / CACHE_DIR if cache else None
    return CachedRunner(root, out, options, folder, workers, progress or _quiet)


def _codes(config: SiteConfig) -> tuple[str, ...]:
    return tuple(locale.code for locale in config.locales)


def _page_count(jobs: Sequence[Job]) -> int:
    return sum(1 for job in jobs if job.path.endswith(".html"))


# ---- parse ----------------------------------------------------------------------------------


def parse_cached(
    parse_one: ParseStage,
    sources: Sequence[SourceFile],
    settings: ParseSettings,
    problems: list[Problem],
    cache: ParseCache,
    workers: int | None = None,
    progress: Progress = _quiet,
    meanwhile: Callable[[], object] | None = None,
    forget_others: bool = True,
) -> list[ParsedPost]:
    """Every post parsed, from ``cache`` where it is still valid, else over every core.

    ``forget_others``: ``sources`` are all the posts, so the cache drops any other.
    ``meanwhile()``: this process's own work while the workers parse (when they do)."""
    results: list[tuple[ParsedPost | None, list[Problem]] | None] = [
        cache.get(s, settings.asset_urls) for s in sources
    ]
    missing = [i for i, result in enumerate(results) if result is None]

    def parse_missing(n: int) -> tuple[tuple | None, list[Problem], dict[str, str | None]]:
        source = sources[missing[n]]
        urls = RecordingUrls(settings.asset_urls)
        recording = ParseSettings(settings.markdown, urls, settings.image_info)
        post, found = parse_one(source, recording)
        # Not the source: its bytes would travel back to the process that read them.
        parts = None if post is None else (post.meta, post.body, post.body_first_line)
        return parts, found, urls.looked_up

    hits = len(sources) - len(missing)
    for n, (parts, found, looked_up) in enumerate(
        fork_map(parse_missing, len(missing), workers, meanwhile)
    ):
        source = sources[missing[n]]
        post = None if parts is None else ParsedPost(source, *parts)
        cache.put(source, looked_up, post, found)
        results[missing[n]] = (post, found)
        progress("parse", hits + n + 1, len(sources))
    if forget_others:
        cache.keep_only({s.path for s in sources})
    parsed = []
    for result in results:
        assert result is not None
        post, found = result
        problems += found
        if post is not None:
            parsed.append(post)
    return parsed


def prepare_rendering(root: Path, config: SiteConfig, data: Mapping[str, bytes]) -> None:
    """The build process's work while the parse workers run: import the rendering side,
    compile the templates and the catalogs, load each locale's CLDR data (the render
    workers, forked later, inherit all of it), parse the data files (the i18n and
    assemble stages then find their inputs ready, each kept by its bytes)."""
    from mot_blog.load.i18n import load_translations  # noqa: PLC0415
    from mot_blog.publish import search  # noqa: F401, PLC0415 (see mot_blog.build)
    from mot_blog.render import pages  # noqa: F401, PLC0415 (see mot_blog.build)
    from mot_blog.render.templating import precompile  # noqa: PLC0415

    parse_data_files(data)
    for locale in config.locales:
        load_translations(locale, search_path(root))
        own_language_name(locale.code)  # loads the locale's CLDR data (dates too)
    precompile(template_folders(root))


# ---- render ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Plan:
    """Which jobs to render and which outputs to keep from the previous build."""

    render: tuple[int, ...]
    """Indexes of the jobs to render."""
    reuse: tuple[str, ...]
    """Output paths taken as they are from the previous output folder."""


def _plan(jobs: Sequence[Job], keys: Sequence[str], index: OutputIndex, out: Path) -> Plan:
    """Render a job unless the previous build made its output from the same inputs."""
    render, reuse = [], []
    for n, (job, key) in enumerate(zip(jobs, keys, strict=True)):
        if index.reusable(out, job.path, key):
            reuse.append(job.path)
        else:
            render.append(n)
    return Plan(tuple(render), tuple(reuse))


def render_jobs(
    jobs: Sequence[Job],
    which: Sequence[int],
    workers: int | None = None,
    progress: Progress = _quiet,
) -> list[Output]:
    """``jobs[i].make()`` for each ``i`` in ``which``, over every core, in order."""
    outputs = fork_map(
        lambda n: jobs[which[n]].make(), len(which), workers, group=lambda n: jobs[which[n]].locale
    )
    done = []
    for n, output in enumerate(outputs):
        done.append(output)
        progress("render", n + 1, len(which))
    return done


def _size(job: Job) -> int:
    """A job's rough cost: the posts it shows, a whole post counting as ten cards."""
    return len(job.cards) + 10 * len(job.posts if job.posts is not None else ())


def write_jobs(
    jobs: Sequence[Job],
    which: Sequence[int],
    folder: Path,
    previous: Path | None,
    workers: int | None,
    progress: Progress,
    meanwhile: Callable[[], object] | None,
    render_one: RenderStage,
) -> int:
    """``render_one(jobs[i])`` for each ``i`` in ``which`` over every core, each worker
    writing what it renders into ``folder`` (:class:`~mot_blog.publish.output.OutputWriter`);
    returns how many. Only the paths travel back: the pages never wait in the parent's
    memory. ``meanwhile()``: this process's own work while the workers render."""
    writer = OutputWriter(folder, previous)
    # Largest first (the sitemap, then the feeds, the listings, the articles): a big job
    # handed out last would leave one core working alone at the end.
    which = sorted(which, key=lambda n: -_size(jobs[n]))

    def render_and_write(n: int) -> str:
        output = render_one(jobs[which[n]])
        writer.write(output)
        return output.path

    done = 0
    # A worker keeps to one locale's pages while there are some: it renders the cards
    # of that locale only, once (the other workers render the other locales').
    rendered = fork_map(
        render_and_write, len(which), workers, meanwhile, group=lambda n: jobs[which[n]].locale
    )
    for done, _path in enumerate(rendered, start=1):
        progress("render", done, len(which))
    return done


# ---- what the next build reads ----------------------------------------------------------------


def site_key(root: Path, loaded: LoadedSite, options: BuildOptions) -> str:
    """Digest of the inputs every page may read (:func:`mot_blog.runner.depindex.site_inputs_key`)."""
    images = cache_files.digest(repr(sorted(loaded.image_info.items())))
    return site_inputs_key(
        root,
        loaded.data,
        loaded.template_dirs,
        catalog_folders(root),
        loaded.assets,
        f"{options.drafts}{options.future} {images}",
    )


@dataclass(frozen=True, slots=True)
class _Keys:
    """The dependency key of every job (:func:`~mot_blog.runner.depindex.job_keys`), and the
    post fingerprints they came from."""

    keys: list[str]
    """In job order."""
    inputs_key: str
    """:func:`site_key` of this build."""
    memo: dict | None
    """The fingerprints the last build kept (:data:`FINGERPRINTS`)."""
    remembered: dict[str, tuple[str, Fingerprint]] = field(default_factory=dict)
    """The fingerprints to keep for the next build."""


def _job_keys(
    root: Path,
    loaded: LoadedSite,
    options: BuildOptions,
    folder: Path | None,
    jobs: Sequence[Job],
    posts: Sequence[SourceFile],
) -> _Keys:
    inputs_key = site_key(root, loaded, options)
    memo = read_memo(folder, FINGERPRINTS)
    before = memo.get(inputs_key, {}) if memo else {}
    digests = {source.path: source.digest for source in posts}
    fingerprints, remembered = remembered_fingerprints(loaded.site, digests, before)
    return _Keys(job_keys(jobs, inputs_key, fingerprints), inputs_key, memo, remembered)


def _built_outputs(
    jobs: Sequence[Job], keys: Sequence[str], plan: Plan, before: dict[str, Built], out: Path
) -> dict[str, Built]:
    """What the index keeps of this build's outputs. A reused output is a link to the
    file the last build made (same inode, size and time), so its entry is the old one;
    where a copy had to stand in, the next build sees another signature and renders again."""
    rendered = {jobs[n].path for n in plan.render}
    folder = os.fspath(out)
    built = {}
    for job, key in zip(jobs, keys, strict=True):
        old = before.get(job.path)
        if job.path in rendered or old is None or old.key != key:
            built[job.path] = Built(key, file_signature(f"{folder}/{job.path}"))
        else:
            built[job.path] = old
    return built


def _next_change(site: Site, parse_cache: ParseCache, options: BuildOptions) -> dt.datetime | None:
    """When the first post left out for its future date comes due (then the site changes)."""
    if options.future or options.now is None:
        return None
    published = {post.source for post in site.posts}
    due = [
        entry.post.meta.published
        for path, entry in parse_cache.entries.items()
        if entry.post is not None
        and path not in published
        and entry.post.meta.published > options.now
    ]
    return min(due, default=None)
