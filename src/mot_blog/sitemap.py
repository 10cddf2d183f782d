"""``sitemap.xml`` (sitemaps.org 0.9 with ``xhtml:link`` alternates) and ``robots.txt``.

The renderer records one :class:`SitemapEntry` per page it writes, with the
very alternates it put in that page's ``<head>``, so the sitemap and the pages
cannot disagree. Each entry lists every version of its translation group
(itself included) and the ``x-default`` page, as search engines expect.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    """One page of the sitemap."""

    url: str
    """Absolute URL."""
    lastmod: dt.datetime | None
    alternates: tuple[tuple[str, str], ...]
    """``(hreflang, absolute URL)`` of each version, this one included, then ``x-default``."""


def _w3c_datetime(value: dt.datetime) -> str:
    """``2024-05-17T00:00:00+00:00``: the W3C datetime form sitemaps require (seconds, offset)."""
    return value.isoformat(timespec="seconds")


def sitemap_xml(entries: Iterable[SitemapEntry]) -> bytes:
    """The sitemap of ``entries``, in their order."""
    # Namespace declarations written as attributes and prefixed tag names used as they are,
    # so the prefixes are the conventional ones whatever ElementTree's global registry holds.
    root = ET.Element("urlset", {"xmlns": SITEMAP_NS, "xmlns:xhtml": XHTML_NS})
    for entry in entries:
        url = ET.SubElement(root, "url")
        ET.SubElement(url, "loc").text = entry.url
        if entry.lastmod is not None:
            ET.SubElement(url, "lastmod").text = _w3c_datetime(entry.lastmod)
        for hreflang, href in entry.alternates:
            ET.SubElement(
                url, "xhtml:link", {"rel": "alternate", "hreflang": hreflang, "href": href}
            )
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def robots_txt(sitemap_absolute_url: str) -> bytes:
    """Allow every crawler everywhere and point at the sitemap.

    The sitemap URL is absolute, as the protocol asks."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_absolute_url}\n".encode()
