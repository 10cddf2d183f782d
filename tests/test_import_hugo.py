"""``mot-blog import hugo``: the fixture site (tests/data/import/hugo: English and Japanese,
file-name translations, a page bundle, TOML, YAML and JSON front matter, shortcodes,
``ref``, ``i18n/``) imported, built and checked; the Hugo mappings one by one."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_site
from import_sites import FIXTURES, builds_and_checks_clean, imported

from mot_blog.commands.importing.hugo import read_site
from mot_blog.commands.importing.hugo_i18n import _entries
from mot_blog.commands.importing.run import ImportOptions

HUGO = FIXTURES / "hugo"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    dest = tmp_path_factory.mktemp("hugo") / "site"
    summary = imported("hugo", HUGO, dest)
    return dest, summary


def test_the_imported_site_builds_and_checks_clean(site: tuple[Path, str]) -> None:
    dest, _ = site
    builds_and_checks_clean(dest)


def test_languages_become_locales_with_their_prefixes(site: tuple[Path, str]) -> None:
    config = (site[0] / "site.yaml").read_text("utf-8")
    assert "title:\n  en-GB: Night Trains\n  ja-JP: 夜行列車\n" in config
    assert (
        "  en-GB:\n    prefix: en\n    name: English\n  ja-JP:\n    prefix: ja\n    name: 日本語\n"
        in config
    )
    assert "heading_ids: hugo\n" in config


def test_a_bundle_keeps_its_files_and_its_translation_falls_back_to_them(
    site: tuple[Path, str],
) -> None:
    dest = site[0]
    assert (dest / "content/en-GB/first-trip/map.png").read_bytes() == (
        HUGO / "content/posts/first-trip/map.png"
    ).read_bytes()
    japanese = (dest / "content/ja-JP/first-trip.md").read_text("utf-8")
    assert "translation_key: posts-first-trip\n" in japanese
    assert "![路線図](map.png)" in japanese
    assert "date: 2024-05-30 09:00:00 +0900\n" in japanese  # TOML's date-time


def test_front_matter_fields_are_mapped(site: tuple[Path, str]) -> None:
    text = (site[0] / "content/en-GB/first-trip/index.md").read_text("utf-8")
    assert text.startswith(
        "---\ntitle: My first night train\ndate: 2024-05-29 09:00:00 +0200\n"
        "updated: 2024-06-02 10:00:00 +0200\nsummary: From Vienna to Rome in a sleeper.\n"
        "category: Travel\ntags: [sleeper, Italy]\nauthors: [ada-rossi]\nimage: map.png\n"
    )
    assert "aliases: [/posts/first-trip/, /2024/05/first-trip/]\n" in text
    assert "extra:\n  series: Europe\n" in text


def test_translation_key_and_json_front_matter_link_translations(site: tuple[Path, str]) -> None:
    dest = site[0]
    english = (dest / "content/en-GB/booking-nightjet.md").read_text("utf-8")
    assert "translation_key: nightjet\n" in english
    assert "aliases: [/posts/booking-nightjet/]\n" in english
    assert "translation_key: nightjet\n" in (dest / "content/ja-JP/yakou.md").read_text("utf-8")


def test_refs_become_links_in_the_readers_language(site: tuple[Path, str]) -> None:
    dest = site[0]
    assert "[my first trip](/en/first-trip/)" in (
        dest / "content/en-GB/booking-nightjet.md"
    ).read_text("utf-8")
    assert "[はじめての旅](/ja/first-trip/)" in (dest / "content/ja-JP/yakou.md").read_text("utf-8")


def test_highlight_becomes_a_fenced_block(site: tuple[Path, str]) -> None:
    text = (site[0] / "content/en-GB/first-trip/index.md").read_text("utf-8")
    assert '```python\nprint("all aboard")\n```' in text
    assert "{{< youtube dQw4w9WgXcQ >}}" in text  # the theme has it


def test_shortcodes_without_a_template_get_a_stand_in_and_are_reported(
    site: tuple[Path, str],
) -> None:
    dest, summary = site
    assert (dest / "import-originals/shortcodes/ruby.html").read_text("utf-8").startswith("<ruby>")
    assert "{{ inner_html }}" in (dest / "templates/shortcodes/note.html").read_text("utf-8")
    assert "inner" not in (dest / "templates/shortcodes/gist.html").read_text("utf-8")
    report = (dest / "import-report.md").read_text("utf-8")
    assert (
        "- `content/posts/nightjet.md:12`: shortcode 'ruby': its Go template (layouts/shortcodes/ruby.html) cannot run here"
        in report
    )
    assert (
        "- `content/posts/nightjet.md:14`: shortcode 'gist' has no template in the source" in report
    )
    assert "content/posts/yakou.ja.md:11: shortcode 'note'" in summary


def test_the_report_names_each_dropped_piece(site: tuple[Path, str]) -> None:
    report = (site[0] / "import-report.md").read_text("utf-8")
    assert "| en-GB | en | 2 | 0 |\n| ja-JP | ja | 2 | 0 |" in report
    assert "## Translation groups (2)" in report
    for line in (
        "- `content/_index.md`: a section or home page (_index.md): mot-blog makes its own listings",
        "- `content/about.md`: no date: a page, not a post (mot-blog publishes posts); not imported",
        "- `content/posts/first-trip/index.md:10`: 'weight': means something to Hugo's templates only",
        "- `i18n/ja.toml`: strings the theme has no message for: readingtime, readmore",
        "- `layouts/`: Hugo templates are not converted",
    ):
        assert line in report
    assert "the theme has no catalog" not in report  # it speaks Japanese


def test_i18n_strings_of_the_same_meaning_become_catalog_messages(site: tuple[Path, str]) -> None:
    po = (site[0] / "locales/ja_JP/LC_MESSAGES/messages.po").read_text("utf-8")
    assert 'msgid "Contents"\nmsgstr "目次"\n' in po
    assert 'msgid "Related articles"\nmsgstr "関連記事"\n' in po
    assert not (site[0] / "locales/en_GB").exists()  # the same words as the theme's


def test_i18n_reads_hugos_three_forms() -> None:
    assert _entries({"toc": "目次", "related": {"other": "関連"}}) == {
        "toc": "目次",
        "related": "関連",
    }
    assert _entries([{"id": "toc", "translation": "Spis treści"}]) == {"toc": "Spis treści"}


def test_content_folders_per_language_are_linked_by_path(tmp_path: Path) -> None:
    source = write_site(tmp_path / "src", {
        "site.yaml": "",
        "config/_default/hugo.toml": 'baseURL = "https://x.example/"\ndefaultContentLanguage = "pl"\n',
        "config/_default/languages.toml": (
            '[pl]\ncontentDir = "content/pl"\nweight = 1\n[en]\ncontentDir = "content/en"\nweight = 2\n'
        ),
        "content/pl/blog/pociagi.md": "---\ntitle: Pociągi nocne\ndate: 2024-01-01\n---\nTekst.\n",
        "content/en/blog/pociagi.md": "---\ntitle: Night trains\ndate: 2024-01-02\n---\nText.\n",
    })  # fmt: skip
    (source / "site.yaml").unlink()
    site = read_site(source, ImportOptions())
    assert [loc.code for loc in site.locales] == ["pl", "en"]
    assert {(p.locale, p.group) for p in site.posts} == {
        ("pl", "path:blog/pociagi"),
        ("en", "path:blog/pociagi"),
    }
    english = next(p for p in site.posts if p.locale == "en")
    assert english.front["aliases"] == ["/en/blog/pociagi/"]


def test_a_ref_to_a_page_not_imported_is_a_plain_link_and_a_note(tmp_path: Path) -> None:
    source = write_site(tmp_path / "src", {
        "site.yaml": "",
        "hugo.toml": 'baseURL = "https://x.example/"\n',
        "content/posts/a.md": '---\ntitle: A\ndate: 2024-01-01\n---\nSee [b]({{< ref "gone.md" >}}).\n',
    })  # fmt: skip
    (source / "site.yaml").unlink()
    summary = imported("hugo", source, tmp_path / "d")
    assert "content/posts/a.md:5: link to 'gone.md': no imported post is that file" in summary
    assert "See [b](gone.md)." in (tmp_path / "d/content/en/a.md").read_text("utf-8")
