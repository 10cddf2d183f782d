"""Several authors per post (``authors: [a, b]``) and author links of any kind, with the
theme's own icons, ``rel="me"`` and names in the page's language."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import post, run_cli, write_site
from htmldoc import parse_file
from listing_site import Page

from mot_blog.build import build
from mot_blog.errors import BuildFailed
from mot_blog.load.authorlinks import kind_of_url
from mot_blog.load.frontmatter import read_front_matter

A = "{http://www.w3.org/2005/Atom}"

AUTHORS = """\
ada:
  name: Ada Rossi
  role: {it-IT: Redattrice, nl-NL: Redacteur}
  linkedin: https://www.linkedin.com/in/ada/
  links:
    website: https://ada.example/
    mastodon: https://mastodon.social/@ada
    ORCID: https://orcid.org/0000-0001
bea:
  name: Bea Bianchi
  links: [https://github.com/bea, https://bsky.app/profile/bea.example, bea@example.org]
carla:
  name: Carla Conti
"""


def built(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    root = write_site(tmp_path / "site", {"content/authors.yaml": AUTHORS, **files})
    build(root, tmp_path / "out", workers=1)
    return tmp_path / "out"


def problems_of(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    root = write_site(tmp_path / "site", {"content/authors.yaml": AUTHORS, **files})
    with pytest.raises(BuildFailed) as failure:
        build(root, tmp_path / "out", workers=1)
    return [str(problem) for problem in failure.value.problems]


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return built(
        tmp_path_factory.mktemp("authors"),
        {
            "content/it-IT/tre.md": post("Tre", authors="[ada, bea, carla]", translation_key="t"),
            "content/nl-NL/drie.md": post("Drie", authors="[bea, ada]", translation_key="t"),
            "content/it-IT/solo.md": post("Solo", "2024-01-01", author="ada"),
        },
    )


def test_the_byline_lists_every_author_joined_as_the_language_joins(out: Path) -> None:
    it = parse_file(out / "it/tre/index.html").find("p", cls="byline").text()
    nl = parse_file(out / "nl/drie/index.html").find("p", cls="byline").text()
    assert it == "Di Ada Rossi, Bea Bianchi e Carla Conti"
    assert nl == "Door Bea Bianchi en Ada Rossi"


def test_one_author_keeps_the_role_in_the_byline(out: Path) -> None:
    byline = parse_file(out / "it/solo/index.html").find("p", cls="byline").text()
    assert byline == "Di Ada Rossi, Redattrice"


def test_every_author_has_a_card_in_order(out: Path) -> None:
    cards = parse_file(out / "nl/drie/index.html").find_all("aside", cls="author-card")
    names = [c.find(cls="profile-name").find("bdi").text() for c in cards]
    assert names == ["Bea Bianchi", "Ada Rossi"]
    assert "Redacteur" in cards[1].text()
    assert not parse_file(out / "nl/drie/index.html").find_all(cls="publisher-card")


def test_author_links_have_icons_rel_me_and_names_in_the_page_language(out: Path) -> None:
    card = parse_file(out / "it/solo/index.html").find("aside", cls="author-card")
    links = card.find("p", cls="profile-links").find_all("a")
    assert [a.get("href") for a in links] == [
        "https://www.linkedin.com/in/ada/",  # the older 'linkedin:' first
        "https://ada.example/",
        "https://mastodon.social/@ada",
        "https://orcid.org/0000-0001",
    ]
    assert all(a.get("rel") == "me noopener noreferrer" for a in links)
    names = [a.find("span", cls="visually-hidden").text() for a in links]
    assert names == [
        "Ada Rossi su LinkedIn",
        "Sito web di Ada Rossi",
        "Ada Rossi su Mastodon",
        "Ada Rossi su ORCID",  # a kind of the site's own, named as written
    ]
    assert [a.get("title") for a in links] == names
    icons = [a.find("svg") for a in links]
    assert [svg.get("class") for svg in icons] == [
        "icon icon-linkedin",
        "icon icon-website",
        "icon icon-mastodon",
        "icon icon-orcid",
    ]
    assert all(svg.get("aria-hidden") == "true" for svg in icons)
    # drawn inline: nothing loaded from another host
    assert not card.find_all("img", where=lambda e: "//" in (e.get("src") or ""))
    assert all("href" not in e.attrs for svg in icons for e in svg.iter())


def test_link_names_are_translated_into_dutch(out: Path) -> None:
    cards = parse_file(out / "nl/drie/index.html").find_all("aside", cls="author-card")
    names = [s.text() for s in cards[0].find_all("span", cls="visually-hidden")]
    assert names == [
        "Bea Bianchi op GitHub",
        "Bea Bianchi op Bluesky",
        "Stuur Bea Bianchi een e-mail",
    ]
    assert cards[0].find_all("a")[2].get("href") == "mailto:bea@example.org"


def test_json_ld_lists_every_author_as_a_person(out: Path) -> None:
    (ld,) = Page((out / "it/tre/index.html").read_text("utf-8")).json_ld()
    assert ld["author"] == [
        {
            "@type": "Person",
            "name": "Ada Rossi",
            "url": "https://ada.example/",
            "sameAs": [
                "https://www.linkedin.com/in/ada/",
                "https://mastodon.social/@ada",
                "https://orcid.org/0000-0001",
            ],
        },
        {
            "@type": "Person",
            "name": "Bea Bianchi",
            "sameAs": ["https://github.com/bea", "https://bsky.app/profile/bea.example"],
        },
        {"@type": "Person", "name": "Carla Conti"},
    ]
    (single,) = Page((out / "it/solo/index.html").read_text("utf-8")).json_ld()
    assert single["author"]["name"] == "Ada Rossi"  # one author stays one Person


def test_feed_entries_have_an_author_element_per_author(out: Path) -> None:
    feed = ET.parse(out / "it/feed.xml").getroot()
    entry = next(e for e in feed.findall(f"{A}entry") if e.findtext(f"{A}title") == "Tre")
    people = [
        (a.findtext(f"{A}name"), a.findtext(f"{A}uri"), a.findtext(f"{A}email"))
        for a in entry.findall(f"{A}author")
    ]
    assert people == [
        ("Ada Rossi", "https://ada.example/", None),
        ("Bea Bianchi", "https://github.com/bea", "bea@example.org"),
        ("Carla Conti", None, None),
    ]


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://github.com/ada", "github"),
        ("https://www.linkedin.com/in/ada/", "linkedin"),
        ("https://twitter.com/ada", "x"),
        ("https://x.com/ada", "x"),
        ("https://bsky.app/profile/ada.bsky.social", "bluesky"),
        ("https://fosstodon.org/@ada", "mastodon"),
        ("https://www.threads.net/@ada", "threads"),
        ("https://www.youtube.com/@ada", "youtube"),
        ("mailto:ada@example.org", "email"),
        ("ada@example.org", "email"),
        ("https://ada.example/blog/", "website"),
    ],
)
def test_the_kind_of_a_listed_link_is_told_by_its_url(url: str, kind: str) -> None:
    assert kind_of_url(url) == kind


def test_both_author_and_authors_is_a_problem(tmp_path: Path) -> None:
    files = {"content/it-IT/x.md": post("X", author="ada", authors="[bea]")}
    assert problems_of(tmp_path, files) == [
        "content/it-IT/x.md:7: 'author' and 'authors' are both set; keep one "
        "('authors: [a, b]' lists several)"
    ]


def test_an_unknown_or_repeated_author_is_a_problem_at_its_line(tmp_path: Path) -> None:
    files = {"content/it-IT/x.md": post("X", authors="\n  - ada\n  - bia\n  - ada")}
    assert problems_of(tmp_path, files) == [
        "content/it-IT/x.md:9: author 'ada' is listed twice; keep one",
    ]
    files = {"content/it-IT/x.md": post("X", authors="\n  - ada\n  - bia")}
    assert problems_of(tmp_path, files) == [
        "content/it-IT/x.md:8: unknown author 'bia' (did you mean 'bea'?); "
        "add it to content/authors.yaml",
    ]


def test_bad_author_links_are_problems(tmp_path: Path) -> None:
    authors = (
        "eve:\n  name: Eve\n  links:\n    github: 'javascript:alert(1)'\n"
        "    email: not-an-address\n    website: https://eve.example/\n"
        "  linkedin: https://eve.example/\n"
        "dan:\n  name: Dan\n  links: [3]\n"
        "ole:\n  name: Ole\n  links: https://ole.example/\n"
    )
    files = {"content/authors.yaml": authors, "content/it-IT/x.md": post("X")}
    assert problems_of(tmp_path, files) == [
        "content/authors.yaml:4: 'javascript:alert(1)' must be an http(s) URL",
        "content/authors.yaml:5: 'not-an-address' must be an e-mail address (ada@example.com)",
        "content/authors.yaml:6: link 'https://eve.example/' is given twice (also line 7)",
        "content/authors.yaml:10: a link must be a URL, not a number",
        "content/authors.yaml:13: 'links' must map each kind to its URL (github: https://...) "
        "or list URLs",
    ]


def test_a_misspelt_link_kind_is_a_warning_and_a_plain_link(tmp_path: Path) -> None:
    authors = "eve:\n  name: Eve\n  links:\n    githb: https://github.com/eve\n"
    root = write_site(
        tmp_path / "site",
        {"content/authors.yaml": authors, "content/it-IT/x.md": post("X", author="eve")},
    )
    result = build(root, tmp_path / "out", workers=1)
    assert [str(w) for w in result.warnings] == [
        "content/authors.yaml:4: warning: link kind 'githb' (did you mean 'github'?) is not "
        "one the theme knows; it is shown with a plain link icon"
    ]
    link = parse_file(tmp_path / "out/it/x/index.html").find("p", cls="profile-links").find("a")
    assert link.find("svg").get("class") == "icon icon-githb"


def test_a_translation_started_by_new_keeps_the_authors_and_a_missing_summary(site) -> None:
    root = site(
        {
            "content/authors.yaml": AUTHORS,
            "content/it-IT/tre.md": post("Tre", summary=None, category=None, authors="[bea, ada]"),
        }
    )
    result = run_cli(
        "new",
        "Drie",
        "--locale",
        "nl-NL",
        "--translation-of",
        "content/it-IT/tre.md",
        "--site",
        str(root),
        cwd=root,
    )
    assert result.returncode == 0, result.stderr
    meta, _, _, problems = read_front_matter(
        (root / "content/nl-NL/drie.md").read_bytes(), "content/nl-NL/drie.md"
    )
    assert problems == [] and meta is not None
    assert meta.authors == ("bea", "ada") and meta.summary is None and meta.category is None
