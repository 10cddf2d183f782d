"""The ``locales:`` of site.yaml: each locale's code, URL prefix, URL segments and date
format, checked, and what CLDR gives it: its names (told apart from another locale of its
language by script or region) and its text direction."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, replace
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from mot_blog.errors import Problem
from mot_blog.load.navigation import LinkConfig, copyright_line, link_list
from mot_blog.load.settings import CONFIG_FILE, unknown_keys
from mot_blog.load.yamldoc import YamlDoc, kind_of

LOCALE_KEYS = {
    "prefix": "URL prefix, e.g. 'it'",
    "name": "the language's name in itself",
    "related_heading": "heading of the related-articles listing",
    "category_path": "URL segment for category pages",
    "tag_path": "URL segment for tag pages",
    "page_path": "URL segment for index pages after the first",
    "date_format": "how dates show: short, medium, long (the default), full or a CLDR pattern",
    "menu": "the header's links: a list of {label, url} or {page: translation key}",
    "footer_links": "the footer's links: a list of {label, url} or {page: translation key}",
    "copyright": "the footer's copyright line (default: © year and the site title)",
}
DATE_FORMATS = ("short", "medium", "long", "full")
"""CLDR's named date formats; ``date_format`` may also be a CLDR pattern (``d MMMM y``)."""
_PREFIX_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@functools.cache
def _babel_locale(code: str) -> Locale:
    """Babel's locale for ``code``, parsed once per process: pages and cards ask for it per
    post (50,000 parses took 0.4 s)."""
    return Locale.parse(code, sep="-")


@dataclass(frozen=True, slots=True)
class LocaleConfig:
    """One locale of the site."""

    code: str
    """BCP 47 code as written in the config, e.g. ``fr-FR``; also the content folder name."""
    prefix: str
    """First URL segment of every page in this locale."""
    configured_name: str
    """The language's name as ``site.yaml`` gives it ('' when it does not)."""
    related_heading: str
    category_path: str
    tag_path: str
    page_path: str
    date_format: str = "long"
    """How the locale's pages show dates: one of :data:`DATE_FORMATS`, or a CLDR pattern."""
    named_as: str = ""
    """What names the locale (:func:`locale_name`): its language alone (``''``), or with the
    script or region that tells it from another locale of the site of the same language
    (``zh_Hans`` and ``zh_Hant`` for zh-CN and zh-TW; ``pt_BR`` and ``pt_PT``)."""
    menu: tuple[LinkConfig, ...] = ()
    """The header's links (``menu:``), as written (:mod:`mot_blog.model.menus` resolves them)."""
    footer_links: tuple[LinkConfig, ...] = ()
    """The footer's links (``footer_links:``), as written."""
    copyright: str = ""
    """The footer's copyright line ('' : the theme writes © year and the site title)."""

    @property
    def name(self) -> str:
        """The language's name in itself, e.g. ``Italiano``: as configured, else CLDR's."""
        return self.configured_name or own_language_name(self.code, self.named_as)

    @property
    def babel(self) -> Locale:
        """The Babel locale (``it_IT``)."""
        return _babel_locale(self.code)

    @property
    def direction(self) -> str:
        """``rtl`` for a language CLDR writes right to left (ar, he, fa, ur...), else ``ltr``."""
        return text_direction(self.code)

    @property
    def lang(self) -> str:
        """Value for ``lang``/``hreflang`` attributes."""
        return self.code

    @property
    def gettext_dir(self) -> str:
        """Catalog folder name under ``locales/`` (``it_IT``)."""
        return self.code.replace("-", "_")


@functools.cache
def own_language_name(code: str, named_as: str = "") -> str:
    """The name of ``code``'s language in itself, from CLDR, capitalized as a label
    (``Nederlands``; ``简体中文`` for zh-CN named as ``zh_Hans``). Asked for when a page
    needs it, not when ``site.yaml`` is read: Babel's locale data takes 10 ms a locale to
    load, which a build does while its parse workers run rather than before it starts them."""
    locale = Locale.parse(code, sep="-")
    name = locale_name(code, named_as, locale)
    return name[:1].upper() + name[1:]


@functools.cache
def text_direction(code: str) -> str:
    """``rtl`` or ``ltr``: the character order CLDR gives the locale ``code``."""
    order = Locale.parse(code, sep="-").character_order
    return "rtl" if order == "right-to-left" else "ltr"


@functools.cache
def locale_name(code: str, named_as: str, where: Locale) -> str:
    """The name of the locale ``code`` in the language of ``where``, as running text writes
    it (``olandese``): its language's name, or with ``named_as`` (``zh_Hant``, ``pt_BR``)
    CLDR's name of that variant (``繁體中文``, ``portoghese brasiliano``), else the
    language's name with the script or region after it (``português (Brasil)``)."""
    locale = Locale.parse(code, sep="-")
    if not named_as:
        return locale.get_language_name(where) or code
    parts = Locale.parse(named_as)
    return where.languages.get(named_as) or parts.get_display_name(where) or code


def _script(locale: Locale) -> str:
    """A locale's script, written or CLDR's likely one (``Latn`` for pt-BR)."""
    if locale.script:
        return locale.script
    likely = get_global("likely_subtags")
    full = likely.get(f"{locale.language}_{locale.territory}") or likely.get(locale.language, "")
    return full.split("_")[1] if full.count("_") == 2 else ""


def _naming(babels: dict[str, Locale]) -> dict[str, str]:
    """:attr:`LocaleConfig.named_as` of each locale: locales of a language that no other
    locale of the site has are named by the language; the others show their script when
    another locale of the language has another script (zh_Hans, zh_Hant), and their region
    when another has the same script (pt_BR, pt_PT; zh_Hant_TW beside zh_Hant_HK)."""
    named: dict[str, str] = {}
    for code, locale in babels.items():
        same = [
            other
            for key, other in babels.items()
            if key != code and other.language == locale.language
        ]
        if not same:
            named[code] = ""
            continue
        script = _script(locale)
        parts = [locale.language]
        if any(_script(other) != script for other in same):
            parts.append(script)
        if locale.territory and any(_script(other) == script for other in same):
            parts.append(locale.territory)
        named[code] = "_".join(parts)
    return named


def _load_locales(value: Any, doc: YamlDoc, problems: list[Problem]) -> list[LocaleConfig]:
    if not isinstance(value, dict) or not value:
        problems.append(
            Problem(
                CONFIG_FILE,
                doc.line_of("locales"),
                "'locales' is required: a mapping such as 'fr-FR: {prefix: fr}'",
            )
        )
        return []
    locales = []
    prefixes: dict[str, str] = {}
    shared = _shared_languages(value)
    for settings_key, settings in value.items():
        line = doc.line_of("locales", settings_key)
        code = str(settings_key)
        try:
            babel_locale = Locale.parse(code, sep="-")
        except (UnknownLocaleError, ValueError):
            problems.append(
                Problem(
                    CONFIG_FILE, line, f"unknown locale '{code}'; use a code like fr-FR or en-GB"
                )
            )
            continue
        settings = settings or {}
        if not isinstance(settings, dict):
            problems.append(Problem(CONFIG_FILE, line, f"locale '{code}' must be a mapping"))
            continue
        problems += unknown_keys(settings, LOCALE_KEYS, doc, CONFIG_FILE, ("locales", code))
        at = ("locales", settings_key)
        # The language code (it), unless another locale of the site has the same language:
        # then the whole code, lowercase (zh-cn, zh-tw).
        default_prefix = code.lower() if babel_locale.language in shared else babel_locale.language
        prefix = _segment(settings, "prefix", default_prefix, doc, at, problems)
        if prefix in prefixes:
            problems.append(
                Problem(
                    CONFIG_FILE,
                    doc.line_of(*at, "prefix"),
                    f"prefix '{prefix}' is already used by {prefixes[prefix]}",
                )
            )
        prefixes[prefix] = code
        paths: dict[str, str] = {}
        for key, default in _LOCALE_PATHS.items():
            path = paths[key] = _segment(settings, key, default, doc, at, problems)
            same = next((other for other, value in paths.items() if value == path), key)
            if same != key:
                problems.append(
                    Problem(
                        CONFIG_FILE,
                        doc.line_of(*at, key),
                        f"{key} '{path}' is the {same} of {code} too; "
                        "their pages would have the same URLs: make them differ",
                    )
                )
        locales.append(
            LocaleConfig(
                code=code,
                prefix=prefix,
                configured_name=_text_setting(settings, "name", doc.line_of(*at, "name"), problems),
                related_heading=_text_setting(
                    settings, "related_heading", doc.line_of(*at, "related_heading"), problems
                ),
                category_path=paths["category_path"],
                tag_path=paths["tag_path"],
                page_path=paths["page_path"],
                date_format=_date_format(settings, doc.line_of(*at, "date_format"), problems),
                menu=link_list(settings, "menu", doc, at, problems),
                footer_links=link_list(settings, "footer_links", doc, at, problems),
                copyright=copyright_line(settings, doc, at, problems),
            )
        )
    naming = _naming({locale.code: locale.babel for locale in locales})
    return [replace(locale, named_as=naming[locale.code]) for locale in locales]


def _shared_languages(value: dict) -> set[str]:
    """The languages that more than one locale of ``locales:`` has (``zh`` of zh-CN and zh-TW)."""
    seen: set[str] = set()
    shared: set[str] = set()
    for key in value:
        try:
            language = Locale.parse(str(key), sep="-").language
        except (UnknownLocaleError, ValueError):
            continue
        (shared if language in seen else seen).add(language)
    return shared


_LOCALE_PATHS = {"category_path": "category", "tag_path": "tag", "page_path": "page"}
"""The URL segments of a locale's listings (besides its prefix), with their defaults."""
RESERVED_SEGMENTS = frozenset(
    {"index.html", "feed.xml", "404.html", "sitemap.xml", "robots.txt", "pagefind"}
)
"""Names of files and folders the build writes (:mod:`mot_blog.model.urls`), which a URL segment of
site.yaml may not take."""


def _segment(
    settings: dict, key: str, default: str, doc: YamlDoc, at: tuple, problems: list[Problem]
) -> str:
    """One URL segment of a locale's settings (its prefix, a listing path), checked like a
    slug; ``at``: the key path of the settings in ``doc``."""
    value = settings.get(key, default)
    line = doc.line_of(*at, key)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # 'page_path: 2024' means the text
    if not isinstance(value, str):
        message = f"'{key}' must be text: one URL segment such as '{default}', not {kind_of(value)}"
    elif not value:
        message = f"'{key}' is empty; give one URL segment such as '{default}'"
    elif value in RESERVED_SEGMENTS:
        message = f"{key} '{value}' is a name the build writes itself; choose another"
    elif not _PREFIX_RE.match(value):
        message = f"{key} '{value}' must be lowercase letters, digits and dashes"
    else:
        return value
    problems.append(Problem(CONFIG_FILE, line, message))
    return default


def _date_format(settings: dict, line: int, problems: list[Problem]) -> str:
    """``date_format``: a named CLDR format, or a CLDR date pattern that formats a date."""
    value = settings.get("date_format", "long")
    if isinstance(value, str) and value in DATE_FORMATS:
        return value
    if isinstance(value, str) and value.strip():
        from babel.dates import format_date  # noqa: PLC0415 (only for a pattern)

        try:
            format_date(dt.date(2024, 5, 17), value, locale="en")
        except (AttributeError, ValueError, KeyError, TypeError):
            pass  # a time field (h, m, z) or a broken quote: not a date pattern
        else:
            if _PATTERN_FIELD.search("".join(value.split("'")[0::2])):
                return value
    shown = value if isinstance(value, str) else kind_of(value)
    problems.append(
        Problem(
            CONFIG_FILE,
            line,
            f"date_format '{shown}' is not a date format: use short, medium, long, full "
            "or a CLDR date pattern such as 'd MMMM y'",
        )
    )
    return "long"


_PATTERN_FIELD = re.compile(r"[GyYuUQqMLlwWdDFgEec]")
"""The letters of CLDR's date fields: a pattern without one shows no date."""


def _text_setting(settings: dict, key: str, line: int, problems: list[Problem]) -> str:
    """An optional text of a locale's settings ('' when it is not given)."""
    value = settings.get(key)
    if value is None:
        return ""
    if isinstance(value, str) and value.strip():
        return value
    what = "empty" if isinstance(value, str) else f"not text but {kind_of(value)}"
    problems.append(Problem(CONFIG_FILE, line, f"'{key}' is {what}; write it or remove the line"))
    return ""
