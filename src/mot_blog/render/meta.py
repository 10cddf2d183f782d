"""Search-engine and social metadata: Open Graph, Twitter card, JSON-LD.

Pure functions from the site model to plain values; ``base.html`` prints them.
JSON-LD goes inside a ``<script>`` element, where HTML escaping does not apply,
so :func:`json_for_script` escapes ``<``, ``>`` and ``&`` as JSON unicode
escapes: no front-matter value can close the element, and the data still
parses to the same strings.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Any

from babel import Locale
from markupsafe import Markup

from mot_blog.load.i18n import iso_datetime
from mot_blog.model.site import Author, Post, Publisher, Site, Translator
from mot_blog.model.urls import absolute
from mot_blog.render.social import ShareImage

TWITTER_CARD = "summary_large_image"


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What ``base.html`` prints as Open Graph and Twitter tags (besides title and description)."""

    og_type: str
    """``article`` on articles, ``website`` elsewhere."""
    url: str
    """Absolute URL of the page."""
    image: ShareImage
    """The picture the page shares (:mod:`mot_blog.render.social`): a PNG or JPEG, with its
    size and text."""
    locale: str
    """``og:locale`` (``it_IT``)."""
    locale_alternates: tuple[str, ...]
    """``og:locale:alternate``: the other locales this page is translated into."""
    site_name: str
    published: str | None = None
    """``article:published_time`` (ISO 8601) of an article, else ``None``."""
    modified: str | None = None
    """``article:modified_time``: its last change (``updated``, or the publication)."""
    twitter_card: str = TWITTER_CARD


@functools.cache
def og_locale(code: str) -> str:
    """``fr-FR`` -> ``fr_FR``, the form Open Graph expects (cached: every page asks, and
    Babel parses the code each time)."""
    return str(Locale.parse(code, sep="-"))


def json_for_script(data: Any) -> Markup:
    """JSON safe to place inside ``<script type="application/ld+json">``."""
    # Compact: without ``indent`` the json module encodes in C (a tenth of an article
    # page's rendering time went into the pure-Python indenting encoder).
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # Escapes, not HTML entities: a script element's content is raw text.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def _organization(site: Site, publisher: Publisher) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Organization", "name": publisher.name}
    if publisher.url:
        data["url"] = publisher.url
    if publisher.logo:
        data["logo"] = {"@type": "ImageObject", "url": absolute(site.config, publisher.logo)}
    return data


def _work_ref(site: Site, post: Post) -> dict[str, Any]:
    url = absolute(site.config, post.url)
    return {
        "@type": "BlogPosting",
        "@id": url,
        "url": url,
        "inLanguage": post.locale,
        "headline": post.title,
    }


def _translator(translator: Translator, machine: bool) -> dict[str, Any]:
    if translator.author is not None:
        return _person(translator.author)
    kind = "Organization" if machine else "Person"
    return {"@type": kind, "name": translator.name}


def _person(author: Author) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Person", "name": author.name}
    if author.website:
        data["url"] = author.website
    profiles = [link.url for link in author.links if link.kind not in ("website", "email")]
    if profiles:
        data["sameAs"] = profiles
    return data


def blog_posting(site: Site, post: Post) -> dict[str, Any]:
    """The schema.org ``BlogPosting`` of an article.

    The author is a ``Person`` (``url`` their website, ``sameAs`` their other profiles), a
    list of them for several authors, or the publisher ``Organization`` for a post without
    an author. ``articleSection`` is the category, when the post has one; a post first
    published elsewhere (``canonical_url``) names that page in ``mainEntityOfPage``.
    Translations point at each
    other: the original (:meth:`~mot_blog.model.site.Site.original_of`) lists
    ``workTranslation``, every translation names the original in ``translationOfWork`` and
    its ``translator`` when it names one (an author as a ``Person``; a name as a ``Person``,
    or for a machine translation an ``Organization``: the service).
    """
    config = site.config
    url = absolute(config, post.url)
    publisher = _organization(site, site.publisher)
    people = [_person(author) for author in post.authors]
    author: Any = people[0] if len(people) == 1 else people or publisher
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "@id": url,
        "url": url,
        "mainEntityOfPage": post.canonical_url or url,
        "headline": post.title,
        "description": post.summary,
        "datePublished": iso_datetime(post.published),
        "dateModified": iso_datetime(post.modified),
        "inLanguage": post.locale,
        "author": author,
        "publisher": publisher,
    }
    if post.category is not None:
        data["articleSection"] = post.category.label
    if post.tags:
        data["keywords"] = [tag.label for tag in post.tags]
    if post.image is not None:
        data["image"] = absolute(config, post.image.url)
    original = site.original_of(post)
    if original is not post:
        data["translationOfWork"] = _work_ref(site, original)
        made = post.provenance
        if made is not None and made.translator is not None:
            data["translator"] = _translator(made.translator, made.machine)
    else:
        others = site.translations_of(post)
        if others:
            data["workTranslation"] = [_work_ref(site, other) for other in others]
    return data


def page_meta(
    site: Site,
    locale_code: str,
    url: str,
    alternates: tuple[str, ...],
    image: ShareImage,
    post: Post | None = None,
) -> PageMeta:
    """Open Graph/Twitter data of a page; ``post`` makes it an article.

    ``alternates`` are the locale codes of the page's other versions; ``image`` the
    picture it shares (:class:`~mot_blog.render.social.SocialImages`).
    """
    config = site.config
    return PageMeta(
        og_type="article" if post is not None else "website",
        url=post.canonical_url
        if post is not None and post.canonical_url
        else absolute(config, url),
        image=image,
        locale=og_locale(locale_code),
        locale_alternates=tuple(og_locale(code) for code in alternates if code != locale_code),
        site_name=config.title(locale_code),
        published=iso_datetime(post.published) if post is not None else None,
        modified=iso_datetime(post.modified) if post is not None else None,
    )
