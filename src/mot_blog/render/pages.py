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
from dataclasses import dataclass
from math import ceil
from typing import Any

from markupsafe import Markup

from mot_blog.load.locales import LocaleConfig, own_language_name
from mot_blog.load.settings import CONFIG_FILE
from mot_blog.markup.text import reading_measure, separates_words
from mot_blog.model.listings import ListPage
from mot_blog.model.site import Alias, Author, Post, Term
from mot_blog.model.urls import (
    absolute,
    feed_url,
    home_url,
    not_found_url,
    output_path,
    root_url,
    search_url,
    sitemap_url,
    term_feed_url,
)
from mot_blog.render.base import FeedLink, PageParts, share_links
from mot_blog.render.body import table_of_contents
from mot_blog.render.card_image import card_bytes
from mot_blog.render.choices import choice_cards
from mot_blog.render.feeds import Feed, atom_feed
from mot_blog.render.jobs import REDIRECTS_FILE, Job, Output, page_jobs, site_jobs
from mot_blog.render.meta import blog_posting, json_for_script
from mot_blog.render.redirects import redirect_context, redirects_file
from mot_blog.render.shortcodes import with_shortcodes
from mot_blog.render.sitemap import SitemapEntry, robots_txt, sitemap_xml
from mot_blog.render.social import SocialCard


@dataclass(frozen=True, slots=True)
class Byline:
    """An author of an article, with their texts in the article's language."""

    author: Author
    role: str
    bio: str


class Renderer(PageParts):
    """Renders every page of a :class:`Site`."""

    def article_context(self, post: Post) -> dict[str, Any]:
        """Context of ``article.html``: the base context plus

        - ``post``: the :class:`~mot_blog.model.site.Post` (title, dates, body, category or
          ``None``, tags, image, ``extra``), its shortcodes rendered in ``body_html``
        - ``reading_minutes``: whole minutes at the configured reading speeds (at least 1;
          characters, not words, in a language written without spaces: :meth:`_reading_minutes`)
        - ``authors``: a :class:`Byline` per author, in order (empty: the publisher's card)
        - ``author``, ``role``, ``bio``: the first author and their texts in this locale, or
          ``None`` and empty texts (for templates written for one author)
        - ``publisher``, ``publisher_description``: the card shown when there is no author
        - ``share_links``: ``{network, name, href}`` per network; ``share_url`` for copying
        - ``related``: related posts, best first; ``related_heading``: its configured heading
        - ``body``: the body's HTML in this locale's words (markup; ``post.body_html`` holds
          placeholders where the catalogs' words go: :mod:`mot_blog.render.body`)
        - ``toc``: the table of contents, :class:`~mot_blog.render.body.TocEntry` values
          (``text``, ``id``, ``children``); empty when the post has none

        ``json_ld`` is the post's schema.org ``BlogPosting`` (see :mod:`mot_blog.render.meta`).
        """
        locale = self.config.locale(post.locale)
        versions = self._article_targets(post)
        context = self.base_context(locale, post.url, post.title, post.summary, versions, post=post)
        authors = [
            Byline(a, a.roles.get(locale.code, ""), a.bios.get(locale.code, ""))
            for a in post.authors
        ]
        share_url = absolute(self.config, post.url)
        shown = self._shown(post)
        context.update(
            post=shown,
            reading_minutes=self._reading_minutes(post, locale),
            authors=authors,
            author=post.author,
            role=authors[0].role if authors else "",
            bio=authors[0].bio if authors else "",
            publisher=self.site.publisher,
            publisher_description=self.site.publisher.descriptions.get(locale.code, ""),
            share_links=share_links(share_url, post.title),
            share_url=share_url,
            related=self.site.related.get(post.source, ()),
            related_heading=locale.related_heading,
            json_ld=json_for_script(blog_posting(self.site, post)),
            body=Markup(self.body_html(shown)),
            toc=table_of_contents(post.headings, post.toc),
        )
        return context

    def _reading_minutes(self, post: Post, locale: LocaleConfig) -> int:
        """Whole minutes to read a post (at least 1): its words at ``words_per_minute``;
        in a language written without spaces between words (its name in itself is: 日本語,
        ไทย), its characters of such scripts at ``characters_per_minute`` plus its other
        words at ``words_per_minute``."""
        config = self.config
        if separates_words(own_language_name(locale.code)):
            return max(1, ceil(post.word_count / config.words_per_minute))
        words, characters = reading_measure(post.body_html)
        minutes = words / config.words_per_minute + characters / config.characters_per_minute
        return max(1, ceil(minutes))

    def _shown(self, post: Post) -> Post:
        """``post`` with its shortcodes rendered in its body, in its locale."""
        if not post.shortcodes:
            return post
        code = post.locale
        env, locale, fragments = self.envs[code], self.config.locale(code), self._fragments[code]
        return with_shortcodes(post, env, locale, self.assets, self.image_info, fragments)

    def _article_targets(self, post: Post) -> dict[str, str]:
        """URL of each version of an article, by locale."""
        return {p.locale: p.url for p in self.site.versions_of(post)}

    def article(self, post: Post) -> Output:
        """One article page."""
        sources = tuple(p.source for p in self.site.versions_of(post))
        context = self.article_context(post)
        data = self._render(post.locale, "article.html", context)
        entry = None
        if post.canonical_url is None:  # else its canonical page is elsewhere: not listed
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
            if post.canonical_url is None:
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
        """Every page, the feeds, then the sitemap of the pages and ``robots.txt``."""
        for job in self.jobs():
            yield job.make()
