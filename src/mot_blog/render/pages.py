"""Site model -> rendered files, in memory.

One documented context function per template kind: a template sees only what
its context function lists, besides what its locale's environment gives every
template (:mod:`mot_blog.render.environments`: ``StrictUndefined``, autoescape, the
i18n extension with that locale's catalogs, the theme's filters and globals).
:class:`Renderer` lists its outputs as :class:`Job` values, yields
:class:`Output` values and never touches the disk; :mod:`mot_blog.publish.output`
writes them.
"""

from __future__ import annotations

import copy
import gettext
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from math import ceil
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from mot_blog.load.assets import AssetManifest
from mot_blog.load.config import CONFIG_FILE, LocaleConfig
from mot_blog.load.i18n import language_name
from mot_blog.load.images import ImageInfo
from mot_blog.model.listings import ListPage, index_cards, paginate, term_cards
from mot_blog.model.site import Post, Site, Term
from mot_blog.model.urls import (
    absolute,
    feed_url,
    home_url,
    not_found_url,
    output_path,
    post_url,
    root_url,
    search_url,
    sitemap_url,
    term_feed_url,
)
from mot_blog.render.environments import locale_environments
from mot_blog.render.feeds import Feed, atom_feed
from mot_blog.render.fragments import STORE as FRAGMENT_STORE
from mot_blog.render.meta import blog_posting, json_for_script, page_meta
from mot_blog.render.sitemap import SitemapEntry, robots_txt, sitemap_xml
from mot_blog.render.template_errors import template_problems


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


@dataclass(frozen=True, slots=True)
class LocaleLink:
    """One entry of the language switcher (and one hreflang alternate when it exists)."""

    code: str
    name: str
    """The language's name in itself (``Nederlands``)."""
    url: str
    current: bool
    translated: bool
    """Whether ``url`` is the same content in that language (else the locale's index)."""


@dataclass(frozen=True, slots=True)
class FeedLink:
    """A feed announced in a page's head (``<link rel="alternate" type="application/atom+xml">``)."""

    title: str
    url: str
    lang: str


def _share_links(url: str, title: str) -> list[dict[str, str]]:
    """Plain share links: no third-party script, nothing loaded until the reader clicks."""
    u, t = quote(url, safe=""), quote(title, safe="")
    return [
        {
            "network": "linkedin",
            "name": "LinkedIn",
            "href": f"https://www.linkedin.com/sharing/share-offsite/?url={u}",
        },
        {"network": "x", "name": "X", "href": f"https://x.com/intent/post?url={u}&text={t}"},
        {
            "network": "facebook",
            "name": "Facebook",
            "href": f"https://www.facebook.com/sharer/sharer.php?u={u}",
        },
        {"network": "whatsapp", "name": "WhatsApp", "href": f"https://wa.me/?text={t}%20{u}"},
        {"network": "email", "name": "e-mail", "href": f"mailto:?subject={t}&body={u}"},
    ]


class Renderer:
    """Renders every page of a :class:`Site`."""

    def __init__(
        self,
        site: Site,
        assets: AssetManifest,
        template_dirs: list[Path],
        translations: Mapping[str, gettext.NullTranslations],
        image_info: Mapping[str, ImageInfo] | None = None,
    ):
        self.site = site
        self.image_info = image_info or {}
        self.config = site.config
        self.assets = assets
        self.template_dirs = template_dirs
        self._x_default = absolute(self.config, root_url(self.config))
        """Absolute URL of the root page, every listed page's ``x-default``."""
        self._language_names = {
            (current.code, other.code): language_name(current.babel, other.babel)
            for current in self.config.locales
            for other in self.config.locales
        }
        """The name of each locale's language in each other locale's language (the region
        prompts of every page name the page's language so)."""
        self._fragments = self._fragment_stores()
        self._paginate()
        self.envs = locale_environments(
            self.config, assets, template_dirs, translations, self.image_info
        )

    def _paginate(self) -> None:
        per_page = self.config.posts_per_page
        self.index_pages: dict[str, tuple[ListPage, ...]] = {
            locale.code: paginate(
                index_cards(self.site, locale), per_page, home_url(self.config, locale), locale
            )
            for locale in self.config.locales
        }
        """Pages of each locale's blog index."""
        self.term_pages: dict[Term, tuple[ListPage, ...]] = {
            term: paginate(
                term_cards(self.site, term), per_page, term.url, self.config.locale(term.locale)
            )
            for term in self.site.term_posts
        }
        """Pages of each category and tag listing."""

    def with_site(self, site: Site) -> Renderer:
        """This renderer (same environments and compiled templates) showing ``site``, a
        site with the same config, templates and catalogs (an edited post)."""
        other = copy.copy(self)
        other.site = site
        other._paginate()
        other._fragments = other._fragment_stores()  # the cached cards showed the old site
        return other

    def _fragment_stores(self) -> dict[str, dict[Any, str]]:
        """An empty store of ``{% cache %}`` fragments per locale (:mod:`mot_blog.render.fragments`)."""
        return {locale.code: {} for locale in self.config.locales}

    def render(self, job: Job) -> Output:
        """``job.make()``, with template errors turned into problems naming the template
        line (in a render worker process too: only the problem travels back)."""
        with template_problems(self.template_dirs):
            return job.make()

    def _render(self, locale: str, template: str, context: dict[str, Any]) -> bytes:
        context[FRAGMENT_STORE] = self._fragments[locale]
        return self.envs[locale].get_template(template).render(context).encode("utf-8")

    # ---- shared page parts ------------------------------------------------------------

    def _switcher(
        self,
        locale: LocaleConfig,
        targets: Mapping[str, str],
        fallbacks: Mapping[str, str] | None = None,
    ) -> list[LocaleLink]:
        """Every locale: the same content where ``targets`` has it, else the nearest page
        ``fallbacks`` names (page 1 of the same listing), else that locale's index."""
        fallbacks = fallbacks or {}
        return [
            LocaleLink(
                code=other.code,
                name=other.name,
                url=(
                    targets.get(other.code)
                    or fallbacks.get(other.code)
                    or home_url(self.config, other)
                ),
                current=other.code == locale.code,
                translated=other.code in targets or other.code in fallbacks,
            )
            for other in self.config.locales
        ]

    def _suggestions(self, locale: LocaleConfig, links: list[LocaleLink]) -> Markup:
        """The region prompt for each other locale, each written in its own language."""
        parts = []
        for link in links:
            if link.current:
                continue
            other = self.config.locale(link.code)
            parts.append(
                self.envs[other.code]
                .get_template("partials/suggestion.html")
                .render(
                    target=link,
                    target_locale=other,
                    current_language=self._language_names[(locale.code, other.code)],
                )
            )
        return Markup("".join(parts))

    def _feed_links(self, locales: list[LocaleConfig]) -> list[FeedLink]:
        return [
            FeedLink(self.config.title(locale.code), feed_url(self.config, locale), locale.lang)
            for locale in locales
        ]

    def base_context(
        self,
        locale: LocaleConfig,
        url: str,
        title: str,
        description: str,
        targets: Mapping[str, str],
        *,
        fallbacks: Mapping[str, str] | None = None,
        post: Post | None = None,
        pagination: ListPage | None = None,
        feeds: list[FeedLink] | None = None,
        x_default: bool = True,
    ) -> dict[str, Any]:
        """What ``base.html`` reads; every page context starts from it.

        - ``locale``: the page's :class:`~mot_blog.load.config.LocaleConfig`
        - ``site_title``, ``home_url``, ``root_url``: site name and the locale's blog index
        - ``page_url``, ``canonical``: site-relative and absolute URL of this page
        - ``page_title``, ``description``: ``<title>``, meta description, og/twitter title
          and description (a template may ``set`` them to translated text)
        - ``alternates``: ``(hreflang, absolute URL)`` for every existing version, this one included
        - ``x_default``: absolute URL of the root page (language choice), or ``None`` (404 pages)
        - ``switcher``: :class:`LocaleLink` per locale
        - ``suggestions``: the hidden region prompts (markup)
        - ``meta``: :class:`~mot_blog.render.meta.PageMeta` (Open Graph, Twitter card)
        - ``json_ld``: JSON-LD markup for a ``<script>`` element, or ``None``
        - ``feeds``: :class:`FeedLink` per Atom feed to announce (default: the locale's)
        - ``pagination``: the :class:`~mot_blog.model.listings.ListPage` of a listing, else ``None``
          (its ``prev_url``/``next_url`` become ``<link rel="prev"/"next">``)
        """
        switcher = self._switcher(locale, targets, fallbacks)
        return {
            "locale": locale,
            "site_title": self.config.title(locale.code),
            "home_url": home_url(self.config, locale),
            "root_url": root_url(self.config),
            "page_url": url,
            "canonical": absolute(self.config, url),
            "page_title": title,
            "description": description,
            "alternates": self._alternates(targets),
            "x_default": self._x_default if x_default else None,
            "switcher": switcher,
            "suggestions": self._suggestions(locale, switcher),
            "meta": page_meta(self.site, locale.code, url, tuple(targets), post),
            "json_ld": None,
            "feeds": self._feed_links([locale]) if feeds is None else feeds,
            "pagination": pagination,
        }

    def _alternates(self, targets: Mapping[str, str]) -> list[tuple[str, str]]:
        """``(hreflang, absolute URL)`` of each version of a page (its ``targets``)."""
        return [(code, absolute(self.config, target)) for code, target in targets.items()]

    def _sitemap_entry(self, url: str, targets: Mapping[str, str], lastmod: Any) -> SitemapEntry:
        """The sitemap entry of a page: the alternates its head lists (:meth:`base_context`
        with the same ``targets``), then the ``x-default``."""
        alternates = (*self._alternates(targets), ("x-default", self._x_default))
        return SitemapEntry(absolute(self.config, url), lastmod, alternates)

    # ---- pages --------------------------------------------------------------------------

    def article_context(self, post: Post) -> dict[str, Any]:
        """Context of ``article.html``: the base context plus

        - ``post``: the :class:`~mot_blog.model.site.Post` (title, dates, body, category, tags, image)
        - ``reading_minutes``: whole minutes at the configured reading speed (at least 1)
        - ``author``, ``role``, ``bio``: the author and their texts in this locale, or ``None``
        - ``publisher``, ``publisher_description``: the card shown when there is no author
        - ``share_links``: ``{network, name, href}`` per network; ``share_url`` for copying
        - ``related``: related posts, best first; ``related_heading``: its configured heading

        ``json_ld`` is the post's schema.org ``BlogPosting`` (see :mod:`mot_blog.render.meta`).
        """
        locale = self.config.locale(post.locale)
        versions = self._article_targets(post)
        context = self.base_context(locale, post.url, post.title, post.summary, versions, post=post)
        author = post.author
        share_url = absolute(self.config, post.url)
        context.update(
            post=post,
            reading_minutes=max(1, ceil(post.word_count / self.config.words_per_minute)),
            author=author,
            role=author.roles.get(locale.code, "") if author else "",
            bio=author.bios.get(locale.code, "") if author else "",
            publisher=self.site.publisher,
            publisher_description=self.site.publisher.descriptions.get(locale.code, ""),
            share_links=_share_links(share_url, post.title),
            share_url=share_url,
            related=self.site.related.get(post.source, ()),
            related_heading=locale.related_heading,
            json_ld=json_for_script(blog_posting(self.site, post)),
        )
        return context

    def _article_targets(self, post: Post) -> dict[str, str]:
        """URL of each version of an article, by locale."""
        return {p.locale: p.url for p in self.site.versions_of(post)}

    def article(self, post: Post) -> Output:
        """One article page."""
        sources = tuple(p.source for p in self.site.versions_of(post))
        context = self.article_context(post)
        data = self._render(post.locale, "article.html", context)
        entry = self._sitemap_entry(post.url, self._article_targets(post), post.modified)
        return Output(post.output_path, data, sources, entry)

    @staticmethod
    def _newest(page: ListPage) -> Any:
        return max((card.post.modified for card in page.cards), default=None)

    def index_context(self, locale: LocaleConfig, page: ListPage) -> dict[str, Any]:
        """Context of ``index.html``, one page of a locale's blog index: the base context plus

        - ``pagination``: the :class:`~mot_blog.model.listings.ListPage` (``number``, ``count``,
          ``cards``, ``prev_url``, ``next_url``); each card is a
          :class:`~mot_blog.model.listings.Card` (``post``, ``foreign``: an untranslated post of
          another locale, shown with a language badge)
        - ``search_bundle``: URL of the search bundle (ends in ``/``), ``None`` with search off
        """
        targets = self._index_targets(page)
        title = self.config.title(locale.code)
        context = self.base_context(locale, page.url, title, title, targets, pagination=page)
        context.update(search_bundle=search_url(self.config) if self.config.search else None)
        return context

    def _index_targets(self, page: ListPage) -> dict[str, str]:
        """The same page number of each locale's index, where it has that many pages."""
        return {
            other.code: pages[page.number - 1].url
            for other in self.config.locales
            if len(pages := self.index_pages[other.code]) >= page.number
        }

    def index(self, locale: LocaleConfig) -> Iterator[Output]:
        """Every page of a locale's blog index."""
        for page in self.index_pages[locale.code]:
            yield self.index_page(locale, page)

    def index_page(self, locale: LocaleConfig, page: ListPage) -> Output:
        """One page of a locale's blog index."""
        context = self.index_context(locale, page)
        data = self._render(locale.code, "index.html", context)
        entry = self._sitemap_entry(page.url, self._index_targets(page), self._newest(page))
        sources = (CONFIG_FILE, *dict.fromkeys(card.post.source for card in page.cards))
        return Output(output_path(self.config, page.url), data, sources, entry)

    def term_context(self, term: Term, page: ListPage) -> dict[str, Any]:
        """Context of ``term.html``, one page of a category or tag listing: the base context plus

        - ``term``: the :class:`~mot_blog.model.site.Term` (``kind``, ``label``, ``url``)
        - ``pagination``: as for ``index.html`` (cards of the term's locale only)

        Alternates are the term's translations (``content/terms.yaml``) that have this
        page; the switcher falls back to their first page, then to the locale's index.
        A category page also announces the category's feed.
        """
        locale = self.config.locale(term.locale)
        group = self.site.term_groups[(term.kind, term.key)]
        targets = self._term_targets(term, page)
        fallbacks = {other.locale: other.url for other in group}
        feeds = self._feed_links([locale])
        if term.kind == "category":
            feeds.insert(
                0,
                FeedLink(
                    f"{term.label} · {self.config.title(locale.code)}",
                    term_feed_url(self.config, locale, term.kind, term.slug),
                    locale.lang,
                ),
            )
        context = self.base_context(
            locale,
            page.url,
            term.label,
            term.label,
            targets,
            fallbacks=fallbacks,
            pagination=page,
            feeds=feeds,
        )
        context.update(term=term)
        return context

    def _term_targets(self, term: Term, page: ListPage) -> dict[str, str]:
        """The same page number of each translation of a term, where it has that many pages."""
        return {
            other.locale: pages[page.number - 1].url
            for other in self.site.term_groups[(term.kind, term.key)]
            if len(pages := self.term_pages[other]) >= page.number
        }

    def term(self, term: Term) -> Iterator[Output]:
        """Every page of a category or tag listing."""
        for page in self.term_pages[term]:
            yield self.term_page(term, page)

    def term_page(self, term: Term, page: ListPage) -> Output:
        """One page of a category or tag listing."""
        locale = self.config.locale(term.locale)
        context = self.term_context(term, page)
        data = self._render(locale.code, "term.html", context)
        sources = tuple(dict.fromkeys(card.post.source for card in page.cards))
        entry = self._sitemap_entry(page.url, self._term_targets(term, page), self._newest(page))
        return Output(output_path(self.config, page.url), data, sources, entry)

    def root_context(self) -> dict[str, Any]:
        """Context of ``root.html``, the language choice at the site root: the base context
        (in the default locale) plus

        - ``choices``: :class:`LocaleLink` per locale, named in its own language

        It is the ``x-default`` of every page, announces every locale's feed, and carries
        the same (never redirecting) region suggestions as the other pages.
        """
        default = self.config.locale(self.config.default_locale)
        targets = self._root_targets()
        url = root_url(self.config)
        context = self.base_context(
            default,
            url,
            self.config.title(default.code),
            self.config.title(default.code),
            targets,
            feeds=self._feed_links(list(self.config.locales)),
        )
        context.update(choices=self._switcher(default, targets))
        return context

    def _root_targets(self) -> dict[str, str]:
        """Each locale's index: the root page is the language choice between them."""
        return {other.code: home_url(self.config, other) for other in self.config.locales}

    def _root_sitemap_entry(self) -> SitemapEntry:
        lastmod = max((post.modified for post in self.site.posts), default=None)
        return self._sitemap_entry(root_url(self.config), self._root_targets(), lastmod)

    def root(self) -> Output:
        """The root page."""
        default = self.config.default_locale
        data = self._render(default, "root.html", self.root_context())
        url = output_path(self.config, root_url(self.config))
        return Output(url, data, (CONFIG_FILE,), self._root_sitemap_entry())

    def not_found_context(self, locale: LocaleConfig) -> dict[str, Any]:
        """Context of ``404.html``, a locale's "page not found" page: the base context
        (no alternates, no x-default; the switcher leads to each locale's index)."""
        homes = {other.code: home_url(self.config, other) for other in self.config.locales}
        title = self.config.title(locale.code)
        url = not_found_url(self.config, locale)
        return self.base_context(locale, url, title, title, {}, fallbacks=homes, x_default=False)

    def not_found(self, locale: LocaleConfig) -> Output:
        """A locale's 404 page (not listed in the sitemap)."""
        data = self._render(locale.code, "404.html", self.not_found_context(locale))
        return Output(output_path(self.config, not_found_url(self.config, locale)), data)

    def root_not_found_context(self) -> dict[str, Any]:
        """Context of ``root_404.html``, the site-wide "page not found" page: the base
        context (in the default locale, like the root page) plus

        - ``messages``: per locale, its "not found" message and link to its index,
          each rendered in that locale's language (markup)
        """
        default = self.config.locale(self.config.default_locale)
        homes = {other.code: home_url(self.config, other) for other in self.config.locales}
        title = self.config.title(default.code)
        context = self.base_context(
            default,
            not_found_url(self.config),
            title,
            title,
            {},
            fallbacks=homes,
            feeds=self._feed_links(list(self.config.locales)),
            x_default=False,
        )
        messages = [
            Markup(
                self.envs[link.code]
                .get_template("partials/not_found_choice.html")
                .render(choice=link)
            )
            for link in self._switcher(default, homes)
        ]
        context.update(messages=messages)
        return context

    def root_not_found(self) -> Output:
        """The 404 page at the site root, listing the locales."""
        context = self.root_not_found_context()
        data = self._render(self.config.default_locale, "root_404.html", context)
        return Output(output_path(self.config, not_found_url(self.config)), data)

    def _feed_posts(self, posts: tuple[Post, ...]) -> tuple[Post, ...]:
        """The entries of a feed: the newest ``feed_items`` of its posts."""
        return posts[: self.config.feed_items]

    def locale_feed(self, locale: LocaleConfig) -> Output:
        """A locale's Atom feed: its newest posts, in full."""
        url = feed_url(self.config, locale)
        posts = self._feed_posts(self.site.posts_in(locale.code))
        title = self.config.title(locale.code)
        feed = Feed(url, home_url(self.config, locale), title, locale.code, posts)
        return Output(
            output_path(self.config, url),
            atom_feed(self.site, feed),
            tuple(p.source for p in posts),
        )

    def category_feed(self, locale: LocaleConfig, term: Term) -> Output:
        """The Atom feed of one category: its newest posts, in full."""
        url = term_feed_url(self.config, locale, term.kind, term.slug)
        posts = self._feed_posts(self.site.term_posts[term])
        title = f"{term.label} · {self.config.title(locale.code)}"
        feed = Feed(url, term.url, title, locale.code, posts)
        return Output(
            output_path(self.config, url),
            atom_feed(self.site, feed),
            tuple(p.source for p in posts),
        )

    def feeds(self) -> Iterator[Output]:
        """The Atom feed of every locale and of every category."""
        for locale in self.config.locales:
            yield self.locale_feed(locale)
            for term in self.site.terms.get(("category", locale.code), ()):
                yield self.category_feed(locale, term)

    def pages(self) -> Iterator[Output]:
        """Every HTML page, in a stable order."""
        for job in self._page_jobs():
            yield job.make()

    def sitemap_entries(self) -> list[SitemapEntry]:
        """The sitemap entry of every listed page, in page order: their URLs, alternates
        and dates, from the same targets as their heads, without their contexts."""
        entries = [self._root_sitemap_entry()]
        for locale in self.config.locales:
            for page in self.index_pages[locale.code]:
                entries.append(
                    self._sitemap_entry(page.url, self._index_targets(page), self._newest(page))
                )
            for kind in ("category", "tag"):
                for term in self.site.terms.get((kind, locale.code), ()):
                    for page in self.term_pages[term]:
                        targets = self._term_targets(term, page)
                        entries.append(self._sitemap_entry(page.url, targets, self._newest(page)))
        for post in self.site.posts:
            entries.append(
                self._sitemap_entry(post.url, self._article_targets(post), post.modified)
            )
        return entries

    def sitemap(self) -> Output:
        """``sitemap.xml``: every page but the 404 pages."""
        return Output(
            output_path(self.config, sitemap_url(self.config)), sitemap_xml(self.sitemap_entries())
        )

    def robots(self) -> Output:
        """``robots.txt`` naming the sitemap."""
        robots = robots_txt(absolute(self.config, sitemap_url(self.config)))
        return Output(output_path(self.config, f"{self.config.base_path}robots.txt"), robots)

    def _page_jobs(self) -> list[Job]:
        """The HTML pages' jobs, in the order of :meth:`pages`."""
        path = partial(output_path, self.config)
        jobs = [
            Job(path(root_url(self.config)), self.root, ()),
            Job(path(not_found_url(self.config)), self.root_not_found, ()),
        ]
        # A listing page shows its cards; its alternates, the same page number in the
        # other locales (or the term's translations), depend on their page counts.
        index_counts = repr(sorted((code, len(p)) for code, p in self.index_pages.items()))
        for locale in self.config.locales:
            for page in self.index_pages[locale.code]:
                jobs.append(
                    Job(
                        path(page.url),
                        partial(self.index_page, locale, page),
                        (),
                        tuple(card.post for card in page.cards),
                        f"{index_counts} {[card.foreign for card in page.cards]}",
                        locale.code,
                    )
                )
            make = partial(self.not_found, locale)
            jobs.append(Job(path(not_found_url(self.config, locale)), make, (), locale=locale.code))
            for kind in ("category", "tag"):
                for term in self.site.terms.get((kind, locale.code), ()):
                    group = self.site.term_groups[(term.kind, term.key)]
                    counts = repr([(other, len(self.term_pages[other])) for other in group])
                    for page in self.term_pages[term]:
                        cards = tuple(card.post for card in page.cards)
                        make = partial(self.term_page, term, page)
                        jobs.append(Job(path(page.url), make, (), cards, counts, term.locale))
        for post in self.site.posts:
            # Translations are linked (alternates, switcher, JSON-LD) and related posts
            # shown as cards: only what a card shows of them matters.
            others = tuple(p for p in self.site.versions_of(post) if p is not post)
            cards = others + self.site.related.get(post.source, ())
            make = partial(self.article, post)
            jobs.append(Job(post.output_path, make, (post,), cards, locale=post.locale))
        return jobs

    def jobs(self) -> list[Job]:
        """Every output to render, in a stable order; a new page kind adds its jobs here:
        the pages, the feeds, then the sitemap of the pages and ``robots.txt``."""
        path = partial(output_path, self.config)
        jobs = self._page_jobs()
        for locale in self.config.locales:
            posts = self._feed_posts(self.site.posts_in(locale.code))
            make = partial(self.locale_feed, locale)
            jobs.append(Job(path(feed_url(self.config, locale)), make, posts, locale=locale.code))
            for term in self.site.terms.get(("category", locale.code), ()):
                url = term_feed_url(self.config, locale, term.kind, term.slug)
                posts = self._feed_posts(self.site.term_posts[term])
                make = partial(self.category_feed, locale, term)
                jobs.append(Job(path(url), make, posts, locale=locale.code))
        # Every page's URL, alternates and dates: what cards of every post settle.
        jobs.append(Job(path(sitemap_url(self.config)), self.sitemap, (), self.site.posts))
        if "robots.txt" not in self.assets.urls:
            # A site's own static/robots.txt wins; it should name the sitemap itself.
            jobs.append(Job(path(f"{self.config.base_path}robots.txt"), self.robots, ()))
        return jobs

    def render_all(self) -> Iterator[Output]:
        """Every page, the feeds, then the sitemap of the pages and ``robots.txt``."""
        for job in self.jobs():
            yield job.make()


__all__ = ["Job", "Output", "Renderer", "post_url"]
