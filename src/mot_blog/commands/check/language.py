"""No English UI string on a page of another language: catalog messages a locale would show
untranslated, found in that language's part of a page."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from mot_blog.build import LoadedSite
from mot_blog.commands.check.findings import Finding
from mot_blog.commands.check.html import Page
from mot_blog.load.i18n import DOMAIN, LOCALES_DIR, find_catalogs, read_catalog, read_template
from mot_blog.load.theme import search_path

IDENTICAL_COMMENT = "identical"
"""Translator comment that marks a msgstr deliberately equal to its msgid."""
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Untranslated:
    """A UI message that a locale shows in English."""

    msgid: str
    pattern: re.Pattern[str]
    path: str
    line: int | None


def _message_pattern(msgid: str) -> re.Pattern[str]:
    parts = _PLACEHOLDER.split(_SPACES.sub(" ", msgid).strip())
    return re.compile(".+?".join(re.escape(part) for part in parts))


def untranslated_messages(root: Path, loaded: LoadedSite, code: str) -> list[Untranslated]:
    """Messages the locale ``code`` would show in English (none for an English locale, nor
    for a locale without any catalog: the build's one warning says so, with the command
    that starts one, rather than a finding per message)."""
    locale = loaded.site.config.locale(code)
    if locale.babel.language == "en":
        return []
    translations = loaded.translations[code]
    found: dict[str, Untranslated] = {}
    settled: set[str] = set()
    # Msgids decided by an earlier catalog (the site before its themes, .po before .pot).
    catalogs = []
    search = search_path(root, loaded.site.config.themes)
    files = find_catalogs(locale, search)
    if not files:
        return []
    for file in files:
        catalog, _problems = read_catalog(file, locale)
        if catalog is not None:
            catalogs.append((file.display, catalog))
    for layer in search:
        template = read_template(layer)  # a broken one: fewer messages to look for
        if template is not None:
            catalogs.append((f"{layer.label}{LOCALES_DIR}/{DOMAIN}.pot", template))
    for display, catalog in catalogs:
        for message in catalog:
            if not message.id:
                continue
            ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
            if settled.issuperset(ids):
                continue
            settled.update(ids)
            if any(c.lower().startswith(IDENTICAL_COMMENT) for c in message.user_comments):
                continue
            if len(ids) == 1:
                english = [ids[0]] if translations.gettext(ids[0]) == ids[0] else []
            else:
                english = [
                    text
                    for n in (1, 2, 5)
                    for text in [translations.ngettext(ids[0], ids[1], n)]
                    if text in ids
                ]
            for msgid in english:
                found.setdefault(
                    msgid, Untranslated(msgid, _message_pattern(msgid), display, message.lineno)
                )
    return list(found.values())


def _language_matches(text_lang: str, code: str) -> bool:
    a, b = text_lang.lower(), code.lower()
    return a == b or a.split("-")[0] == b.split("-")[0] and "-" not in a


UiMessages = dict[str, list[Untranslated]]
"""Locale code -> the messages it would show in English (only locales that have some)."""


def ui_messages(root: Path, loaded: LoadedSite) -> UiMessages:
    """The messages each locale would show in English (:func:`untranslated_messages`)."""
    found = {}
    for locale in loaded.site.config.locales:
        messages = untranslated_messages(root, loaded, locale.code)
        if messages:
            found[locale.code] = messages
    return found


def ui_hits(page: Page, messages: UiMessages) -> list[tuple[str, str]]:
    """(locale code, msgid) of each message found on ``page`` in that locale's language:
    as a whole text or attribute value of an element in that language."""
    hits = []
    for code, listed in messages.items():
        texts = {text for lang, text, _line in page.texts if _language_matches(lang, code)}
        if texts:
            hits += [(code, m.msgid) for m in listed if any(m.pattern.fullmatch(t) for t in texts)]
    return hits


def check_ui_language(
    loaded: LoadedSite, messages: UiMessages, hits: Iterable[tuple[str, list[tuple[str, str]]]]
) -> Iterator[Finding]:
    """English UI strings on pages (or page parts) of a non-English locale; ``hits``:
    (output, :func:`ui_hits` of its page) in output order."""
    pages: dict[tuple[str, str], list[str]] = defaultdict(list)
    for output, found in hits:
        for hit in found:
            pages[hit].append(output)
    for locale in loaded.site.config.locales:
        for message in messages.get(locale.code, ()):
            outputs = pages.get((locale.code, message.msgid))
            if not outputs:
                continue
            more = f" and {len(outputs) - 1} more page(s)" if len(outputs) > 1 else ""
            yield Finding(
                message.path,
                message.line,
                f"English UI text '{message.msgid}' on {locale.code} pages{more}: translate it "
                f"(or add a '# {IDENTICAL_COMMENT}' translator comment if it is the same word)",
                outputs[0],
            )
