"""UI-string catalogs: every message translated, none fuzzy, and the .pot matches the templates."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po
from conftest import REPO

THEME = REPO / "src/mot_blog/theme"
# The theme's catalogs and the site's own (locales/ beside site.yaml), whichever exist.
PO_FILES = sorted(
    [*THEME.glob("locales/*/LC_MESSAGES/*.po"), *REPO.glob("locales/*/LC_MESSAGES/*.po")]
)


def messages(path: Path):
    """The messages of a .po file, header left out."""
    with path.open("rb") as handle:
        catalog = read_po(handle)
    return [message for message in catalog if message.id]


def test_theme_has_italian_and_dutch_catalogs() -> None:
    langs = {path.parent.parent.name for path in PO_FILES if path.is_relative_to(THEME)}
    assert {"it", "nl"} <= langs


@pytest.mark.parametrize("po", PO_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_message_is_translated_and_not_fuzzy(po: Path) -> None:
    problems = []
    for message in messages(po):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            problems.append(f"untranslated: {message.id!r}")
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
    assert not problems, f"{po.relative_to(REPO)}:\n" + "\n".join(problems)


@pytest.mark.parametrize("po", PO_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_catalog_has_every_message_of_the_template(po: Path) -> None:
    pot = po.parent.parent.parent / "messages.pot"
    wanted = {message.id for message in messages(pot)}
    have = {message.id for message in messages(po)}
    assert wanted <= have, f"run pybabel update; missing: {sorted(map(str, wanted - have))}"


def test_pot_is_up_to_date_with_the_templates(tmp_path: Path) -> None:
    fresh = tmp_path / "messages.pot"
    CommandLineInterface().run(
        [
            "pybabel", "-q", "extract", "-F", str(REPO / "babel.cfg"), "-o", str(fresh),
            "--no-location", "--sort-output", str(THEME / "templates"),
        ]
    )  # fmt: skip
    extracted = {message.id for message in messages(fresh)}
    committed = {message.id for message in messages(THEME / "locales/messages.pot")}
    assert extracted, "extraction found no messages"
    new, gone = sorted(map(str, extracted - committed)), sorted(map(str, committed - extracted))
    assert committed == extracted, (
        "src/mot_blog/theme/locales/messages.pot is stale: run the pybabel extract of docs/translating.md "
        f"and update commands (new: {new}, gone: {gone})"
    )
