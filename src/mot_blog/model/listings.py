"""Lists of posts: which cards a listing shows, and how they split into pages.

Pure functions over the site model, so the blog index, the category and tag
pages and their tests share one definition of "newest first, N per page":

- :func:`index_cards`: a locale's own posts, plus (with ``untranslated: badge``)
  the posts that exist in one other locale only, each marked with its language;
- :func:`term_cards`: the posts of one category or tag;
- :func:`paginate`: cards -> :class:`ListPage` values with their URLs and
  previous/next links (page 1 at the listing's URL, page n at
  ``<url><page_path>/<n>/``).
"""

from __future__ import annotations

from dataclasses import dataclass

from mot_blog.load.locales import LocaleConfig
from mot_blog.model.site import Post, Site, Term
from mot_blog.model.urls import paged


@dataclass(frozen=True, slots=True)
class Card:
    """One post as a listing shows it."""

    post: Post
    foreign: bool
    """The post is in another locale than the listing (an untranslated post, with a badge)."""


@dataclass(frozen=True, slots=True)
class ListPage:
    """One page of a paginated listing."""

    number: int
    """1-based page number."""
    count: int
    """How many pages the listing has (at least 1)."""
    cards: tuple[Card, ...]
    url: str
    prev_url: str | None
    next_url: str | None
    first_url: str
    """Page 1 of the listing."""


def is_untranslated(site: Site, post: Post) -> bool:
    """Whether ``post`` exists in its own locale only."""
    return len(site.versions_of(post)) == 1


def index_cards(site: Site, locale: LocaleConfig) -> tuple[Card, ...]:
    """Cards of a locale's blog index, newest first.

    With ``untranslated: badge`` (or ``fallback``) a post that exists in one other locale
    only is listed too (as a foreign card); with ``hide`` only the locale's own posts.
    """
    badge = site.config.untranslated in ("badge", "fallback")
    cards = []
    for post in site.posts:
        if post.locale == locale.code:
            cards.append(Card(post, foreign=False))
        elif badge and is_untranslated(site, post):
            cards.append(Card(post, foreign=True))
    return tuple(cards)


def term_cards(site: Site, term: Term) -> tuple[Card, ...]:
    """Cards of a category or tag page, newest first (the term's locale only)."""
    return tuple(Card(post, foreign=False) for post in site.term_posts.get(term, ()))


def page_count(items: int, per_page: int) -> int:
    """Pages needed for ``items`` cards; an empty listing still has its first page."""
    return max(1, -(-items // per_page))


def paginate(
    cards: tuple[Card, ...], per_page: int, first_url: str, locale: LocaleConfig
) -> tuple[ListPage, ...]:
    """Split ``cards`` into pages of ``per_page``; page 1 lives at ``first_url``."""
    count = page_count(len(cards), per_page)
    pages = []
    for number in range(1, count + 1):
        pages.append(
            ListPage(
                number=number,
                count=count,
                cards=cards[(number - 1) * per_page : number * per_page],
                url=paged(first_url, locale, number),
                prev_url=paged(first_url, locale, number - 1) if number > 1 else None,
                next_url=paged(first_url, locale, number + 1) if number < count else None,
                first_url=first_url,
            )
        )
    return tuple(pages)
