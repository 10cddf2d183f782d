"""Fallback pages (``untranslated: fallback`` in site.yaml): in each locale that has no
version of a post, a page that shows the post's original inside that locale's page.

The page is at the original's slug under the locale's prefix (``/it/<slug>/`` for a
Dutch original at ``/nl/<slug>/``): the URL a translation that keeps the slug would
take, and one a reader can guess from the original's. It is the locale's page in every
part but the content (header, switcher, dates, footer, a notice naming the original's
language); the content keeps its own ``lang``. Its canonical link is the original, it
has no hreflang alternates and no sitemap entry: search engines see one article, in its
language. The switcher of every version leads there. The locale's index lists the post
as ``badge`` does (a card with its language, :func:`mot_blog.model.listings.index_cards`).

When a real translation appears, the fallback page is no longer listed (a build removes
it; its URL may then be the translation's). A fallback page's URL that another page of
the locale has (a post of the locale with that slug, another fallback page, a listing's
segment) is a problem naming both, found when the site is assembled.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from mot_blog.errors import Problem
from mot_blog.load.config import SiteConfig
from mot_blog.model.site import Post, Site, original_version
from mot_blog.model.urls import output_path, post_url, reserved_slugs

FALLBACK = "fallback"
"""The ``untranslated`` setting that publishes fallback pages."""


@dataclass(frozen=True, slots=True)
class Fallback:
    """The page a locale shows for a post it has no version of."""

    original: Post
    """The version it shows (:func:`~mot_blog.model.site.original_version`)."""
    locale: str
    """The page's locale (its header, switcher, dates and notice)."""
    url: str
    output_path: str


def _fallbacks_of(config: SiteConfig, versions: Sequence[Post]) -> dict[str, Fallback]:
    """The fallback pages of one translation group, by locale code."""
    have = {post.locale for post in versions}
    missing = [locale for locale in config.locales if locale.code not in have]
    if not missing:
        return {}
    original = original_version(versions)
    pages = {}
    for locale in missing:
        url = post_url(config, locale, original.slug)
        pages[locale.code] = Fallback(original, locale.code, url, output_path(config, url))
    return pages


def fallback_pages(site: Site) -> dict[str, dict[str, Fallback]]:
    """Every fallback page of the site, by translation key then locale code (none unless
    ``untranslated: fallback``)."""
    if site.config.untranslated != FALLBACK:
        return {}
    pages = {}
    for key, versions in site.groups.items():
        found = _fallbacks_of(site.config, versions)
        if found:
            pages[key] = found
    return pages


def fallback_problems(
    config: SiteConfig,
    groups: Mapping[str, Sequence[Post]],
    posts: Iterable[Post],
    slug_line: Callable[[Post], int | None],
) -> list[Problem]:
    """A fallback page where another page of its locale is: a post of that locale with the
    same slug, another fallback page, or a listing's URL segment (``slug_line(post)``: the
    line to name in the original)."""
    if config.untranslated != FALLBACK:
        return []
    taken = {(post.locale, post.slug): post for post in posts}
    problems = []
    seen: dict[str, Fallback] = {}
    for versions in groups.values():
        for code, page in _fallbacks_of(config, versions).items():
            original = page.original
            where = f"its fallback page in {code} would be at {page.url}"
            other = taken.get((code, original.slug))
            if other is not None:
                clash = f"the URL of {other.source}; set another 'slug:' in one of them"
            elif original.slug in reserved_slugs(config.locale(code)):
                clash = f"where {code}'s listings are; set another 'slug:'"
            elif page.output_path in seen:
                first = seen[page.output_path].original.source
                clash = f"also the fallback page of {first}; set another 'slug:' in one of them"
            else:
                seen[page.output_path] = page
                continue
            problems.append(
                Problem(
                    original.source,
                    slug_line(original),
                    f"{where}, {clash} (or translate the post into {code})",
                )
            )
    return problems
