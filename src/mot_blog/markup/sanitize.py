"""What a post body may run: script URLs, the raw-HTML policies and the sanitizer.

A site chooses what becomes of the raw HTML in its Markdown with ``raw_html`` in
``site.yaml`` (:data:`RAW_HTML_POLICIES`): ``keep`` it as written (the site's own
authors are trusted), ``escape`` it (shown as text), or ``sanitize`` it, for
sites that publish guest posts: the raw HTML goes through ammonia (Rust, through
its Python binding nh3), which parses it as a browser would and keeps only the
elements and attributes of :data:`TAGS` and :data:`ATTRIBUTES`, the allow-list
written out below, so that it reads as one list.

What is kept is the markup authors put in posts: links (``href``, ``title``,
``rel`` as written, so ``rel="sponsored"`` or ``nofollow`` stay; no ``target``,
so a link never opens a window that could reach back to the page), abbreviations,
``<sup>``/``<sub>``, ``<kbd>``, ``<mark>``, ``<details>``/``<summary>``,
``<figure>``/``<figcaption>``, images and ``<picture>``, tables, ``<span>`` and
``<div>`` with ``class``, and ``id`` (fragment links land on it), ``lang`` and
``dir`` (multilingual text) on any element. ``<video>`` and ``<audio>`` are kept
with their ``controls``; ``autoplay`` is not: a reader starts them.

What goes: ``<script>``, ``<style>`` (it would restyle the whole page, the site's
own navigation included) and the ``style`` attribute (a ``position: fixed`` box
can cover the page), event handlers (``on...``), ``<iframe>``, ``<object>``,
``<embed>``, forms and their controls, SVG and MathML, comments, and any URL a
browser could run as script (:func:`is_unsafe_url`: ``javascript:``,
``vbscript:``, ``data:`` other than an image's), in every attribute that holds
one (:data:`URL_ATTRIBUTES`). The elements of :data:`DROPPED_WITH_CONTENT` go
with everything inside them; any other element that is not allowed goes, and
its text stays.

nh3 is imported only when a site sanitizes: a build that keeps or escapes raw
HTML does not load it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from html import unescape

KEEP, ESCAPE, SANITIZE = "keep", "escape", "sanitize"
RAW_HTML_POLICIES = (KEEP, ESCAPE, SANITIZE)
"""``raw_html`` in ``site.yaml``: raw HTML is kept as written, shown as text, or sanitized."""

_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
UNSAFE_SCHEMES = ("javascript", "vbscript", "data")
"""Schemes of URLs a browser runs as script (or as a page of the URL's own making)."""


def is_unsafe_url(url: str, image: bool = False) -> bool:
    """Whether a browser could run ``url`` as script (``javascript:``, ``vbscript:``, ``data:``).

    Judged as the browser reads it: character references decoded (Python-Markdown
    keeps ``java&#115;cript:`` as written) and tabs, line breaks and other control
    characters dropped, as browsers drop them inside a scheme. An image may be a
    ``data:image/...`` URL.
    """
    normalized = _URL_NOISE.sub("", unescape(url)).lower()
    if image and normalized.startswith("data:image/"):
        return False
    return url_scheme(normalized) in UNSAFE_SCHEMES


def url_scheme(url: str) -> str:
    """The URL's scheme, lowercase ('' for none). A regex, not urlsplit, which raises
    ValueError on links such as ``http://[oops`` and would end the build."""
    match = _SCHEME.match(url)
    return match.group(1).lower() if match else ""


# ---- the allow-list ---------------------------------------------------------------------------


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


TAGS = _names(
    # text
    "a abbr b bdi bdo br cite code data del dfn em i ins kbd mark q rp rt ruby s samp small"
    " span strong sub sup time u var wbr"
    # blocks
    " blockquote dd details div dl dt figcaption figure h1 h2 h3 h4 h5 h6 hr li ol p pre"
    " summary ul"
    # tables
    " caption col colgroup table tbody td tfoot th thead tr"
    # pictures and media
    " audio img picture source track video"
)
"""Elements raw HTML may use under ``raw_html: sanitize``."""

ATTRIBUTES: dict[str, frozenset[str]] = {
    tag: _names(names)
    for tag, names in {
        "*": "class dir id lang title",
        "a": "href hreflang rel",
        "img": "alt decoding height loading sizes src srcset width",
        "picture": "",
        "source": "media sizes src srcset type",
        "video": "controls height loop muted playsinline poster preload src width",
        "audio": "controls loop muted preload src",
        "track": "default kind label src srclang",
        "blockquote": "cite",
        "q": "cite",
        "del": "cite datetime",
        "ins": "cite datetime",
        "time": "datetime",
        "data": "value",
        "ol": "reversed start type",
        "li": "value",
        "td": "colspan headers rowspan",
        "th": "abbr colspan headers rowspan scope",
        "col": "span",
        "colgroup": "span",
        "details": "open",
    }.items()
}
"""Attributes allowed per element (``*``: on every allowed element)."""

URL_SCHEMES = frozenset({"http", "https", "mailto", "tel", "data"})
"""Schemes of ``href`` and ``src`` (and relative URLs); ``data:`` only for images."""

URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "poster", "cite"})
"""Attributes of :data:`ATTRIBUTES` whose value is a URL (``srcset``: several)."""

DROPPED_WITH_CONTENT = _names("script style template noscript iframe object textarea svg math")
"""Elements removed with all they hold (their text is no text a reader should see)."""

_IMAGE_URLS = frozenset({("img", "src"), ("img", "srcset"), ("source", "srcset")})
_SRCSET_SPLIT = re.compile(r"[\s,]+")

# The writer puts a numbered slot of two private-use characters (`raw_slot`) in place
# of each raw HTML part; the sanitizer then reads the raw parts in place, with the
# writer's own HTML standing between them as slots of two other such characters. So the
# raw parts are judged together, as a browser reads them (a `<details>` opened by one
# raw block holds the Markdown paragraphs up to the block that closes it), and what the
# writer wrote comes back byte for byte.
_RAW_SLOT = re.compile("\ue000([0-9]{1,9})\ue001")
_OURS = "\ue002{}\ue003"
_OUR_SLOT = re.compile("\ue002([0-9]{1,9})\ue003")


def raw_slot(n: int) -> str:
    """What the writer writes in place of the body's ``n``-th raw HTML part."""
    return f"\ue000{n}\ue001"


def _attribute_filter(tag: str, name: str, value: str) -> str | None:
    """A second look at each attribute ammonia keeps: no script URL in any URL attribute
    (``srcset`` included, which ammonia does not judge, and ``data:`` only for images),
    and no slot of ours inside an attribute value, where our HTML would end the quotes."""
    if "\ue002" in value or "\ue003" in value:
        return None
    if name in URL_ATTRIBUTES:
        image = (tag, name) in _IMAGE_URLS
        urls = _SRCSET_SPLIT.split(value) if name == "srcset" else (value,)
        if any(is_unsafe_url(url, image) for url in urls if url):
            return None
    return value


@functools.cache
def _cleaner() -> Callable[[str], str]:
    import nh3  # noqa: PLC0415 (only sites that sanitize load it)

    attributes: dict[str, set[str]] = {tag: set(names) for tag, names in ATTRIBUTES.items()}
    return nh3.Cleaner(
        tags=set(TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes=attributes,
        attribute_filter=_attribute_filter,
        url_schemes=set(URL_SCHEMES),
        link_rel=None,  # authors' own rel is kept; without target, noopener has no use
        strip_comments=True,
    ).clean


def prepare() -> None:
    """Load the sanitizer now (before the parse workers fork, so they share it)."""
    _cleaner()


def sanitize_html(html: str) -> str:
    """``html`` with only the allow-listed elements and attributes."""
    return _cleaner()(html)


def sanitize_raw_parts(html: str, raw: Sequence[str]) -> tuple[str, str]:
    """The body ``html``, in which the writer wrote :func:`raw_slot` ``n`` in place of
    ``raw[n]``, with the raw parts sanitized and the writer's own HTML as it was.

    Returns the HTML and the sanitized raw parts alone (to count their words).

    A slot written in the post's text (private-use characters, literally or as a
    character reference) can only repeat a part of the same body: a raw part
    repeated is sanitized again, and the writer's HTML is only ever put back where
    the sanitized HTML has text, never inside a tag."""
    pieces = _RAW_SLOT.split(html)
    ours: list[str] = []
    mixed: list[str] = []
    current = pieces[0]
    for n in range(1, len(pieces), 2):
        index = int(pieces[n])
        if index >= len(raw):  # no slot of the writer's, but text
            current += f"\ue000{pieces[n]}\ue001{pieces[n + 1]}"
            continue
        if current:
            mixed.append(_OURS.format(len(ours)))
            ours.append(current)
        mixed.append(raw[index])
        current = pieces[n + 1]
    if current:
        mixed.append(_OURS.format(len(ours)))
        ours.append(current)
    clean = sanitize_html("".join(mixed))

    def ours_back(match: re.Match[str]) -> str:
        index = int(match.group(1))
        return ours[index] if index < len(ours) else match.group(0)

    return _OUR_SLOT.sub(ours_back, clean), _OUR_SLOT.sub(" ", clean)


_ATTRIBUTE_NAME = re.compile(r"^[A-Za-z_:][-A-Za-z0-9_:.]*$")


def markdown_attribute_allowed(tag: str, name: str, value: str, trusted: bool) -> bool:
    """Whether an attribute written in Markdown (``## Title {#id .class key=value}``,
    Python-Markdown's ``attr_list``) may stay on ``tag``: never an event handler or a
    script URL; and unless raw HTML is kept (``trusted``), only what the sanitizer's
    allow-list keeps on that element, since an attribute list is raw HTML by other means."""
    low = name.lower()
    if not _ATTRIBUTE_NAME.match(name) or low.startswith("on"):
        return False
    if low in URL_ATTRIBUTES and is_unsafe_url(value, image=tag in ("img", "source")):
        return False
    return trusted or low in ATTRIBUTES["*"] or low in ATTRIBUTES.get(tag, ())
