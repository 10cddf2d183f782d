"""``mot-blog import``: what every importer shares (the new site's folder, the report,
links out of the source, the same bytes twice) and the mappings of the shared modules."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from conftest import run_cli
from import_sites import FIXTURES, imported, tree

from mot_blog.commands.importing import dates, frontmatter
from mot_blog.commands.importing.model import ImportedSite, Locale, Notes, Post, Reference
from mot_blog.commands.importing.texts import front_matter
from mot_blog.commands.importing.writer import plan_site

HUGO = FIXTURES / "hugo"


def test_refuses_a_non_empty_destination_and_writes_nothing(tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "mine.txt").write_text("keep me", encoding="utf-8")
    done = run_cli("import", "hugo", str(HUGO), "--site", str(dest))
    assert done.returncode == 1
    assert "is not empty; import into a new or empty folder (nothing was written)" in done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in dest.iterdir()) == ["mine.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".dest.importing-")]


def test_imports_into_an_empty_destination(tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    dest.mkdir()
    imported("hugo", HUGO, dest)
    assert (dest / "site.yaml").is_file()


def test_the_same_source_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    imported("hugo", HUGO, tmp_path / "one")
    imported("hugo", HUGO, tmp_path / "two")
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_an_unknown_generator_is_named_with_the_choices(tmp_path: Path) -> None:
    done = run_cli("import", "hgo", str(HUGO), "--site", str(tmp_path / "d"))
    assert done.returncode == 1
    assert "no importers named 'hgo' (did you mean 'hugo'?)" in done.stderr
    assert not (tmp_path / "d").exists()


def test_a_folder_that_is_not_a_hugo_site_is_refused_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    done = run_cli("import", "hugo", str(tmp_path / "src"), "--site", str(tmp_path / "d"))
    assert done.returncode == 1
    assert "no hugo.toml, config.toml or config/_default/: not a Hugo site" in done.stderr
    assert not (tmp_path / "d").exists()


def test_links_out_of_the_source_are_not_followed_nor_copied(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "passwd").write_text("root:x:0:0", encoding="utf-8")
    source = tmp_path / "src"
    (source / "content" / "posts").mkdir(parents=True)
    (source / "static").mkdir()
    (source / "hugo.toml").write_text(
        'baseURL = "https://x.example/"\ntitle = "X"\n', encoding="utf-8"
    )
    (source / "content" / "posts" / "a.md").write_text(
        "---\ntitle: A\ndate: 2024-01-01\n---\nText.\n", encoding="utf-8"
    )
    os.symlink(secret / "passwd", source / "static" / "passwd")
    os.symlink(secret, source / "content" / "posts" / "out")
    out = imported("hugo", source, tmp_path / "d")
    assert "static/passwd: a symbolic link out of the source; not followed" in out
    assert "content/posts/out: a symbolic link out of the source; not followed" in out
    assert "root:x" not in "".join(
        p.read_text("utf-8", "replace") for p in (tmp_path / "d").rglob("*") if p.is_file()
    )


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2024-05-29", dt.date(2024, 5, 29)),
        ("2024-05-29 9:00:00 +0000", dt.datetime(2024, 5, 29, 9, tzinfo=dt.UTC)),
        ("2024/05/29 09:30", dt.datetime(2024, 5, 29, 9, 30)),
        ("Wed, 29 May 2024 09:00:00 +0000", dt.datetime(2024, 5, 29, 9, tzinfo=dt.UTC)),
        (
            "2024-05-29T09:00:00+02:00",
            dt.datetime(2024, 5, 29, 9, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        ),
    ],
)
def test_reads_the_date_forms_generators_write(written: str, expected: object) -> None:
    assert dates.read_date(written) == expected


def test_writes_dates_as_mot_blog_reads_them() -> None:
    moment = dates.read_date("2024-05-29 9:00:00 +0200")
    assert moment is not None and dates.date_text(moment) == "2024-05-29 09:00:00 +0200"
    assert dates.file_name_date("2024-05-29-my-title") == (dt.date(2024, 5, 29), "my-title")
    assert dates.later(dates.read_date("2024-05-28"), dt.date(2024, 5, 29)) is None


def test_reads_front_matter_in_yaml_toml_json_and_meta_lines() -> None:
    yaml_ = frontmatter.parse("---\nTitle: A\ntags: [x]\n---\nBody\n")
    assert yaml_.data == {"title": "A", "tags": ["x"]} and yaml_.body == "Body\n"
    assert yaml_.lines["tags"] == 3 and yaml_.names["title"] == "Title"
    toml = frontmatter.parse('+++\ntitle = "B"\ndate = 2024-01-02\n+++\nBody\n')
    assert toml.data["date"] == dt.date(2024, 1, 2) and toml.form == "toml"
    json_ = frontmatter.parse('{\n  "title": "C"\n}\n\nBody\n')
    assert json_.data == {"title": "C"} and json_.body.strip() == "Body"
    meta = frontmatter.parse("Title: D\nTags: a, b\n\nBody\n", meta_lines=True)
    assert meta.data == {"title": "D", "tags": "a, b"} and meta.body_line == 4


def test_a_bad_toml_front_matter_names_its_line() -> None:
    with pytest.raises(frontmatter.FrontMatterError, match="TOML front matter") as caught:
        frontmatter.parse('+++\ntitle = "x"\ndate = = 1\n+++\n')
    assert caught.value.line == 3


def _site(*posts: Post, references: tuple[Reference, ...] = ()) -> ImportedSite:
    locales = (Locale("en-GB", "en"), Locale("pl-PL", "pl"))
    return ImportedSite(
        "test", "T", "https://x.example/blog/", locales, posts, references=references
    )


def _post(
    source: str,
    locale: str,
    slug: str,
    group: str | None = None,
    body: str = "Text.",
    **front: object,
) -> Post:
    return Post(source, locale, slug, group, {"title": slug, "date": "2024-01-01", **front}, body)


def test_slugs_are_unique_in_their_locale_and_never_a_listing_segment() -> None:
    planned = plan_site(
        _site(
            _post("a.md", "en-GB", "Same"),
            _post("b.md", "en-GB", "same"),
            _post("c.md", "en-GB", "tag"),
        )
    )
    assert list(planned.posts["en-GB"]) == [
        "content/en-GB/same.md",
        "content/en-GB/same-2.md",
        "content/en-GB/tag-2.md",
    ]
    assert any(
        "slug 'same' is taken in en-GB; the post is 'same-2'" in n.message for n in planned.notes
    )


def test_translations_share_a_key_and_links_go_to_the_readers_language() -> None:
    ref = Reference("b.md", "pl-PL", "#x", "b.md", "p.md", 3)
    planned = plan_site(_site(
        _post("a.md", "en-GB", "Zażółć gęślą", group="g:one"),
        _post("b.md", "en-GB", "second", group="g:two"),
        _post("p.md", "pl-PL", "pierwszy", group="g:one", body="See mot-import-ref:0."),
        _post("q.md", "pl-PL", "drugi", group="g:two"),
        references=(ref,),
    ))  # fmt: skip
    assert planned.groups == (
        ("one", ("content/en-GB/zazolc-gesla.md", "content/pl-PL/pierwszy.md")),
        ("two", ("content/en-GB/second.md", "content/pl-PL/drugi.md")),
    )
    assert "See /blog/pl/drugi/#x." in planned.texts["content/pl-PL/pierwszy.md"]


def test_several_categories_keep_the_first_and_the_rest_become_tags() -> None:
    planned = plan_site(_site(_post("a.md", "en-GB", "a", categories=["News", "Rail"], tags=["x"])))
    text = planned.texts["content/en-GB/a.md"]
    assert "category: News\ntags: [x, Rail]\n" in text
    assert any("categories ['Rail'] became tags" in n.message for n in planned.notes)


def test_labels_of_translated_posts_are_grouped_as_terms() -> None:
    planned = plan_site(_site(
        _post("a.md", "en-GB", "a", group="g", category="Travel", tags=["sleeper"]),
        _post("b.md", "pl-PL", "b", group="g", category="Podróże", tags=["kuszetka"]),
    ))  # fmt: skip
    assert planned.texts["content/terms.yaml"] == (
        "categories:\n  travel:\n    en-GB: Travel\n    pl-PL: Podróże\n"
        "tags:\n  sleeper:\n    en-GB: sleeper\n    pl-PL: kuszetka\n"
    )


def test_keys_mot_blog_lacks_go_under_extra() -> None:
    planned = plan_site(_site(_post("a.md", "en-GB", "a", mood="calm")))
    assert "extra:\n  mood: calm\n" in planned.texts["content/en-GB/a.md"]


def test_front_matter_is_written_as_block_yaml_with_plain_dates() -> None:
    text = front_matter({"title": "A: b", "date": "2024-01-01", "tags": ["x y"]})
    assert text == "---\ntitle: 'A: b'\ndate: 2024-01-01\ntags: [x y]\n---\n"


def test_notes_are_collected_once_each() -> None:
    notes = Notes()
    notes.dropped("a.md", 3, "gone")
    assert notes.items[0].where == "a.md:3"


def test_an_installed_package_adds_an_importer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plugin = tmp_path / "plugin"
    (plugin / "mot_blog_ghost-1.0.dist-info").mkdir(parents=True)
    (plugin / "mot_blog_ghost-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: mot-blog-ghost\nVersion: 1.0\n", encoding="utf-8"
    )
    (plugin / "mot_blog_ghost-1.0.dist-info" / "entry_points.txt").write_text(
        "[mot_blog.importers]\nghost = mot_blog_ghost:read_site\n", encoding="utf-8"
    )
    (plugin / "mot_blog_ghost.py").write_text(
        "from mot_blog.commands.importing.model import ImportedSite, Locale, Post\n"
        "def read_site(source, options):\n"
        "    post = Post('a.json', 'en', 'hello', None, {'title': 'Hello', 'date': '2024-01-01'}, 'Hi.')\n"
        "    return ImportedSite('ghost', 'G', 'https://g.example/', (Locale('en', 'en'),), (post,))\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(plugin))
    from mot_blog.commands.importing.run import ImportOptions, import_site

    (tmp_path / "src").mkdir()
    done = import_site("ghost", tmp_path / "src", tmp_path / "d", ImportOptions())
    assert done.summary[0] == "posts: en 1; translation groups: 0"
    assert (tmp_path / "d/content/en/hello.md").read_text("utf-8").startswith("---\ntitle: Hello\n")
    assert "Imported from the ghost site `src`" in (tmp_path / "d/import-report.md").read_text(
        "utf-8"
    )


def test_without_site_the_new_site_is_source_mot_blog_in_the_current_folder(tmp_path: Path) -> None:
    done = run_cli("import", "wordpress", str(FIXTURES / "wordpress" / "export.xml"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "export-mot-blog" / "site.yaml").is_file()
