"""libyaml reads front matter exactly as the pure-Python loader does.

:mod:`mot_blog.yamldoc` composes with libyaml when it may and falls back to
PyYAML's pure-Python loader, whose results and problem messages the rest of the
engine is written for. Hypothesis writes documents (valid, broken, and YAML
fragments in random order) and each must give the same data, key lines and
problems either way. ``MOT_LONG_TESTS=1`` raises the example count.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mot_blog import yamldoc

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


def _parsed(text: str, monkeypatch: pytest.MonkeyPatch, loader: type | None) -> str:
    with monkeypatch.context() as patch:
        patch.setattr(yamldoc, "_CLoader", loader)
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


def test_deep_nesting_is_a_problem_not_a_crash() -> None:
    # libyaml's composer recurses in C: 100,000 levels ended the process.
    text = "tags: " + "[" * 100_000 + "]" * 100_000
    doc, problems = yamldoc.parse_yaml(text, "content/x.md", 2)
    assert doc is None
    assert [str(p) for p in problems] == ["content/x.md:2: YAML is nested too deeply; flatten it"]
