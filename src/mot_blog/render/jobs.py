"""The outputs of a build: one :class:`Job` per output file, listed and checked before
anything renders, and the :class:`Output` a job makes.

Listing jobs first lets the build render them in parallel processes and skip the ones
whose inputs did not change (:mod:`mot_blog.runner.depindex`); two jobs at one path, a
static file where a page goes, or a path that would leave the output folder are
problems before a page renders (then only the clashing jobs render, to name the files
that made them).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from mot_blog.errors import BuildFailed, Problem
from mot_blog.load.assets import AssetManifest
from mot_blog.load.theme import STATIC_DIR, THEME_DIR, THEME_LABEL
from mot_blog.model.site import Post
from mot_blog.model.urls import (
    SEARCH_DIR,
    feed_url,
    not_found_url,
    output_path,
    root_url,
    sitemap_url,
    term_feed_url,
)
from mot_blog.publish.paths import check_paths
from mot_blog.render.sitemap import SitemapEntry
from mot_blog.render.template_errors import template_problems

if TYPE_CHECKING:  # the renderer (and Jinja2) load once the parse workers run
    from mot_blog.render.pages import Renderer


@dataclass(frozen=True, slots=True)
class Output:
    """One file of the built site."""

    path: str
    """Path inside the output folder, forward slashes."""
    data: bytes
    sources: tuple[str, ...] = ()
    """Site files this output was made from (for diagnostics and rebuilds)."""
    sitemap: SitemapEntry | None = None
    """The page's sitemap entry (``None`` for files the sitemap does not list)."""


@dataclass(frozen=True, slots=True)
class Job:
    """One output to render, listed before anything is rendered.

    Listing jobs first lets the build render them in parallel processes and
    skip the ones whose inputs did not change (:mod:`mot_blog.runner.depindex`).
    """

    path: str
    """Output path the job writes (what ``make()`` returns as ``Output.path``)."""
    make: Callable[[], Output]
    """Renders the output."""
    posts: tuple[Post, ...] | None = None
    """Every post the page shows whole (an article itself, a feed's entries); the page
    depends on each of their fields. ``None``: it may show any post, so any change of
    any post re-renders it (the safe default for a new page kind)."""
    cards: tuple[Post, ...] = ()
    """Posts the page shows as cards or links only (listings, related articles,
    translations, the sitemap): the page depends on what a card shows (title, URL,
    dates, summary, image, terms...), not on the body, so editing an article's text
    does not re-render every listing that shows it (:func:`mot_blog.runner.depindex.card_fingerprint`)."""
    facts: str = ""
    """Anything else the page shows that the posts above do not settle (the page counts
    behind a listing's alternates, which cards carry a language badge)."""
    locale: str = ""
    """The locale of the page ('' for pages of every locale): a render worker that keeps
    to one locale's pages renders that locale's cards only (:mod:`mot_blog.render.fragments`)."""


def page_jobs(r: Renderer) -> list[Job]:
    """The HTML pages' jobs of a renderer, in a stable order."""
    path = partial(output_path, r.config)
    jobs = [
        Job(path(root_url(r.config)), r.root, ()),
        Job(path(not_found_url(r.config)), r.root_not_found, ()),
    ]
    # A listing page shows its cards; its alternates, the same page number in the
    # other locales (or the term's translations), depend on their page counts.
    index_counts = repr(sorted((code, len(p)) for code, p in r.index_pages.items()))
    for locale in r.config.locales:
        for page in r.index_pages[locale.code]:
            jobs.append(
                Job(
                    path(page.url),
                    partial(r.index_page, locale, page),
                    (),
                    tuple(card.post for card in page.cards),
                    f"{index_counts} {[card.foreign for card in page.cards]}",
                    locale.code,
                )
            )
        make = partial(r.not_found, locale)
        jobs.append(Job(path(not_found_url(r.config, locale)), make, (), locale=locale.code))
        for kind in ("category", "tag"):
            for term in r.site.terms.get((kind, locale.code), ()):
                group = r.site.term_groups[(term.kind, term.key)]
                counts = repr([(other, len(r.term_pages[other])) for other in group])
                for page in r.term_pages[term]:
                    cards = tuple(card.post for card in page.cards)
                    make = partial(r.term_page, term, page)
                    jobs.append(Job(path(page.url), make, (), cards, counts, term.locale))
    for post in r.site.posts:
        # Translations are linked (alternates, switcher, JSON-LD) and related posts
        # shown as cards: only what a card shows of them matters.
        others = tuple(p for p in r.site.versions_of(post) if p is not post)
        cards = others + r.site.related.get(post.source, ())
        make = partial(r.article, post)
        jobs.append(Job(post.output_path, make, (post,), cards, locale=post.locale))
    return jobs


def site_jobs(r: Renderer) -> list[Job]:
    """Every output of a renderer's site to render, in a stable order; a new page kind adds
    its jobs here: the pages, the feeds, then the sitemap of the pages and ``robots.txt``."""
    path = partial(output_path, r.config)
    jobs = page_jobs(r)
    for locale in r.config.locales:
        posts = r._feed_posts(r.site.posts_in(locale.code))
        make = partial(r.locale_feed, locale)
        jobs.append(Job(path(feed_url(r.config, locale)), make, posts, locale=locale.code))
        for term in r.site.terms.get(("category", locale.code), ()):
            url = term_feed_url(r.config, locale, term.kind, term.slug)
            posts = r._feed_posts(r.site.term_posts[term])
            make = partial(r.category_feed, locale, term)
            jobs.append(Job(path(url), make, posts, locale=locale.code))
    # Every page's URL, alternates and dates: what cards of every post settle.
    jobs.append(Job(path(sitemap_url(r.config)), r.sitemap, (), r.site.posts))
    if "robots.txt" not in r.assets.urls:
        # A site's own static/robots.txt wins; it should name the sitemap itr.
        jobs.append(Job(path(f"{r.config.base_path}robots.txt"), r.robots, ()))
    return jobs


def list_jobs(renderer: Renderer, assets: AssetManifest, template_dirs: list[Path]) -> list[Job]:
    """Every output to render (:meth:`Renderer.jobs`); raises :class:`BuildFailed` for
    URL collisions, static files where pages go, and unsafe output paths."""
    jobs = renderer.jobs()
    with template_problems(template_dirs):
        paths = check_job_collisions(jobs)
    prefixes = [locale.prefix for locale in renderer.config.locales] + [SEARCH_DIR]
    check_static_paths(paths, assets, prefixes)
    check_paths(((job.path, _reported_at(job)) for job in jobs), assets)
    return jobs


def _reported_at(job: Job) -> str:
    """The site file a problem with a job's output is reported at: the post it shows first."""
    shown = job.posts or job.cards
    return shown[0].source if shown else job.path


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


def check_job_collisions(jobs: Sequence[Job]) -> Collection[str]:
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
    paths (the locales' prefixes and the search index's folder), as :mod:`mot_blog.model.urls`
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
