"""sitemap.xml and robots.txt: every page, symmetric hreflang groups, schema-valid."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import REPO, run_cli
from listing_site import built, page

from mot_blog.render.sitemap import SITEMAP_NS, XHTML_NS, SitemapEntry, sitemap_xml

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
ORIGIN = "https://blog.example.test"
SCHEMA = Path(__file__).parent / "data" / "sitemap-with-xhtml.xsd"


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return built(tmp_path_factory.mktemp("sitemap"))


def entries(out: Path) -> dict[str, dict]:
    """loc -> {lastmod, alternates: {hreflang: href}}."""
    root = ET.parse(out / "sitemap.xml").getroot()
    assert root.tag == f"{SM}urlset"
    found = {}
    for url in root.findall(f"{SM}url"):
        loc = url.findtext(f"{SM}loc")
        assert loc not in found, f"{loc} listed twice"
        found[loc] = {
            "lastmod": url.findtext(f"{SM}lastmod"),
            "alternates": {
                link.get("hreflang"): link.get("href")
                for link in url.findall(f"{XHTML}link[@rel='alternate']")
            },
        }
    return found


def file_of(out: Path, url: str) -> Path:
    assert url.startswith(ORIGIN + "/"), url
    rel = url[len(ORIGIN) + 1 :]
    return out / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)


def test_sitemap_lists_every_page_but_the_404s(out: Path) -> None:
    listed = {file_of(out, loc) for loc in entries(out)}
    pages = {p for p in out.rglob("*.html") if p.name != "404.html"}
    assert listed == pages
    assert len(pages) == 22  # root, 3 + 3 index pages, 8 term pages, 7 articles


def test_every_alternate_points_at_a_page_that_exists(out: Path) -> None:
    for loc, entry in entries(out).items():
        assert entry["alternates"], loc
        for href in entry["alternates"].values():
            assert file_of(out, href).is_file(), (loc, href)


def test_translation_groups_are_symmetric_and_include_the_page_itself(out: Path) -> None:
    sitemap = entries(out)
    for loc, entry in sitemap.items():
        languages = {k: v for k, v in entry["alternates"].items() if k != "x-default"}
        # Every page lists itself; the root page (language choice) is its group's x-default.
        assert loc in entry["alternates"].values(), f"{loc} does not list itself"
        assert entry["alternates"]["x-default"] == ORIGIN + "/"
        for href in languages.values():
            other = {k: v for k, v in sitemap[href]["alternates"].items() if k != "x-default"}
            assert other == languages, (loc, href)


def test_sitemap_alternates_match_the_pages_heads(out: Path) -> None:
    for loc, entry in entries(out).items():
        rel = str(file_of(out, loc).relative_to(out))
        assert page(out, rel).hreflangs() == entry["alternates"], loc


def test_translated_articles_form_one_group(out: Path) -> None:
    alternates = entries(out)[f"{ORIGIN}/it/cinque/"]["alternates"]
    assert alternates == {
        "it-IT": f"{ORIGIN}/it/cinque/",
        "nl-NL": f"{ORIGIN}/nl/vijf/",
        "x-default": f"{ORIGIN}/",
    }


def test_lastmod_is_the_update_or_the_publication_date(out: Path) -> None:
    sitemap = entries(out)
    assert sitemap[f"{ORIGIN}/nl/vijf/"]["lastmod"] == "2024-03-01T00:00:00+00:00"
    assert sitemap[f"{ORIGIN}/it/uno/"]["lastmod"] == "2024-01-01T00:00:00+00:00"
    assert sitemap[f"{ORIGIN}/"]["lastmod"] == "2024-03-01T00:00:00+00:00"


def test_robots_txt_points_at_the_absolute_sitemap_url(out: Path) -> None:
    lines = (out / "robots.txt").read_text().splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {ORIGIN}/sitemap.xml" in lines


def test_sites_own_robots_txt_wins(tmp_path: Path) -> None:
    out = built(tmp_path, {"static/robots.txt": "User-agent: *\nDisallow: /private/\n"})
    assert "Disallow: /private/" in (out / "robots.txt").read_text()


def _validate(path: Path) -> None:
    etree = pytest.importorskip("lxml.etree")
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    document = etree.parse(str(path))
    assert schema.validate(document), schema.error_log


def test_sitemap_validates_against_the_sitemaps_org_schema(out: Path) -> None:
    _validate(out / "sitemap.xml")


def test_schema_rejects_a_broken_alternate(tmp_path: Path, out: Path) -> None:
    etree = pytest.importorskip("lxml.etree")
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    broken = (out / "sitemap.xml").read_bytes().replace(b'rel="alternate"', b'rel="alternates"', 1)
    assert not schema.validate(etree.fromstring(broken))


def test_real_site_sitemap_validates(tmp_path: Path) -> None:
    result = run_cli("build", "--site", str(REPO), "--out", str(tmp_path / "public"))
    assert result.returncode == 0, result.stderr
    _validate(tmp_path / "public" / "sitemap.xml")


def _element_tree_sitemap(entries: list[SitemapEntry]) -> bytes:
    """The sitemap as ElementTree writes it: what sitemap_xml's text must equal."""
    root = ET.Element("urlset", {"xmlns": SITEMAP_NS, "xmlns:xhtml": XHTML_NS})
    for entry in entries:
        url = ET.SubElement(root, "url")
        ET.SubElement(url, "loc").text = entry.url
        if entry.lastmod is not None:
            ET.SubElement(url, "lastmod").text = entry.lastmod.isoformat(timespec="seconds")
        for hreflang, href in entry.alternates:
            attributes = {"rel": "alternate", "hreflang": hreflang, "href": href}
            ET.SubElement(url, "xhtml:link", attributes)
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def test_sitemap_text_is_what_elementtree_would_write() -> None:
    when = dt.datetime(2024, 5, 17, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    odd = "https://e.test/a?b=1&c=<2>\"'\t\r\nè €"
    entries = [
        SitemapEntry("https://e.test/it/", when, (("it-IT", "https://e.test/it/"),)),
        SitemapEntry(odd, None, (("x-default", odd), ('q"<&>', "https://e.test/"))),
        SitemapEntry("https://e.test/nl/", when, ()),
    ]
    assert sitemap_xml(entries) == _element_tree_sitemap(entries)
    assert sitemap_xml([]) == _element_tree_sitemap([])
