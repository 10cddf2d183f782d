"""The build: every stage, listed once, in the order it runs.

``build()`` is the one function the CLI and the dev server call. Stages pass
values along; problems are collected and the build fails at the end with all
of them, leaving the previous output folder as it was.

    config    site.yaml                        -> SiteConfig
    sources   content/                         -> ContentTree
    assets    theme + site static/             -> AssetManifest
    images    raster/SVG files of the manifest -> sizes, resized variants (cached)
    parse     each post: front matter+Markdown -> ParsedPost
    i18n      locales/*.po (site, then theme)  -> translations per locale
    assemble  parsed posts + data files        -> Site
    render    Site                             -> Output per page
    output    Outputs + static files           -> the output folder, swapped in whole
    search    the staging folder, before swap  -> pagefind/ index (when search: true)

Speed wraps two stages without changing them (:mod:`mot_blog.speed`): parse
runs from a cache (``<site>/.mot-cache/``) and over every core, and render
runs only the jobs whose inputs changed (:mod:`mot_blog.depindex`), over
every core; the other outputs are kept from the previous output folder.
``build(..., cache=False, workers=1)`` is the plain pipeline.

The rendering side (Jinja2, Babel's dates and catalogs, the renderer, search) is
imported where it is first used, not with this module: a build starts its parse
workers first, which need none of it, and imports it while they parse. Python's
start and imports were a seventh of a build of 1,000 articles.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gettext
import os
import traceback
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from mot_blog import speed
from mot_blog.assemble import BuildOptions, ParsedPost, assemble, parse_post
from mot_blog.assets import STATIC_DIR, AssetManifest, scan_static
from mot_blog.cache import CACHE_DIR, ParseCache, read_memo, save_memo
from mot_blog.cache import digest as cache_digest
from mot_blog.config import SiteConfig, load_config, own_language_name
from mot_blog.depindex import (
    Built,
    LastBuild,
    OutputIndex,
    file_signature,
    input_stamp,
    job_keys,
    remembered_fingerprints,
    site_inputs_key,
)
from mot_blog.errors import BuildFailed, Problem
from mot_blog.images import ImageInfo, prepare_images
from mot_blog.markup import MarkdownRenderer
from mot_blog.model import Site
from mot_blog.output import (
    check_output_dir,
    check_paths,
    clear_leftovers,
    copy_kept,
    publish_with,
)
from mot_blog.parallel import Background, loading
from mot_blog.progress import StageClock
from mot_blog.related import RelatedMemo
from mot_blog.sitedata import parse_data_files
from mot_blog.sitefiles import THEME_DIR, THEME_LABEL, search_folder, walk
from mot_blog.sources import ContentTree, SourceFile, read_content
from mot_blog.urls import SEARCH_DIR

if TYPE_CHECKING:
    from mot_blog.render import Job, Output, Renderer

TEMPLATES_DIR = "templates"
LOCALES_DIR = "locales"
"""The catalogs' folder (:data:`mot_blog.i18n.LOCALES_DIR`, which loads with the rendering side)."""
KNOWN_FILES = "sources"
"""Cache table: signature and digest of each post file (:func:`~mot_blog.sources.read_content`)."""
FINGERPRINTS = "fingerprints"
"""Cache table: the fingerprint of each post (:func:`~mot_blog.depindex.remembered_fingerprints`),
under the site key they were computed with."""
RELATED_LISTS = "related"
"""Cache table: the related lists (:class:`~mot_blog.related.RelatedMemo`)."""


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


@dataclass(frozen=True, slots=True)
class LoadedSite:
    """Everything rendering needs, before rendering."""

    site: Site
    assets: AssetManifest
    translations: Mapping[str, gettext.NullTranslations]
    template_dirs: list[Path]
    image_info: Mapping[str, ImageInfo]
    data: Mapping[str, bytes] = field(default_factory=dict)
    """The site data files (authors, publisher, terms), as read."""


def search_path(root: Path) -> list[tuple[Path, str]]:
    """Where templates, catalogs and static files are looked for: the site, then the theme."""
    return [(root, ""), (THEME_DIR, THEME_LABEL)]


def template_folders(root: Path) -> list[Path]:
    """The template folders of :func:`search_path`, in its order."""
    return [base / TEMPLATES_DIR for base, _ in search_path(root)]


Parser = Callable[
    [Sequence[SourceFile], SiteConfig, AssetManifest, Mapping[str, ImageInfo], list[Problem]],
    list[ParsedPost],
]
"""The parse stage's signature: :func:`parse_all`, or a faster equivalent."""


def load(
    root: Path,
    options: BuildOptions,
    parse: Parser | None = None,
    clock: StageClock | None = None,
    workers: int | None = 1,
    content: tuple[ContentTree, list[Problem]] | None = None,
    related_memo: RelatedMemo | None = None,
) -> LoadedSite:
    """Run every stage up to rendering; raise :class:`BuildFailed` with all problems.
    ``workers``: processes for the stages that fork (related articles). ``content``:
    what :func:`~mot_blog.sources.read_content` gave, when the caller read it already.
    ``related_memo``: the last build's related lists (:mod:`mot_blog.related`)."""
    clock = clock or StageClock()
    with clock.stage("config"):
        config = load_config(root)
    codes = tuple(locale.code for locale in config.locales)
    if content is None:
        with clock.stage("sources"):
            content = read_content(root, codes)
    tree, problems = content[0], list(content[1])
    with clock.stage("assets"):
        assets = scan_static(
            [THEME_DIR / STATIC_DIR, root / STATIC_DIR], config.base_path, problems
        )
        # Every template and catalog file is checked before any is used (the template
        # loader refuses what this reports too, but sees only the templates pages ask for).
        for base, _ in search_path(root):
            for path in (base / TEMPLATES_DIR, base / LOCALES_DIR):
                folder = search_folder(path)
                walk(path, folder.display, folder.bound, problems)
    with clock.stage("images"):
        assets, image_info = prepare_images(assets, root, config.base_path)
    with clock.stage("parse"):
        parsed = (parse or parse_all)(tree.posts, config, assets, image_info, problems)
    from mot_blog.i18n import load_translations  # noqa: PLC0415 (see the module docstring)
    from mot_blog.search import check_search  # noqa: PLC0415

    with clock.stage("i18n"):
        translations = {}
        for locale in config.locales:
            translations[locale.code], found = load_translations(locale, search_path(root))
            problems += found
    with clock.stage("assemble"):
        site, found = assemble(config, tree, assets, parsed, options, workers, related_memo)
    problems += found
    problems += check_search(config)
    if problems or site is None:
        raise BuildFailed(sorted(set(problems), key=_problem_order))
    template_dirs = template_folders(root)
    return LoadedSite(site, assets, translations, template_dirs, image_info, tree.data)


def _problem_order(problem: Problem) -> tuple[str, int, str]:
    return (problem.path, problem.line or 0, problem.message)


def parse_all(
    sources,
    config: SiteConfig,
    assets: AssetManifest,
    image_info: Mapping[str, ImageInfo],
    problems: list[Problem],
) -> list[ParsedPost]:
    """Parse every post file (front matter and Markdown)."""
    renderer = MarkdownRenderer(config.raw_html)
    parsed = []
    for source in sources:
        post, found = parse_post(source, renderer, assets.urls, image_info)
        problems += found
        if post is not None:
            parsed.append(post)
    return parsed


def make_renderer(loaded: LoadedSite) -> Renderer:
    """The renderer of a loaded site."""
    from mot_blog.render import Renderer  # noqa: PLC0415 (see the module docstring)

    return Renderer(
        loaded.site, loaded.assets, loaded.template_dirs, loaded.translations, loaded.image_info
    )


def render_site(loaded: LoadedSite) -> list[Output]:
    """Render every page; template errors become problems naming the template line."""
    with template_problems(loaded.template_dirs):
        outputs = list(make_renderer(loaded).render_all())
    check_collisions(outputs)
    return outputs


@contextlib.contextmanager
def template_problems(template_dirs: list[Path]) -> Iterator[None]:
    """Turn a template error raised in the block into a :class:`BuildFailed` naming the
    template file and line (other errors pass through)."""
    import jinja2  # noqa: PLC0415 (see the module docstring)

    try:
        yield
    except jinja2.TemplateSyntaxError as exc:
        where = _template_display(Path(exc.filename), template_dirs) if exc.filename else None
        path = where or f"{TEMPLATES_DIR}/{exc.name}"
        raise BuildFailed([Problem(path, exc.lineno, f"template error: {exc.message}")]) from None
    except BuildFailed:
        raise
    except Exception as exc:  # noqa: BLE001 (re-raised unless a template line caused it)
        problem = _template_runtime_problem(exc, template_dirs)
        if problem is None:
            raise
        raise BuildFailed([problem]) from None


def _template_display(filename: Path, template_dirs: list[Path]) -> str | None:
    """``templates/x.html`` for a site template, ``(theme)/templates/x.html`` for the theme's."""
    filename = filename.resolve()
    for folder in template_dirs:
        base = folder.parent.resolve()
        if filename.is_relative_to(base):
            label = THEME_LABEL if base == THEME_DIR.resolve() else ""
            return label + filename.relative_to(base).as_posix()
    return None


def _template_runtime_problem(exc: Exception, template_dirs: list[Path]) -> Problem | None:
    """The problem for an error raised while a template ran, at the innermost template line.

    Jinja2 rewrites tracebacks so that frames of compiled templates carry the template's
    file name and line; the last such frame is where the template went wrong. ``None``
    when no template frame is on the stack (an engine bug, which must not be disguised).
    """
    found = None
    for frame, line in traceback.walk_tb(exc.__traceback__):
        display = _template_display(Path(frame.f_code.co_filename), template_dirs)
        if display is not None and display.endswith(".html"):
            found = (display, line)
    if found is None:
        return None
    import jinja2  # noqa: PLC0415 (see the module docstring)

    message = exc.message if isinstance(exc, jinja2.TemplateError) and exc.message else str(exc)
    return Problem(found[0], found[1], f"template error: {message}")


def _reported_at(job: Job) -> str:
    """The site file a problem with a job's output is reported at: the post it shows first."""
    shown = job.posts or job.cards
    return shown[0].source if shown else job.path


def _guarded(template_dirs: list[Path], job: Job) -> Output:
    """``job.make()`` with template errors turned into problems where the traceback is (a
    render worker process: only the :class:`BuildFailed` travels back, not the frames)."""
    with template_problems(template_dirs):
        return job.make()


def check_collisions(outputs: Sequence[Output]) -> None:
    """Two outputs at one path: a :class:`BuildFailed` naming the sources of both."""
    seen: dict[str, Output] = {}
    collisions = []
    for item in outputs:
        if item.path in seen:
            collisions.append(
                Problem(
                    (item.sources or ("content",))[0],
                    None,
                    f"URL collision: {item.path} is also written by "
                    f"{', '.join(seen[item.path].sources) or 'a listing'}; change a slug",
                )
            )
        seen[item.path] = item
    if collisions:
        raise BuildFailed(collisions)


def _check_job_collisions(jobs: Sequence[Job]) -> Collection[str]:
    """Collisions from the job list, before anything is rendered (only the clashing jobs
    render); returns the jobs' paths."""
    count: dict[str, int] = {}
    for job in jobs:
        count[job.path] = count.get(job.path, 0) + 1
    clashing = [job for job in jobs if count[job.path] > 1]
    if clashing:
        check_collisions([job.make() for job in clashing])
    return count.keys()


MAX_NAME = 255
"""The longest file name, in bytes, that common file systems take (ext4, APFS, NTFS...)."""


def check_static_paths(
    pages: Collection[str], assets: AssetManifest, prefixes: Iterable[str]
) -> None:
    """A static file published where the build writes a page, or where a folder of pages
    goes (``static/index.html``, ``static/it`` beside the ``it`` prefix, ``static/404.html/x``):
    a :class:`BuildFailed` naming each, and each whose published name (with its hash) is
    too long for a file name. ``pages``: the output paths of the jobs.
    ``prefixes``: the first segments of the pages'
    paths (the locales' prefixes and the search index's folder), as :mod:`mot_blog.urls`
    lays them out; only files at the top of ``static/`` keep their names, so only they,
    and the folders above a file, can meet a page."""
    folders = set(prefixes)
    problems = []
    for file in assets.files:
        theme = THEME_LABEL if file.source.is_relative_to(THEME_DIR) else ""
        parts = file.published.split("/")
        longest = max(len(part.encode()) for part in parts)
        if longest > MAX_NAME:  # with its hash (and a variant's width) added to it
            problems.append(
                Problem(
                    f"{theme}{STATIC_DIR}/{file.name}",
                    None,
                    f"its published name, with its hash, is {longest} bytes long, over the "
                    f"{MAX_NAME} a file name may have; shorten it",
                )
            )
            continue
        above = ["/".join(parts[:n]) for n in range(1, len(parts))]
        clash = next((path for path in [file.published, *above] if path in pages), None)
        if clash is None and len(parts) == 1 and file.published in folders:
            clash = file.published + "/"
        if clash is not None:
            problems.append(
                Problem(
                    f"{theme}{STATIC_DIR}/{file.name}",
                    None,
                    f"would be published at {file.published}, where the build writes its own "
                    f"{clash}; rename it",
                )
            )
    if problems:
        raise BuildFailed(problems)


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


def _built_outputs(
    jobs: Sequence[Job], keys: Sequence[str], plan: speed.Plan, before: dict[str, Built], out: Path
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


def _while_parsing(root: Path, config: SiteConfig, data: Mapping[str, bytes]) -> None:
    """The build process's work while the parse workers run: import the rendering side,
    compile the templates and the catalogs, load each locale's CLDR data (the render
    workers, forked later, inherit all of it), parse the data files (the i18n and
    assemble stages then find their inputs ready)."""
    from mot_blog import render, search  # noqa: F401, PLC0415 (see the module docstring)
    from mot_blog.i18n import load_translations  # noqa: PLC0415
    from mot_blog.templating import precompile  # noqa: PLC0415

    parse_data_files(data)
    for locale in config.locales:
        load_translations(locale, search_path(root))
        own_language_name(locale.code)  # loads the locale's CLDR data (dates too)
    precompile(template_folders(root))


def parse_settings(config: SiteConfig, image_info: Mapping[str, ImageInfo]) -> str:
    """What else than a post's own file shapes its parse: the raw HTML policy, and the
    images' sizes and variants (written into ``<img>``); a change separates cache files."""
    images = cache_digest(repr(sorted(image_info.items())))
    return f"raw_html={config.raw_html} images={images}"


def site_key(root: Path, loaded: LoadedSite, options: BuildOptions) -> str:
    """Digest of the inputs every page may read (:func:`mot_blog.depindex.site_inputs_key`)."""
    catalog_dirs = [base / LOCALES_DIR for base, _ in search_path(root)]
    return site_inputs_key(
        root,
        loaded.data,
        loaded.template_dirs,
        catalog_dirs,
        loaded.assets,
        f"{options.drafts}{options.future} {cache_digest(repr(sorted(loaded.image_info.items())))}",
    )


@dataclass(frozen=True, slots=True)
class _Keys:
    """The dependency key of every job (:func:`~mot_blog.depindex.job_keys`), and the
    post fingerprints they came from."""

    keys: list[str]
    """In job order."""
    inputs_key: str
    """:func:`site_key` of this build."""
    memo: dict | None
    """The fingerprints the last build kept (:data:`FINGERPRINTS`)."""
    remembered: dict
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


def build(
    root: Path,
    out: Path,
    options: BuildOptions | None = None,
    *,
    cache: bool = True,
    workers: int | None = None,
    progress: speed.Progress | None = None,
) -> BuildResult:
    """Build the site at ``root`` into ``out``.

    ``cache``: use and update ``<site>/.mot-cache/`` and keep unchanged outputs
    from the previous ``out`` (False: compute everything). ``workers``: processes
    for parsing and rendering (default: every core; 1: this process only).
    ``progress(stage, done, total)`` is told as posts are parsed and pages rendered.
    """
    clock = StageClock()
    progress = progress or (lambda stage, done, total: None)
    options = options or BuildOptions()
    if options.now is None:
        options = BuildOptions(options.drafts, options.future, dt.datetime.now(dt.UTC))
    check_output_dir(out, root)
    folder = root / CACHE_DIR if cache else None
    index = OutputIndex(folder, out)
    settings = f"drafts={options.drafts} future={options.future}"
    with clock.stage("sources"):
        codes = tuple(locale.code for locale in load_config(root).locales)
        known = read_memo(folder, KNOWN_FILES)
        content = read_content(root, codes, known)
    with clock.stage("stamp"):
        stamp = input_stamp(root, THEME_DIR, settings, content[0]) if folder is not None else ""
    # A problem under content/ (a file refused unread, say) fails the build: never "unchanged".
    unchanged = not content[1] and index.unchanged(out, stamp, options.now)
    if folder is not None and unchanged and index.last is not None:
        save_memo(folder, KNOWN_FILES, known, content[0].known)
        clear_leftovers(out)
        return BuildResult(
            out.resolve(),
            index.last.pages,
            index.last.files,
            clock.elapsed(),
            reused=len(index.built),
            stages=tuple(clock.times),
        )
    caches: list[ParseCache] = []
    saving: list[Background] = []

    def parse(sources, config, assets, image_info, problems):  # noqa: ANN001, ANN202 (the Parser signature)
        caches.append(ParseCache(folder, parse_settings(config, image_info)))
        parsed = speed.parse_posts(
            sources,
            config,
            assets,
            image_info,
            problems,
            caches[0],
            workers,
            progress,
            # meanwhile, the build process readies the other inputs and the rendering
            meanwhile=partial(_while_parsing, root, config, content[0].data),
        )
        # The parse cache is written by a forked process while this one assembles the
        # site and lists its pages, one core being idle then (never from the one-process
        # builds of the threaded dev server).
        if caches[0].pending and workers != 1:
            saving.append(Background(caches[0].save))
        return parsed

    related_memo = None if folder is None else RelatedMemo(read_memo(folder, RELATED_LISTS) or {})
    try:
        with loading():
            loaded = load(root, options, parse, clock, workers, content, related_memo)
        parse_cache = caches[0]
        with clock.stage("plan"):
            dirs = loaded.template_dirs
            jobs = make_renderer(loaded).jobs()
            with template_problems(dirs):
                paths = _check_job_collisions(jobs)
            config = loaded.site.config
            check_static_paths(
                paths, loaded.assets, [locale.prefix for locale in config.locales] + [SEARCH_DIR]
            )
            check_paths(((job.path, _reported_at(job)) for job in jobs), loaded.assets)
            # Computed once, when first asked for: with no earlier output to compare with
            # (a cold build, or no cache), every job renders whatever its key, and the keys,
            # needed only for the index saved at the end, are computed while the workers
            # render (0.07 s at 1,000 articles).
            keyed = functools.cache(
                partial(_job_keys, root, loaded, options, folder, jobs, content[0].posts)
            )
            if index.built:
                plan = speed.plan(jobs, keyed().keys, index, out.resolve())
            else:
                plan = speed.render_all(jobs)
            before = index.built  # what the last build wrote (forgotten until this one is saved)

        def write(staging: Path, previous: Path | None) -> int:
            # The plan has just compared each reused file with its signature in the index.
            signatures = {path: before[path].file for path in plan.reuse}
            kept = copy_kept(staging, loaded.assets, previous, plan.reuse, signatures)
            meanwhile = keyed if folder is not None else None
            return kept + speed.write_jobs(
                jobs,
                plan.render,
                staging,
                previous,
                workers,
                progress,
                meanwhile,
                make=partial(_guarded, dirs),
            )

        from mot_blog.search import index_site  # noqa: PLC0415 (see the module docstring)

        finish = index_site if loaded.site.config.search else None
        with clock.stage("render+write"), template_problems(dirs):
            index.forget()  # until the new index is saved, nothing in ``out`` is trusted
            wanted = {job.path for job in jobs} | {f.published for f in loaded.assets.files}
            files = publish_with(out, write, finish, wanted)
    finally:
        for process in saving:
            process.wait()  # the parse cache is whole; a failed build leaves no process behind
    with clock.stage("cache"):
        pages = sum(1 for job in jobs if job.path.endswith(".html"))
        if folder is not None:
            keys = keyed()
            last = LastBuild(stamp, _next_change(loaded.site, parse_cache, options), pages, files)
            index.save(_built_outputs(jobs, keys.keys, plan, before, out.resolve()), last)
            save_memo(folder, FINGERPRINTS, keys.memo, {keys.inputs_key: keys.remembered})
        if not saving:
            parse_cache.save()
        if related_memo is not None:
            save_memo(folder, RELATED_LISTS, related_memo.before, related_memo.now)
        save_memo(folder, KNOWN_FILES, known, content[0].known)
    return BuildResult(
        out.resolve(),
        pages,
        files,
        clock.elapsed(),
        parsed=len(parse_cache.entries),
        parse_hits=parse_cache.hits,
        rendered=len(plan.render),
        reused=len(plan.reuse),
        stages=tuple(clock.times),
    )
