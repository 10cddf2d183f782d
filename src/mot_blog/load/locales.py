"""The ``locales:`` of site.yaml: each locale's code, URL prefix and URL segments, checked,
and the language names CLDR gives."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from babel import Locale, UnknownLocaleError

from mot_blog.errors import Problem
from mot_blog.load.settings import CONFIG_FILE, unknown_keys
from mot_blog.load.yamldoc import YamlDoc, kind_of

LOCALE_KEYS = {
    "prefix": "URL prefix, e.g. 'it'",
    "name": "the language's name in itself",
    "related_heading": "heading of the related-articles listing",
    "category_path": "URL segment for category pages",
    "tag_path": "URL segment for tag pages",
    "page_path": "URL segment for index pages after the first",
}
_PREFIX_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


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

    @property
    def name(self) -> str:
        """The language's name in itself, e.g. ``Italiano``: as configured, else CLDR's."""
        return self.configured_name or own_language_name(self.code)

    @property
    def babel(self) -> Locale:
        """The Babel locale (``it_IT``)."""
        return Locale.parse(self.code, sep="-")

    @property
    def lang(self) -> str:
        """Value for ``lang``/``hreflang`` attributes."""
        return self.code

    @property
    def gettext_dir(self) -> str:
        """Catalog folder name under ``locales/`` (``it_IT``)."""
        return self.code.replace("-", "_")


@functools.cache
def own_language_name(code: str) -> str:
    """The name of ``code``'s language in itself, from CLDR, capitalized as a label
    (``Nederlands``). Asked for when a page needs it, not when ``site.yaml`` is read:
    Babel's locale data takes 10 ms a locale to load, which a build does while its parse
    workers run rather than before it starts them."""
    locale = Locale.parse(code, sep="-")
    name = locale.get_language_name(locale) or code
    return name[:1].upper() + name[1:]


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
            )
        )
    return locales


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
