"""The site as plain, frozen data: no I/O, no rendering.

:func:`mot_blog.model.assemble.assemble` builds a :class:`Site` once; every later
stage only reads it. Relations (translations, related posts, term listings)
are indexes on the site, not references between posts, so a post can be
rendered from the site without touching any other mutable state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from mot_blog.load.config import SiteConfig
from mot_blog.load.frozen import EMPTY, FrozenMap
from mot_blog.markup.rendered import Heading
from mot_blog.markup.shortcode_calls import ShortcodeCall

if TYPE_CHECKING:
    from mot_blog.model.menus import NavLink


@dataclass(frozen=True, slots=True)
class AuthorLink:
    """A link to an author's profile elsewhere, or their website (``links:`` of
    ``content/authors.yaml``)."""

    kind: str
    """``website``, ``email``, ``github``, ``gitlab``, ``mastodon``, ``bluesky``, ``x``,
    ``linkedin``, ``instagram``, ``facebook``, ``youtube``, ``threads``, or a kind of the
    site's own (shown with a plain link icon)."""
    url: str
    network: str
    """What the link is called in "Ada Rossi on GitHub" (``GitHub``; for a kind of the
    site's own, the kind as written); empty for ``website`` and ``email``."""


@dataclass(frozen=True, slots=True)
class Author:
    """A person who writes posts (``content/authors.yaml``)."""

    key: str
    name: str
    avatar: str | None
    """Published URL of the avatar image."""
    links: tuple[AuthorLink, ...]
    """Their website and profiles, in the order written (``linkedin:`` first)."""
    roles: Mapping[str, str]
    """Role per locale code."""
    bios: Mapping[str, str]
    """Short biography per locale code."""

    @property
    def linkedin(self) -> str | None:
        """The URL of their LinkedIn profile, if they gave one (the older ``linkedin:``)."""
        return next((link.url for link in self.links if link.kind == "linkedin"), None)

    @property
    def website(self) -> str | None:
        """The URL of their website, if they gave one."""
        return next((link.url for link in self.links if link.kind == "website"), None)


@dataclass(frozen=True, slots=True)
class Publisher:
    """Who publishes the blog; its card stands in for a missing author (``content/publisher.yaml``)."""

    name: str
    logo: str | None
    url: str | None
    descriptions: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Term:
    """A category or tag in one locale; ``key`` is shared by its translations."""

    kind: str
    """``category`` or ``tag``."""
    key: str
    locale: str
    label: str
    slug: str
    url: str


@dataclass(frozen=True, slots=True)
class Image:
    """An image shown with a post (hero, card, Open Graph)."""

    url: str
    alt: str
    credit: str | None
    source: str
    """Path under ``static/``."""


@dataclass(frozen=True, slots=True)
class Alias:
    """An old URL of a post, which redirects to it (``aliases:``)."""

    url: str
    """Site-relative URL (starts with the base path), percent-encoded."""
    output_path: str
    """Path of the redirect page inside the output folder."""
    line: int
    """Its line in the post's front matter (for problems)."""


@dataclass(frozen=True, slots=True)
class Translator:
    """Who translated a post (``translator:``)."""

    name: str
    author: Author | None = None
    """The author of ``content/authors.yaml`` it names, when it names one (else a name as
    written: ``DeepL``, ``Ada Rossi``)."""


@dataclass(frozen=True, slots=True)
class Provenance:
    """How a translation was made (``translated_by``, ``reviewed``, ``translator``;
    :mod:`mot_blog.model.provenance`)."""

    machine: bool
    """Translated by a machine (``translated_by: machine``), not by a person."""
    reviewed: bool
    """Reviewed by a person (default: a human translation is, a machine one is not)."""
    translator: Translator | None = None

    @property
    def awaiting_review(self) -> bool:
        """A machine translation nobody has reviewed yet: the page says so, and stays out
        of the hreflang alternates and the sitemap."""
        return self.machine and not self.reviewed


@dataclass(frozen=True, slots=True)
class Post:
    """One article in one locale."""

    source: str
    """Source file relative to the site root (``content/fr-FR/x.md``)."""
    locale: str
    slug: str
    title: str
    published: dt.datetime
    updated: dt.datetime | None
    summary: str
    """As written, or taken from the body's first paragraph (:mod:`mot_blog.markup.summary`)."""
    category: Term | None
    """Its category, the site's ``default_category``, or ``None``: no category."""
    tags: tuple[Term, ...]
    authors: tuple[Author, ...]
    """In the order written; empty: the publisher stands in."""
    image: Image | None
    body_html: str
    word_count: int
    translation_key: str
    """Group key: the post's own source path when it has no translations."""
    draft: bool
    url: str
    """Site-relative URL (starts with the base path)."""
    output_path: str
    """Path of the HTML file inside the output folder."""
    body_shows_image: bool
    """The hero image also stands in the body, so the page does not repeat it."""
    aliases: tuple[Alias, ...] = ()
    """Old URLs that redirect here."""
    canonical_url: str | None = None
    """Absolute URL where the post was first published: its pages' canonical link and
    ``og:url`` (the sitemap leaves the post out)."""
    extra: FrozenMap = EMPTY
    """The front matter's ``extra:`` mapping, read-only; templates read ``post.extra.x``."""
    headings: tuple[Heading, ...] = ()
    """The body's headings (level, text, id), for a table of contents."""
    toc: bool = False
    """Whether the article shows its table of contents (front matter, else site.yaml)."""
    shortcodes: tuple[ShortcodeCall, ...] = ()
    """The shortcode calls whose placeholders ``body_html`` holds: the page renders them
    (:mod:`mot_blog.render.shortcodes`)."""
    provenance: Provenance | None = None
    """How this translation was made; ``None``: the post says nothing of being a translation
    (no ``translated_from``, ``translated_by``, ``reviewed`` or ``translator``)."""

    @property
    def author(self) -> Author | None:
        """The first author, or ``None`` (templates written for one author read this)."""
        return self.authors[0] if self.authors else None

    @property
    def modified(self) -> dt.datetime:
        """Last change: ``updated`` or the publication moment."""
        return self.updated or self.published

    @property
    def awaiting_review(self) -> bool:
        """A machine translation nobody has reviewed yet (:attr:`Provenance.awaiting_review`)."""
        return self.provenance is not None and self.provenance.awaiting_review


def original_version(versions: Sequence[Post]) -> Post:
    """The original among the versions of one post (in locale order): the earliest published
    of those that do not say they are translations (:attr:`Post.provenance`), else of all;
    ties go to the first in locale order."""
    originals = [post for post in versions if post.provenance is None] or versions
    return min(originals, key=lambda post: post.published)


def _no_links() -> Mapping[str, tuple[NavLink, ...]]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Site:
    """Everything the renderer needs, with read-only indexes."""

    config: SiteConfig
    posts: tuple[Post, ...]
    """All posts, newest first (ties by locale order, then slug)."""
    publisher: Publisher
    by_locale: Mapping[str, tuple[Post, ...]]
    """Posts per locale code, newest first."""
    groups: Mapping[str, tuple[Post, ...]]
    """Translation groups by key, in locale order."""
    related: Mapping[str, tuple[Post, ...]]
    """Related posts per post source, best first."""
    terms: Mapping[tuple[str, str], tuple[Term, ...]]
    """Terms per (kind, locale), sorted by label."""
    term_posts: Mapping[Term, tuple[Post, ...]]
    """Posts per term, newest first."""
    term_groups: Mapping[tuple[str, str], tuple[Term, ...]]
    """Translations of a term by (kind, key), in locale order."""
    menus: Mapping[str, tuple[NavLink, ...]] = field(default_factory=_no_links)
    """The header's links per locale code (``menu:`` of site.yaml, resolved)."""
    footer_links: Mapping[str, tuple[NavLink, ...]] = field(default_factory=_no_links)
    """The footer's links per locale code (``footer_links:``, resolved)."""

    def translations_of(self, post: Post) -> tuple[Post, ...]:
        """Other-locale versions of ``post``, in locale order."""
        return tuple(p for p in self.groups[post.translation_key] if p is not post)

    def versions_of(self, post: Post) -> tuple[Post, ...]:
        """``post`` and its translations, in locale order."""
        return self.groups[post.translation_key]

    def original_of(self, post: Post) -> Post:
        """The version of ``post`` the others translate (:func:`original_version`)."""
        return original_version(self.groups[post.translation_key])

    def posts_in(self, locale: str) -> tuple[Post, ...]:
        """Posts of one locale, newest first."""
        return self.by_locale.get(locale, ())
