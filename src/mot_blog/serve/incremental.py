"""Rebuild after an edit, for ``mot-blog serve``: only what the edit touches.

:class:`IncrementalBuilder` makes one full build (or takes the one the dev
server just made), then keeps the site's state in memory.
``rebuild(changed_paths)``:

1. re-reads only the changed post files (a change anywhere else, such as
   ``site.yaml``, a data file, a template, a catalog or a static file, reloads
   every stage, with each post's parse still taken from memory when its file
   did not change);
2. parses only those posts, and assembles the site again (no Markdown); when one
   post changed but kept its date, slug, terms and translation group, the new
   post simply takes the old one's place in every index of the site;
3. asks the dependency index (:mod:`mot_blog.runner.depindex`) for every job's key
   and renders only the jobs whose key changed: the article, its
   translations (their alternates), the pages whose cards or related lists
   show it, and the listings and feeds;
4. writes each changed file in place, atomically (a temporary file renamed
   over it), and removes outputs that no longer exist.

Unlike ``build``, the output folder is updated file by file rather than
swapped whole: at 10,000 pages a swap would cost more than the edit, and a
dev server's reader reloads after the event anyway. The outputs are the same
bytes a clean build writes (``tests/test_speed.py`` checks it), with two
exceptions, both of which the dev server leaves to its full builds:

* static files are not copied (a change to ``static/`` would render the
  pages with the new asset URLs but leave the files themselves out);
* the Pagefind search index (``search: true``) is made again in the background
  (:class:`~mot_blog.runner.searching.BackgroundIndex`: only the languages whose
  pages changed), after the rebuild returns: the reload does not wait for it, and
  the served index is the old one until the new one is in place.

A rebuild that fails leaves the builder as it was before it (and the output
folder as it was, but for pages already written when writing itself failed):
called again with the failed edit's paths and any later ones, it brings the
folder up to date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import stat
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from mot_blog.build import LoadedSite, build, load, make_renderer, markdown_renderer, problem_order
from mot_blog.errors import BuildFailed, Problem, split_warnings
from mot_blog.load.bundles import keeps_bundles
from mot_blog.load.sitedata import TermTable, load_authors, load_terms
from mot_blog.load.sources import CONTENT_DIR, ContentTree, SourceFile, post_stem
from mot_blog.markup.posts import ParsedPost, ParseSettings, parse_post
from mot_blog.model.assemble import BuildOptions, _is_published, assemble, build_post
from mot_blog.model.site import Author, Post, Site
from mot_blog.render.jobs import check_job_collisions
from mot_blog.render.pages import Renderer
from mot_blog.render.template_errors import template_problems
from mot_blog.runner.cache import CACHE_DIR, ParseCache
from mot_blog.runner.depindex import Fingerprint, OutputIndex, job_keys, post_fingerprints
from mot_blog.runner.keys import site_key
from mot_blog.runner.memory import loading, paused
from mot_blog.runner.parsing import ParseStage, parse_cached
from mot_blog.runner.plain import PlainRunner
from mot_blog.runner.rendering import render_jobs
from mot_blog.runner.searching import BackgroundIndex, SearchIndexer
from mot_blog.serve.inplace import _remove, _replace
from mot_blog.serve.patch import linked_from_navigation, relations, swap_post

SiteData = tuple[dict[str, Author], TermTable, list[Problem]]
"""Authors, term translations, and the problems reading them found."""


@dataclass(frozen=True, slots=True)
class RebuildResult:
    """What one rebuild changed."""

    changed_outputs: tuple[str, ...]
    """Output paths written or removed, sorted."""
    seconds: float
    rendered: int
    """Jobs rendered (some may have given the same bytes, and are not in ``changed_outputs``)."""


class _EditRunner(PlainRunner):
    """The plain stages, with every post's parse kept in memory from edit to edit (and
    in the build cache, which the dev server's full builds fill)."""

    def __init__(self, root: Path, workers: int | None):
        super().__init__()
        self.root = root
        self.workers = workers
        self.cache: ParseCache | None = None
        self.settings_key = ""
        self.sources: dict[str, SourceFile] = {}
        """The post files of the last parse, by site-relative path."""

    def parse(
        self,
        parse_one: ParseStage,
        sources: Sequence[SourceFile],
        settings: ParseSettings,
        problems: list[Problem],
    ) -> list[ParsedPost]:
        """Every post from the cache in memory, the changed ones parsed again."""
        parsed = parse_cached(parse_one, sources, settings, problems, self.cache_for(settings))
        self.sources = {source.path: source for source in sources}
        return parsed

    def cache_for(self, settings: ParseSettings) -> ParseCache:
        """The parse cache of ``settings`` (a new one when they changed)."""
        key = settings.key()
        if self.cache is None or self.settings_key != key:
            self.cache = ParseCache(self.root / CACHE_DIR, key)
            self.settings_key = key
        return self.cache


class IncrementalBuilder:
    """A site built once, then kept up to date edit by edit."""

    def __init__(
        self,
        root: Path,
        out: Path,
        options: BuildOptions | None = None,
        workers: int | None = None,
        *,
        built: bool = False,
    ):
        """Build ``root`` into ``out`` in full (using and filling the build cache).

        ``built``: ``out`` already holds a cached :func:`build` of ``root`` with these
        ``options`` (the dev server's full build has just made it); it is not built again.
        Give ``options.now``, the time that build used, so the same posts count as published.
        """
        self.root = root
        self.out = out.resolve()
        options = options or BuildOptions()
        if options.now is None:
            options = dataclasses.replace(options, now=dt.datetime.now(dt.UTC))
        self.options = options
        self.workers = workers
        if not built:
            build(root, out, options, workers=workers)
        self._run = _EditRunner(root, workers)
        with loading():
            self.loaded = load(root, options, self._run)
        self.renderer = self._renderer(self.loaded)
        self._fingerprints: dict[str, tuple[Post, Fingerprint]] = {}
        self._site_data_cache: tuple[Mapping[str, bytes], SiteData] | None = None
        self._site_key = site_key(root, self.loaded, options)
        computed = self._keys(self.loaded)[1]  # also checks collisions, and fills the fingerprints
        # The keys of what the build wrote, from its output index: a post saved between
        # that build and the load above then differs from them, and the pages that show
        # it render at the rebuild its save causes (the computed keys would match it).
        index = OutputIndex(root / CACHE_DIR, out)
        self.keys = {path: item.key for path, item in index.built.items()} or computed
        self.search: BackgroundIndex | None = None
        if self.loaded.site.config.search:
            indexer = SearchIndexer(root / CACHE_DIR, self.out, None)  # threads: no fork
            self.search = BackgroundIndex(indexer, self.out)

    @staticmethod
    def _renderer(loaded: LoadedSite) -> Renderer:
        return make_renderer(loaded)

    def _keys(self, loaded: LoadedSite, swapped: str | None = None) -> tuple[list, dict[str, str]]:
        """Every job and its key. ``swapped``: the source of the one post that changed in
        place (same relations, so the same jobs): only the jobs that show it can have new
        keys, and the others keep theirs (15,000 keys cost 0.15 s at 10,000 articles)."""
        jobs = self.renderer.jobs()
        fingerprints = post_fingerprints(loaded.site, self._fingerprints)
        if swapped is None or self.keys.keys() != {job.path for job in jobs}:
            check_job_collisions(jobs)
            every = job_keys(jobs, self._site_key, fingerprints)
            return jobs, dict(zip((job.path for job in jobs), every, strict=True))
        showing = [
            job
            for job in jobs
            if job.posts is None
            or any(post.source == swapped for post in job.posts)
            or any(post.source == swapped for post in job.cards)
        ]
        keys = dict(self.keys)
        keys.update(
            zip(
                (job.path for job in showing),
                job_keys(showing, self._site_key, fingerprints),
                strict=True,
            )
        )
        return jobs, keys

    def rebuild(self, changed_paths: Iterable[Path | str]) -> RebuildResult:
        """Bring the output folder up to date after ``changed_paths`` changed (or were deleted).

        Raises :class:`BuildFailed` with the site's problems; the output is then left as it
        was, and so is the builder: the next call must name these paths again."""
        state = (self.loaded, self.renderer, dict(self._run.sources), self._site_key)
        try:
            return self._rebuild(changed_paths)
        except BaseException:
            self.loaded, self.renderer, self._run.sources, self._site_key = state
            raise

    def _rebuild(self, changed_paths: Iterable[Path | str]) -> RebuildResult:
        started = time.perf_counter()
        changed = [Path(p) if Path(p).is_absolute() else self.root / p for p in changed_paths]
        # A post path that is now a link or anything but a plain file reloads every stage,
        # whose walk of content/ says whether the build may read it.
        posts_only = all(
            self._post_locale(path) is not None and _plain_or_gone(path) and self._in_place(path)
            for path in changed
        )
        swapped = None
        if posts_only:
            with paused():
                self.loaded, swapped = self._reload_posts(changed)
                # Same config, templates, catalogs and static files: keep the Jinja
                # environments and their compiled templates, show the new site.
                self.renderer = self.renderer.with_site(self.loaded.site)
        else:
            with loading():
                self.loaded = load(self.root, self.options, self._run)
            self.renderer = self._renderer(self.loaded)
            self._site_key = site_key(self.root, self.loaded, self.options)
        with paused():
            jobs, keys = self._keys(self.loaded, swapped)
        todo = [n for n, job in enumerate(jobs) if self.keys.get(job.path) != keys[job.path]]
        with template_problems(self.loaded.template_dirs):
            outputs = render_jobs(jobs, todo, self.workers)
        written = [item.path for item in outputs if _replace(self.out, item.path, item.data)]
        removed = [path for path in self.keys if path not in keys and _remove(self.out, path)]
        self.keys = keys
        if self.search is not None and (written or removed):
            self.search.request()
        return RebuildResult(
            tuple(sorted(written + removed)), time.perf_counter() - started, len(todo)
        )

    def close(self) -> None:
        """Save the parses made since the first build to the build cache (the dev server's exit).

        Not done on every edit: rewriting the cache file would cost more than the edit.
        Waits for the search index being made."""
        self.wait_for_search()
        if self._run.cache is not None:
            self._run.cache.save()

    def wait_for_search(self) -> None:
        """Wait for the background search index (before anything else writes the folder)."""
        if self.search is not None:
            self.search.wait()

    def is_post(self, path: Path) -> bool:
        """Whether ``path`` is (or was) a post file: a change :meth:`rebuild` takes
        without loading the rest of the site again (a page bundle's post only when the
        bundles stay as they were: else their files are published anew, by a full build)."""
        return self._post_locale(path) is not None and self._in_place(path)

    def _site_path(self, path: Path) -> str:
        """``path`` relative to the site, as sources name it (``content/<locale>/x.md``)."""
        return path.resolve().relative_to(self.root.resolve()).as_posix()

    def _post_locale(self, path: Path) -> str | None:
        """The locale of a post file path (None: not a post)."""
        try:
            rel = path.resolve().relative_to(self.root.resolve())
        except ValueError:
            return None
        codes = {locale.code for locale in self.loaded.site.config.locales}
        parts = rel.parts
        is_post = (
            len(parts) >= 3
            and parts[0] == CONTENT_DIR
            and parts[1] in codes
            and path.suffix == ".md"
        )
        hidden = any(part.startswith(".") or part.endswith("~") for part in parts)
        return parts[1] if is_post and not hidden else None

    def _in_place(self, path: Path) -> bool:
        """Whether a change of the post file ``path`` leaves the page bundles as they were
        (:func:`~mot_blog.load.bundles.keeps_bundles`); else the site reloads."""
        rel = self._site_path(path)
        index = self._parse_settings(self.loaded).bundles
        return keeps_bundles(self.root, rel, rel in self._run.sources, index)

    @staticmethod
    def _parse_settings(loaded: LoadedSite) -> ParseSettings:
        """What the site's posts were parsed with."""
        if loaded.parse_settings is not None:
            return loaded.parse_settings
        config = loaded.site.config
        return ParseSettings(markdown_renderer(config), loaded.assets.urls, loaded.image_info)

    def _reload_posts(self, changed: list[Path]) -> tuple[LoadedSite, str | None]:
        """The site with ``changed`` post files read again, and the source of the post
        changed in place when :meth:`_patch_one` could (else None)."""
        loaded = self.loaded
        config, assets = loaded.site.config, loaded.assets
        if len(changed) == 1 and changed[0].is_file():
            patched = self._patch_one(changed[0])
            if patched is not None:
                return dataclasses.replace(loaded, site=patched), self._site_path(changed[0])
        known = self._run.sources
        for path in changed:
            rel = self._site_path(path)
            if path.is_file():
                locale = self._post_locale(path)
                assert locale is not None
                known[rel] = SourceFile(rel, locale, post_stem(rel), path.read_bytes())
            else:
                known.pop(rel, None)
        problems: list[Problem] = []
        sources = [known[key] for key in sorted(known)]
        settings = self._parse_settings(loaded)
        parsed = self._run.parse(parse_post, sources, settings, problems)
        site, found = assemble(
            config, ContentTree(tuple(sources), dict(loaded.data)), assets, parsed, self.options
        )
        errors, _ = split_warnings(problems + found, self.options.strict)
        if errors or site is None:  # (a data file's warnings are the last full build's)
            raise BuildFailed(sorted(set(problems + found), key=problem_order))
        return dataclasses.replace(loaded, site=site), None

    def _patch_one(self, path: Path) -> Site | None:
        """The common edit, without assembling the site again: one existing post changed,
        but not its date, slug, terms or translation group. None when that is not the case
        (or the post has problems): then the site is assembled again."""
        loaded = self.loaded
        site, config, assets = loaded.site, loaded.site.config, loaded.assets
        rel = self._site_path(path)
        old = next((p for p in site.posts if p.source == rel), None)
        locale = self._post_locale(path)
        if old is None or locale is None:
            return None
        source = SourceFile(rel, locale, post_stem(rel), path.read_bytes())
        problems: list[Problem] = []
        settings = self._parse_settings(loaded)
        cache = self._run.cache_for(settings)
        parsed = parse_cached(
            parse_post, [source], settings, problems, cache, 1, forget_others=False
        )
        if problems or not parsed or not _is_published(parsed[0].meta, self.options):
            return None
        authors, terms, found = self._site_data(loaded)
        new = build_post(parsed[0], config, authors, terms, assets, problems)
        if (
            found
            or problems
            or relations(new) != relations(old)
            or linked_from_navigation(site, rel)
        ):
            return None
        self._run.sources[rel] = source
        return swap_post(site, old, new)

    def _site_data(self, loaded: LoadedSite) -> SiteData:
        """Authors and term translations, read once per loaded site: parsing their YAML
        again cost more than the rest of a one-post edit (80 ms of 200 at 1,000 pages)."""
        if self._site_data_cache is None or self._site_data_cache[0] is not loaded.data:
            codes = tuple(locale.code for locale in loaded.site.config.locales)
            authors, found = load_authors(loaded.data.get("authors.yaml"), codes, loaded.assets)
            terms, more = load_terms(loaded.data.get("terms.yaml"), codes, loaded.site.config.slugs)
            self._site_data_cache = (loaded.data, (authors, terms, found + more))
        return self._site_data_cache[1]


def _plain_or_gone(path: Path) -> bool:
    """Whether ``path`` is a regular file (not a link) or nothing at all."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except FileNotFoundError:
        return True
    except OSError:
        return False
