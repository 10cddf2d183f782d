"""Both Markdown engines keep the same conventions: figures, quote attributions, asset URLs
with sizes, heading anchors, script-link refusal, the raw-HTML policy, words, problem
lines; and site.yaml's markdown: settings are checked at their lines.

Highlighted code, callouts, math and headings have their own files
(test_markdown_code.py, test_markdown_callouts.py, test_markdown_math.py,
test_markdown_headings.py); the real site built with both engines is
test_markdown_real_site.py.
"""

from __future__ import annotations

import inspect
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import MINIMAL_CONFIG, post, write_site

from mot_blog.build import build, markdown_renderer
from mot_blog.errors import BuildFailed
from mot_blog.load.config import load_config
from mot_blog.load.images import ImageInfo, Variant
from mot_blog.markup.engine import MarkdownSettings
from mot_blog.markup.renderer import MarkdownRenderer

ENGINES = ("pulldown-cmark", "python-markdown")
URLS = {"images/a.svg": "/images/a.0123456789.svg", "docs/x.pdf": "/docs/x.abcdef.pdf"}


def renderer(engine: str, raw_html: str = "keep", **settings: object) -> MarkdownRenderer:
    return MarkdownRenderer(raw_html, MarkdownSettings(engine=engine, **settings))  # type: ignore[arg-type]


def render(engine: str, body: str, raw_html: str = "keep", **settings: object):  # noqa: ANN201
    return renderer(engine, raw_html, **settings).render(body, URLS)


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return request.param


def site_with(engine: str, tmp_path: Path, files: dict[str, str], extra: str = "") -> Path:
    config = MINIMAL_CONFIG + f"markdown:\n  engine: {engine}\n" + extra
    return write_site(tmp_path / "site", {"site.yaml": config, **files})


def test_a_lone_image_is_a_figure_with_its_caption_in_both_engines(engine: str) -> None:
    html = render(engine, '![Il modello](images/a.svg "Fonte: Think with Google")').html
    assert html == (
        '<figure><img src="/images/a.0123456789.svg" alt="Il modello" loading="lazy" '
        'decoding="async"><figcaption>Fonte: Think with Google</figcaption></figure>'
    )
    inline = render(engine, 'Vedi ![x](images/a.svg "titolo") qui.').html
    assert inline.startswith("<p>Vedi <img") and 'title="titolo"' in inline


def test_a_quote_ending_in_a_dash_line_gets_an_attribution_in_both_engines(engine: str) -> None:
    html = render(engine, "> Il cliente ha sempre ragione.\n>\n> — Mario **Rossi**").html
    assert html == (
        '<figure class="quote">\n<blockquote>\n<p>Il cliente ha sempre ragione.</p>\n'
        "</blockquote>\n<figcaption>Mario <strong>Rossi</strong></figcaption>\n</figure>"
    )


def test_images_get_sizes_variants_and_the_first_loads_eagerly_in_both_engines(
    engine: str,
) -> None:
    variants = tuple(
        Variant(f"/images/a-{w}.{f}", w, f) for w in (480, 960) for f in ("webp", "png")
    )
    info = {"/images/a.0123456789.svg": ImageInfo(1200, 675, variants)}
    rendered = renderer(engine).render(
        "![a](images/a.svg)\n\n![b](images/a.svg)", URLS, info, eager_first=True
    )
    first, second = rendered.html.split("</figure>")[:2]
    assert 'loading="eager"' in first and 'fetchpriority="high"' in first
    assert '<picture><source type="image/webp"' in first and 'width="1200"' in first
    assert 'loading="lazy"' in second
    assert rendered.images == ("images/a.svg", "images/a.svg")


def test_asset_links_are_rewritten_and_script_links_refused_in_both_engines(engine: str) -> None:
    rendered = render(
        engine,
        "[PDF](docs/x.pdf) [sito](https://example.com/a.b) [a](javascript:alert(1)) "
        "[b](java&#115;cript:x) <mail@example.com>",
    )
    assert 'href="/docs/x.abcdef.pdf"' in rendered.html and "<a>a</a>" in rendered.html
    assert "javascript" not in rendered.html.lower() and "&#115;" not in rendered.html
    assert rendered.unsafe_links == ("javascript:alert(1)", "javascript:x")
    assert rendered.links == ("docs/x.pdf", "https://example.com/a.b", "mailto:mail@example.com")
    assert '<a href="mailto:mail@example.com">mail@example.com</a>' in rendered.html


def test_footnotes_are_numbered_as_cited_in_both_engines(engine: str) -> None:
    html = render(engine, "Uno[^b] e due[^a] e ancora[^b].\n\n[^a]: Nota A.\n\n[^b]: Nota B.").html
    assert html.count('id="fnref-b"') == 1
    assert '<a class="footnote-ref" href="#fn-b">1</a>' in html
    assert '<a class="footnote-ref" href="#fn-a">2</a>' in html
    notes = html[html.index('<section class="footnotes">') :]
    assert notes.index('id="fn-b"') < notes.index('id="fn-a"')
    assert 'Nota B. <a class="footnote-backref" href="#fnref-b">' in notes


def test_tables_lists_definitions_and_strikethrough_in_both_engines(engine: str) -> None:
    html = render(
        engine, "| a | b |\n|:-:|--:|\n| 1 | 2 |\n\n3. tre\n4. quattro\n\nTermine\n: def\n\n~~via~~"
    ).html
    assert '<th style="text-align: center">a</th>' in html
    assert '<td style="text-align: right">2</td>' in html
    assert '<ol start="3">\n<li>tre</li>' in html
    assert "<dt>Termine</dt>\n<dd>def</dd>" in html and "<del>via</del>" in html


WORDY = """\
# Titolo

Dell'esperienza **del cliente**, `codice` e ![alt lungo](x.png).

> Una citazione lunga.
>
> — Anna Bianchi

| a | b |
|---|---|
| 1 | 2 |

- uno
- due

```
a b c
```

Nota[^1] <b>grassetto</b>.

[^1]: Il testo della nota.
"""


@pytest.mark.parametrize("raw_html", ["keep", "escape", "sanitize"])
def test_both_engines_count_the_same_words(raw_html: str) -> None:
    counts = {engine: render(engine, WORDY, raw_html).word_count for engine in ENGINES}
    assert len(set(counts.values())) == 1, counts


@pytest.mark.parametrize(
    ("policy", "kept", "gone"),
    [
        ("keep", ['<b onclick="x()">forte</b>'], []),
        ("escape", ["&lt;b onclick=&quot;x()&quot;&gt;forte&lt;/b&gt;"], ["<b"]),
        ("sanitize", ["<b>forte</b>"], ["onclick", "<script"]),
    ],
)
def test_the_raw_html_policy_holds_in_both_engines(
    engine: str, policy: str, kept: list[str], gone: list[str]
) -> None:
    body = 'Testo <b onclick="x()">forte</b>.\n\n<script>alert(1)</script>\n\nFine.'
    html = render(engine, body, policy).html
    for text in kept:
        assert text.replace("&quot;", '"') in html or text in html
    for text in gone:
        assert text not in html
    if policy == "escape":
        assert "&lt;script&gt;" in html


def test_sanitize_keeps_the_engines_own_html_byte_for_byte(engine: str) -> None:
    body = "> [!TIP]\n> Un consiglio.\n\n```python\nx = 1\n```\n\n## Titolo\n\n<i>raw</i> ![a](images/a.svg)"
    kept = render(engine, body, "keep").html
    sanitized = render(engine, body, "sanitize").html
    assert sanitized == kept  # nothing of the author's raw HTML to remove here


def test_attribute_lists_lose_event_handlers_and_keep_only_allowed_names_unless_trusted(
    engine: str,
) -> None:
    body = "## Titolo {#t .c onclick=alert(1) data-x=1}"
    kept = render(engine, body, "keep").html
    assert 'data-x="1"' in kept and "onclick" not in kept
    sanitized = render(engine, body, "sanitize").html
    assert 'id="t"' in sanitized and 'class="c"' in sanitized
    assert "data-x" not in sanitized and "onclick" not in sanitized


def test_problem_lines_point_at_the_markdown_line_in_both_engines(
    engine: str, tmp_path: Path
) -> None:
    body = "Uno.\n\n![manca](images/manca.png)\n\nDue [x](javascript:a).\n"
    root = site_with(engine, tmp_path, {"content/it-IT/a.md": post("A", body=body)})
    with pytest.raises(BuildFailed) as failure:
        build(root, tmp_path / "out")
    lines = sorted(str(p) for p in failure.value.problems)
    assert lines == [
        "content/it-IT/a.md:10: image 'images/manca.png' not found under static/; check the path",
        "content/it-IT/a.md:12: script link 'javascript:a' is not allowed; link to a web page instead",
    ]


def test_python_markdown_takes_the_sites_extensions_and_their_options(tmp_path: Path) -> None:
    extra = (
        "  extensions: [abbr, pymdownx.tilde]\n"
        "  extension_configs:\n"
        "    pymdownx.tilde: {subscript: false}\n"
    )
    body = "*[HTML]: HyperText Markup Language\n\nHTML e ~~via~~."
    root = site_with(
        "python-markdown", tmp_path, {"content/it-IT/a.md": post("A", body=body)}, extra
    )
    config = load_config(root)
    html = markdown_renderer(config).render(body, {}).html
    assert '<abbr title="HyperText Markup Language">HTML</abbr>' in html
    assert "<del>via</del>" in html


@pytest.mark.parametrize(
    ("extra", "line", "message"),
    [
        (
            "  engine: mistune\n",
            8,
            "no markdown named 'mistune'; available: pulldown-cmark, python-markdown",
        ),
        (
            "  engine: python-markdown\n  extensions:\n    - toc\n    - not_an_extension_at_all\n",
            11,
            "the Python-Markdown extension 'not_an_extension_at_all' does not load",
        ),
        (
            "  engine: python-markdown\n  extensions: [toc]\n"
            "  extension_configs:\n    toc: {title: 5}\n",
            9,
            "the Python-Markdown extension 'toc' fails on a sample text (TypeError: cannot "
            "serialize 5 (type int)); fix its options or remove it",
        ),
        (
            "  engine: python-markdown\n  extension_configs:\n    toc: {permalink: true}\n",
            10,
            "options for 'toc', which is not in 'extensions'",
        ),
        (
            "  extensions: [toc]\n",
            8,
            "'extensions' are Python-Markdown's; set 'engine: python-markdown'",
        ),
        ("  engin: pulldown-cmark\n", 8, "unknown key 'engin' (did you mean 'engine'?)"),
    ],
)
def test_markdown_settings_problems_name_their_line(
    tmp_path: Path, extra: str, line: int, message: str
) -> None:
    config = (
        MINIMAL_CONFIG.replace("posts_per_page: 2\nrelated_count: 2\n", "") + "markdown:\n" + extra
    )
    root = write_site(tmp_path / "site", {"site.yaml": config})
    with pytest.raises(BuildFailed) as failure:
        load_config(root)
    (problem,) = failure.value.problems
    assert str(problem).startswith(f"site.yaml:{line}: ") and message in str(problem)


def test_math_and_heading_ids_are_checked(tmp_path: Path) -> None:
    config = MINIMAL_CONFIG + "math: yes please\nheading_ids: gitlab\n"
    root = write_site(tmp_path / "site", {"site.yaml": config})
    with pytest.raises(BuildFailed) as failure:
        load_config(root)
    assert [str(p) for p in failure.value.problems] == [
        "site.yaml:9: 'math' must be true or false",
        "site.yaml:10: 'heading_ids' must be 'default', 'github' or 'hugo' (did you mean 'github'?)",
    ]


def test_an_installed_package_can_add_an_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An entry point of the group mot_blog.markdown, as a plugin's pyproject declares it.
    dist = tmp_path / "plugin" / "shouting_markdown-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: shouting-markdown\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(
        "[mot_blog.markdown]\nshouting = shouting_markdown:Engine\n"
    )
    (tmp_path / "plugin" / "shouting_markdown.py").write_text(
        textwrap.dedent(
            """\
            from mot_blog.markup.pulldown_engine import PulldownEngine

            class Engine(PulldownEngine):
                def render(self, body, *args):
                    return super().render(body.upper(), *args)
            """
        )
    )
    monkeypatch.syspath_prepend(str(tmp_path / "plugin"))
    root = site_with("shouting", tmp_path, {"content/it-IT/a.md": post("A", body="Ciao.")})
    build(root, tmp_path / "out")
    assert "<p>CIAO.</p>" in (tmp_path / "out/it/a/index.html").read_text()
    sys.modules.pop("shouting_markdown", None)


def test_the_parse_cache_key_names_the_engine_and_its_settings() -> None:
    keys = {
        renderer(engine, **settings).options_key()  # type: ignore[arg-type]
        for engine in ENGINES
        for settings in ({}, {"math": True}, {"heading_ids": "hugo"})
    }
    assert len(keys) == 6
    with_extension = renderer("python-markdown", extensions=("abbr",)).options_key()
    assert "abbr" in with_extension and "markdown=" in with_extension


def test_python_markdown_reports_nesting_too_deep_for_it(tmp_path: Path) -> None:
    nested = "".join("    " * depth + "- x\n" for depth in range(200))
    root = site_with("python-markdown", tmp_path, {"content/it-IT/a.md": post("A", body=nested)})
    # A low limit, the same in any test order (Python-Markdown's time grows with the square
    # of the depth, and another test may have raised the limit).
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 400)
    try:
        with pytest.raises(BuildFailed) as failure:
            build(root, tmp_path / "out", workers=1)
    finally:
        sys.setrecursionlimit(limit)
    assert [str(p) for p in failure.value.problems] == [
        "content/it-IT/a.md:7: lists or quotes nested too deeply for Python-Markdown; nest them less"
    ]


@pytest.mark.parametrize("case", sorted(__import__("test_raw_html").HOSTILE))
def test_python_markdown_sanitizes_every_hostile_case(case: str) -> None:
    from test_raw_html import HOSTILE

    html = render("python-markdown", HOSTILE[case][0], "sanitize").html.lower()
    for dangerous in (
        "<script",
        "onerror",
        "onload",
        "javascript:",
        "vbscript:",
        "<iframe",
        "<style",
        " style=",
        "target=",
    ):
        assert dangerous not in html, (case, html)
