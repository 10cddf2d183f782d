"""``mot-blog import pelican``: the fixture site (tests/data/import/pelican: English and
Arabic through i18n_subsites, translations by slug, ``{static}``/``{filename}``/``{tag}``
links, Python-Markdown metadata and a YAML block, a draft, a page, a reStructuredText
article) imported, built and checked; the Pelican mappings one by one."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_site
from import_sites import FIXTURES, builds_and_checks_clean, imported

from mot_blog.commands.importing.model import Notes
from mot_blog.commands.importing.pelican import read_site
from mot_blog.commands.importing.pelican_conf import settings
from mot_blog.commands.importing.run import ImportOptions

PELICAN = FIXTURES / "pelican"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    dest = tmp_path_factory.mktemp("pelican") / "site"
    return dest, imported("pelican", PELICAN, dest)


def test_the_imported_site_builds_and_checks_clean(site: tuple[Path, str]) -> None:
    builds_and_checks_clean(site[0])


def test_languages_and_translations_by_slug(site: tuple[Path, str]) -> None:
    dest, summary = site
    assert summary.startswith("posts: en 3, ar 2; translation groups: 2\n")
    config = (dest / "site.yaml").read_text("utf-8")
    assert "title:\n  en: Night Trains\n  ar: قطارات الليل\n" in config
    assert "base_url: https://trains.example.org/\n" in config  # publishconf.py's
    assert "markdown:\n  engine: python-markdown\n" in config
    arabic = (dest / "content/ar/first-trip.md").read_text("utf-8")
    assert "translation_key: first-trip\n" in arabic
    assert "aliases: [/ar/posts/2024/first-trip/]\n" in arabic  # ARTICLE_LANG_URL


def test_metadata_is_mapped(site: tuple[Path, str]) -> None:
    text = (site[0] / "content/en/first-trip.md").read_text("utf-8")
    assert text.startswith(
        "---\ntitle: My first night train\ndate: 2024-05-29 21:00:00 +0200\n"
        "updated: 2024-06-02 10:00:00 +0200\nsummary: From Vienna to Rome in a sleeper.\n"
        "category: Travel\ntags: [sleeper, Italy]\nauthors: [ada-rossi, bea-bianchi]\n"
    )
    assert "aliases: [/posts/2024/first-trip/]\nextra:\n  mood: sleepy\n" in text
    history = (site[0] / "content/en/a-short-history-of-sleeping-cars.md").read_text("utf-8")
    assert "category: rail\n" in history  # the folder, as USE_FOLDER_AS_CATEGORY
    assert "draft: true\n" in history
    authors = (site[0] / "content/authors.yaml").read_text("utf-8")
    assert authors == "ada-rossi:\n  name: Ada Rossi\nbea-bianchi:\n  name: Bea Bianchi\n"


def test_links_are_resolved(site: tuple[Path, str]) -> None:
    text = (site[0] / "content/en/first-trip.md").read_text("utf-8")
    assert "![The route](images/map.png)" in text
    assert "[booking a Nightjet](/en/nightjet/)" in text
    assert "[more trips](/en/tag/sleeper/)" in text
    assert '```python\nprint("all aboard")\n```' in text  # codehilite's :::python
    arabic = (site[0] / "content/ar/first-trip.md").read_text("utf-8")
    assert "[حجز قطار نايت جيت](/ar/nightjet/)" in arabic  # the Arabic translation
    assert (site[0] / "static/images/map.png").is_file()


def test_the_report_names_each_dropped_piece(site: tuple[Path, str]) -> None:
    report = (site[0] / "import-report.md").read_text("utf-8")
    for line in (
        "- `content/essay.rst`: a reStructuredText article: not converted (only Markdown is)",
        "- `content/extra/robots.txt`: published as robots.txt, which mot-blog writes itself",
        "- `content/pages/about.md`: a Pelican page, not an article: mot-blog publishes posts",
        "- `content/rail/sleeper-history.md:4`: 'Save_as': Pelican's own output setting",
        "- `pelicanconf.py`: THEME notmyidea: a Pelican theme is not converted",
        "- `pelicanconf.py`: PLUGINS i18n_subsites: Pelican plugins do not run here",
    ):
        assert line in report


def test_settings_are_read_without_running_them(tmp_path: Path) -> None:
    source = write_site(tmp_path / "src", {
        "site.yaml": "",
        "pelicanconf.py": (
            "import os\nSITENAME = 'X'\nTIMEZONE = os.environ['TZ']\n"
            "open('/tmp/should-not-exist', 'w')\nARTICLE_TRANSLATION_ID = ['slug', 'date']\n"
        ),
    })  # fmt: skip
    notes = Notes()
    conf = settings(source, notes)
    assert conf["SITENAME"] == "X" and conf["ARTICLE_TRANSLATION_ID"] == ["slug", "date"]
    assert "TIMEZONE" not in conf
    assert [(n.where, n.message) for n in notes.items] == [
        (
            "pelicanconf.py:3",
            "TIMEZONE is computed, not written as a value: not read (the default is used)",
        )
    ]
    assert not Path("/tmp/should-not-exist").exists()


def test_translation_id_may_be_several_keys_or_none(tmp_path: Path) -> None:
    files = {
        "site.yaml": "",
        "a.md": "Title: A\nDate: 2024-01-01\nSlug: a\nSeries: s1\n\nText.\n",
        "b.md": "Title: B\nDate: 2024-01-02\nSlug: b\nSeries: s1\nLang: pl\n\nTekst.\n",
    }
    source = write_site(
        tmp_path / "one", {**files, "pelicanconf.py": "ARTICLE_TRANSLATION_ID = 'series'\n"}
    )
    (source / "site.yaml").unlink()
    groups = {p.source: p.group for p in read_site(source, ImportOptions()).posts}
    assert groups == {"a.md": "id:s1", "b.md": "id:s1"}
    other = write_site(
        tmp_path / "two", {**files, "pelicanconf.py": "ARTICLE_TRANSLATION_ID = None\n"}
    )
    (other / "site.yaml").unlink()
    assert {p.group for p in read_site(other, ImportOptions()).posts} == {None}


def test_a_setting_that_puts_a_file_outside_the_new_site_is_not_followed(tmp_path: Path) -> None:
    source = write_site(tmp_path / "src", {
        "site.yaml": "",
        "pelicanconf.py": (
            "PATH = 'content'\nSTATIC_PATHS = ['extra']\n"
            "EXTRA_PATH_METADATA = {'extra/x.txt': {'path': '../../escaped.txt'}}\n"
        ),
        "content/extra/x.txt": "x",
        "content/a.md": "Title: A\nDate: 2024-01-01\n\nText.\n",
    })  # fmt: skip
    (source / "site.yaml").unlink()
    summary = imported("pelican", source, tmp_path / "d")
    assert (
        "static/../../escaped.txt: a path outside the new site (from the source's settings); not written"
        in summary
    )
    assert not list(tmp_path.rglob("escaped.txt"))
