"""Fenced code highlighted at build time (Pygments, CSS classes) in both engines, fence
attributes for marked lines and line numbers, unknown languages warned at their line, the
theme's light and dark colours, and the copy button's strings."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL_CONFIG, REPO, post, write_site
from test_markdown_engines import ENGINES, render

from mot_blog.build import build
from mot_blog.markup.code import parse_fence


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return request.param


def test_a_fence_with_a_language_is_highlighted_with_classes_in_both_engines(engine: str) -> None:
    html = render(engine, "```python\ndef f(x):\n    return x < 1\n```").html
    assert html.startswith(
        '<div class="highlight"><pre tabindex="0"><code class="language-python">'
    )
    assert '<span class="k">def</span>' in html and '<span class="o">&lt;</span>' in html
    assert "style=" not in html


@pytest.mark.parametrize(
    "info",
    [
        'python {hl_lines=[2,"4-5"]}',
        "python {2,4-5}",
        'python hl_lines="2 4 5"',
        '{.python hl_lines="2 4-5"}',
    ],
)
def test_marked_lines_in_every_spelling_and_both_engines(engine: str, info: str) -> None:
    code = "".join(f"x{n} = {n}\n" for n in range(1, 7))
    html = render(engine, f"```{info}\n{code}```").html
    marked = re.findall(r'<span class="hll"><span class="n">(x[0-9])<', html)
    assert marked == ["x2", "x4", "x5"]


def test_line_numbers_inline_or_in_a_table(engine: str) -> None:
    inline = render(engine, "```go {linenos=true, linenostart=7}\na\nb\n```").html
    assert '<span class="linenos">7</span>' in inline and '<span class="linenos">8</span>' in inline
    table = render(engine, "```go {linenos=table}\na\nb\n```").html
    assert '<table class="highlighttable">' in table and '<td class="code">' in table


def test_fence_attributes_are_read_as_hugo_and_the_common_forms_write_them() -> None:
    assert parse_fence('python {hl_lines=[2,"4-5"] linenos=true}').highlight == (2, 4, 5)
    assert parse_fence("python {linenos=table, linenostart=199}").line_numbers == "table"
    assert parse_fence("python {linenos=table, linenostart=199}").first_number == 199
    assert parse_fence("js {1,3-4}").highlight == (1, 3, 4)
    assert parse_fence("python").highlight == ()
    assert (
        parse_fence('go {hl_lines=["a"]}').problem
        == "'a' is not a line or a range of lines (such as 4-5)"
    )


def test_a_block_without_language_stays_as_commonmark_writes_it(engine: str) -> None:
    assert render(engine, "```\nx < 1\n```").html == "<pre><code>x &lt; 1\n</code></pre>"


def test_an_unknown_language_stays_plain_named_and_warned_at_its_line(
    engine: str, tmp_path: Path
) -> None:
    body = "Testo.\n\n```klingon\nqapla'\n```\n"
    rendered = render(engine, body)
    assert rendered.html.endswith('<pre><code class="language-klingon">qapla\'\n</code></pre>')
    config = MINIMAL_CONFIG + f"markdown: {{engine: {engine}}}\n"
    root = write_site(
        tmp_path / "site", {"site.yaml": config, "content/it-IT/a.md": post("A", body=body)}
    )
    result = build(root, tmp_path / "out")
    assert [str(w) for w in result.warnings] == [
        "content/it-IT/a.md:10: warning: no highlighting for the language 'klingon'; the block stays plain"
    ]


def test_code_in_a_page_brings_the_code_colours_and_the_copy_strings(tmp_path: Path) -> None:
    root = write_site(
        tmp_path / "site",
        {
            "content/it-IT/a.md": post("A", body="```python\nx = 1\n```"),
            "content/nl-NL/b.md": post("B", body="Geen code."),
        },
    )
    build(root, tmp_path / "out")
    page = (tmp_path / "out/it/a/index.html").read_text()
    assert '<link rel="stylesheet" href="/css/code.' in page
    assert 'data-copy-code="Copia" data-copied-code="Copiato"' in page
    other = (tmp_path / "out/nl/b/index.html").read_text()
    assert "css/code." not in other and "data-copy-code" not in other


def test_the_copy_button_is_made_by_the_script_only() -> None:
    script = (REPO / "src/mot_blog/theme/static/js/site.js").read_text()
    assert 'querySelectorAll("[data-copy-code]")' in script and "code-copy" in script
    template = (REPO / "src/mot_blog/theme/templates/article.html").read_text()
    assert "<button" not in template.split("data-copy-code")[0][-300:]


def test_the_code_colours_are_generated_and_pass_contrast() -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts/code_css.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    css = (REPO / "src/mot_blog/theme/static/css/code.css").read_text()
    assert "@media (prefers-color-scheme: dark)" in css
    assert ':root:not([data-theme="light"]) .highlight .k' in css
    assert '[data-theme="dark"] .highlight .k' in css
