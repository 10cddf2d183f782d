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

from collections.abc import Iterator
from typing import Any

from markupsafe import Markup

from mot_blog.load.locales import LocaleConfig
from mot_blog.load.settings import CONFIG_FILE
from mot_blog.model.listings import ListPage
from mot_blog.model.site import Alias, Post, Term
from mot_blog.model.urls import (
    feed_url,
    home_url,
    not_found_url,
    output_path,
    root_url,
    search_url,
    sitemap_url,
    term_feed_url,
)
from mot_blog.render.articles import ArticlePages
from mot_blog.render.base import FeedLink
from mot_blog.render.card_image import card_bytes
from mot_blog.render.choices import choice_cards
from mot_blog.render.extensions import output_jobs
from mot_blog.render.feeds import Feed, atom_feed
from mot_blog.render.jobs import REDIRECTS_FILE, Job, Output, page_jobs, site_jobs
from mot_blog.render.redirects import redirect_context, redirects_file
from mot_blog.render.sitemap import SitemapEntry, sitemap_xml
from mot_blog.render.social import SocialCard


class Renderer(ArticlePages):
    """Renders every page of a :class:`Site`."""

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

        - ``choices``: :class:`LocaleLink` per locale, named in its own language (none
          of them current, in the switcher either: the page is no locale's)
        - ``choice_cards``: per locale, its card in its own language (markup,
          :mod:`mot_blog.render.choices`)

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
            language_choice=True,
        )
        cards = choice_cards(self.site, self.envs, context["switcher"], default.direction)
        context.update(choices=context["switcher"], choice_cards=cards)
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
            language_choice=True,
        )
        messages = [
            Markup(
                self.envs[link.code]
                .get_template("partials/not_found_choice.html")
                .render(choice=link, page_dir=default.direction)
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
        shown = tuple(map(self._shown, posts))
        feed = Feed(url, home_url(self.config, locale), title, locale.code, shown)
        return Output(
            output_path(self.config, url),
            atom_feed(self.site, feed, self.feed_body),
            tuple(p.source for p in posts),
        )

    def category_feed(self, locale: LocaleConfig, term: Term) -> Output:
        """The Atom feed of one category: its newest posts, in full."""
        url = term_feed_url(self.config, locale, term.kind, term.slug)
        posts = self._feed_posts(self.site.term_posts[term])
        title = f"{term.label} · {self.config.title(locale.code)}"
        feed = Feed(url, term.url, title, locale.code, tuple(map(self._shown, posts)))
        return Output(
            output_path(self.config, url),
            atom_feed(self.site, feed, self.feed_body),
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
        for job in page_jobs(self):
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
            if post.canonical_url is None and not post.awaiting_review:
                entries.append(
                    self._sitemap_entry(post.url, self._article_targets(post), post.modified)
                )
        return entries

    def sitemap(self) -> Output:
        """``sitemap.xml``: every page but the 404 pages."""
        return Output(
            output_path(self.config, sitemap_url(self.config)), sitemap_xml(self.sitemap_entries())
        )

    def plugin_outputs(self) -> list[Job]:
        """The jobs of the plugins' extra files (the core's: ``robots.txt``)."""
        return output_jobs(self.plugins, self.site, self.assets)

    def redirect(self, post: Post, alias: Alias) -> Output:
        """The redirect page at one of a post's old URLs (not in the sitemap)."""
        data = self._render(post.locale, "redirect.html", redirect_context(self, post, alias))
        return Output(alias.output_path, data, (post.source,))

    def redirects(self, static_rules: bytes | None) -> Output:
        """``_redirects`` at the output root: the site's own ``static/_redirects`` rules
        (``static_rules``), then one rule per alias (:mod:`mot_blog.render.redirects`)."""
        posts = tuple(p for p in self.site.posts if p.aliases)
        data = redirects_file(posts, static_rules)
        return Output(REDIRECTS_FILE, data, tuple(p.source for p in posts))

    def social_card(self, card: SocialCard) -> Output:
        """A social card's file (:mod:`mot_blog.render.social`): drawn, or from the cache."""
        return Output(card.path, card_bytes(card.spec, self.config.root), (card.source,))

    def jobs(self) -> list[Job]:
        """Every output to render (:func:`~mot_blog.render.jobs.site_jobs`)."""
        return site_jobs(self)

    def render_all(self) -> Iterator[Output]:
        """Every page, the feeds, the sitemap of the pages, then the plugins' files."""
        for job in self.jobs():
            yield job.make()
