"""The outputs of a build: one :class:`Job` per output file, listed and checked before
anything renders, and the :class:`Output` a job makes.

Listing jobs first lets the build render them in parallel processes and skip the ones
whose inputs did not change (:mod:`mot_blog.runner.depindex`); two jobs at one path, a
static file where a page goes, or a path that would leave the output folder are
problems before a page renders (then only the clashing jobs render, to name the files
that made them).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from mot_blog.errors import BuildFailed, Problem
from mot_blog.load.assets import AssetManifest, StaticFile, display_name
from mot_blog.load.sitefiles import Folder, read
from mot_blog.model.site import Alias, Post
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
from mot_blog.render.choices import newest_posts
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
    alias: Alias | None = None
    """For a redirect page: the alias it is at (its post is ``cards[0]``), checked against
    every other output's path (:func:`check_alias_paths`)."""


REDIRECTS_FILE = "_redirects"
"""The redirect rules for hosts that read them (Netlify, Cloudflare Pages), at the top of
the output folder (:mod:`mot_blog.render.redirects`)."""


def page_jobs(r: Renderer) -> list[Job]:
    """The HTML pages' jobs of a renderer, in a stable order."""
    path = partial(output_path, r.config)
    # Every page shows its locale's menu, categories and footer, the root pages the year.
    shared = {locale.code: r.shared_facts(locale.code) for locale in r.config.locales}
    shared[""] = repr(r.year)

    def job(
        at: str,
        make: Callable[[], Output],
        posts: tuple[Post, ...],
        cards: tuple[Post, ...] = (),
        facts: str = "",
        locale: str = "",
    ) -> Job:
        return Job(at, make, posts, cards, f"{facts} {shared[locale]}", locale)

    index_counts = repr(sorted((code, len(p)) for code, p in r.index_pages.items()))
    post_counts = [len(r.site.posts_in(locale.code)) for locale in r.config.locales]
    jobs = [
        # The language choice shows each locale's newest post and its count of articles.
        job(path(root_url(r.config)), r.root, (), newest_posts(r.site), repr(post_counts)),
        job(path(not_found_url(r.config)), r.root_not_found, ()),
    ]
    # A listing page shows its cards; its alternates, the same page number in the
    # other locales (or the term's translations), depend on their page counts.
    for locale in r.config.locales:
        for page in r.index_pages[locale.code]:
            jobs.append(
                job(
                    path(page.url),
                    partial(r.index_page, locale, page),
                    (),
                    tuple(card.post for card in page.cards),
                    f"{index_counts} {[card.foreign for card in page.cards]}",
                    locale.code,
                )
            )
        make = partial(r.not_found, locale)
        jobs.append(job(path(not_found_url(r.config, locale)), make, (), locale=locale.code))
        for kind in ("category", "tag"):
            for term in r.site.terms.get((kind, locale.code), ()):
                group = r.site.term_groups[(term.kind, term.key)]
                counts = repr([(other, len(r.term_pages[other])) for other in group])
                for page in r.term_pages[term]:
                    cards = tuple(card.post for card in page.cards)
                    make = partial(r.term_page, term, page)
                    jobs.append(job(path(page.url), make, (), cards, counts, term.locale))
    for post in r.site.posts:
        # Translations are linked (alternates, switcher, JSON-LD) and related posts
        # shown as cards: only what a card shows of them matters.
        others = tuple(p for p in r.site.versions_of(post) if p is not post)
        cards = others + r.site.related.get(post.source, ())
        make = partial(r.article, post)
        jobs.append(job(post.output_path, make, (post,), cards, locale=post.locale))
    for pages in r.fallbacks.values():
        for fallback in pages.values():
            versions = r.site.versions_of(fallback.original)
            make = partial(r.fallback, fallback)
            shown = (fallback.original,)
            jobs.append(job(fallback.output_path, make, shown, versions, locale=fallback.locale))
    return jobs


def site_jobs(r: Renderer) -> list[Job]:
    """Every output of a renderer's site to render, in a stable order; a new page kind adds
    its jobs here: the pages, the feeds, the sitemap of the pages, then the files of the
    plugins' ``outputs`` (the core's: ``robots.txt``)."""
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
    jobs += redirect_jobs(r)
    # Every page's URL, alternates and dates: what cards of every post settle.
    jobs.append(Job(path(sitemap_url(r.config)), r.sitemap, (), r.site.posts))
    # Social cards show what their name's hash names, and nothing of any other post.
    for card in r.social.cards:
        make = partial(r.social_card, card)
        jobs.append(Job(card.path, make, (), (), card.key, card.locale))
    return jobs + r.plugin_outputs()


def redirect_jobs(r: Renderer) -> list[Job]:
    """A redirect page per alias of every post, and ``_redirects`` when there is one.

    A redirect page shows what a card shows of its post (title, URL, canonical URL). The
    rules file depends on every post with aliases (their URLs) and on the site's own
    ``static/_redirects``, whose rules it starts with (its digest is a fact of the job)."""
    jobs = []
    with_aliases = tuple(post for post in r.site.posts if post.aliases)
    for post in with_aliases:
        for alias in post.aliases:
            make = partial(r.redirect, post, alias)
            jobs.append(Job(alias.output_path, make, (), (post,), locale=post.locale, alias=alias))
    if with_aliases:
        static = next((f for f in r.assets.files if f.published == REDIRECTS_FILE), None)
        facts = repr([(post.source, post.aliases) for post in with_aliases])
        make = partial(_make_redirects, r, static)
        jobs.append(
            Job(REDIRECTS_FILE, make, (), with_aliases, f"{static and static.digest} {facts}")
        )
    return jobs


def _make_redirects(r: Renderer, static: StaticFile | None) -> Output:
    if static is None:
        return r.redirects(None)
    problems: list[Problem] = []
    rules = read(static.source, display_name(static), problems)
    if rules is None:
        raise BuildFailed(problems)
    return r.redirects(rules)


def check_alias_paths(jobs: Sequence[Job], static: Mapping[str, str] | None = None) -> None:
    """A post's alias at a path another output has (a page, a feed, another alias, a
    static file of ``static``: how problems name it, by published path), or where a folder
    of outputs goes, or below a file the build writes: a :class:`BuildFailed` with a
    problem at the alias's line naming the other output."""
    if all(job.alias is None for job in jobs):
        return  # (most sites: the folders of 25,000 paths cost 0.04 s to list)
    others: dict[str, Job | str] = {}
    folders: set[str] = set()
    for path, shown in (static or {}).items():
        others[path] = shown
    for job in jobs:
        if job.alias is None:
            others.setdefault(job.path, job)
    for path in others:
        parts = path.split("/")
        folders.update("/".join(parts[:n]) for n in range(1, len(parts)))
    problems = []
    for job in jobs:
        if job.alias is None:
            continue
        post, alias = job.cards[0], job.alias
        message = _alias_clash(job, others, folders)
        if message is not None:
            problems.append(Problem(post.source, alias.line, f"alias '{alias.url}' {message}"))
        others.setdefault(job.path, job)
    if problems:
        raise BuildFailed(problems)


def _alias_clash(job: Job, others: Mapping[str, Job | str], folders: set[str]) -> str | None:
    """What the redirect page ``job`` meets at its path (``others``: the static files, then
    the outputs listed before it, pages first), said after "alias '/x/' ..."; ``None``:
    nothing."""
    post = job.cards[0]
    first = others.get(job.path)
    if isinstance(first, str):
        return f"is where {first} is published; remove the alias"
    if first is not None and first.alias is not None:
        other = first.cards[0]
        if other is post:
            return "is listed twice"
        return f"is also an alias of {other.source}:{first.alias.line}; keep it in one post"
    if first is not None:
        shown = (first.posts or (None,))[0]
        if shown is post:
            return "is the post's own URL; remove it"
        if shown is not None and shown.output_path == job.path:
            return f"is the URL of {shown.source}; remove the alias"
        return f"is the URL of a file the build writes ({job.path}); remove the alias"
    parents = job.path.split("/")[:-1]
    for n in range(1, len(parents) + 1):
        above = "/".join(parents[:n])
        if above in others:
            where = others[above]
            what = where if isinstance(where, str) else f"{above}, a file the build writes"
            return f"would be inside {what}; remove the alias"
    if job.path in folders:
        return f"is a folder of the build's pages ({job.path}/); remove the alias"
    return None


def list_jobs(
    renderer: Renderer, assets: AssetManifest, template_dirs: Sequence[Folder]
) -> list[Job]:
    """Every output to render (:meth:`Renderer.jobs`); raises :class:`BuildFailed` for
    URL collisions, static files where pages go, and unsafe output paths."""
    jobs = renderer.jobs()
    with template_problems(template_dirs):
        static = {file.published: display_name(file) for file in assets.files}
        paths = check_job_collisions(jobs, static)
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


def check_job_collisions(
    jobs: Sequence[Job], static: Mapping[str, str] | None = None
) -> Collection[str]:
    """Collisions from the job list, before anything is rendered (only the clashing jobs
    render; an alias's collision, with a page or a ``static`` file, is told by
    :func:`check_alias_paths`); returns the jobs' paths."""
    check_alias_paths(jobs, static)
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
        parts = file.published.split("/")
        longest = max(len(part.encode()) for part in parts)
        if longest > MAX_NAME:  # with its hash (and a variant's width) added to it
            problems.append(
                Problem(
                    display_name(file),
                    None,
                    f"its published name, with its hash, is {longest} bytes long, over the "
                    f"{MAX_NAME} a file name may have; shorten it",
                )
            )
            continue
        above = ["/".join(parts[:n]) for n in range(1, len(parts))]
        clash = next((path for path in [file.published, *above] if path in pages), None)
        if clash == REDIRECTS_FILE:  # the aliases' rules are added to the site's own
            clash = None
        if clash is None and len(parts) == 1 and file.published in folders:
            clash = file.published + "/"
        if clash is not None:
            problems.append(
                Problem(
                    display_name(file),
                    None,
                    f"would be published at {file.published}, where the build writes its own "
                    f"{clash}; rename it",
                )
            )
    if problems:
        raise BuildFailed(problems)
