"""Fallback pages as a page shows them (:mod:`mot_blog.model.fallbacks`): an article page of
the locale that lacks the post, showing the original, and where the language switcher of
each version of a post leads for the locales that have no version of it."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from mot_blog.model.fallbacks import Fallback
from mot_blog.model.site import Post
from mot_blog.model.urls import absolute

if TYPE_CHECKING:
    from mot_blog.render.base import PageParts

FALLBACK_NOTICE = "fallback"
"""``notice`` of an article context showing a post in a locale that has no version of it."""
MACHINE_NOTICE = "machine"
"""``notice`` of an article context showing a machine translation nobody reviewed yet."""


def switch_targets(parts: PageParts, post: Post) -> dict[str, str]:
    """Where the language switcher of a page of ``post`` leads, by locale code: each version
    (those its head leaves out of the alternates too: a machine translation awaiting
    review), and the fallback page of each locale with no version."""
    targets = {p.locale: p.url for p in parts.site.versions_of(post)}
    for code, page in parts.fallbacks.get(post.translation_key, {}).items():
        targets[code] = page.url
    return targets


def notice(post: Post) -> str:
    """The ``notice`` of an article context for ``post`` on its own page: ``machine`` or ''."""
    return MACHINE_NOTICE if post.awaiting_review else ""


def as_fallback(parts: PageParts, context: dict[str, Any], page: Fallback) -> dict[str, Any]:
    """An article context of ``page.original`` made into its fallback page's: its canonical
    link (and ``og:url``, share links) the original's, no JSON-LD (the original's page has
    it), no related articles (they would be in the original's locale), the fallback
    notice, and the content's own language (``content_lang``)."""
    original = page.original
    canonical = original.canonical_url or absolute(parts.config, original.url)
    meta: Any = context["meta"]
    context.update(
        canonical=canonical,
        meta=replace(meta, url=canonical),
        json_ld=None,
        related=(),
        notice=FALLBACK_NOTICE,
        content_lang=original.locale,
    )
    return context
