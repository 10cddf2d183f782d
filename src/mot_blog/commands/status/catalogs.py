"""The catalogs of a status report: for each locale, each catalog the build reads, with its
untranslated and fuzzy messages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mot_blog.errors import Problem
from mot_blog.load.config import SiteConfig
from mot_blog.load.i18n import DOMAIN, LOCALES_DIR, find_catalogs, read_catalog, read_template
from mot_blog.load.theme import Layer, search_path


@dataclass(frozen=True, slots=True)
class CatalogStatus:
    """One ``.po`` file of one locale."""

    locale: str
    path: str
    messages: int
    untranslated: tuple[str, ...]
    fuzzy: tuple[str, ...]


def _template_ids(layer: Layer) -> set[str]:
    """Msgids of a ``messages.pot`` (none when it is missing or unreadable)."""
    template = read_template(layer)
    if template is None:
        return set()
    return {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}


def catalog_statuses(root: Path, config: SiteConfig) -> tuple[list[CatalogStatus], list[Problem]]:
    """Untranslated and fuzzy messages of every catalog, per configured locale."""
    statuses, problems = [], []
    for locale in config.locales:
        files = find_catalogs(locale, search_path(root, config.themes))
        if not files and locale.babel.language != "en":
            problems.append(
                Problem(
                    f"{LOCALES_DIR}/{locale.gettext_dir}/LC_MESSAGES/{DOMAIN}.po",
                    None,
                    f"no catalog for {locale.code}: every UI string shows in English",
                )
            )
        for file in files:
            catalog, found = read_catalog(file, locale)
            problems += found
            if catalog is None:
                continue
            template = _template_ids(file.layer)  # the locales/messages.pot beside it
            messages = [m for m in catalog if m.id]
            held = {m.id if isinstance(m.id, str) else m.id[0] for m in messages}
            untranslated = [
                m.id if isinstance(m.id, str) else m.id[0]
                for m in messages
                if not m.fuzzy and not all(m.string if isinstance(m.string, tuple) else (m.string,))
            ]
            untranslated += sorted(template - held)
            fuzzy = [m.id if isinstance(m.id, str) else m.id[0] for m in messages if m.fuzzy]
            statuses.append(
                CatalogStatus(
                    locale.code,
                    file.display,
                    len(held | template),
                    tuple(untranslated),
                    tuple(fuzzy),
                )
            )
    return statuses, problems
