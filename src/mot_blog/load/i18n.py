"""Babel: UI-string catalogs per locale, dates and numbers from CLDR.

Catalogs are gettext ``.po`` files, looked up for a locale by the names CLDR's likely
subtags and parent locales give it (:func:`catalog_candidates`: ``zh-TW`` reads
``locales/zh_TW/``, ``zh_Hant_TW/``, ``zh_Hant/``, never the Simplified ``zh/``), first in
the site, then in its theme, then in the engine's default theme (:mod:`mot_blog.load.theme`);
the first one's messages win. They are compiled with Babel when the build reads them, so a
stale ``.mo`` can never be served. A locale with no catalog anywhere builds in English, with
one warning that says how to start one. A locale is a value passed around, never process
state.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import hashlib
import io
import shlex
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.core import get_global
from babel.dates import format_date, format_datetime
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_decimal

from mot_blog.errors import Problem, warning
from mot_blog.load.locales import LocaleConfig, locale_name
from mot_blog.load.sitefiles import FILE, check_path, read, unreadable
from mot_blog.load.theme import LOCALES_DIR, Layer

DOMAIN = "messages"


@dataclass(frozen=True, slots=True)
class CatalogFile:
    """One ``.po`` file found for a locale."""

    path: Path
    display: str
    """Path for diagnostics (relative to the site, or ``(theme)/...``)."""
    layer: Layer
    """The folder of the search path it is in (the site, a theme)."""


def catalog_candidates(locale: LocaleConfig) -> tuple[str, ...]:
    """Folder names tried for a locale, most specific first: the code as written
    (``it_IT``), then CLDR's full form of it and that form's parent locales, as CLDR
    chains them: ``zh-TW`` -> ``zh_TW``, ``zh_Hant_TW``, ``zh_Hant`` (whose parent is the
    root, not the Simplified ``zh``); ``es-419`` -> ``es_419``, ``es``; ``pt-BR`` ->
    ``pt_BR``, ``pt``; ``sr-Latn`` -> ``sr_Latn``."""
    names = [locale.gettext_dir]
    name: str | None = str(locale.babel)  # Babel fills in the likely script: zh_Hant_TW
    while name is not None:
        names.append(name)
        name = _parent_locale(name)
    return tuple(dict.fromkeys(names))


def _parent_locale(name: str) -> str | None:
    """CLDR's parent of a locale identifier (``None`` for the root): its parentLocales
    exception, else the root when its script is not its language's likely one
    (``zh_Hant``, ``sr_Latn``), else the identifier less its last part. As Babel's own
    locale data inherits, from Babel's public CLDR tables."""
    parent = get_global("parent_exceptions").get(name)
    if parent is not None:
        return None if parent == "root" else parent
    parts = name.split("_")
    if len(parts) == 1:
        return None
    if len(parts) == 2 and len(parts[1]) == 4:  # language_Script
        likely = get_global("likely_subtags").get(parts[0], "")
        if likely.split("_")[1:2] != [parts[1]]:
            return None
    return "_".join(parts[:-1])


def find_catalogs(
    locale: LocaleConfig, search: list[Layer], problems: list[Problem] | None = None
) -> list[CatalogFile]:
    """``.po`` files for ``locale`` in the search path (site first, then the themes).

    A catalog :mod:`~mot_blog.load.sitefiles` refuses (a link out of the site, a FIFO) is left out, with its problem in ``problems``."""
    found = []
    for layer in search:
        for name in catalog_candidates(locale):
            path = layer.base / LOCALES_DIR / name / "LC_MESSAGES" / f"{DOMAIN}.po"
            display = f"{layer.label}{LOCALES_DIR}/{name}/LC_MESSAGES/{DOMAIN}.po"
            kind, problem = check_path(str(path), display, layer.bound)
            if problem is not None and problems is not None:
                problems.append(problem)
            if kind == FILE:
                found.append(CatalogFile(path, display, layer))
                break
    return found


def read_catalog(file: CatalogFile, locale: LocaleConfig) -> tuple[Catalog | None, list[Problem]]:
    """Parse one ``.po`` file with Babel."""
    try:
        raw = file.path.read_bytes()
    except OSError as exc:
        return None, [unreadable(file.display, exc)]
    return _parse_po(raw, file, locale)


def read_template(layer: Layer) -> Catalog | None:
    """The ``locales/messages.pot`` of a search-path folder (the site, or a theme), read
    leniently: ``None`` when it is missing, refused (:mod:`~mot_blog.load.sitefiles`), unreadable
    or broken (a template only says which messages to look for)."""
    path = layer.base / LOCALES_DIR / f"{DOMAIN}.pot"
    display = f"{layer.label}{LOCALES_DIR}/{DOMAIN}.pot"
    kind, problem = check_path(str(path), display, layer.bound)
    raw = read(path, display, []) if kind == FILE and problem is None else None
    if raw is None:
        return None
    try:
        return read_po(io.BytesIO(raw))
    except (PoFileError, UnicodeDecodeError, ValueError, LookupError):
        return None


def _parse_po(
    raw: bytes, file: CatalogFile, locale: LocaleConfig
) -> tuple[Catalog | None, list[Problem]]:
    try:
        return read_po(io.BytesIO(raw), locale=locale.babel, abort_invalid=True), []
    except (PoFileError, UnicodeDecodeError, ValueError, LookupError) as exc:
        return None, [Problem(file.display, None, f"cannot read catalog: {exc}")]


def _mo_bytes(catalog: Catalog) -> bytes:
    """Compiled with Babel, as ``pybabel compile`` would, in memory."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


_COMPILED: dict[tuple[str, str, str], tuple[bytes | None, tuple[Problem, ...]]] = {}
"""Each catalog read so far in this process, compiled (``.mo`` bytes; None with the
problems that stopped it), by the digest of its ``.po`` bytes, locale and display path.
Babel parses a catalog in Python, 10 ms a locale: a build does it while its parse workers
run (:func:`mot_blog.build.load` then finds it done) and the dev server once per change."""


def _compiled(file: CatalogFile, locale: LocaleConfig) -> tuple[bytes | None, list[Problem]]:
    """The ``.mo`` bytes of one catalog (from :data:`_COMPILED` when its bytes were seen)."""
    try:
        raw = file.path.read_bytes()
    except OSError as exc:
        return None, [unreadable(file.display, exc)]
    key = (hashlib.sha256(raw).hexdigest(), locale.code, file.display)
    known = _COMPILED.get(key)
    if known is None:
        known = _COMPILED[key] = _compile(raw, file, locale)
    return known[0], list(known[1])


def _compile(
    raw: bytes, file: CatalogFile, locale: LocaleConfig
) -> tuple[bytes | None, tuple[Problem, ...]]:
    catalog, problems = _parse_po(raw, file, locale)
    if catalog is None:
        return None, tuple(problems)
    try:
        mo = _mo_bytes(catalog)
        gettext.GNUTranslations(io.BytesIO(mo))  # what gettext refuses, refused here
    except (LookupError, ValueError, UnicodeError, OSError) as exc:
        # An unknown charset ('charset=klingon') or a plural formula gettext refuses.
        return None, (Problem(file.display, None, f"cannot compile catalog: {exc}"),)
    return mo, ()


def load_translations(
    locale: LocaleConfig, search: list[Layer]
) -> tuple[gettext.NullTranslations, list[Problem]]:
    """The chained translations of one locale: the site's catalog, falling back to the
    themes' (the site's theme, then the default theme)."""
    problems: list[Problem] = []
    chain: gettext.NullTranslations | None = None
    for file in reversed(find_catalogs(locale, search, problems)):
        mo, found = _compiled(file, locale)
        problems += found
        if mo is None:
            continue
        translations = gettext.GNUTranslations(io.BytesIO(mo))
        if chain is not None:
            translations.add_fallback(chain)
        chain = translations
    if chain is None:
        if locale.babel.language != "en":
            problems.append(missing_catalog(locale, search))
        chain = gettext.NullTranslations()
    return chain, problems


def missing_catalog(locale: LocaleConfig, search: list[Layer]) -> Problem:
    """The warning of a locale that no catalog translates: its pages show the theme's
    English text. It names the command that starts the site's catalog, with the real
    paths of the default theme's ``messages.pot`` (the last folder of ``search``, the one
    that holds every message of the engine's pages: a theme's holds its own) and of the
    site's ``locales/`` (the first), so that it works as printed from any folder."""
    template = (search[-1].base / LOCALES_DIR / f"{DOMAIN}.pot").resolve()
    target = (search[0].base / LOCALES_DIR).resolve()
    name = locale.gettext_dir
    command = shlex.join(
        ["pybabel", "init", "-i", str(template), "-d", str(target), "-l", name, "--no-wrap"]
    )
    return warning(
        f"{LOCALES_DIR}/{name}/LC_MESSAGES/{DOMAIN}.po",
        None,
        f"no UI translation for {locale.code}: its pages show the theme's English text; "
        f"start a catalog with '{command}' and translate its msgstr lines",
    )


def long_date(value: dt.date | dt.datetime, locale: Locale, date_format: str = "long") -> str:
    """``17 maggio 2022`` / ``30 maart 2022``: CLDR's long date format (or ``date_format``:
    another named format, or a pattern), in the locale's own digits (``١٧ مايو ٢٠٢٢``)."""
    day = value.date() if isinstance(value, dt.datetime) else value
    text = format_date(day, format=date_format, locale=locale)
    table = native_digits(locale)
    return text.translate(table) if table else text


NATIVE_ZERO = {
    "arab": 0x0660,
    "arabext": 0x06F0,
    "beng": 0x09E6,
    "deva": 0x0966,
    "mymr": 0x1040,
    "tibt": 0x0F20,
    "olck": 0x1C50,
    "cakm": 0x11136,
    "adlm": 0x1E950,
    "nkoo": 0x07C0,
    "mtei": 0xABF0,
    "hmnp": 0x1E140,
}
"""The digit zero of each numbering system that a CLDR locale has as its default (CLDR's
numberingSystems: each is ten contiguous code points from zero). Babel names a locale's
default system (``fa``: ``arabext``, ``ar-EG``: ``arab``, ``ar``: ``latn``) but writes
every number in Latin digits; a system missing here (a newer CLDR's) keeps Latin digits,
and a test lists the defaults of Babel's data against this table."""


@functools.cache
def native_digits(locale: Locale) -> dict[int, str] | None:
    """``str.translate`` table from ASCII digits to the locale's default digits, or
    ``None`` where they are Latin digits."""
    zero = NATIVE_ZERO.get(locale.default_numbering_system or "latn")
    if zero is None:
        return None
    return {ord("0") + n: chr(zero + n) for n in range(10)}


def format_number(value: int | float, locale: Locale) -> str:
    """A number as the locale writes it: its grouping and decimal signs and its digits
    (``1.234`` in Italian, ``۱٬۲۳۴`` in Persian)."""
    text = format_decimal(value, locale=locale, numbering_system="default")
    table = native_digits(locale)
    return text.translate(table) if table else text


def iso_datetime(value: dt.datetime) -> str:
    """Machine-readable moment for ``<time datetime>``, JSON-LD and feeds."""
    return value.isoformat()


def medium_datetime(value: dt.datetime, locale: Locale) -> str:
    """Date and time, CLDR medium format."""
    return format_datetime(value, format="medium", locale=locale)


def language_name(locale: LocaleConfig, in_locale: Locale) -> str:
    """Name of a locale's language in another language (``Olandese``; ``Cinese
    tradizionale`` beside another Chinese), capitalized as a label."""
    name = locale_name(locale.code, locale.named_as, in_locale)
    return name[:1].upper() + name[1:]
