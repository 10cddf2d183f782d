"""Page bundles: a post that is a folder (``content/<locale>/<slug>/index.md``) with its files
beside it, published with the page and content-hashed; a translation falls back on its
original's files; ``./`` paths; raw HTML that names a file gets its published URL."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import post, write_site
from markdown_sites import ENGINES, body_of, config, png, problems_of

from mot_blog.build import build
from mot_blog.serve.incremental import IncrementalBuilder

HASHED = r"[0-9a-f]{10}"


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return request.param


def _site(tmp_path: Path, engine: str, files: dict) -> Path:
    return write_site(tmp_path / "site", {"site.yaml": config(engine), **files})


def _two_locales(tmp_path: Path, engine: str, dutch_body: str, **more: str | bytes) -> Path:
    """An Italian bundle with pictures at two depths, and its Dutch translation (a bundle
    holding only its post)."""
    return _site(
        tmp_path,
        engine,
        {
            "content/it-IT/gatti/index.md": post(
                "Gatti",
                body="![Un gatto](gatto.png)\n\n![Schema](./img/schema.svg)",
                translation_key="cats",
            ),
            "content/it-IT/gatti/gatto.png": png(1000, 500),
            "content/it-IT/gatti/img/schema.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"/>',
            "content/nl-NL/katten/index.md": post(
                "Katten", body=dutch_body, translation_key="cats", translated_from="it-IT:abc"
            ),
            **more,
        },
    )


def test_a_bundle_is_a_post_named_by_its_folder_with_its_files_published_beside_it(
    tmp_path: Path, engine: str
) -> None:
    site = _two_locales(tmp_path, engine, "Tekst.")
    build(site, tmp_path / "out", cache=False, workers=1)
    html = body_of(tmp_path / "out/it/gatti/index.html")
    photo = re.search(rf'<img src="(/it/gatti/gatto\.{HASHED}\.png)" alt="Un gatto"', html)
    svg = re.search(rf'<img src="(/it/gatti/img/schema\.{HASHED}\.svg)" alt="Schema"', html)
    assert photo and svg, html
    for url in (photo.group(1), svg.group(1)):
        assert (tmp_path / "out" / url[1:]).is_file()
    # raster images of a bundle get sizes and variants as those of static/ do
    assert 'width="1000" height="500"' in html and 'width="40" height="20"' in html
    assert re.search(rf"/it/gatti/gatto-480w\.{HASHED}\.webp 480w", html)
    assert (tmp_path / "out/nl/katten/index.html").is_file()


def test_a_translation_shows_its_originals_files_without_a_copy(
    tmp_path: Path, engine: str
) -> None:
    dutch = '![Een kat](gatto.png)\n\n<img src="./img/schema.svg" alt="Schema">'
    site = _two_locales(tmp_path, engine, dutch)
    build(site, tmp_path / "out", cache=False, workers=1)
    html = body_of(tmp_path / "out/nl/katten/index.html")
    assert re.search(rf'<img src="/it/gatti/gatto\.{HASHED}\.png" alt="Een kat"', html), html
    assert re.search(rf'<img src="/it/gatti/img/schema\.{HASHED}\.svg" alt="Schema">', html)
    # nothing copied: the Italian files are the only ones (beside the page: its social card)
    beside = sorted(p.name for p in (tmp_path / "out/nl/katten").iterdir())
    assert len(beside) == 2 and beside[1] == "index.html"
    assert re.fullmatch(rf"card\.{HASHED}\.png", beside[0])


def test_its_own_bundle_comes_before_its_originals(tmp_path: Path, engine: str) -> None:
    site = _two_locales(
        tmp_path, engine, "![Een kat](gatto.png)", **{"content/nl-NL/katten/gatto.png": png(10, 10)}
    )
    build(site, tmp_path / "out", cache=False, workers=1)
    assert re.search(
        rf'<img src="/nl/katten/gatto\.{HASHED}\.png"',
        body_of(tmp_path / "out/nl/katten/index.html"),
    )


def test_a_missing_bundle_file_is_a_problem_at_its_markdown_line(
    tmp_path: Path, engine: str
) -> None:
    site = _two_locales(tmp_path, engine, "Tekst.\n\n![Hond](hond.png)")
    assert problems_of(site, tmp_path / "out") == [
        "content/nl-NL/katten/index.md:12: image 'hond.png' not found in the page bundle "
        "content/nl-NL/katten/, in its original's content/it-IT/gatti/ or under static/; "
        "check the path"
    ]


def test_dot_slash_paths_name_static_files_too(tmp_path: Path, engine: str) -> None:
    site = _site(
        tmp_path,
        engine,
        {
            "content/it-IT/a.md": post(
                "A", body="![Logo](./images/logo.svg)", image="./images/logo.svg", image_alt="Logo"
            ),
            "static/images/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>',
        },
    )
    build(site, tmp_path / "out", cache=False, workers=1)
    page = (tmp_path / "out/it/a/index.html").read_text(encoding="utf-8")
    assert re.search(rf'<img src="/images/logo\.{HASHED}\.svg" alt="Logo"', page)
    assert 'class="hero"' not in page  # the body shows the front matter's image: not twice


def test_raw_html_names_files_by_their_published_urls(tmp_path: Path, engine: str) -> None:
    body = (
        '<p><img src="gatto.png" srcset="gatto.png 1x, ./img/schema.svg 2x" alt="x">'
        ' <a href="./docs/guida.pdf#p2">guida</a> <a href="https://example.com/x.png">w</a>'
        ' <a href="altro-post/">p</a></p>\n\n`<img src="gatto.png">`'
    )
    site = _site(
        tmp_path,
        engine,
        {
            "content/it-IT/gatti/index.md": post("Gatti", body=body),
            "content/it-IT/gatti/gatto.png": png(20, 10),
            "content/it-IT/gatti/img/schema.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
            "content/it-IT/gatti/docs/guida.pdf": b"%PDF-1.4",
        },
    )
    build(site, tmp_path / "out", cache=False, workers=1)
    html = body_of(tmp_path / "out/it/gatti/index.html")
    assert re.search(
        rf'<img src="/it/gatti/gatto\.{HASHED}\.png" srcset="/it/gatti/gatto\.{HASHED}\.png 1x, '
        rf'/it/gatti/img/schema\.{HASHED}\.svg 2x" alt="x">',
        html,
    ), html
    assert re.search(rf'<a href="/it/gatti/docs/guida\.{HASHED}\.pdf#p2">guida</a>', html)
    assert '<a href="https://example.com/x.png">w</a> <a href="altro-post/">p</a>' in html
    assert '<code>&lt;img src="gatto.png"&gt;</code>' in html  # code shows what was written


def test_a_changed_image_is_published_under_a_new_hashed_url(tmp_path: Path, engine: str) -> None:
    site = _two_locales(tmp_path, engine, "![Een kat](gatto.png)")

    def urls() -> tuple[str, str]:
        italian = body_of(tmp_path / "out/it/gatti/index.html")
        dutch = body_of(tmp_path / "out/nl/katten/index.html")
        pattern = rf"/it/gatti/gatto\.{HASHED}\.png"
        return re.findall(pattern, italian)[0], re.findall(pattern, dutch)[0]

    build(site, tmp_path / "out")
    before = urls()
    (site / "content/it-IT/gatti/gatto.png").write_bytes(png(1000, 500, "#ff0000"))
    build(site, tmp_path / "out")
    after = urls()
    assert before[0] == before[1] and after[0] == after[1] and after != before
    assert (tmp_path / "out" / after[0][1:]).is_file()
    assert not (tmp_path / "out" / before[0][1:]).exists()


def test_files_outside_a_bundle_and_a_second_post_in_one_are_problems(
    tmp_path: Path, engine: str
) -> None:
    site = _site(
        tmp_path,
        engine,
        {
            "content/it-IT/a.md": post("A"),
            "content/it-IT/foto.png": png(4, 4),
            "content/it-IT/b/index.md": post("B"),
            "content/it-IT/b/note.md": post("Note"),
        },
    )
    assert problems_of(site, tmp_path / "out") == [
        "content/it-IT/b/note.md: a Markdown file inside the page bundle content/it-IT/b/, "
        "whose post is its index.md; move it out of that folder",
        "content/it-IT/foto.png: neither a Markdown post (.md) nor a file of a page bundle; "
        "move it to static/, or into the folder of the post that shows it "
        "(content/it-IT/<slug>/index.md)",
    ]


def test_a_bundle_file_linking_out_of_the_site_is_refused(tmp_path: Path, engine: str) -> None:
    site = _site(tmp_path, engine, {"content/it-IT/b/index.md": post("B")})
    secret = tmp_path / "secret.png"
    secret.write_bytes(png(4, 4))
    os.symlink(secret, site / "content/it-IT/b/x.png")
    problems = problems_of(site, tmp_path / "out")
    assert problems == [
        f"content/it-IT/b/x.png: symbolic link to a file outside the site ({secret}); "
        "copy the file into the site instead"
    ]


def test_a_drafts_files_stay_unpublished_but_those_its_translation_shows(
    tmp_path: Path, engine: str
) -> None:
    site = _two_locales(tmp_path, engine, "![Een kat](gatto.png)")
    italian = site / "content/it-IT/gatti/index.md"
    italian.write_text(
        italian.read_text().replace("translation_key", "draft: true\ntranslation_key")
    )
    build(site, tmp_path / "out", cache=False, workers=1)
    published = sorted(
        p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out/it").rglob("*")
    )
    assert not (tmp_path / "out/it/gatti/index.html").exists()
    assert [p for p in published if "schema" in p] == []  # shown by nobody published
    shown = [p for p in published if p.startswith("it/gatti/gatto")]
    assert len(shown) == 7, shown  # the picture and its six variants


def test_the_front_matter_image_may_be_a_bundle_file(tmp_path: Path, engine: str) -> None:
    site = _two_locales(tmp_path, engine, "Tekst.")
    dutch = site / "content/nl-NL/katten/index.md"
    dutch.write_text(
        dutch.read_text().replace(
            "translation_key", "image: ./gatto.png\nimage_alt: Kat\ntranslation_key"
        )
    )
    build(site, tmp_path / "out", cache=False, workers=1)
    page = (tmp_path / "out/nl/katten/index.html").read_text(encoding="utf-8")
    assert re.search(
        rf'<figure class="hero">\n<picture>.*src="/it/gatti/gatto\.{HASHED}\.png" alt="Kat"', page
    )


def test_serve_rebuilds_an_edited_bundle_post_in_place(tmp_path: Path, engine: str) -> None:
    site = _two_locales(tmp_path, engine, "![Een kat](gatto.png)")
    builder = IncrementalBuilder(site, tmp_path / "out", workers=1)
    dutch = site / "content/nl-NL/katten/index.md"
    dutch.write_text(dutch.read_text().replace("![Een kat]", "Nieuw.\n\n![Een kat]"))
    result = builder.rebuild([dutch])
    assert "nl/katten/index.html" in result.changed_outputs and result.rendered < 10
    html = body_of(tmp_path / "out/nl/katten/index.html")
    assert "<p>Nieuw.</p>" in html and re.search(rf'src="/it/gatti/gatto\.{HASHED}\.png"', html)
    # the same bytes as a clean build
    build(site, tmp_path / "clean", cache=False, workers=1)
    for page in ("nl/katten/index.html", "it/gatti/index.html", "nl/index.html"):
        assert (tmp_path / "out" / page).read_bytes() == (tmp_path / "clean" / page).read_bytes()


def test_a_bundles_translation_group_is_read_as_the_parse_stage_reads_it() -> None:
    from mot_blog.load.bundles import translation_key_of  # noqa: PLC0415

    assert (
        translation_key_of(b'---\r\ntitle: x\r\ntranslation_key: "cats"\r\n---\r\n', "p") == "cats"
    )
    assert translation_key_of(b"---\ntranslation_key: 2024\n---\n", "p") == "2024"
    assert translation_key_of(b"---\ntranslation_key: [a,\n  b]\n---\n", "p") is None
    assert translation_key_of(b"---\ntitle: a\n---\ntranslation_key: body\n", "p") is None
