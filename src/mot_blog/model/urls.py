"""The one place that knows the URL and output-path scheme.

Every page is a folder with an ``index.html``; URLs are site-relative and start
with the base path of ``base_url`` (``/`` for a site at a domain root)::

    /                                   root: language choice (x-default)
    /<prefix>/                          blog index of a locale
    /<prefix>/<page_path>/<n>/          index page n >= 2
    /<prefix>/<slug>/                   article
    /<prefix>/<category_path>/<slug>/   category listing (page n: .../<page_path>/<n>/)
    /<prefix>/<tag_path>/<slug>/        tag listing
    /<prefix>/feed.xml                  Atom feed of a locale
    /<prefix>/<category_path>/<slug>/feed.xml   Atom feed of a category
    /<prefix>/404.html, /404.html       "not found" pages (a locale's, the language choice)
    /sitemap.xml, /robots.txt           for crawlers
    /pagefind/                          search index and library (with ``search: true``)
"""

from __future__ import annotations

import re
import unicodedata

from mot_blog.load.config import SiteConfig
from mot_blog.load.locales import LocaleConfig

_NON_SLUG = re.compile(r"[^a-z0-9]+")
MAX_SLUG = 80
"""A slug becomes a folder name: file systems refuse names over 255 bytes, and a URL
that long helps no reader. Longer slugs are cut at a word boundary."""


def slugify(text: str) -> str:
    """ASCII, lowercase, dash-separated: ``Customer Experience`` -> ``customer-experience``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NON_SLUG.sub("-", ascii_text.lower()).strip("-")
    if len(slug) > MAX_SLUG:
        cut = slug[: MAX_SLUG + 1]
        slug = (cut.rsplit("-", 1)[0] if "-" in cut else cut[:MAX_SLUG]).strip("-")
    return slug


def reserved_slugs(locale: LocaleConfig) -> frozenset[str]:
    """First path segments under a locale that a post slug may not take."""
    return frozenset(
        {locale.category_path, locale.tag_path, locale.page_path, "feed.xml", "404.html"}
    )


def root_url(config: SiteConfig) -> str:
    """The root page."""
    return config.base_path


def home_url(config: SiteConfig, locale: LocaleConfig) -> str:
    """A locale's blog index (page 1)."""
    return f"{config.base_path}{locale.prefix}/"


def paged(url: str, locale: LocaleConfig, page: int) -> str:
    """Page ``page`` of a listing whose first page is ``url``."""
    return url if page <= 1 else f"{url}{locale.page_path}/{page}/"


def post_url(config: SiteConfig, locale: LocaleConfig, slug: str) -> str:
    """An article."""
    return f"{home_url(config, locale)}{slug}/"


def term_url(config: SiteConfig, locale: LocaleConfig, kind: str, slug: str) -> str:
    """A category or tag listing (page 1)."""
    segment = locale.category_path if kind == "category" else locale.tag_path
    return f"{home_url(config, locale)}{segment}/{slug}/"


def feed_url(config: SiteConfig, locale: LocaleConfig) -> str:
    """A locale's Atom feed."""
    return f"{home_url(config, locale)}feed.xml"


def term_feed_url(config: SiteConfig, locale: LocaleConfig, kind: str, slug: str) -> str:
    """The Atom feed of a category (or tag) listing."""
    return f"{term_url(config, locale, kind, slug)}feed.xml"


def not_found_url(config: SiteConfig, locale: LocaleConfig | None = None) -> str:
    """A locale's "page not found" page, or the site-wide one at the root."""
    return f"{home_url(config, locale) if locale else config.base_path}404.html"


def sitemap_url(config: SiteConfig) -> str:
    """The sitemap (``robots.txt`` sits beside it at the root)."""
    return f"{config.base_path}sitemap.xml"


SEARCH_DIR = "pagefind"
"""Output folder of the search index (Pagefind's bundle)."""


def search_url(config: SiteConfig) -> str:
    """The search bundle's folder (ends in ``/``)."""
    return f"{config.base_path}{SEARCH_DIR}/"


def absolute(config: SiteConfig, url: str) -> str:
    """Site-relative URL to an absolute one."""
    return config.origin + url


def output_path(config: SiteConfig, url: str) -> str:
    """Output-folder path of the file served at ``url``."""
    relative = url[len(config.base_path) :]
    if relative == "" or relative.endswith("/"):
        return relative + "index.html"
    return relative
