"""UI-string catalogs: the theme's languages, every message translated with its language's
plural forms and placeholders, none fuzzy, and the .pot matches the templates; a site in all
of the theme's languages builds without a 'no UI translation' warning or an English UI string."""

from __future__ import annotations

import gettext
import re
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po
from conftest import REPO, post, run_cli, write_site
from htmldoc import parse_file

THEME = REPO / "src/mot_blog/theme"
# The theme's catalogs and the site's own (locales/ beside site.yaml), whichever exist.
PO_FILES = sorted(
    [*THEME.glob("locales/*/LC_MESSAGES/*.po"), *REPO.glob("locales/*/LC_MESSAGES/*.po")]
)


THEME_LANGUAGES = (
    "ar", "bg", "cs", "da", "de", "el", "en", "es", "fa", "fi", "fr", "he", "hi", "hu", "id",
    "it", "ja", "ko", "nb", "nl", "pl", "pt_BR", "pt_PT", "ro", "ru", "sk", "sv", "th", "tr",
    "uk", "vi", "zh_Hans", "zh_Hant",
)  # fmt: skip
"""The languages the default theme speaks out of the box (folder names under locales/)."""
THEME_PO = sorted(THEME.glob("locales/*/LC_MESSAGES/messages.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\[[A-Z_]+\]")
"""What a msgstr must keep of its msgid: ``%(name)s`` for Jinja, ``[SEARCH_TERM]`` for Pagefind."""
IDENTICAL_COMMENT = "identical"


def language(po: Path) -> str:
    return po.parent.parent.name


def read(po: Path) -> Catalog:
    with po.open("rb") as handle:
        return read_po(handle)


def messages(path: Path):
    """The messages of a .po file, header left out."""
    with path.open("rb") as handle:
        catalog = read_po(handle)
    return [message for message in catalog if message.id]


def test_the_theme_speaks_every_language_of_its_list() -> None:
    langs = {language(po) for po in THEME_PO}
    assert len(THEME_LANGUAGES) >= 33
    assert set(THEME_LANGUAGES) <= langs, f"missing: {sorted(set(THEME_LANGUAGES) - langs)}"


@pytest.mark.parametrize("po", THEME_PO, ids=language)
def test_each_catalog_has_its_languages_cldr_plural_forms(po: Path) -> None:
    catalog = read(po)
    cldr = Catalog(locale=language(po))  # what pybabel init writes: CLDR's forms, by Babel
    assert (catalog.num_plurals, catalog.plural_expr) == (cldr.num_plurals, cldr.plural_expr)
    wrong = [
        f"{message.id[0]!r}: {len(message.string)} forms"
        for message in catalog
        if message.id and message.pluralizable and len(message.string) != cldr.num_plurals
    ]
    assert not wrong, f"{po.relative_to(REPO)} wants {cldr.num_plurals} forms:\n" + "\n".join(wrong)


def test_the_plural_forms_are_the_languages_own() -> None:
    forms = {lang: read(THEME / f"locales/{lang}/LC_MESSAGES/messages.po").num_plurals
             for lang in ("ar", "pl", "ru", "he", "ja", "zh_Hans", "de")}  # fmt: skip
    assert forms == {"ar": 6, "pl": 3, "ru": 3, "he": 3, "ja": 1, "zh_Hans": 1, "de": 2}


def single_number_forms(catalog: Catalog) -> set[int]:
    """The plural forms that one number alone takes (Arabic's 1 and 2, Hebrew's 1 and 2):
    those may say it in words (``دقيقة واحدة``) and leave the number out."""
    plural = gettext.c2py(catalog.plural_expr)
    counts = Counter(plural(n) for n in range(1000))
    return {form for form, count in counts.items() if count == 1}


@pytest.mark.parametrize("po", THEME_PO, ids=language)
def test_every_translation_keeps_the_placeholders_of_its_message(po: Path) -> None:
    catalog = read(po)
    in_words = single_number_forms(catalog)
    problems = []
    for message in messages(po):
        ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for form, text in enumerate(strings):
            found = set(PLACEHOLDER.findall(text))
            if found != wanted and not (len(ids) > 1 and form in in_words and found < wanted):
                problems.append(f"{ids[0]!r}: {text!r}")
    assert not problems, f"{po.relative_to(REPO)}:\n" + "\n".join(problems)


def test_a_form_for_one_number_alone_may_say_it_in_words() -> None:
    arabic = read(THEME / "locales/ar/LC_MESSAGES/messages.po")
    assert single_number_forms(arabic) == {0, 1, 2}  # zero, one, two
    assert single_number_forms(read(THEME / "locales/pl/LC_MESSAGES/messages.po")) == {0}
    assert single_number_forms(read(THEME / "locales/de/LC_MESSAGES/messages.po")) == {0}


@pytest.mark.parametrize("po", [po for po in THEME_PO if language(po) != "en"], ids=language)
def test_no_message_stays_english_unless_marked_identical(po: Path) -> None:
    english = []
    for message in messages(po):
        ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        marked = any(c.lower().startswith(IDENTICAL_COMMENT) for c in message.user_comments)
        if not marked and set(strings) & set(ids):
            english.append(repr(ids[0]))
    assert not english, (
        f"{po.relative_to(REPO)}: msgstr equal to the msgid without an '# identical: why' "
        "comment:\n" + "\n".join(english)
    )


def test_the_english_catalog_is_the_templates_own_text() -> None:
    for message in messages(THEME / "locales/en/LC_MESSAGES/messages.po"):
        ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert strings == ids


@pytest.mark.parametrize("po", THEME_PO, ids=language)
def test_each_catalog_header_names_its_state_and_invites_corrections(po: Path) -> None:
    catalog = read(po)
    assert "State: " in catalog.header_comment
    assert "corrections welcome" in catalog.header_comment
    headers = catalog.header_comment + "".join(f"{k}: {v}" for k, v in catalog.mime_headers)
    for placeholder in ("FIRST AUTHOR", "ORGANIZATION", "EMAIL@ADDRESS", "FULL NAME", "LL@li"):
        assert placeholder not in headers, f"{po.relative_to(REPO)}: {placeholder}"


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


SITE_LOCALES = (
    "ar", "bg", "cs", "da", "de", "el", "en", "es", "fa", "fi", "fr", "he", "hi", "hu", "id",
    "it", "ja", "ko", "nb-NO", "nl", "pl", "pt-BR", "pt-PT", "ro", "ru", "sk", "sv", "th",
    "tr", "uk", "vi", "zh-CN", "zh-TW",
)  # fmt: skip
"""A site's codes for the theme's languages, as editors write them (zh-CN finds zh_Hans)."""
BODY = """Intro.

## Section

> [!NOTE]
> A note.

> [!TIP]
> A tip.

> [!IMPORTANT]
> Important.

> [!WARNING]
> A warning.

> [!CAUTION]
> Careful.

```
code
```
"""


@pytest.fixture(scope="module")
def every_language(tmp_path_factory) -> tuple[Path, Path, str]:
    """A site with two posts in each of the theme's languages (pages, a category, a tag,
    callouts and code), built once: ``(site, output, stderr)``."""
    root = tmp_path_factory.mktemp("every-language") / "site"
    config = "\n".join(
        ["title: Blog", "base_url: https://blog.example.test/", "default_locale: en", "locales:"]
        + [f"  {code}: {{}}" for code in SITE_LOCALES]
        + ["posts_per_page: 1", "related_count: 1"]
    )
    files = {"site.yaml": config + "\n"}
    for code in SITE_LOCALES:
        for n in (1, 2):
            files[f"content/{code}/p{n}.md"] = post(
                f"Post {n}", f"2024-01-0{n}", tags="[tag]", translation_key=f"p{n}", body=BODY
            )
    write_site(root, files)
    out = root.parent / "out"
    result = run_cli("build", "--site", str(root), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return root, out, result.stderr


def test_a_site_in_every_language_of_the_theme_builds_without_a_warning(every_language) -> None:
    _, out, stderr = every_language
    assert "no UI translation" not in stderr
    assert [line for line in stderr.splitlines() if ": warning: " in line] == []
    backs = {}
    for code in SITE_LOCALES:
        prefix = "nb" if code == "nb-NO" else code.lower()  # the default prefixes
        doc = parse_file(out / prefix / "p1" / "index.html")
        backs[code] = doc.find("p", cls="back-link").text().replace("←", "").strip()
    assert backs["en"] == "Back to the blog"
    assert len(set(backs.values())) == len(SITE_LOCALES)  # each in its own words
    assert backs["zh-CN"] == "返回博客" and backs["zh-TW"] == "返回部落格"
    assert backs["pt-BR"] == "Voltar ao blog" and backs["pt-PT"] == "Voltar ao blogue"


def test_check_finds_no_english_ui_text_in_any_language_of_the_theme(every_language) -> None:
    root, _, _ = every_language
    result = run_cli("check", "--site", str(root))
    assert "English UI text" not in result.stdout + result.stderr
    assert result.returncode == 0, result.stdout + result.stderr
