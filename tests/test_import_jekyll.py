"""``mot-blog import jekyll``: the fixture site (tests/data/import/jekyll: English in
``_posts/``, Polish in ``pl/_posts/``, translations by file name and by ``ref``, Liquid and
kramdown, ``_data/authors.yml``, a draft, assets) imported, built and checked; the
Jekyll mappings one by one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import write_site
from import_sites import FIXTURES, builds_and_checks_clean, imported

from mot_blog.commands.importing.jekyll import _old_url, read_site
from mot_blog.commands.importing.jekyll_liquid import convert
from mot_blog.commands.importing.model import Notes, Reference
from mot_blog.commands.importing.run import ImportOptions

JEKYLL = FIXTURES / "jekyll"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    dest = tmp_path_factory.mktemp("jekyll") / "site"
    return dest, imported("jekyll", JEKYLL, dest)


def test_the_imported_site_builds_and_checks_clean(site: tuple[Path, str]) -> None:
    builds_and_checks_clean(site[0])


def test_posts_per_language_folder_and_their_translations(site: tuple[Path, str]) -> None:
    dest, summary = site
    assert summary.startswith("posts: en 3, pl 2; translation groups: 2\n")
    config = (dest / "site.yaml").read_text("utf-8")
    assert "base_url: https://trains.example.org/blog/\n" in config
    assert "  en:\n    prefix: en\n  pl:\n    prefix: pl\n" in config
    polish = (dest / "content/pl/first-trip.md").read_text("utf-8")
    assert "translation_key: 2024-05-29-first-trip\n" in polish  # the same file name
    assert "translation_key: nightjet\n" in (dest / "content/pl/rezerwacja.md").read_text("utf-8")


def test_front_matter_fields_are_mapped(site: tuple[Path, str]) -> None:
    text = (site[0] / "content/en/first-trip.md").read_text("utf-8")
    assert text.startswith(
        "---\ntitle: My first night train\ndate: 2024-05-29 09:00:00 +0000\n"
        "summary: From Vienna to Rome in a sleeper.\ncategory: travel\ntags: [sleeper, rail]\n"
        "authors: [ada]\n"
    )
    nightjet = (site[0] / "content/en/nightjet.md").read_text("utf-8")
    assert "date: 2024-07-01\n" in nightjet  # from the file name
    assert "aliases: [/booking-nightjet/]\n" in nightjet  # its permalink
    assert "draft: true\n" in (site[0] / "content/en/sleeping-cars.md").read_text("utf-8")
    authors = (site[0] / "content/authors.yaml").read_text("utf-8")
    assert (
        authors
        == "ada:\n  name: Ada Rossi\n  bio: Writes about trains.\n  links:\n    github: https://github.com/ada\n    x: https://twitter.com/ada\n"
    )


def test_liquid_with_a_meaning_becomes_markdown(site: tuple[Path, str]) -> None:
    text = (site[0] / "content/en/first-trip.md").read_text("utf-8")
    assert "## Leaving Vienna {#leaving}\n" in text
    assert "on my first night train." in text
    assert "![The route](assets/img/route.png)" in text
    assert '```ruby\nputs "all aboard"\n```' in text
    assert "[booking](/blog/en/nightjet/)" in text
    assert "`In Liquid, {{ page.title }} shows the title.`" in text
    polish = (site[0] / "content/pl/first-trip.md").read_text("utf-8")
    assert "[rezerwację](/blog/pl/rezerwacja/)" in polish  # the link, in Polish
    assert "[timetables](https://trains.example.org/blog/)" in (
        site[0] / "content/en/nightjet.md"
    ).read_text("utf-8")


def test_the_report_names_each_dropped_piece(site: tuple[Path, str]) -> None:
    report = (site[0] / "import-report.md").read_text("utf-8")
    for line in (
        "- `_posts/2024-05-29-first-trip.md:16`: kramdown attribute list {: .lead}: removed (mot-blog has none)",
        "- `_posts/2024-05-29-first-trip.md:26`: an include (a template of the Jekyll site) has no meaning here; removed: write what it showed",
        "- `_posts/2024-07-01-nightjet.md:9`: Liquid {{ site.data.trains.count }} has no meaning here; removed",
        "- `pl/_posts/2024-05-29-first-trip.md:15`: a {% comment %} block: not published, removed",
        "- `about.md`: a page, not a post: mot-blog publishes posts",
        "- `_layouts/`: Jekyll layouts are not converted",
        "- `_posts/2024-05-29-first-trip.md:2`: 'layout': a template of the Jekyll site",
        "old URL /2024/05/first-trip/ is the old URL of 2 posts (_posts/2024-05-29-first-trip.md, pl/_posts/2024-05-29-first-trip.md): no redirect from it",
    ):
        assert line in report


def test_convert_maps_liquid_and_kramdown_at_their_lines() -> None:
    notes = Notes()
    refs: list[Reference] = []
    body = convert(
        "a\n{% post_url 2024-01-01-x %}\n## H\n{: #top .big}\n{% unknown %}\n{{ x.y }}\n",
        10, "p.md", "pl", {"site.title": "T", "site.url": "https://x", "site.baseurl": ""}, refs, notes,
    )  # fmt: skip
    assert body == "a\nmot-import-ref:0\n## H {#top}\n\n\n\n"
    assert refs == [Reference("2024-01-01-x", "pl", "", "2024-01-01-x", "p.md", 11)]
    assert [(n.line, n.message.split(" has")[0]) for n in notes.items] == [
        (14, "Liquid {% unknown %}"), (15, "Liquid {{ x.y }}"),
    ]  # fmt: skip


def test_liquid_in_fenced_code_stays_as_written() -> None:
    body = "```\n{% include x.html %}\n```\n"
    assert convert(body, 1, "p.md", "en", {}, [], Notes()) == body


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("date", "/travel/2024/05/29/first-trip.html"),
        ("pretty", "/travel/2024/05/29/first-trip/"),
        ("/:year/:month/:title/", "/2024/05/first-trip/"),
    ],
)
def test_old_urls_follow_jekylls_permalink_patterns(pattern: str, expected: str) -> None:
    url = _old_url(
        {}, "x", {"permalink": pattern}, dt.date(2024, 5, 29), "first-trip", ["travel"], "en", "en"
    )
    assert url == expected


def test_polyglot_lang_keys_and_posts_folder_per_language(tmp_path: Path) -> None:
    source = write_site(tmp_path / "src", {
        "site.yaml": "",
        "_config.yml": "title: X\nlanguages: [en, ar]\ndefault_lang: en\nurl: https://x.example\n",
        "_posts/2024-01-01-hello.md": "---\ntitle: Hello\npermalink: /hello/\n---\nHi.\n",
        "_posts/2024-01-01-marhaba.md": "---\ntitle: مرحبا\nlang: ar\npermalink: /hello/\n---\nأهلا.\n",
        "_posts/ar/2024-02-01-qitar.md": "---\ntitle: قطار\n---\nنص.\n",
    })  # fmt: skip
    (source / "site.yaml").unlink()
    imported_site = read_site(source, ImportOptions())
    by_source = {p.source: p for p in imported_site.posts}
    assert [loc.code for loc in imported_site.locales] == ["en", "ar"]
    assert (
        by_source["_posts/2024-01-01-marhaba.md"].group
        == by_source["_posts/2024-01-01-hello.md"].group
    )
    assert by_source["_posts/ar/2024-02-01-qitar.md"].locale == "ar"
    assert by_source["_posts/2024-01-01-marhaba.md"].front["aliases"] == ["/ar/hello/"]
