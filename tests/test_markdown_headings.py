"""Headings: anchors by heading_ids (default, github, hugo) against those tools' known
outputs, explicit ids and attribute lists, self-links with a translated label, and the
table of contents, in both engines."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINIMAL_CONFIG, post, write_site
from test_markdown_engines import ENGINES, render

from mot_blog.build import build
from mot_blog.errors import BuildFailed
from mot_blog.markup.text import github_slug, heading_anchor, hugo_slug, slugify, unique_id


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return request.param


# What GitHub (html-pipeline's [^\p{Word}\- ] rule, as github-slugger copies it) and Hugo
# (goldmark with autoHeadingIDType: github, Hugo's default) make of tricky headings.
KNOWN = [
    # heading, default (Python-Markdown's toc), github, hugo
    (
        "Cos'è il messy middle?",
        "cose-il-messy-middle",
        "cosè-il-messy-middle",
        "cosè-il-messy-middle",
    ),
    ("Café crème", "cafe-creme", "café-crème", "café-crème"),
    ("日本語の見出し", "", "日本語の見出し", "日本語の見出し"),
    ("Migrating from — v1", "migrating-from-v1", "migrating-from--v1", "migrating-from--v1"),
    ("Release v1.2", "release-v12", "release-v12", "release-v12"),
    ("🎉 Party time!", "party-time", "-party-time", "-party-time"),
    ("C++ & C#", "c-c", "c--c", "c--c"),
    ("snake_case name", "snake_case-name", "snake_case-name", "snake_case-name"),
    ("Hello, World!", "hello-world", "hello-world", "hello-world"),
    ("Straße", "strae", "straße", "straße"),
]


@pytest.mark.parametrize(("text", "default", "github", "hugo"), KNOWN)
def test_heading_ids_match_what_each_tool_makes(
    text: str, default: str, github: str, hugo: str
) -> None:
    assert slugify(text) == default
    assert github_slug(text) == github
    assert hugo_slug(text) == hugo


def test_duplicates_are_numbered_as_each_tool_numbers_them() -> None:
    for scheme, second in (("default", "faq_1"), ("github", "faq-1"), ("hugo", "faq-1")):
        taken: set[str] = set()
        first = unique_id(heading_anchor("FAQ", scheme), taken, scheme)
        assert (first, unique_id(heading_anchor("FAQ", scheme), taken, scheme)) == ("faq", second)
    assert (
        heading_anchor("!!!", "default") == "section" and heading_anchor("!!!", "hugo") == "heading"
    )


@pytest.mark.parametrize("scheme", ["default", "github", "hugo"])
def test_both_engines_give_the_same_anchors(engine: str, scheme: str) -> None:
    body = "\n\n".join(f"## {text}" for text, *_ in KNOWN) + "\n\n## FAQ\n\n## FAQ"
    ids = [h.id for h in render(engine, body, heading_ids=scheme).headings]
    expected = [row[1 + ("default", "github", "hugo").index(scheme)] for row in KNOWN]
    expected = [e or heading_anchor("", scheme) for e in expected]
    separator = "_" if scheme == "default" else "-"
    assert ids == [*expected, "faq", f"faq{separator}1"]


def test_explicit_ids_and_attribute_lists_in_both_engines(engine: str) -> None:
    rendered = render(engine, "## Titolo {#mio .grande}\n\nTesto.")
    assert rendered.html.startswith('<h2 id="mio" class="grande">Titolo')
    assert [(h.level, h.text, h.id) for h in rendered.headings] == [(2, "Titolo", "mio")]


def test_h2_to_h4_get_a_self_link_h1_and_h5_do_not(engine: str) -> None:
    html = render(engine, "# Uno\n\n## Due\n\n### Tre\n\n#### Quattro\n\n##### Cinque").html
    assert html.count('class="heading-link"') == 3
    assert (
        '<h3 id="tre">Tre\ue006 <a class="heading-link" href="#tre" aria-label="\ue004self-link\ue005"'
        in html
    )


TOC_BODY = "Intro.\n\n## Primo\n\nUno.\n\n### Dettaglio\n\nDue.\n\n## Secondo\n\nTre.\n"


def toc_site(tmp_path: Path, engine: str, extra: str = "", **fields: str) -> Path:
    config = MINIMAL_CONFIG + f"markdown: {{engine: {engine}}}\n" + extra
    files = {
        "site.yaml": config,
        "content/it-IT/a.md": post("A", body=TOC_BODY, **fields),
        "content/nl-NL/b.md": post("B", body=TOC_BODY, **fields),
        "content/it-IT/short.md": post("Corto", body="## Solo\n\n## Due", **fields),
    }
    return write_site(tmp_path / "site", files)


def test_a_table_of_contents_in_the_posts_language_when_asked(engine: str, tmp_path: Path) -> None:
    root = toc_site(tmp_path, engine, toc="true")
    build(root, tmp_path / "out")
    page = (tmp_path / "out/it/a/index.html").read_text()
    assert '<nav class="toc" aria-label="Indice" data-pagefind-ignore>' in page
    assert (
        '<li><a href="#primo">Primo</a><ol><li><a href="#dettaglio">Dettaglio</a></li>\n'
        '</ol></li>\n<li><a href="#secondo">Secondo</a></li>'
    ) in page
    assert 'aria-label="Link a questa sezione"' in page
    dutch = (tmp_path / "out/nl/b/index.html").read_text()
    assert 'aria-label="Inhoud"' in dutch and 'aria-label="Link naar dit gedeelte"' in dutch
    short = (tmp_path / "out/it/short/index.html").read_text()
    assert 'class="toc"' not in short  # fewer than 3 headings


def test_the_site_default_and_a_posts_own_toc(engine: str, tmp_path: Path) -> None:
    root = toc_site(tmp_path, engine, extra="toc: true\n")
    build(root, tmp_path / "out")
    assert 'class="toc"' in (tmp_path / "out/it/a/index.html").read_text()
    root = toc_site(tmp_path / "2", engine, extra="toc: true\n", toc="false")
    build(root, tmp_path / "out2")
    assert 'class="toc"' not in (tmp_path / "out2/it/a/index.html").read_text()


def test_a_toc_that_is_not_true_or_false_is_a_problem(tmp_path: Path) -> None:
    root = toc_site(tmp_path, "pulldown-cmark", toc="'sì'")
    with pytest.raises(BuildFailed) as failure:
        build(root, tmp_path / "out")
    assert "content/it-IT/a.md:6: 'toc' must be true or false" in {
        str(p) for p in failure.value.problems
    }


def test_feeds_carry_no_self_links(tmp_path: Path) -> None:
    root = toc_site(tmp_path, "pulldown-cmark")
    build(root, tmp_path / "out")
    feed = (tmp_path / "out/it/feed.xml").read_text()
    assert "heading-link" not in feed and "\ue006" not in feed and 'id="primo"' in feed
