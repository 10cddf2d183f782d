"""What every page shares: the locale's environment, the language switcher and region
prompts, the feeds a page announces, and :meth:`PageParts.base_context`, which every page
context starts from. :class:`mot_blog.render.pages.Renderer` adds a context and an output
per page kind."""

from __future__ import annotations

import copy
import gettext
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Self

from markupsafe import Markup

from mot_blog.load.assets import AssetManifest
from mot_blog.load.i18n import language_name
from mot_blog.load.images import ImageInfo
from mot_blog.load.locales import LocaleConfig
from mot_blog.load.sitefiles import Folder
from mot_blog.model.fallbacks import fallback_pages
from mot_blog.model.listings import ListPage, index_cards, paginate, term_cards
from mot_blog.model.menus import NavLink
from mot_blog.model.site import Post, Site, Term
from mot_blog.model.urls import (
    absolute,
    feed_url,
    home_url,
    root_url,
)
from mot_blog.plugins import site_plugins
from mot_blog.render.body import body_words, localized_body
from mot_blog.render.environments import locale_environments
from mot_blog.render.extensions import page_additions
from mot_blog.render.fragments import STORE as FRAGMENT_STORE
from mot_blog.render.jobs import Job, Output
from mot_blog.render.meta import page_meta
from mot_blog.render.sitemap import SitemapEntry
from mot_blog.render.social import SocialImages
from mot_blog.render.template_errors import template_problems


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
    dir: str = "ltr"
    """The direction that locale's text is written in (``rtl``, ``ltr``)."""


@dataclass(frozen=True, slots=True)
class MenuEntry:
    """A link of the header's menu or the footer, as a page shows it."""

    label: str
    url: str
    current: bool
    """Whether it goes to the page it is shown on (``aria-current="page"``)."""


def menu_entries(links: Sequence[NavLink], page_url: str) -> list[MenuEntry]:
    """The links of a menu on the page at ``page_url``, the one that goes there current."""
    return [MenuEntry(link.label, link.url, link.url == page_url) for link in links]


@dataclass(frozen=True, slots=True)
class FeedLink:
    """A feed announced in a page's head (``<link rel="alternate" type="application/atom+xml">``)."""

    title: str
    url: str
    lang: str


SWITCHER_INLINE_EM = 24.0
"""How wide (in em of its text) the switcher's entries may be, all in one row, to be shown
inline; wider, they go into a disclosure list. A little more than one line of a 390 px
phone (22 em): the row wraps rather than overflow, so three or four names stay inline at
the cost of a second row there, and twenty never make a wall of links."""


def switcher_fits_inline(names: list[str]) -> bool:
    """Whether language names this long fit :data:`SWITCHER_INLINE_EM`: a wide (CJK)
    character takes about 1 em, another about 0.6 em, an entry's padding, border and gap
    1.75 em."""
    width = 0.0
    for name in names:
        wide = sum(1 for c in name if unicodedata.east_asian_width(c) in "WF")
        width += wide + 0.6 * (len(name) - wide) + 1.75
    return width <= SWITCHER_INLINE_EM


class PageParts:
    """The parts every page of a :class:`~mot_blog.model.site.Site` shares."""

    def __init__(
        self,
        site: Site,
        assets: AssetManifest,
        template_dirs: Sequence[Folder],
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
            (current.code, other.code): language_name(current, other.babel)
            for current in self.config.locales
            for other in self.config.locales
        }
        """The name of each locale's language in each other locale's language (the region
        prompts of every page name the page's language so)."""
        self._switcher_inline = switcher_fits_inline([o.name for o in self.config.locales])
        """Whether the switcher lists its locales inline (else in a disclosure list)."""
        self._fragments = self._fragment_stores()
        self.fallbacks = fallback_pages(site)
        """The fallback pages (:mod:`mot_blog.model.fallbacks`), by translation key and locale."""
        self._body_words: dict[str, dict[str, str]] = {}
        self._paginate()
        self.social = SocialImages(site, assets, self.image_info)
        """The picture each page shares, and the cards drawn for them."""
        self.plugins = site_plugins(self.config.plugins)
        """The core, then the site's plugins (:mod:`mot_blog.render.extensions`)."""
        self.envs = locale_environments(
            self.config, assets, template_dirs, translations, self.image_info, self.plugins
        )
        self._page_additions = page_additions(self.plugins)

    def body_html(self, post: Post) -> str:
        """The post's body as its page shows it (:mod:`mot_blog.render.body`)."""
        return localized_body(post.body_html, self._words(post.locale))

    def feed_body(self, post: Post) -> str:
        """The post's body as a feed carries it: no self-links."""
        return localized_body(post.body_html, self._words(post.locale), feed=True)

    def _words(self, locale: str) -> dict[str, str]:
        words = self._body_words.get(locale)
        if words is None:
            words = self._body_words[locale] = body_words(self.envs[locale])
        return words

    def _paginate(self) -> None:
        self.year = max((post.published.year for post in self.site.posts), default=None)
        """The year of the newest post: the copyright line's (a build date would make the
        output differ from day to day)."""
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

    def shared_facts(self, code: str) -> str:
        """What every page of the locale ``code`` shows besides its posts: the menu and
        footer links (a linked post's title), the categories, the copyright's year (a fact
        of each page's job, :mod:`mot_blog.runner.depindex`)."""
        categories = [(t.label, t.url) for t in self.site.terms.get(("category", code), ())]
        links = (self.site.menus.get(code), self.site.footer_links.get(code))
        return repr((links, categories, self.year))

    def with_site(self, site: Site) -> Self:
        """This renderer (same environments and compiled templates) showing ``site``, a
        site with the same config, templates and catalogs (an edited post)."""
        other = copy.copy(self)
        other.site = site
        other.fallbacks = fallback_pages(site)
        other._paginate()
        other.social = SocialImages(site, other.assets, other.image_info)
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
        if self._page_additions is not None:  # what the plugins add (the core: share links)
            self._page_additions(self.site, template, context)
        context[FRAGMENT_STORE] = self._fragments[locale]
        return self.envs[locale].get_template(template).render(context).encode("utf-8")

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
                dir=other.direction,
            )
            for other in self.config.locales
        ]

    def _homes(self, locale: LocaleConfig) -> list[LocaleLink]:
        """A link to the blog index of every locale but ``locale``."""
        return [
            LocaleLink(o.code, o.name, home_url(self.config, o), False, False, o.direction)
            for o in self.config.locales
            if o.code != locale.code
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
                    page_dir=locale.direction,
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
        language_choice: bool = False,
    ) -> dict[str, Any]:
        """What ``base.html`` reads; every page context starts from it.

        - ``locale``: the page's :class:`~mot_blog.load.config.LocaleConfig`
        - ``site_title``, ``home_url``, ``root_url``: site name and the locale's blog index
        - ``page_url``, ``canonical``: site-relative and absolute URL of this page (the
          canonical URL is a post's ``canonical_url`` when it has one)
        - ``page_title``, ``description``: ``<title>``, meta description, og/twitter title
          and description (a template may ``set`` them to translated text)
        - ``alternates``: ``(hreflang, absolute URL)`` for every existing version, this one included
        - ``x_default``: absolute URL of the root page (language choice), or ``None`` (404 pages)
        - ``switcher``: :class:`LocaleLink` per locale (none of them ``current`` on a
          ``language_choice`` page: the root page and the site-wide 404 page)
        - ``switcher_inline``: whether the switcher fits inline (else: a disclosure list)
        - ``suggestions``: the hidden region prompts (markup)
        - ``meta``: :class:`~mot_blog.render.meta.PageMeta` (Open Graph, Twitter card)
        - ``json_ld``: JSON-LD markup for a ``<script>`` element, or ``None``
        - ``feeds``: :class:`FeedLink` per Atom feed to announce (default: the locale's)
        - ``pagination``: the :class:`~mot_blog.model.listings.ListPage` of a listing, else ``None``
          (its ``prev_url``/``next_url`` become ``<link rel="prev"/"next">``)
        - ``menu``, ``footer_links``: :class:`MenuEntry` per link of the locale's ``menu:`` and
          ``footer_links:`` (none on a ``language_choice`` page, which is of no one locale)
        - ``categories``: the locale's categories (:class:`~mot_blog.model.site.Term`), by label
        - ``feed_url``: the locale's Atom feed
        - ``other_languages``: :class:`LocaleLink` to each other locale's blog index (the
          footer's; none on a ``language_choice`` page)
        - ``year``: the year of the site's newest post (for the copyright line), or ``None``
        - ``language_choice``: whether the page is of no one locale (the root page)
        """
        switcher = self._switcher(locale, targets, fallbacks)
        suggestions = self._suggestions(locale, switcher)
        if language_choice:
            switcher = [replace(link, current=False) for link in switcher]
        image = self.social.of_post(post) if post else self.social.of_locale(locale.code)
        code = locale.code
        return {
            "locale": locale,
            "site_title": self.config.title(locale.code),
            "home_url": home_url(self.config, locale),
            "root_url": root_url(self.config),
            "page_url": url,
            "canonical": (post and post.canonical_url) or absolute(self.config, url),
            "page_title": title,
            "description": description,
            "alternates": self._alternates(targets),
            "x_default": self._x_default if x_default else None,
            "switcher": switcher,
            "switcher_inline": self._switcher_inline,
            "suggestions": suggestions,
            "meta": page_meta(self.site, locale.code, url, tuple(targets), image, post),
            "json_ld": None,
            "feeds": self._feed_links([locale]) if feeds is None else feeds,
            "pagination": pagination,
            "menu": [] if language_choice else menu_entries(self.site.menus.get(code, ()), url),
            "footer_links": (
                [] if language_choice else menu_entries(self.site.footer_links.get(code, ()), url)
            ),
            "categories": self.site.terms.get(("category", code), ()),
            "feed_url": feed_url(self.config, locale),
            "other_languages": [] if language_choice else self._homes(locale),
            "year": self.year,
            "language_choice": language_choice,
        }

    def _alternates(self, targets: Mapping[str, str]) -> list[tuple[str, str]]:
        """``(hreflang, absolute URL)`` of each version of a page (its ``targets``)."""
        return [(code, absolute(self.config, target)) for code, target in targets.items()]

    def _sitemap_entry(self, url: str, targets: Mapping[str, str], lastmod: Any) -> SitemapEntry:
        """The sitemap entry of a page: the alternates its head lists (:meth:`base_context`
        with the same ``targets``), then the ``x-default``."""
        alternates = (*self._alternates(targets), ("x-default", self._x_default))
        return SitemapEntry(absolute(self.config, url), lastmod, alternates)
