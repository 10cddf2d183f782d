"""The common edit in ``mot-blog serve``, made without assembling the site again: a post
that kept its place (date, slug, terms, translation group, and no menu naming it) takes
the old post's place in every index of the site (:mod:`mot_blog.serve.incremental`)."""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

from mot_blog.model.site import Post, Site


def relations(post: Post) -> tuple:
    """What places a post among the others: an edit that keeps these keeps every index."""
    return (
        post.locale,
        post.slug,
        post.url,
        post.published,
        post.category,
        post.tags,
        post.translation_key,
        post.draft,
    )


def linked_from_navigation(site: Site, source: str) -> bool:
    """Whether a menu or the footer of the site links to the post ``source``: its title
    may be their label, in every page of its locale, so an edit reloads the site."""
    return any(
        link.post == source
        for links in (*site.menus.values(), *site.footer_links.values())
        for link in links
    )


def swap_post(site: Site, old: Post, new: Post) -> Site:
    """``site`` with ``new`` wherever ``old`` was (same relations, so the same places)."""

    def swap(posts: tuple[Post, ...]) -> tuple[Post, ...]:
        # identity, not ==: comparing whole posts field by field would cost more than the edit
        return (
            tuple(new if p is old else p for p in posts) if any(p is old for p in posts) else posts
        )

    return dataclasses.replace(
        site,
        posts=swap(site.posts),
        by_locale=MappingProxyType({k: swap(v) for k, v in site.by_locale.items()}),
        groups=MappingProxyType({k: swap(v) for k, v in site.groups.items()}),
        related=MappingProxyType({k: swap(v) for k, v in site.related.items()}),
        term_posts=MappingProxyType({k: swap(v) for k, v in site.term_posts.items()}),
    )
