"""Math: $…$ and $$…$$ as MathML at build time (math: true), in both engines; a $ in prose
stays a $; a formula that does not convert is a problem at its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINIMAL_CONFIG, post, write_site
from test_markdown_engines import ENGINES, render

from mot_blog.build import build
from mot_blog.errors import BuildFailed


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return request.param


def test_inline_and_display_math_become_mathml(engine: str) -> None:
    html = render(engine, "Sia $x^2$ e\n\n$$\n\\frac{a}{b}\n$$", math=True).html
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline"><mrow><msup>' in html
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="block"><mrow><mfrac>' in html
    assert "$" not in html and "<script" not in html


def test_dollars_in_prose_stay_dollars_even_with_math_on(engine: str) -> None:
    for body in ("Costa $5 and $10.", "Da $ 5 a $ 6.", "Un $ solo."):
        assert "<math" not in render(engine, body, math=True).html
        assert render(engine, body, math=True).html == render(engine, body).html


def test_no_math_in_code_or_without_math_on(engine: str) -> None:
    body = "`$x$` e\n\n```\n$y$\n```\n\ne $z$"
    on = render(engine, body, math=True).html
    assert "<code>$x$</code>" in on and "<pre><code>$y$\n</code></pre>" in on
    assert on.count("<math") == 1
    assert "<math" not in render(engine, "e $z$").html


def test_an_escaped_dollar_is_a_dollar(engine: str) -> None:
    assert "<math" not in render(engine, "Prezzo \\$5 e \\$6.", math=True).html


def test_a_formula_that_does_not_convert_is_a_problem_at_its_line(
    engine: str, tmp_path: Path
) -> None:
    body = "Uno $x$.\n\nDue $\\begin{matrix} a$ e $\\nonesuch b$.\n"
    config = MINIMAL_CONFIG + f"markdown: {{engine: {engine}}}\nmath: true\n"
    root = write_site(
        tmp_path / "site", {"site.yaml": config, "content/it-IT/a.md": post("A", body=body)}
    )
    with pytest.raises(BuildFailed) as failure:
        build(root, tmp_path / "out")
    assert [str(p) for p in failure.value.problems] == [
        "content/it-IT/a.md:10: the formula '\\begin{matrix} a' does not convert to MathML: LaTeX it cannot read (missing end); fix the LaTeX",
        "content/it-IT/a.md:10: the formula '\\nonesuch b' does not convert to MathML: unknown LaTeX command \\nonesuch; fix the LaTeX",
    ]
