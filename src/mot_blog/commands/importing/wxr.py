"""WordPress's export file (WXR: RSS 2.0 with the ``wp:`` elements) read into plain items:
the channel's authors and terms, and each ``<item>`` with its fields, terms, post meta and
the line it starts on.

The file is another person's: one that declares XML entities (a WordPress export never
does; they are how an XML file makes a parser expand a few bytes into gigabytes, or read
other files) is refused before it is parsed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from mot_blog.commands.importing.model import ImportRefused

WP = "{http://wordpress.org/export/1.2/}"
WP_OLD = ("{http://wordpress.org/export/1.1/}", "{http://wordpress.org/export/1.0/}")
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
EXCERPT = (
    "{http://wordpress.org/export/1.2/excerpt/}encoded",
    "{http://wordpress.org/export/1.1/excerpt/}encoded",
)
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
_CDATA = re.compile(r"<!\[CDATA\[.*?\]\]>", re.S)


@dataclass(frozen=True, slots=True)
class Item:
    """One ``<item>``: a post, page, attachment..."""

    line: int
    fields: dict[str, str]
    """``title``, ``link``, ``content``, ``excerpt``, ``creator`` and the ``wp:`` fields by
    their local name (``post_id``, ``post_name``, ``status``, ``post_type``...)."""
    terms: list[tuple[str, str, str]] = field(default_factory=list)
    """(domain, nicename, label) of each ``<category>``."""
    meta: dict[str, str] = field(default_factory=dict)
    comments: int = 0


@dataclass(frozen=True, slots=True)
class Export:
    """The whole file."""

    title: str
    link: str
    language: str
    base_url: str
    authors: dict[str, str]
    """Login -> display name."""
    terms: list[dict[str, str]]
    """Each ``<wp:term>`` (and ``<wp:category>``/``<wp:tag>``) as its local fields."""
    items: list[Item]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _is_wp(tag: str) -> bool:
    return tag.startswith(WP) or tag.startswith(WP_OLD)


def read_export(text: str, name: str) -> Export:
    """The export in ``text`` (the file ``name``, for messages)."""
    if re.search(r"<!ENTITY", text[:10000] if "<!DOCTYPE" not in text else text):
        raise ImportRefused(
            name, None, "declares XML entities: not a WordPress export (refused, not parsed)"
        )
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise ImportRefused(
            name, exc.position[0], f"not well-formed XML: {exc}".split(": line")[0]
        ) from None
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise ImportRefused(name, None, "not a WordPress export (WXR): no <rss><channel>")
    lines = _item_lines(text)
    authors: dict[str, str] = {}
    terms: list[dict[str, str]] = []
    items: list[Item] = []
    for child in channel:
        local = _local(child.tag)
        if _is_wp(child.tag) and local == "author":
            values = {_local(c.tag): (c.text or "").strip() for c in child}
            login = values.get("author_login", "")
            authors[login] = values.get("author_display_name") or login
        elif _is_wp(child.tag) and local in ("term", "category", "tag"):
            terms.append({"kind": local, **{_local(c.tag): (c.text or "").strip() for c in child}})
        elif child.tag == "item":
            items.append(_item(child, lines[len(items)] if len(items) < len(lines) else 1))
    return Export(
        _text(channel, "title"), _text(channel, "link"), _text(channel, "language"),
        next((_text(channel, f"{ns}base_blog_url") for ns in (WP, *WP_OLD) if channel.find(f"{ns}base_blog_url") is not None), ""),
        authors, terms, items,
    )  # fmt: skip


def _text(element: ET.Element, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""


def _item(element: ET.Element, line: int) -> Item:
    fields: dict[str, str] = {}
    terms: list[tuple[str, str, str]] = []
    meta: dict[str, str] = {}
    comments = 0
    for child in element:
        local = _local(child.tag)
        if child.tag == "category":
            terms.append(
                (child.get("domain", ""), child.get("nicename", ""), (child.text or "").strip())
            )
        elif _is_wp(child.tag) and local == "postmeta":
            values = {_local(c.tag): c.text or "" for c in child}
            meta[values.get("meta_key", "")] = values.get("meta_value", "")
        elif _is_wp(child.tag) and local == "comment":
            comments += 1
        elif child.tag == CONTENT:
            fields["content"] = child.text or ""
        elif child.tag in EXCERPT:
            fields["excerpt"] = child.text or ""
        elif child.tag == DC_CREATOR:
            fields["creator"] = (child.text or "").strip()
        elif _is_wp(child.tag) or child.tag in ("title", "link", "pubDate", "guid"):
            fields[local] = (child.text or "").strip()
    return Item(line, fields, terms, meta, comments)


def _item_lines(text: str) -> list[int]:
    """The line of each ``<item>``, CDATA (where ``<item>`` may be text) left out."""
    blanked = _CDATA.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    return [blanked.count("\n", 0, m.start()) + 1 for m in re.finditer(r"<item[\s>]", blanked)]
