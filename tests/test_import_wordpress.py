"""``mot-blog import wordpress``: the fixture export (tests/data/import/wordpress: English
and Japanese through WPML Export and Import's post meta, a featured image, a caption, a
gallery, a scheduled post, a draft, a page, a menu item, a comment) with its uploads
copy, imported, built and checked; Polylang's data and the WXR safety rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli
from import_sites import FIXTURES, builds_and_checks_clean, imported

from mot_blog.commands.importing.model import ImportRefused, Notes
from mot_blog.commands.importing.run import ImportOptions
from mot_blog.commands.importing.wordpress import read_site
from mot_blog.commands.importing.wp_html import to_markdown, wpautop
from mot_blog.commands.importing.wxr import read_export

WORDPRESS = FIXTURES / "wordpress"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    dest = tmp_path_factory.mktemp("wordpress") / "site"
    summary = imported(
        "wordpress", WORDPRESS / "export.xml", dest, "--uploads", str(WORDPRESS / "uploads")
    )
    return dest, summary


def test_the_imported_site_builds_and_checks_clean(site: tuple[Path, str]) -> None:
    builds_and_checks_clean(site[0])


def test_wpml_languages_and_translation_groups(site: tuple[Path, str]) -> None:
    dest, summary = site
    assert summary.startswith("posts: en 4, ja 2; translation groups: 2\n")
    japanese = (dest / "content/ja/夜行列車.md").read_text("utf-8")  # post_name decoded
    assert "translation_key: first-trip-group\n" in japanese
    assert "aliases: [/ja/2024/05/30/夜行列車/]\n" in japanese
    terms = (dest / "content/terms.yaml").read_text("utf-8")
    assert "categories:\n  travel:\n    en: Travel\n    ja: 旅行\n" in terms


def test_posts_keep_their_fields(site: tuple[Path, str]) -> None:
    text = (site[0] / "content/en/first-trip.md").read_text("utf-8")
    assert text.startswith(
        "---\ntitle: My first night train\ndate: 2024-05-29 07:00:00 +0000\n"
        "updated: 2024-06-02 10:00:00 +0000\nsummary: From Vienna to Rome in a sleeper.\n"
        "category: Travel\ntags: [sleeper]\nauthors: [ada]\nimage: uploads/2024/05/map.png\n"
        "image_alt: The route from Vienna to Rome\ntranslation_key: first-trip-group\n"
        "aliases: [/2024/05/29/first-trip/]\n---\n"
    )
    assert (site[0] / "content/authors.yaml").read_text("utf-8") == "ada:\n  name: Ada Rossi\n"
    nightjet = (site[0] / "content/en/nightjet.md").read_text("utf-8")
    assert "summary: How to book a Nightjet sleeper.\n" in nightjet  # Yoast's description
    assert "category:" not in nightjet  # Uncategorized left out
    assert "draft: true\n" in (site[0] / "content/en/notes-for-later.md").read_text("utf-8")
    scheduled = (site[0] / "content/en/sleeping-cars-2031.md").read_text("utf-8")
    assert "date: 2031-01-01 08:00:00 +0000\n" in scheduled and "draft" not in scheduled


def test_html_becomes_markdown_with_local_files_and_links(site: tuple[Path, str]) -> None:
    text = (site[0] / "content/en/first-trip.md").read_text("utf-8")
    assert "We left Vienna at **nine**, and booked the [Nightjet](/en/nightjet/) again." in text
    assert '![The route](uploads/2024/05/map.png "Vienna to Rome")' in text  # the full size
    assert '## On board\n\n```python\nprint("all aboard")\n```' in text
    assert "wp:paragraph" not in text and "[gallery" not in text
    assert "[my first trip](/en/first-trip/#on-board)" in (
        site[0] / "content/en/nightjet.md"
    ).read_text("utf-8")
    japanese = (site[0] / "content/ja/夜行列車.md").read_text("utf-8")
    assert (
        "九時にウィーンを出発しました。[ナイトジェット](/ja/nightjet-ja/)も予約しました。\n\n![路線図](uploads/2024/05/map.png)\n\nとても*静か*でした。"
        in japanese
    )
    assert (site[0] / "static/uploads/2024/05/map.png").read_bytes() == (
        WORDPRESS / "uploads/2024/05/map.png"
    ).read_bytes()


def test_the_report_names_each_dropped_piece(site: tuple[Path, str]) -> None:
    report = (site[0] / "import-report.md").read_text("utf-8")
    for line in (
        "- `export.xml`: 1 item of type 'nav_menu_item' (menus, blocks, custom types): not imported",
        "- `export.xml:212`: page 'About': not imported",
        "- `export.xml:199`: post 'Old junk' (trash): not imported",
        "- `export.xml:47`: post 'My first night train': 1 comment not imported (mot-blog has none)",
        "- `export.xml:47`: WordPress shortcode [gallery] has no meaning here; removed",
        "- `export.xml:47`: [caption] became a figure with its caption",
        "- `export.xml:162`: post 'Sleeping cars in 2031' is scheduled: it is published at its date",
    ):
        assert line in report


def test_without_uploads_images_stay_on_the_old_site_and_the_report_says_so(tmp_path: Path) -> None:
    summary = imported("wordpress", WORDPRESS, tmp_path / "site")  # the folder holding the export
    assert "import again with --uploads DIR" in summary
    assert "its featured image 2024/05/map.png is not in --uploads; not imported" in summary
    text = (tmp_path / "site/content/en/first-trip.md").read_text("utf-8")
    assert "https://trains.example.org/wp-content/uploads/2024/05/map-300x200.png" in text


POLYLANG = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Pociągi</title><link>https://p.example</link><language>pl-PL</language>
<wp:base_blog_url>https://p.example</wp:base_blog_url>
<wp:term><wp:term_id>7</wp:term_id><wp:term_taxonomy>language</wp:term_taxonomy><wp:term_slug>pl</wp:term_slug><wp:term_name>Polski</wp:term_name><wp:term_description><![CDATA[a:3:{s:6:"locale";s:5:"pl_PL";s:3:"rtl";i:0;s:9:"flag_code";s:2:"pl";}]]></wp:term_description></wp:term>
<wp:term><wp:term_id>8</wp:term_id><wp:term_taxonomy>language</wp:term_taxonomy><wp:term_slug>ar</wp:term_slug><wp:term_name>العربية</wp:term_name><wp:term_description><![CDATA[a:3:{s:6:"locale";s:2:"ar";s:3:"rtl";i:1;s:9:"flag_code";s:3:"arab";}]]></wp:term_description></wp:term>
<wp:term><wp:term_id>9</wp:term_id><wp:term_taxonomy>post_translations</wp:term_taxonomy><wp:term_slug>pll_1</wp:term_slug><wp:term_description><![CDATA[a:2:{s:2:"pl";i:1;s:2:"ar";i:2;}]]></wp:term_description></wp:term>
<item><title>Zażółć</title><link>https://p.example/zazolc/</link><content:encoded><![CDATA[<p>Tekst.</p>]]></content:encoded>
<wp:post_id>1</wp:post_id><wp:post_date>2024-01-01 10:00:00</wp:post_date><wp:post_date_gmt>2024-01-01 09:00:00</wp:post_date_gmt>
<wp:post_name>zazolc</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="language" nicename="pl"><![CDATA[Polski]]></category></item>
<item><title>قطار</title><link>https://p.example/ar/qitar/</link><content:encoded><![CDATA[<p>نص.</p>]]></content:encoded>
<wp:post_id>2</wp:post_id><wp:post_date>2024-01-02 10:00:00</wp:post_date><wp:post_date_gmt>2024-01-02 09:00:00</wp:post_date_gmt>
<wp:post_name>qitar</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="language" nicename="ar"><![CDATA[العربية]]></category></item>
</channel></rss>
"""


def test_polylang_languages_locales_and_groups(tmp_path: Path) -> None:
    (tmp_path / "export.xml").write_text(POLYLANG, encoding="utf-8")
    site = read_site(tmp_path / "export.xml", ImportOptions())
    assert [(loc.code, loc.prefix) for loc in site.locales] == [("pl-PL", "pl"), ("ar", "ar")]
    assert [(p.locale, p.group) for p in site.posts] == [("pl-PL", "wp:pll_1"), ("ar", "wp:pll_1")]


def test_an_export_declaring_entities_is_refused_before_parsing() -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><rss><channel/></rss>'
    with pytest.raises(ImportRefused, match="declares XML entities: not a WordPress export"):
        read_export(bomb, "export.xml")


def test_a_broken_export_is_one_line_with_nothing_written(tmp_path: Path) -> None:
    (tmp_path / "export.xml").write_text("<rss><channel><item></channel></rss>", encoding="utf-8")
    done = run_cli(
        "import", "wordpress", str(tmp_path / "export.xml"), "--site", str(tmp_path / "d")
    )
    assert done.returncode == 1
    assert "export.xml:1: not well-formed XML: mismatched tag" in done.stderr
    assert not (tmp_path / "d").exists()


def test_wpautop_makes_paragraphs_of_blank_lines() -> None:
    assert (
        wpautop("One\n\nTwo <em>x</em>\n\n<h2>T</h2>")
        == "<p>One</p>\n<p>Two <em>x</em></p>\n<h2>T</h2>"
    )


def test_unknown_bracket_text_is_not_taken_for_a_shortcode() -> None:
    notes = Notes()
    text = to_markdown(
        "<p>See [1] and [note] here.</p>", "e.xml", 3, "en", lambda url: None, [], notes
    )
    assert text == "See [1] and [note] here.\n" and not notes.items
