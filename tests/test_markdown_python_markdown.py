"""The Python-Markdown engine's own ways of doing less per post: one ``Markdown`` for every
post (reset between posts, nothing of one post in the next), and the inline gate (texts no
inline pattern can match skip the inline patterns, and a post gets only the patterns its
texts may match, with nothing changed in the output); and a site's treeprocessors
(``toc``) beside our conventions: every element they see has a string tag, every heading
is a heading with our anchor."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from pathlib import Path

import pytest
from conftest import MINIMAL_CONFIG, post, write_site
from markdown.treeprocessors import Treeprocessor

from mot_blog.build import build
from mot_blog.markup.engine import MarkdownSettings
from mot_blog.markup.pymd.engine import PythonMarkdownEngine

FIRST = """\
# Introduzione

L'HTML[^1] del [sito][casa] e una nota[^nota].

*[HTML]: HyperText Markup Language

[casa]: https://example.com/casa

[^1]: La prima nota.

[^nota]: La seconda.

## Introduzione
"""

SECOND = """\
# Introduzione

L'HTML e il [sito][casa], una nota[^1].

[^1]: Un'altra nota.
"""

VARIED = (
    """\
# Titolo con `codice` e *enfasi*

Testo semplice, senza nulla da cercare.
Una riga con due spazi alla fine{BREAK}
e la seguente; &copy; e &amp; restano, <b>grassetto</b> e <https://example.com>.

- uno
- due **forte** e _corsivo_ e ~~via~~
- tre \\*non enfasi\\*

> Una citazione.
>
> — Anna

| a | b |
|---|---|
| 1 | [link](https://example.com) |

Termine
: definizione con ![immagine](x.png)

Nota[^1] e <mail@example.com>.

[^1]: Il testo della nota, semplice.
"""
).replace("{BREAK}", "  ")  # a hard line break


def engine(
    *extensions: str, heading_ids: str = "default", **configs: dict[str, object]
) -> PythonMarkdownEngine:
    settings = MarkdownSettings(
        engine="python-markdown",
        extensions=extensions,
        extension_configs=dict(configs),
        heading_ids=heading_ids,
    )
    return PythonMarkdownEngine("keep", settings)


def html_of(md: PythonMarkdownEngine, body: str) -> str:
    return md.render(body, {}, {}, False).html


def test_a_post_rendered_after_another_is_rendered_as_if_alone() -> None:
    shared = engine("abbr")
    html_of(shared, FIRST)
    after = shared.render(SECOND, {}, {}, False)
    alone = engine("abbr").render(SECOND, {}, {}, False)
    assert after == alone
    # nothing of the first post: its abbreviation, its link reference, its notes, its ids
    assert "<abbr" not in after.html
    assert "https://example.com/casa" not in after.html and "[sito][casa]" in after.html
    assert "La prima nota" not in after.html and "Un'altra nota" in after.html
    assert 'id="introduzione"' in after.html and "introduzione-1" not in after.html
    assert [h.id for h in after.headings] == ["introduzione"]


def test_the_gate_is_open_for_python_markdowns_own_patterns_and_ours() -> None:
    for extensions in [(), ("abbr", "def_list"), ("extra",), ("smarty",), ("codehilite",)]:
        assert "mot_inline_gate" in engine(*extensions).md.treeprocessors, extensions


@pytest.mark.parametrize(
    ("extensions", "configs"),
    [
        (("pymdownx.mark",), {}),  # a pattern of its own (==mark==)
        (("nl2br",), {}),  # one for every line end
        (("smarty",), {"smarty": {"smart_angled_quotes": True}}),  # another "html"
    ],
)
def test_the_gate_stays_out_when_an_extension_adds_or_replaces_an_inline_pattern(
    extensions: tuple[str, ...], configs: dict[str, dict[str, object]]
) -> None:
    assert "mot_inline_gate" not in engine(*extensions, **configs).md.treeprocessors


def test_gated_texts_render_as_without_the_gate() -> None:
    gated = engine()
    open_ = engine()
    open_.md.treeprocessors.deregister("mot_inline_gate")
    open_.md.treeprocessors.deregister("mot_inline_ungate")
    for body in (VARIED, FIRST, SECOND):
        assert gated.render(body, {}, {}, True) == open_.render(body, {}, {}, True)


def test_a_post_gets_every_pattern_it_needs_after_a_post_that_needed_few() -> None:
    shared = engine()
    inline = shared.md.treeprocessors["inline"]
    html_of(shared, "Testo semplice, un *solo* corsivo.\n\n- uno\n- due")
    # every pattern back once the post is done (a later processor may run the inline
    # processor on a tree of its own)
    assert inline.inlinePatterns is shared.md.inlinePatterns
    assert shared.render(VARIED, {}, {}, True) == engine().render(VARIED, {}, {}, True)


def test_processors_after_the_inline_patterns_still_see_the_plain_texts() -> None:
    # abbr and smarty skip what the inline processor may not touch: the gate's marks
    # must be gone by the time they run
    html = html_of(engine("abbr", "smarty"), "*[HTML]: HyperText\n\nL'HTML -- in breve.")
    assert '<abbr title="HyperText">HTML</abbr>' in html
    assert "L&rsquo;" in html and "&ndash;" in html


def test_extensions_that_close_the_gate_still_apply_to_plain_text() -> None:
    assert "<br" in html_of(engine("nl2br"), "una\nriga")
    assert "<mark>in evidenza</mark>" in html_of(engine("pymdownx.mark"), "==in evidenza==")


TOC_POST = """\
[TOC]

## Zażółć gęślą jaźń

Testo.[^1]

### 日本語の見出し

> [!NOTE]
> Una nota.

### 日本語の見出し

## Fine

[^1]: Una nota a piè di pagina.
"""


def toc_of(html: str) -> str:
    found = re.search(r'<div class="toc">.*?</div>', html, re.S)
    assert found is not None, html
    return found.group(0)


def test_a_site_with_the_toc_extension_builds_posts_with_headings(tmp_path: Path) -> None:
    config = MINIMAL_CONFIG + "markdown:\n  engine: python-markdown\n  extensions: [toc]\n"
    without_marker = TOC_POST.replace("[TOC]\n\n", "")
    files = {
        "site.yaml": config,
        "content/it-IT/segnato.md": post("Segnato", body=TOC_POST, toc="true"),
        "content/it-IT/senza.md": post("Senza", body=without_marker),
    }
    root = write_site(tmp_path / "site", files)
    build(root, tmp_path / "out")
    marked = (tmp_path / "out/it/segnato/index.html").read_text()
    links = re.findall(r'href="#([^"]+)"', toc_of(marked))
    assert links == ["zazoc-gesla-jazn", "section", "section_1", "fine"]
    for anchor in links:  # each one a heading of ours, with its self-link
        assert f'id="{anchor}">' in marked and f'class="heading-link" href="#{anchor}"' in marked
    assert "[TOC]" not in marked
    # our own table of contents, beside toc's, links to the same headings
    nav = marked[marked.index('<nav class="toc"') :]
    assert re.findall(r'href="#([^"]+)"', nav[: nav.index("</nav>")]) == links
    plain = (tmp_path / "out/it/senza/index.html").read_text()
    assert '<div class="toc">' not in plain
    assert '<h2 id="zazoc-gesla-jazn">Zażółć gęślą jaźń <a class="heading-link"' in plain
    assert '<h3 id="section_1">日本語の見出し <a class="heading-link"' in plain


@pytest.mark.parametrize(
    ("heading_ids", "anchors"),
    [
        ("default", ["zazoc-gesla-jazn", "section", "section_1", "fine"]),
        ("github", ["zażółć-gęślą-jaźń", "日本語の見出し", "日本語の見出し-1", "fine"]),
    ],
)
def test_toc_takes_our_heading_ids_and_fills_its_tokens(
    heading_ids: str, anchors: list[str]
) -> None:
    md = engine("toc", heading_ids=heading_ids)
    rendered = md.render(TOC_POST, {}, {}, False)
    assert [heading.id for heading in rendered.headings] == anchors
    assert re.findall(r'href="#([^"]+)"', toc_of(rendered.html)) == anchors
    assert md.md.toc == toc_of(rendered.html) + "\n"
    first, last = md.md.toc_tokens
    assert (first["id"], first["name"], first["level"]) == (anchors[0], "Zażółć gęślą jaźń", 2)
    assert [child["id"] for child in first["children"]] == anchors[1:3]
    assert (last["id"], last["children"]) == (anchors[3], [])
    # without the marker: the same tokens, no table in the body
    alone = md.render(TOC_POST.replace("[TOC]", ""), {}, {}, False)
    assert '<div class="toc">' not in alone.html and md.md.toc_tokens[0]["id"] == anchors[0]


def test_toc_options_apply_and_our_headings_follow_its_levels() -> None:
    md = engine("toc", toc={"baselevel": 2, "permalink": True})
    body = '[TOC]\n\n# Primo {: data-toc-label="Il primo" .grande }\n\n## Secondo\n'
    rendered = md.render(body, {}, {}, False)
    assert [(h.level, h.text, h.id) for h in rendered.headings] == [
        (2, "Primo", "primo"),
        (3, "Secondo", "secondo"),
    ]
    assert rendered.html.startswith('<div class="toc">')
    assert '<a href="#primo">Il primo</a>' in rendered.html
    assert '<h2 id="primo" class="grande">Primo<a class="headerlink" href="#primo"' in rendered.html
    assert "data-toc-label" not in rendered.html


class _Tags(Treeprocessor):
    """Every tag a treeprocessor after ours sees, and the ids of its headings."""

    tags: list[object]
    headings: list[tuple[str, str | None]]

    def run(self, root: etree.Element) -> None:
        self.tags = [element.tag for element in root.iter()]
        self.headings = [
            (element.tag, element.get("id"))
            for element in root.iter()
            if isinstance(element.tag, str) and re.fullmatch("h[1-6]", element.tag)
        ]


def test_treeprocessors_after_ours_see_string_tags_and_headings() -> None:
    md = engine("toc", "abbr", "attr_list", "smarty")
    seen = _Tags(md.md)
    md.md.treeprocessors.register(seen, "seen", 1)  # after ours and toc's, before unescape
    body = "*[HTML]: HyperText\n\n" + TOC_POST + "\n> [!TIP] L'HTML\n> detto {: .x }\n"
    html = md.render(body, {}, {}, False).html
    assert all(isinstance(tag, str) for tag in seen.tags), seen.tags
    assert seen.headings == [
        ("h2", "zazoc-gesla-jazn"),
        ("h3", "section"),
        ("h3", "section_1"),
        ("h2", "fine"),
    ]
    assert "mot-holder" not in html and '<div class="toc">' in html
    assert 'L&rsquo;<abbr title="HyperText">HTML</abbr>' in html


def test_without_toc_a_marker_stays_text() -> None:
    html = html_of(engine(), TOC_POST)
    assert html.startswith('<p>[TOC]</p>\n<h2 id="zazoc-gesla-jazn">')
