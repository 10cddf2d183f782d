"""Atom feeds per locale and per category: well-formed, complete, discoverable, stable."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from listing_site import built, front, page

from mot_blog.render.feeds import absolute_links

A = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return built(tmp_path_factory.mktemp("feeds"))


def feed(out: Path, rel: str) -> ET.Element:
    return ET.parse(out / rel).getroot()


def test_every_entry_has_id_title_updated_and_an_absolute_link(out: Path) -> None:
    for rel in (
        "it/feed.xml",
        "nl/feed.xml",
        "it/categoria/notizie/feed.xml",
        "nl/categorie/nieuws/feed.xml",
    ):
        root = feed(out, rel)
        assert root.tag == f"{A}feed"
        entries = root.findall(f"{A}entry")
        assert entries, rel
        for entry in entries:
            for child in ("id", "title", "updated", "published", "summary", "content", "author"):
                assert entry.find(f"{A}{child}") is not None, (rel, child)
            link = entry.find(f"{A}link[@rel='alternate']")
            assert link is not None and link.get("href", "").startswith(
                "https://blog.example.test/"
            )
            assert entry.find(f"{A}content").get("type") == "html"


def test_locale_feeds_have_their_own_ids_language_and_entries(out: Path) -> None:
    italian, dutch = feed(out, "it/feed.xml"), feed(out, "nl/feed.xml")
    assert italian.findtext(f"{A}id") == "https://blog.example.test/it/feed.xml"
    assert dutch.findtext(f"{A}id") == "https://blog.example.test/nl/feed.xml"
    assert (italian.get(XML_LANG), dutch.get(XML_LANG)) == ("it-IT", "nl-NL")
    it_ids = {e.findtext(f"{A}id") for e in italian.iter(f"{A}entry")}
    nl_ids = {e.findtext(f"{A}id") for e in dutch.iter(f"{A}entry")}
    assert len(it_ids) == 5 and len(nl_ids) == 2
    assert not it_ids & nl_ids
    assert [e.findtext(f"{A}title") for e in italian.iter(f"{A}entry")] == [
        "Cinque",
        "Quattro",
        "Tre",
        "Due",
        "Uno",
    ]


def test_feed_updated_is_the_newest_entry_change_not_the_build_time(out: Path) -> None:
    # Vijf was updated on 2024-03-01; the build runs "at" 2024-06-01.
    assert feed(out, "nl/feed.xml").findtext(f"{A}updated") == "2024-03-01T00:00:00+00:00"
    assert feed(out, "it/feed.xml").findtext(f"{A}updated") == "2024-01-05T00:00:00+00:00"


def test_category_feed_lists_only_its_category(out: Path) -> None:
    root = feed(out, "nl/categorie/nieuws/feed.xml")
    assert root.findtext(f"{A}id") == "https://blog.example.test/nl/categorie/nieuws/feed.xml"
    assert root.findtext(f"{A}title") == "Nieuws · Test Blog"
    assert {e.findtext(f"{A}title") for e in root.iter(f"{A}entry")} == {
        "Vijf",
        "Alleen Nederlands",
    }
    self_link = root.find(f"{A}link[@rel='self']")
    assert self_link.get("href") == "https://blog.example.test/nl/categorie/nieuws/feed.xml"


def test_entries_carry_summary_full_content_with_absolute_urls_and_an_author(out: Path) -> None:
    entries = {e.findtext(f"{A}title"): e for e in feed(out, "it/feed.xml").iter(f"{A}entry")}
    uno = entries["Uno"]
    assert uno.findtext(f"{A}summary") == "Un riassunto."
    content = uno.findtext(f"{A}content")
    assert 'src="https://blog.example.test/images/uno.' in content and "Testo." in content
    assert uno.findtext(f"{A}author/{A}name") == "Ada Rossi"
    assert uno.findtext(f"{A}author/{A}uri") == "https://www.linkedin.com/in/ada-rossi/"
    # A post without an author is signed by the publisher.
    assert entries["Tre"].findtext(f"{A}author/{A}name") == "Example Media"


def test_every_page_announces_a_feed_that_exists(out: Path) -> None:
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        links = page(out, str(path.relative_to(out))).find(
            "link", rel="alternate", type="application/atom+xml"
        )
        assert links, path
        for link in links:
            assert link["title"]
            assert (out / str(link["href"]).lstrip("/")).is_file(), (path, link)
    category = page(out, "it/categoria/notizie/").find("link", type="application/atom+xml")
    assert category[0]["href"] == "/it/categoria/notizie/feed.xml"


def test_markup_in_titles_is_escaped_and_round_trips(tmp_path: Path) -> None:
    title = 'Fish & <Chips> "</title>"'
    out = built(tmp_path, {"content/it-IT/pesce.md": front(title, "2024-01-09")})
    titles = [e.findtext(f"{A}title") for e in feed(out, "it/feed.xml").iter(f"{A}entry")]
    assert titles[0] == title


def test_two_builds_write_identical_bytes(tmp_path: Path) -> None:
    first = built(tmp_path / "a")
    second = built(tmp_path / "b")
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


def test_absolute_links_leaves_external_and_protocol_relative_urls_alone() -> None:
    html = '<a href="/it/x/">x</a><img src="//cdn.example/a.png"><a href="https://e.example/">e</a>'
    assert absolute_links(html, "https://b.example") == (
        '<a href="https://b.example/it/x/">x</a><img src="//cdn.example/a.png"><a href="https://e.example/">e</a>'
    )


@pytest.mark.parametrize(
    "html",
    [
        "",
        'src="/a.png"',  # no whitespace before the name: not an attribute
        '<img\nsrc="/a.png"><a\thref="/b/">',  # any whitespace before it
        '<a href="/">home</a><a data-href="/x/">x</a><a xhref="/y/">y</a>',
        '<a href="//host/">h</a><a href="/"></a><a href="/',  # protocol-relative; at the end
        '<img src="/a.png" srcset="/a-400.png 400w"><a title="=&quot;/" href="/c/">',
        '<a href="/x/"><a href="/x/"><img src="/y.png"><img SRC="/z.png">',  # uppercase: left
        '<p>a="/ b ="/ src="/</p>',
    ],
)
def test_absolute_links_rewrites_what_a_src_or_href_pattern_matches(html: str) -> None:
    """The scan by ``="/`` gives what ``\\s(src|href)="/`` (not ``//``) rewrote."""
    pattern = re.compile(r'(\s(?:src|href)=")(/(?!/))')
    origin = "https://b.example"
    assert absolute_links(html, origin) == pattern.sub(rf"\g<1>{origin}\g<2>", html)
