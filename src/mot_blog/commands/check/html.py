"""The built HTML read back: the ids, links and embedded resources, language and texts of a
page, as the checks need them.

Two readers give the same :class:`Page`: :func:`parse_page` (Python's ``html.parser``,
with every text and its language, for the UI-language check) and :func:`scan_page`
(regular expressions over the tags the checks read, eight times faster: 0.75 ms a page
of the benchmark site against 6.3 ms), which leaves the texts out. ``check`` scans, and
parses only when some locale has UI strings that it would show in English."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

_NOT_CHECKED_RELS = frozenset({"preconnect", "dns-prefetch", "me", "webmention", "pingback"})
_SPACES = re.compile(r"\s+")
_URL_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
}
_TEXT_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder", "data-copied")
VOID_ELEMENTS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)
_SKIP_TEXT = frozenset({"script", "style"})


@dataclass(slots=True)
class Page:
    """What the checks need from one HTML file."""

    lang: str = ""
    ids: set[str] = field(default_factory=set)
    refs: list[tuple[str, str, int]] = field(default_factory=list)
    """(tag, URL, line) of every link and embedded resource."""
    images: list[tuple[int, str | None, frozenset[str], str]] = field(default_factory=list)
    """(line, alt or None, classes, src) per ``<img>``."""
    alternates: list[tuple[str, str, int]] = field(default_factory=list)
    """(hreflang, href, line) per ``<link rel=alternate hreflang>``."""
    texts: list[tuple[str, str, int]] = field(default_factory=list)
    """(language, whitespace-normalized text, line) per text node and text attribute."""
    json_ld: list[tuple[str, int]] = field(default_factory=list)
    """(content, line) of each ``<script type="application/ld+json">``."""
    hreflinks: list[tuple[str, str, int]] = field(default_factory=list)
    """(hreflang, href, line) per ``<a hreflang>`` (the language switcher's links)."""


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.stack: list[tuple[str, str]] = []
        self.in_json_ld = False

    def _lang(self) -> str:
        return self.stack[-1][1] if self.stack else self.page.lang

    def _text(self, lang: str, value: str) -> None:
        text = _SPACES.sub(" ", value).strip()
        if text:
            self.page.texts.append((lang, text, self.getpos()[0]))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        line = self.getpos()[0]
        lang = values.get("lang") or self._lang()
        if tag == "html" and "lang" in values:
            self.page.lang = values["lang"]
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.add(values["name"])
        rels = set(values.get("rel", "").lower().split())
        if tag == "link" and "alternate" in rels and "hreflang" in values:
            self.page.alternates.append((values["hreflang"], values.get("href", ""), line))
        if tag == "a" and "hreflang" in values and "href" in values:
            self.page.hreflinks.append((values["hreflang"], values["href"], line))
        if not (tag == "link" and rels & _NOT_CHECKED_RELS):
            for name in _URL_ATTRIBUTES.get(tag, ()):
                if name not in values:
                    continue
                urls = (
                    [part.split()[0] for part in values[name].split(",") if part.strip()]
                    if name == "srcset"
                    else [values[name]]
                )
                self.page.refs.extend((tag, url, line) for url in urls)
        if tag == "img":
            alt = values.get("alt")  # None only when absent: a bare `alt` is alt=""
            classes = frozenset(values.get("class", "").split())
            self.page.images.append((line, alt, classes, values.get("src", "")))
        for name in _TEXT_ATTRIBUTES:
            if values.get(name):
                self._text(lang, values[name])
        if tag == "script" and values.get("type") == "application/ld+json":
            self.page.json_ld.append(("", line))
            self.in_json_ld = True
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, lang))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_json_ld = False
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if self.in_json_ld:
            content, line = self.page.json_ld[-1]
            self.page.json_ld[-1] = (content + data, line)
        if self.stack and self.stack[-1][0] in _SKIP_TEXT:
            return
        self._text(self._lang(), data)


def parse_page(text: str) -> Page:
    """Ids, links, images, alternates and texts of one HTML document."""
    parser = _PageParser()
    parser.feed(text)
    parser.close()
    return parser.page


_ATTRIBUTES = r"""[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*"""
_MARKUP = re.compile(
    # a comment; a script or style element whole (its content is no markup); a tag with
    # URLs (or the root); any other tag with an id outside its quoted values
    r"<!--.*?(?:-->|\Z)"
    rf"|<(script|style)\b({_ATTRIBUTES})>(.*?)(?:</\1\s*>|\Z)"
    rf"|<(a|area|link|img|source|iframe|video|audio|track|embed|html)\b({_ATTRIBUTES})>"
    rf"|<[a-zA-Z][^\s/>]*(?=(?:[^>\"'\s]++|\s(?!id\s*=)|\"[^\"]*\"|'[^']*')*+\sid\s*=)({_ATTRIBUTES})>",
    re.S | re.I,
)
_ATTRIBUTE = re.compile(r"""([^\s/>"'=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


def _attributes(text: str) -> dict[str, str]:
    """Attribute name (lowercased) -> value (its first occurrence, as html.parser keeps)."""
    values = {name.lower(): a or b or c for name, a, b, c in reversed(_ATTRIBUTE.findall(text))}
    for name, value in values.items():
        if "&" in value:
            values[name] = unescape(value)
    return values


def scan_page(text: str) -> Page:
    """What :func:`parse_page` finds, but the texts (and the lines, which no check reads)."""
    page = Page()
    ids, refs = page.ids, page.refs
    for raw, raw_attributes, content, tag, tag_attributes, other in _MARKUP.findall(text):
        if raw:
            tag, values = raw.lower(), _attributes(raw_attributes)
        elif tag:
            tag, values = tag.lower(), _attributes(tag_attributes)
        else:
            if other:
                values = _attributes(other)
                if "id" in values:
                    ids.add(values["id"])
            continue
        if "id" in values:
            ids.add(values["id"])
        if tag == "html":
            if "lang" in values:
                page.lang = values["lang"]
            continue
        if tag == "a":
            if "name" in values:
                ids.add(values["name"])
            if "hreflang" in values and "href" in values:
                page.hreflinks.append((values["hreflang"], values["href"], 0))
        elif tag == "link":
            rels = set(values.get("rel", "").lower().split())
            if "alternate" in rels and "hreflang" in values:
                page.alternates.append((values["hreflang"], values.get("href", ""), 0))
            if rels & _NOT_CHECKED_RELS:
                continue
        for name in _URL_ATTRIBUTES.get(tag, ()):
            if name not in values:
                continue
            if name == "srcset":
                urls = [part.split()[0] for part in values[name].split(",") if part.strip()]
                refs.extend((tag, url, 0) for url in urls)
            else:
                refs.append((tag, values[name], 0))
        if tag == "img":
            classes = frozenset(values.get("class", "").split())
            page.images.append((0, values.get("alt"), classes, values.get("src", "")))
        elif raw and tag == "script" and values.get("type") == "application/ld+json":
            page.json_ld.append((content, 0))
    return page
