"""The Python-Markdown engine's own ways of doing less per post: one ``Markdown`` for every
post (reset between posts, nothing of one post in the next), and the inline gate (texts no
inline pattern can match skip the inline patterns, and a post gets only the patterns its
texts may match, with nothing changed in the output)."""

from __future__ import annotations

import pytest

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


def engine(*extensions: str, **configs: dict[str, object]) -> PythonMarkdownEngine:
    settings = MarkdownSettings(
        engine="python-markdown", extensions=extensions, extension_configs=dict(configs)
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
