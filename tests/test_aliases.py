"""Old URLs of a post (``aliases:``) become redirect pages and ``_redirects`` rules, and a
post first published elsewhere names that page as canonical (``canonical_url``)."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import MINIMAL_CONFIG, post, run_cli, write_site
from htmldoc import alternates, parse_file

from mot_blog.build import build
from mot_blog.errors import BuildFailed
from mot_blog.serve.incremental import IncrementalBuilder

ORIGIN = "https://blog.example.test"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def built(tmp_path: Path, files: dict[str, str | bytes], **options) -> Path:
    root = write_site(tmp_path / "site", files)
    build(root, tmp_path / "out", workers=1, **options)
    return tmp_path / "out"


def problems_of(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    root = write_site(tmp_path / "site", files)
    with pytest.raises(BuildFailed) as failure:
        build(root, tmp_path / "out", workers=1)
    return [str(problem) for problem in failure.value.problems]


def sitemap_urls(out: Path) -> list[str]:
    return [str(loc.text) for loc in ET.parse(out / "sitemap.xml").getroot().iter(f"{SM}loc")]


ALIASED = {
    "content/it-IT/nuovo.md": post(
        "Il nuovo titolo",
        aliases="[/2019/05/vecchio/, vecchio.html, /archivio/vecchio, /caffè/]",
    ),
    "content/nl-NL/ander.md": post("Ander", "2024-01-03", aliases="/oud/"),
}


def test_each_alias_is_a_redirect_page_in_the_posts_language(tmp_path: Path) -> None:
    out = built(tmp_path, ALIASED)
    target = f"{ORIGIN}/it/nuovo/"
    for path in (
        "2019/05/vecchio/index.html",  # a folder URL
        "vecchio.html",  # the file itself
        "archivio/vecchio/index.html",  # no extension: a folder
        "caffè/index.html",
    ):
        page = parse_file(out / path)
        assert page.find("html").get("lang") == "it-IT", path
        assert page.find("meta", http_equiv="refresh").get("content") == f"0; url={target}"
        assert page.find("link", rel="canonical").get("href") == target
        assert page.find("meta", name="robots").get("content") == "noindex"
        link = page.find("body").find("a")
        assert (link.get("href"), link.text()) == (target, "Il nuovo titolo")
        assert page.find("body").text() == "Questo articolo è stato spostato: Il nuovo titolo"
    dutch = parse_file(out / "oud/index.html")
    assert dutch.find("html").get("lang") == "nl-NL"
    assert dutch.find("body").text() == "Dit artikel is verhuisd: Ander"


def test_redirect_pages_are_kept_out_of_the_sitemap(tmp_path: Path) -> None:
    urls = sitemap_urls(built(tmp_path, ALIASED))
    assert f"{ORIGIN}/it/nuovo/" in urls
    assert not [url for url in urls if "vecchio" in url or "oud" in url or "caff" in url]


def test_every_alias_is_a_rule_of_the_redirects_file(tmp_path: Path) -> None:
    out = built(tmp_path, ALIASED)
    assert (out / "_redirects").read_text("utf-8") == (
        "# Old URLs of posts (their aliases:), written by mot-blog\n"
        "/oud/  /nl/ander/  301\n"
        "/2019/05/vecchio/  /it/nuovo/  301\n"
        "/vecchio.html  /it/nuovo/  301\n"
        "/archivio/vecchio/  /it/nuovo/  301\n"
        "/caff%C3%A8/  /it/nuovo/  301\n"
    )


def test_no_redirects_file_without_aliases(tmp_path: Path) -> None:
    out = built(tmp_path, {"content/it-IT/x.md": post("X")})
    assert not (out / "_redirects").exists()


def test_the_sites_own_redirects_come_first(tmp_path: Path) -> None:
    files = {**ALIASED, "static/_redirects": "/feed  /it/feed.xml  301"}
    out = built(tmp_path, files)
    lines = (out / "_redirects").read_text("utf-8").splitlines()
    assert lines[:3] == [
        "/feed  /it/feed.xml  301",
        "# Old URLs of posts (their aliases:), written by mot-blog",
        "/oud/  /nl/ander/  301",
    ]
    # a warm build that finds the site's rules changed writes them again
    (tmp_path / "site/static/_redirects").write_text("/rss  /it/feed.xml  301\n", "utf-8")
    build(tmp_path / "site", out)
    result = build(tmp_path / "site", out)
    assert (out / "_redirects").read_text("utf-8").splitlines()[0] == "/rss  /it/feed.xml  301"
    # the merged file is one of the files the build counts, not two
    assert result.files == sum(1 for p in out.rglob("*") if p.is_file() and p.name[0] != ".")


def test_aliases_are_under_the_base_path(tmp_path: Path) -> None:
    config = MINIMAL_CONFIG.replace("https://blog.example.test/", "https://example.test/blog/")
    out = built(tmp_path, {"site.yaml": config, "content/it-IT/x.md": post("X", aliases="[/a/]")})
    refresh = parse_file(out / "a/index.html").find("meta", http_equiv="refresh")
    assert refresh.get("content") == "0; url=https://example.test/blog/it/x/"
    assert (out / "_redirects").read_text("utf-8").splitlines()[1] == "/blog/a/  /blog/it/x/  301"


def test_check_finds_nothing_wrong_with_redirect_pages(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", ALIASED)
    result = run_cli("check", "--site", str(root))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("alias", "message"),
    [
        (
            "https://old.example/x/",
            "alias 'https://old.example/x/' must be a path on this site, e.g. "
            "/2019/05/old-slug/ or old-slug.html (no https:// or host)",
        ),
        (
            "//old.example/x/",
            "alias '//old.example/x/' must be a path on this site, e.g. /2019/05/old-slug/ or "
            "old-slug.html (no https:// or host)",
        ),
        (
            "/a/../b/",
            "alias '/a/../b/' has an empty, '.' or '..' segment; write the path it leads to",
        ),
        ("/a//b/", "alias '/a//b/' has an empty, '.' or '..' segment; write the path it leads to"),
        ("/x/?p=1", "alias '/x/?p=1' has a query or fragment ('?', '#'); give the path only"),
        ("/", "alias '/' is the site's root page; give the old post's own path"),
        ("'/a b/'", "alias '/a b/' holds a space or control character; write a space as %20"),
        ("/a%2Fb/", "alias '/a%2Fb/' holds an encoded '/', '\\' or NUL; write the path itself"),
        (
            "/.well-known/x",
            "alias '/.well-known/x' has a segment starting with '.'; such files are not published",
        ),
        ("'/a:b/'", "alias '/a:b/' holds a '\\' or ':', which no output file may have in its name"),
        ("[3]", "an alias must be a site-relative URL, not a number"),
    ],
)
def test_an_alias_that_is_no_old_path_of_this_site_is_a_problem(
    tmp_path: Path, alias: str, message: str
) -> None:
    value = alias if alias.startswith("[") else f"[{alias}]"
    files = {"content/it-IT/x.md": post("X", aliases=value)}
    assert problems_of(tmp_path, files) == [f"content/it-IT/x.md:6: {message}"]


def test_an_alias_listed_twice_is_a_problem(tmp_path: Path) -> None:
    files = {"content/it-IT/x.md": post("X", aliases="\n  - /vecchio/\n  - vecchio")}
    assert problems_of(tmp_path, files) == [
        "content/it-IT/x.md:8: alias 'vecchio' is '/vecchio/' again; keep one"
    ]


def test_an_alias_at_the_url_of_another_output_is_a_problem_naming_both(tmp_path: Path) -> None:
    files = {
        "content/it-IT/uno.md": post("Uno", aliases="\n  - /vecchio/"),
        "content/nl-NL/een.md": post(
            "Een",
            aliases="\n  - /vecchio/\n  - /it/uno/\n  - /nl/een/\n  - it/category/notizie/"
            "\n  - /it/feed.xml/x/\n  - favicon.svg\n  - sitemap.xml",
        ),
    }
    assert problems_of(tmp_path, files) == [
        "content/nl-NL/een.md:7: alias '/vecchio/' is also an alias of "
        "content/it-IT/uno.md:7; keep it in one post",
        "content/nl-NL/een.md:8: alias '/it/uno/' is the URL of content/it-IT/uno.md; "
        "remove the alias",
        "content/nl-NL/een.md:9: alias '/nl/een/' is the post's own URL; remove it",
        "content/nl-NL/een.md:10: alias '/it/category/notizie/' is the URL of a file the build "
        "writes (it/category/notizie/index.html); remove the alias",
        "content/nl-NL/een.md:11: alias '/it/feed.xml/x/' would be inside it/feed.xml, a file "
        "the build writes; remove the alias",
        # (the default theme's favicon: named by its path in the search path)
        "content/nl-NL/een.md:12: alias '/favicon.svg' is where (theme)/static/favicon.svg "
        "is published; remove the alias",
        "content/nl-NL/een.md:13: alias '/sitemap.xml' is the URL of a file the build writes "
        "(sitemap.xml); remove the alias",
    ]


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _clean(root: Path, out: Path) -> dict[str, bytes]:
    shutil.rmtree(out, ignore_errors=True)
    build(root, out, cache=False, workers=1)
    return _tree(out)


def test_serve_adds_changes_and_removes_redirects_as_a_clean_build_would(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"content/it-IT/x.md": post("X"), **ALIASED})
    out = tmp_path / "out"
    builder = IncrementalBuilder(root, out, workers=1)
    edited = root / "content/it-IT/x.md"
    for aliases in ("[/primo/]", "[/secondo/, terzo.html]", None):
        text = post("X", aliases=aliases) if aliases else post("X")
        edited.write_text(text, encoding="utf-8")
        builder.rebuild([edited])
        assert _tree(out) == _clean(root, tmp_path / "clean"), aliases
    assert not (out / "primo").exists() and not (out / "terzo.html").exists()
    builder.close()


# ---- canonical_url ------------------------------------------------------------------------

ELSEWHERE = "https://medium.example/@ada/primo-123"


def test_canonical_url_replaces_the_canonical_link_and_og_url(tmp_path: Path) -> None:
    out = built(
        tmp_path,
        {
            "content/it-IT/primo.md": post(
                "Primo", canonical_url=ELSEWHERE, translation_key="p", aliases="[/vecchio/]"
            ),
            "content/nl-NL/eerste.md": post("Eerste", translation_key="p"),
        },
    )
    page = parse_file(out / "it/primo/index.html")
    assert page.find("link", rel="canonical").get("href") == ELSEWHERE
    assert page.find("meta", property="og:url").get("content") == ELSEWHERE
    # the translations are still ours
    assert alternates(page) == {
        "it-IT": f"{ORIGIN}/it/primo/",
        "nl-NL": f"{ORIGIN}/nl/eerste/",
        "x-default": f"{ORIGIN}/",
    }
    dutch = parse_file(out / "nl/eerste/index.html")
    assert dutch.find("link", rel="canonical").get("href") == f"{ORIGIN}/nl/eerste/"
    # the sitemap lists the pages whose canonical URL is here
    urls = sitemap_urls(out)
    assert f"{ORIGIN}/it/primo/" not in urls and f"{ORIGIN}/nl/eerste/" in urls
    # a redirect page names the canonical page too, and leads to ours
    redirect = parse_file(out / "vecchio/index.html")
    assert redirect.find("link", rel="canonical").get("href") == ELSEWHERE
    refresh = redirect.find("meta", http_equiv="refresh").get("content")
    assert refresh == f"0; url={ORIGIN}/it/primo/"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "/primo/",
            "canonical_url '/primo/' must be an absolute http(s) URL, e.g. "
            "https://example.com/where-it-was-first-published/",
        ),
        (
            "ftp://example.com/x",
            "canonical_url 'ftp://example.com/x' must be an absolute http(s) URL, e.g. "
            "https://example.com/where-it-was-first-published/",
        ),
        (
            "'https://example.com/a b'",
            "canonical_url 'https://example.com/a b' holds ' '; percent-encode it (%20 for a space)",
        ),
    ],
)
def test_a_canonical_url_that_is_not_absolute_is_a_problem(
    tmp_path: Path, value: str, message: str
) -> None:
    files = {"content/it-IT/x.md": post("X", canonical_url=value)}
    assert problems_of(tmp_path, files) == [f"content/it-IT/x.md:6: {message}"]
