"""Atom feeds (RFC 4287): one per locale, one per category.

Built with :mod:`xml.etree.ElementTree`, so every value is escaped by the
serializer. A feed is a function of the posts it lists and nothing else: its
``<updated>`` is the newest entry's last change, never the build time, so two
builds of the same content give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import itertools
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass

from mot_blog.load.i18n import iso_datetime
from mot_blog.model.site import Author, Post, Site
from mot_blog.model.urls import absolute

ATOM = "http://www.w3.org/2005/Atom"
FEED_TYPE = "application/atom+xml"
EMPTY_FEED_UPDATED = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
"""``<updated>`` of a feed without entries: Atom requires one, and the build time would
differ per run."""


@dataclass(frozen=True, slots=True)
class Feed:
    """One feed to write."""

    url: str
    """Site-relative URL of the feed itself."""
    page_url: str
    """Site-relative URL of the HTML page the feed accompanies."""
    title: str
    locale: str
    posts: tuple[Post, ...]
    """Entries, newest first."""


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def absolute_links(html: str, origin: str) -> str:
    """Make root-relative ``src``/``href`` values absolute (``src="/images/x.svg"``; not
    the protocol-relative ``//host/...``).

    Feed readers have no page URL to resolve them against. Each value is found by its
    ``="/``, then checked for a whitespace and ``src`` or ``href`` before it: ten times
    faster than a pattern that starts at every whitespace of a 10 KB body (0.13 ms per
    entry, a twentieth of a build's rendering at 1,000 articles)."""
    pieces = html.split('="/')
    if len(pieces) == 1:
        return html
    out = [pieces[0]]
    for before, after in itertools.pairwise(pieces):
        name = "src" if before.endswith("src") else "href" if before.endswith("href") else ""
        preceded = before[-len(name) - 1 : -len(name)].isspace() if name else False
        out.append(f'="{origin}/' if preceded and not after.startswith("/") else '="/')
        out.append(after)
    return "".join(out)


def _authors(parent: ET.Element, site: Site, post: Post | None) -> None:
    """An ``<author>`` per author of ``post`` (its website, else its first profile, as the
    ``<uri>``), or the publisher's (for the feed itself, or a post without an author)."""
    for person in post.authors if post is not None else ():
        _person(_sub(parent, "author"), person)
    if post is None or not post.authors:
        author = _sub(parent, "author")
        _sub(author, "name", site.publisher.name)
        if site.publisher.url:
            _sub(author, "uri", site.publisher.url)


def _person(element: ET.Element, person: Author) -> None:
    """An Atom person construct: the name, the website (else the first profile) as the
    ``<uri>``, the e-mail address."""
    _sub(element, "name", person.name)
    profiles = [link.url for link in person.links if link.kind != "email"]
    uri = person.website or (profiles[0] if profiles else None)
    if uri:
        _sub(element, "uri", uri)
    email = next((link.url for link in person.links if link.kind == "email"), None)
    if email:
        _sub(element, "email", email.removeprefix("mailto:"))


def _translator(entry: ET.Element, post: Post) -> None:
    """The translator of ``post`` as the entry's ``<contributor>`` (RFC 4287 4.2.3), when
    its front matter names one (``translator:``)."""
    translator = post.provenance.translator if post.provenance is not None else None
    if translator is None:
        return
    contributor = _sub(entry, "contributor")
    if translator.author is not None:
        _person(contributor, translator.author)
    else:
        _sub(contributor, "name", translator.name)


def _entry(feed: ET.Element, site: Site, post: Post, body: Callable[[Post], str]) -> None:
    config = site.config
    entry = _sub(feed, "entry")
    url = absolute(config, post.url)
    _sub(entry, "id", url)
    _sub(entry, "title", post.title, type="text")
    _sub(entry, "link", rel="alternate", type="text/html", href=url, hreflang=post.locale)
    _sub(entry, "published", iso_datetime(post.published))
    _sub(entry, "updated", iso_datetime(post.modified))
    _authors(entry, site, post)
    _translator(entry, post)
    if post.category is not None:
        _sub(
            entry,
            "category",
            term=post.category.slug,
            label=post.category.label,
            scheme=absolute(config, post.category.url),
        )
    _sub(entry, "summary", post.summary, type="text")
    _sub(entry, "content", absolute_links(body(post), config.origin), type="html")


def atom_feed(site: Site, feed: Feed, body: Callable[[Post], str] | None = None) -> bytes:
    """The Atom XML of ``feed``: absolute URLs, ``xml:lang``, summary and full content
    (``body(post)``: the body's HTML as the feed carries it; default: as parsed)."""
    body = body or (lambda post: post.body_html)
    config = site.config
    # The namespace is written as an attribute and tags stay unprefixed (ElementTree's
    # default_namespace option refuses unqualified attributes such as rel and href).
    root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": feed.locale})
    feed_url = absolute(config, feed.url)
    _sub(root, "id", feed_url)
    _sub(root, "title", feed.title, type="text")
    _sub(root, "link", rel="self", type=FEED_TYPE, href=feed_url)
    _sub(root, "link", rel="alternate", type="text/html", href=absolute(config, feed.page_url))
    newest = max((post.modified for post in feed.posts), default=EMPTY_FEED_UPDATED)
    _sub(root, "updated", iso_datetime(newest))
    _authors(root, site, None)
    if site.publisher.logo:
        _sub(root, "icon", absolute(config, site.publisher.logo))
    for post in feed.posts:
        _entry(root, site, post, body)
    ET.indent(root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"
