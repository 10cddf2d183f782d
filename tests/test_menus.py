"""Menus and footer links: ``menu:`` and ``footer_links:`` of a locale in site.yaml, links by
URL or by a post's translation key (that locale's translation, its title the label), shown in
the header with the current one marked, and every bad entry a problem at its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import post, write_site
from htmldoc import parse_file

from mot_blog.build import build
from mot_blog.errors import BuildFailed
from mot_blog.serve.incremental import IncrementalBuilder

CONFIG = """\
title: Test Blog
base_url: https://blog.example.test/
default_locale: it-IT
locales:
  it-IT:
    prefix: it
    menu:
      - label: Blog
        url: /it/
      - page: about
      - page: about
        label: Chi siamo
      - label: Codice
        url: https://code.example.test/
    footer_links:
      - page: about
      - label: Scrivici
        url: mailto:blog@example.test
    copyright: © 2024 Esempio S.p.A.
  nl-NL:
    prefix: nl
    menu:
      - page: about
"""

POSTS = {
    "content/it-IT/chi-siamo.md": post("Chi siamo davvero", translation_key="about"),
    "content/nl-NL/over-ons.md": post("Over ons", translation_key="about"),
    "content/it-IT/primo.md": post("Primo"),
}


def _build(tmp_path: Path, config: str = CONFIG, posts: dict | None = None) -> Path:
    root = write_site(
        tmp_path / "site", {"site.yaml": config, **(POSTS if posts is None else posts)}
    )
    build(root, tmp_path / "out", workers=1)
    return tmp_path / "out"


def _menu(page: Path) -> list[tuple[str, str, str | None]]:
    nav = parse_file(page).find("nav", cls="site-menu")
    return [(a.text(), a.get("href") or "", a.get("aria-current")) for a in nav.find_all("a")]


def test_menu_links_a_page_by_its_translation_key_in_each_locale_with_its_title(
    tmp_path: Path,
) -> None:
    out = _build(tmp_path)
    assert _menu(out / "it" / "index.html") == [
        ("Blog", "/it/", "page"),
        ("Chi siamo davvero", "/it/chi-siamo/", None),
        ("Chi siamo", "/it/chi-siamo/", None),
        ("Codice", "https://code.example.test/", None),
    ]
    assert _menu(out / "nl" / "index.html") == [("Over ons", "/nl/over-ons/", None)]


def test_the_menu_marks_the_page_it_is_shown_on_as_current(tmp_path: Path) -> None:
    out = _build(tmp_path)
    current = [item for item in _menu(out / "it" / "chi-siamo" / "index.html") if item[2]]
    assert current == [
        ("Chi siamo davvero", "/it/chi-siamo/", "page"),
        ("Chi siamo", "/it/chi-siamo/", "page"),
    ]
    assert not [item for item in _menu(out / "it" / "primo" / "index.html") if item[2]]


def test_the_footer_shows_its_links_and_the_configured_copyright(tmp_path: Path) -> None:
    out = _build(tmp_path)
    footer = parse_file(out / "it" / "index.html").find("footer")
    links = [
        (a.text(), a.get("href")) for a in footer.find("nav", cls="footer-links").find_all("a")
    ]
    assert links == [
        ("Chi siamo davvero", "/it/chi-siamo/"),
        ("Scrivici", "mailto:blog@example.test"),
    ]
    assert "© 2024 Esempio S.p.A." in footer.text()
    nl_footer = parse_file(out / "nl" / "index.html").find("footer").text()
    assert "© 2024 Test Blog" in nl_footer


def test_a_site_path_in_a_menu_is_taken_under_the_base_urls_path(tmp_path: Path) -> None:
    config = CONFIG.replace("https://blog.example.test/", "https://example.test/blog/")
    out = _build(tmp_path, config)
    assert _menu(out / "it" / "index.html")[0] == ("Blog", "/blog/it/", "page")


def test_a_locale_without_a_menu_shows_none(tmp_path: Path) -> None:
    config = CONFIG.split("  nl-NL:")[0] + "  nl-NL: {prefix: nl}\n"
    out = _build(tmp_path, config)
    assert parse_file(out / "nl" / "index.html").find_all("nav", cls="site-menu") == []


def _problems(tmp_path: Path, config: str, posts: dict | None = None) -> list[str]:
    with pytest.raises(BuildFailed) as failure:
        _build(tmp_path, config, posts)
    return [str(problem) for problem in failure.value.problems]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            "- page: abuot",
            "site.yaml:7: menu of it-IT: no published post has translation_key "
            "'abuot' (did you mean 'about'?)",
        ),
        ("- label: Blog", "site.yaml:7: a link needs a url (with a label) or a page"),
        ("- url: /it/", "site.yaml:7: the link to '/it/' needs a label"),
        ("- {page: about, url: /it/}", "site.yaml:7: a link has page or url, not both: remove one"),
        (
            "- {label: X, url: 'javascript:alert(1)'}",
            "site.yaml:7: url 'javascript:alert(1)' "
            "must be a path of the site starting with / (/it/about/) or an http, https or mailto URL",
        ),
        (
            "- {label: X, url: about/}",
            "site.yaml:7: url 'about/' must be a path of the site "
            "starting with / (/it/about/) or an http, https or mailto URL",
        ),
        ("- {label: X, link: /it/}", "site.yaml:7: unknown key 'link'; allowed: label, page, url"),
        ("- {label: [X], url: /it/}", "site.yaml:7: 'label' of a link is not text but a list"),
        (
            "- Blog",
            "site.yaml:7: an entry of 'menu' must be a mapping with label and url, "
            "or page, not text",
        ),
    ],
)
def test_a_bad_menu_entry_is_a_problem_at_its_line(
    tmp_path: Path, entry: str, message: str
) -> None:
    config = (
        "title: Test Blog\nbase_url: https://blog.example.test/\ndefault_locale: it-IT\n"
        f"locales:\n  it-IT:\n    menu:\n      {entry}\n  nl-NL: {{prefix: nl}}\n"
    )
    assert _problems(tmp_path, config) == [message]


def test_a_page_without_a_translation_in_the_locale_is_a_problem_naming_where_it_is(
    tmp_path: Path,
) -> None:
    posts = {k: v for k, v in POSTS.items() if "nl-NL" not in k}
    assert _problems(tmp_path, CONFIG, posts) == [
        "site.yaml:23: menu of nl-NL: page 'about' has no nl-NL translation (it is in it-IT); "
        "translate it or link to another page"
    ]


def test_a_menu_that_is_not_a_list_is_a_problem(tmp_path: Path) -> None:
    config = CONFIG.split("  nl-NL:")[0] + "  nl-NL:\n    prefix: nl\n    footer_links: /nl/\n"
    assert _problems(tmp_path, config) == [
        "site.yaml:22: 'footer_links' must be a list of links such as "
        "'- {label: Blog, url: /it/}' or '- {page: about}', not text"
    ]


def test_a_new_title_of_a_linked_page_is_the_menu_label_of_every_page_after_a_warm_build(
    tmp_path: Path,
) -> None:
    out = _build(tmp_path)
    source = tmp_path / "site" / "content" / "it-IT" / "chi-siamo.md"
    source.write_text(post("La squadra", translation_key="about"), encoding="utf-8")
    build(tmp_path / "site", out, workers=1)
    assert _menu(out / "it" / "primo" / "index.html")[1] == ("La squadra", "/it/chi-siamo/", None)


def test_serve_shows_a_new_title_of_a_linked_page_in_the_menu_of_every_page(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"site.yaml": CONFIG, **POSTS})
    out = tmp_path / "out"
    builder = IncrementalBuilder(root, out, workers=1)
    source = root / "content" / "it-IT" / "chi-siamo.md"
    source.write_text(post("La squadra", translation_key="about"), encoding="utf-8")
    builder.rebuild([source])
    assert _menu(out / "it" / "primo" / "index.html")[1] == ("La squadra", "/it/chi-siamo/", None)
    assert _menu(out / "it" / "index.html")[1] == ("La squadra", "/it/chi-siamo/", None)
