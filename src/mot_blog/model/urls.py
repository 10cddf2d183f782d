"""The one place that knows the URL and output-path scheme.

Every page is a folder with an ``index.html``; URLs are site-relative and start
with the base path of ``base_url`` (``/`` for a site at a domain root)::

    /                                   root: language choice (x-default)
    /<prefix>/                          blog index of a locale
    /<prefix>/<page_path>/<n>/          index page n >= 2
    /<prefix>/<slug>/                   article
    /<prefix>/<category_path>/<slug>/   category listing (page n: .../<page_path>/<n>/)
    /<prefix>/<tag_path>/<slug>/        tag listing
    /<prefix>/feed.xml                  Atom feed of a locale
    /<prefix>/<category_path>/<slug>/feed.xml   Atom feed of a category
    /<prefix>/404.html, /404.html       "not found" pages (a locale's, the language choice)
    /sitemap.xml, /robots.txt           for crawlers
    /pagefind/                          search index and library (with ``search: true``)
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from mot_blog.load.config import SiteConfig
from mot_blog.load.locales import LocaleConfig

_NON_SLUG = re.compile(r"[^a-z0-9]+")
MAX_SLUG = 80
"""A slug becomes a folder name: file systems refuse names over 255 bytes (80 CJK
characters are 240 bytes of UTF-8), and a URL that long helps no reader. Longer slugs are
cut at a word boundary."""
UNICODE_SLUGS = "unicode"
ASCII_SLUGS = "ascii"
SLUG_MODES = (UNICODE_SLUGS, ASCII_SLUGS)
"""``slugs`` of site.yaml: letters of every script kept (the default), or transliterated."""


def slugify(text: str, mode: str = UNICODE_SLUGS) -> str:
    """A label or file name as one URL segment: lowercase, runs of anything but letters,
    digits and their marks made one dash, NFC.

    Latin letters are written in ASCII, as they always were (``Verità`` -> ``verita``,
    ``Łódź`` -> ``lodz``); the letters of other scripts are kept as they are, as Hugo and
    Zola keep them (``日本語`` -> ``日本語``, ``Привет мир`` -> ``привет-мир``). With
    ``mode="ascii"`` the text is first transliterated (:func:`transliterate`: ``北京`` ->
    ``bei-jing``). A label of only punctuation or emoji gives ``''``."""
    if mode == ASCII_SLUGS and not text.isascii():
        text = transliterate(text)
    if text.isascii():
        slug = _NON_SLUG.sub("-", text.lower()).strip("-")
    else:
        slug = "-".join(_unicode_words(text))
    if len(slug) > MAX_SLUG:
        cut = slug[: MAX_SLUG + 1]
        slug = (cut.rsplit("-", 1)[0] if "-" in cut else cut[:MAX_SLUG]).strip("-")
    return slug


def _unicode_words(text: str) -> list[str]:
    """The runs of letters, digits and marks of ``text`` (lowercase, NFC), Latin letters'
    accents folded: what a slug joins with dashes."""
    folded = []
    latin = False  # whether the last base character was a Latin letter
    for char in unicodedata.normalize("NFKD", text):
        if char.isascii():
            latin = char.isalpha()
        elif latin and unicodedata.combining(char):
            continue  # an accent of a Latin letter: folded, as ASCII slugs always did
        elif unicodedata.name(char, "").startswith("LATIN "):
            # A Latin letter without an ASCII base (ł, ß, ø, æ): its ASCII spelling, as
            # the rest of its word has (łódź -> lodz, not a mix like łodz).
            char, latin = transliterate(char), True
        else:
            latin = False
        folded.append(char)
    words, word = [], []
    for char in unicodedata.normalize("NFC", "".join(folded)).lower():
        if char.isalnum() if char.isascii() else unicodedata.category(char)[0] in "LNM":
            word.append(char)
        elif word:
            words.append("".join(word))
            word = []
    if word:
        words.append("".join(word))
    return words


def transliterate(text: str) -> str:
    """ASCII letters for ``text``, with AnyAscii (ISC licence): ``Привет`` -> ``Privet``,
    ``カスタマー`` -> ``kasutama``, each Han character a word of its own (``北京`` ->
    ``Bei Jing``: AnyAscii writes them as one capitalized syllable each, run together). Japanese kanji get
    their Mandarin readings: a Japanese site that wants romaji writes ``slug:``."""
    from anyascii import anyascii  # noqa: PLC0415 (only sites with 'slugs: ascii' load it)

    parts = []
    for char in unicodedata.normalize("NFC", text):
        ascii_text = anyascii(char)
        if unicodedata.name(char, "").startswith("CJK "):
            parts.append(f" {ascii_text} ")  # one Han character, one syllable
        else:
            parts.append(ascii_text)
    return "".join(parts)


def slug_form(mode: str) -> str:
    """What a written slug must be, for messages: ``lowercase letters, digits and dashes``."""
    if mode == ASCII_SLUGS:
        return "lowercase ASCII letters, digits and dashes"
    return "lowercase letters, digits and dashes"


def reserved_slugs(locale: LocaleConfig) -> frozenset[str]:
    """First path segments under a locale that a post slug may not take."""
    return frozenset(
        {locale.category_path, locale.tag_path, locale.page_path, "feed.xml", "404.html"}
    )


def root_url(config: SiteConfig) -> str:
    """The root page."""
    return config.base_path


def home_url(config: SiteConfig, locale: LocaleConfig) -> str:
    """A locale's blog index (page 1)."""
    return f"{config.base_path}{locale.prefix}/"


def paged(url: str, locale: LocaleConfig, page: int) -> str:
    """Page ``page`` of a listing whose first page is ``url``."""
    return url if page <= 1 else f"{url}{locale.page_path}/{page}/"


def post_url(config: SiteConfig, locale: LocaleConfig, slug: str) -> str:
    """An article."""
    return f"{home_url(config, locale)}{slug}/"


def term_url(config: SiteConfig, locale: LocaleConfig, kind: str, slug: str) -> str:
    """A category or tag listing (page 1)."""
    segment = locale.category_path if kind == "category" else locale.tag_path
    return f"{home_url(config, locale)}{segment}/{slug}/"


def feed_url(config: SiteConfig, locale: LocaleConfig) -> str:
    """A locale's Atom feed."""
    return f"{home_url(config, locale)}feed.xml"


def term_feed_url(config: SiteConfig, locale: LocaleConfig, kind: str, slug: str) -> str:
    """The Atom feed of a category (or tag) listing."""
    return f"{term_url(config, locale, kind, slug)}feed.xml"


def not_found_url(config: SiteConfig, locale: LocaleConfig | None = None) -> str:
    """A locale's "page not found" page, or the site-wide one at the root."""
    return f"{home_url(config, locale) if locale else config.base_path}404.html"


def sitemap_url(config: SiteConfig) -> str:
    """The sitemap (``robots.txt`` sits beside it at the root)."""
    return f"{config.base_path}sitemap.xml"


SEARCH_DIR = "pagefind"
"""Output folder of the search index (Pagefind's bundle)."""


def search_url(config: SiteConfig) -> str:
    """The search bundle's folder (ends in ``/``)."""
    return f"{config.base_path}{SEARCH_DIR}/"


def absolute(config: SiteConfig, url: str) -> str:
    """Site-relative URL to an absolute one, percent-encoded where it is not ASCII (a
    Unicode slug): what a sitemap, a feed, a canonical or hreflang link, Open Graph and
    JSON-LD need, where a URI must be one. Pages link with the IRI itself (``href``
    values may be IRIs; browsers and the Nu checker take them)."""
    if url.isascii():
        return config.origin + url
    return config.origin + quote(unicodedata.normalize("NFC", url), safe=_URI_SAFE)


_URI_SAFE = "/:@!$&'()*+,;=-._~%?#[]"
"""What :func:`absolute` leaves as it is: RFC 3986's reserved and unreserved characters
(and ``%`` of an encoding already there)."""


def output_path(config: SiteConfig, url: str) -> str:
    """Output-folder path of the file served at ``url``."""
    relative = url[len(config.base_path) :]
    if relative == "" or relative.endswith("/"):
        return relative + "index.html"
    return relative
