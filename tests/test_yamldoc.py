"""libyaml and the flat-document reader read front matter exactly as the pure-Python
loader does.

:mod:`mot_blog.load.yamldoc` reads flat ``key: value`` documents line by line, composes
others with libyaml when it may, and falls back to PyYAML's pure-Python loader,
whose results and problem messages the rest of the engine is written for.
Hypothesis writes documents (valid, broken, YAML fragments in random order, and
flat front matter with awkward values) and each must give the same data, key
lines and problems every way. ``MOT_LONG_TESTS=1`` raises the example count.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mot_blog.load import flatyaml, yamldoc

EXAMPLES = 20_000 if os.environ.get("MOT_LONG_TESTS") == "1" else 500

pytestmark = pytest.mark.skipif(yamldoc._CLoader is None, reason="PyYAML without libyaml")

JUNK = st.lists(
    st.sampled_from(
        list("ab :-?[]{},&*!|>'\"#%@`\n\n  \t\r\x85\u2028\u2029\ufeffé😀\\0123.+_=<~\x1b")
    ),
    max_size=60,
).map("".join)
FRAGMENTS = st.sampled_from(
    [
        "title: x",
        "- a",
        "k: |",
        "k: >-",
        "  text",
        "# c",
        "a: b # c",
        "? k",
        ": v",
        "...",
        "---",
        "a: &x [1, 2]",
        "b: *x",
        "c: {d: e, f: [g, h]}",
        "x: 'it''s'",
        'y: "a\\nb\\u00e9"',
        "date: 2024-01-02",
        "t: 2024-01-02T10:00:00+02:00",
        "n: 0x1F",
        "i: .inf",
        "b: yes",
        "k:",
        "",
        "a: b: c",
        "<<: *x",
        "k: !!str 1",
        "k: @x",
        "%YAML 1.1",
    ]
)
LINES = st.lists(
    st.tuples(FRAGMENTS, st.sampled_from(["", "  ", "    "])).map(lambda t: t[1] + t[0]),
    max_size=10,
).map("\n".join)
SCALARS = st.one_of(st.text(max_size=12), st.integers(), st.booleans(), st.none(), st.dates())
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=10,
)


def _dumped(value: Any, flow: bool) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, default_flow_style=flow)


def _parsed(
    text: str, monkeypatch: pytest.MonkeyPatch, loader: type | None, flat: bool = False
) -> str:
    with monkeypatch.context() as patch:
        patch.setattr(yamldoc, "_CLoader", loader)
        if not flat:
            patch.setattr(flatyaml, "parse_flat", lambda text, first_line: None)
        try:
            return repr(yamldoc.parse_yaml(text, "content/x.md", 2))
        except Exception as exc:  # noqa: BLE001 (the two must fail alike too)
            return f"raised {type(exc).__name__}"


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=st.one_of(JUNK, LINES, st.builds(_dumped, VALUES, st.booleans())))
# Inputs on which libyaml and PyYAML disagree, so that they must go to PyYAML.
@example(text="a:\t:b")
@example(text="\ufeff\ufeffa")
@example(text="a: 1\u2028b: 2")
@example(text="!")
@example(text="k: |#")
@example(text="{a?}")
@example(text="tags: [" + "[" * 300 + "]" * 301)
def test_libyaml_and_pure_python_loaders_agree(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _parsed(text, monkeypatch, yamldoc._CLoader) == _parsed(text, monkeypatch, None)


FLAT_KEYS = st.sampled_from(
    ["title", "date", "tags", "summary", "author", "image", "k_1", "Ab", "_x", "on", "null", "yes"]
)
FLAT_VALUES = st.one_of(
    st.sampled_from(
        [
            "\"Cosa sono i 'momenti' di verità?\"",
            '"a: b # c"',
            '"a\\nb"',
            '""',
            "'it''s'",
            "'x: y'",
            "''",
            '["a", "b c", "é"]',
            "[]",
            '["a","b"]',
            "[a, b]",
            "2024-01-02",
            "2024-01-02T10:00:00+02:00",
            "2024-01-02 10:00:00",
            "2024-13-45",
            "1:20",
            "0x1F",
            "012",
            "1_000",
            "1.5",
            "1e3",
            "yes",
            "Off",
            "null",
            "Null",
            "~",
            "a - b",
            "a  b",
            "a:b",
            "a: b",
            "a #b",
            "a#b",
            "Perché sì",
            "images/hero-1.svg",
            "sanne-notiaetto",
            "x ",
            "x\t",
            "<<",
            "=",
            "[servizio clienti, team multidisciplinari]",
            "[1, yes, 2024-01-02, ~]",
            '["a, b", c]',
            "[a:b]",
            "[a #b]",
            "[a  b]",
            "[ a]",
            "[a,b]",
            "[-a, ?b, 'c']",
            "L’86% dei clienti, più o meno: tutti",
            "x [y] {z} & *w | >v 'u' \"t\" @s `r` !q",
            "«Perché?»",
            "-x",
            "?x",
            "http://example.com/a?b=c",
            "a:",
            "a :b",
            "a\u00a0b",
        ]
    ),
    st.text(max_size=12).map(lambda text: f'"{text}"'),
    st.text(max_size=12),
)
FLAT = st.lists(
    # an indent (nesting, which the flat reader leaves alone) or a blank line after
    st.tuples(st.sampled_from([""] * 8 + [" ", "  "]), FLAT_KEYS, FLAT_VALUES, st.booleans()).map(
        lambda t: f"{t[0]}{t[1]}: {t[2]}" + ("\n" if t[3] else "")
    ),
    max_size=8,
    unique_by=lambda line: line.split(":")[0],  # duplicates too: ' title' and 'title'
).map("\n".join)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=st.one_of(FLAT, JUNK, LINES))
@example(text='title: "x"\ndate: 2024-01-02\ntags: ["a", "b"]\ntitle: "y"')
@example(text="on: x")
def test_flat_reader_and_pure_python_loader_agree(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _parsed(text, monkeypatch, None, flat=True) == _parsed(text, monkeypatch, None)


def test_flat_front_matter_takes_the_flat_reader() -> None:
    # The flat reader is the fast path: a post's usual front matter must not miss it.
    text = (
        'title: "Cosa sono i momenti di verità?"\ndate: 2024-05-02T09:00:00+02:00\n'
        'summary: "Una guida."\ncategory: Customer experience\ntags: ["cx", "banche"]\n'
        "author: giulia-rossi\nimage: images/hero.svg\nimage_alt: 'Un momento'\n"
        "translation_key: moments-of-truth\ndraft: false"
    )
    doc = flatyaml.parse_flat(text, 2)
    assert doc is not None
    assert doc.data["tags"] == ["cx", "banche"] and doc.data["draft"] is False
    assert doc.line_of("author") == 7 and doc.line_of("tags", 1) == 6


def test_deep_nesting_is_a_problem_not_a_crash() -> None:
    # libyaml's composer recurses in C: 100,000 levels ended the process.
    text = "tags: " + "[" * 100_000 + "]" * 100_000
    doc, problems = yamldoc.parse_yaml(text, "content/x.md", 2)
    assert doc is None
    assert [str(p) for p in problems] == ["content/x.md:2: YAML is nested too deeply; flatten it"]
