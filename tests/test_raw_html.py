"""Raw HTML in post bodies: ``raw_html: keep | escape | sanitize`` and what ``check`` says.

The sanitizer's allow-list is in src/mot_blog/sanitize.py; these tests pin what it
removes (each way a guest post could run script), what it keeps (the markup authors
use), and that the writer's own HTML comes out of it byte for byte.
"""

from __future__ import annotations

import os
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import MINIMAL_CONFIG, post, run_cli, write_site
from hypothesis import example, given, settings
from hypothesis import strategies as st

from mot_blog.build import build
from mot_blog.commands.check import check_site
from mot_blog.errors import BuildFailed
from mot_blog.load.config import load_config
from mot_blog.load.images import ImageInfo, Variant
from mot_blog.markup.renderer import MarkdownRenderer
from mot_blog.markup.sanitize import TAGS, URL_ATTRIBUTES, is_unsafe_url
from mot_blog.model.assemble import BuildOptions

URLS = {"images/a.png": "/images/a.0123456789.png"}


def render(body: str, policy: str = "sanitize") -> str:
    return MarkdownRenderer(policy).render(body, URLS).html


HOSTILE = {
    "script": ("<script>alert(1)</script>\n\nDopo.", "<p>Dopo.</p>"),
    "script inline": ("Prima <script>alert(1)</script> dopo.", "<p>Prima  dopo.</p>"),
    "script upper case": ("Prima <SCRIPT SRC=//evil.example/x.js></SCRIPT>.", "<p>Prima .</p>"),
    "onerror": ("Foto <img src=x onerror=alert(1)>.", '<p>Foto <img src="x">.</p>'),
    "no tag to CommonMark": (  # so not raw HTML: text
        "Foto <img/onerror=alert(1) src=x>.",
        "<p>Foto &lt;img/onerror=alert(1) src=x&gt;.</p>",
    ),
    "javascript link": ('<a href="javascript:alert(1)">clic</a>', "<p><a>clic</a></p>"),
    "encoded scheme": ('<a href="java&#115;cript:alert(1)">clic</a>', "<p><a>clic</a></p>"),
    "tab in scheme": ('<a href="jav&#x09;ascript:alert(1)">clic</a>', "<p><a>clic</a></p>"),
    "named entity colon": ('<a href="javascript&colon;alert(1)">clic</a>', "<p><a>clic</a></p>"),
    "vbscript": ('<a href="VBScript:msgbox(1)">clic</a>', "<p><a>clic</a></p>"),
    "data link": ('<a href="data:text/html,&lt;script&gt;">clic</a>', "<p><a>clic</a></p>"),
    "script srcset": (
        '<img src="a.png" srcset="javascript:alert(1) 2x" alt="">',
        '<img src="a.png" alt="">',  # an HTML block: no paragraph
    ),
    "script poster": (
        '<video src="v.mp4" poster="javascript:alert(1)" controls autoplay></video>',
        '<p><video src="v.mp4" controls=""></video></p>',
    ),
    "iframe": ('<iframe src="https://evil.example/">fallback</iframe>\n\nDopo.', "<p>Dopo.</p>"),
    # A paragraph of inline HTML (no HTML block starts with these): the paragraph stays.
    "object and embed": ('<object data="x.swf">o</object><embed src="x.swf">', "<p></p>"),
    "form": (
        '<form action="https://evil.example/"><input name="p"><button>Invia</button></form>',
        "Invia",
    ),
    "svg onload": ('<svg onload="alert(1)"><circle r="1"/></svg>', "<p></p>"),
    "style element": ("<style>body { display: none }</style>\n\nDopo.", "<p>Dopo.</p>"),
    "style attribute": (
        '<div style="position: fixed; inset: 0">Coperto</div>',
        "<div>Coperto</div>",
    ),
    "target": (
        '<a href="https://example.org/" target="_blank">x</a>',
        '<p><a href="https://example.org/">x</a></p>',
    ),
    "comment": ("Testo <!-- <script>alert(1)</script> --> visibile.", "<p>Testo  visibile.</p>"),
    "template": ("<template><img src=x onerror=alert(1)></template>", "<p></p>"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_sanitize_removes_what_could_run_script(case: str) -> None:
    body, expected = HOSTILE[case]
    assert render(body) == expected


def test_each_policy_on_a_hostile_post() -> None:
    body = (
        "<script>alert(1)</script>\n\n"
        'Testo <img src=x onerror="alert(2)"> e <a href="javascript:alert(3)">link</a>.'
    )
    assert render(body, "keep") == (
        "<script>alert(1)</script>\n"
        '<p>Testo <img src=x onerror="alert(2)"> e <a href="javascript:alert(3)">link</a>.</p>'
    )
    assert render(body, "escape") == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;\n</p>\n"
        '<p>Testo &lt;img src=x onerror="alert(2)"&gt; e '
        '&lt;a href="javascript:alert(3)"&gt;link&lt;/a&gt;.</p>'
    )
    assert render(body, "sanitize") == '<p>Testo <img src="x"> e <a>link</a>.</p>'


ORDINARY = """\
Vedi <a href="https://example.org/" title="Esempio" rel="nofollow sponsored">il sito</a>, \
<abbr title="HyperText Markup Language">HTML</abbr>, H<sub>2</sub>O, x<sup>2</sup>, \
<kbd>Ctrl</kbd>+<kbd>C</kbd>, <mark>evidenziato</mark>, \
<span class="nota" lang="ar" dir="rtl">مرحبا</span>, <a href="#dettagli">sotto</a>.<br>
Riga nuova.

<details id="dettagli" open>
<summary>Dettagli</summary>
<p>Nascosto.</p>
</details>

<figure>
<img src="/images/x.png" alt="Un grafico" width="640" height="360" loading="lazy">
<figcaption>Fonte: noi</figcaption>
</figure>

<table>
<thead><tr><th scope="col">A</th><th>B</th></tr></thead>
<tbody><tr><td colspan="2">uno</td></tr></tbody>
</table>

<div class="riquadro">
<video src="/media/demo.mp4" poster="/media/demo.jpg" controls width="640"></video>
<img src="data:image/png;base64,iVBORw0KGgo=" alt="punto">
</div>
"""


def test_sanitize_keeps_the_markup_authors_use() -> None:
    # As written, but for the boolean attributes (open="", controls="") and the blank
    # lines between the blocks, which the writer never keeps.
    assert render(ORDINARY) == (
        '<p>Vedi <a href="https://example.org/" title="Esempio" rel="nofollow sponsored">'
        'il sito</a>, <abbr title="HyperText Markup Language">HTML</abbr>, H<sub>2</sub>O, '
        "x<sup>2</sup>, <kbd>Ctrl</kbd>+<kbd>C</kbd>, <mark>evidenziato</mark>, "
        '<span class="nota" lang="ar" dir="rtl">مرحبا</span>, <a href="#dettagli">sotto</a>.'
        "<br>\nRiga nuova.</p>\n"
        '<details id="dettagli" open="">\n<summary>Dettagli</summary>\n<p>Nascosto.</p>\n'
        "</details>\n"
        "<figure>\n"
        '<img src="/images/x.png" alt="Un grafico" width="640" height="360" loading="lazy">\n'
        "<figcaption>Fonte: noi</figcaption>\n"
        "</figure>\n"
        "<table>\n"
        '<thead><tr><th scope="col">A</th><th>B</th></tr></thead>\n'
        '<tbody><tr><td colspan="2">uno</td></tr></tbody>\n'
        "</table>\n"
        '<div class="riquadro">\n'
        '<video src="/media/demo.mp4" poster="/media/demo.jpg" controls="" width="640"></video>\n'
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="punto">\n'
        "</div>"
    )
    assert render(ORDINARY) == render(ORDINARY, "keep").replace(" open>", ' open="">').replace(
        " controls ", ' controls="" '
    )


def test_inline_html_split_across_events_is_sanitized_as_a_whole() -> None:
    # pulldown-cmark gives the opening and the closing tag as two events, with the
    # Markdown text between them: each tag alone would be closed or dropped.
    assert render('a <span class="x">b</span> c') == '<p>a <span class="x">b</span> c</p>'
    assert render('a <span onclick="x()">*b*</span> c') == "<p>a <span><em>b</em></span> c</p>"


def test_an_html_block_over_several_lines_is_sanitized_as_a_whole() -> None:
    body = (
        '<div class="riquadro"\n     onclick="alert(1)">\n<p>Uno</p>\n'
        "<script>\nalert(2)\n</script>\n<p>Due</p>\n</div>"
    )
    assert render(body) == '<div class="riquadro">\n<p>Uno</p>\n\n<p>Due</p>\n</div>'


def test_raw_html_around_markdown_still_holds_it() -> None:
    body = (
        "<details>\n<summary>Di più</summary>\n\n"
        "Testo *in Markdown* con [un link](https://example.org/).\n\n</details>\n\nDopo."
    )
    expected = (
        "<details>\n<summary>Di più</summary>\n"
        '<p>Testo <em>in Markdown</em> con <a href="https://example.org/">un link</a>.</p>\n'
        "</details>\n<p>Dopo.</p>"
    )
    assert render(body) == expected == render(body, "keep")


WRITER = """\
# Titolo {#inizio .grande}

Testo con **forte**, *enfasi*, ~~barrato~~, `co<de>`, [un link](https://example.org/?a=1&b=2 \
"Un titolo") e una nota[^n]. Spazio\u00a0fisso, simboli & < > ' " e un tasto <kbd>Esc</kbd>.

![Il modello](images/a.png "Fonte: Think with Google")

Foto ![in linea](images/a.png) e testo.

> Una citazione.
>
> — Mario Rossi

```python
print("<ciao>")
```

| Sinistra | Centro | Destra |
|:--|:-:|--:|
| a | b | c |

Termine
: Definizione

3. tre
4. quattro

---

[^n]: La nota, con [un link](#inizio) e <mark>evidenza</mark>.
"""


def test_the_writers_own_html_comes_out_of_the_sanitizer_unchanged() -> None:
    variants = tuple(
        Variant(f"/images/a-{w}.{f}", w, f) for w in (480, 960) for f in ("webp", "png")
    )
    info = {"/images/a.0123456789.png": ImageInfo(1200, 675, variants)}
    kept = MarkdownRenderer("keep").render(WRITER, URLS, info, eager_first=True)
    sanitized = MarkdownRenderer("sanitize").render(WRITER, URLS, info, eager_first=True)
    for feature in ("<picture><source", 'class="footnote-ref"', 'class="language-python"'):
        assert feature in kept.html
    assert 'style="text-align: center"' in kept.html and 'id="inizio"' in kept.html
    assert sanitized == kept
    # A body without raw HTML is the same under every policy.
    plain = WRITER.replace("<kbd>Esc</kbd>", "Esc").replace("<mark>evidenza</mark>", "x")
    renders = {
        MarkdownRenderer(p).render(plain, URLS, info) for p in ("keep", "escape", "sanitize")
    }
    assert len(renders) == 1


def test_markdown_between_raw_parts_cannot_land_inside_an_attribute() -> None:
    # The first block leaves a quote open; the paragraph after it would be read as the
    # rest of that attribute, and the link's own quotes would then end it early.
    body = (
        '<div title="a\n\n[x](<y onmouseover=alert(1) z>)\n\n'
        '<div>" onmouseover="alert(2)">testo</div>'
    )
    html = render(body)
    assert "onmouseover" not in html and "alert" not in html
    assert html == "<div>testo</div>"


def test_private_use_characters_in_the_text_stay_text() -> None:
    # The writer marks raw parts with private-use characters; written by the author
    # (literally or as references), they can only repeat the body's own parts.
    body = "a \ue0000\ue001 b \ue0021\ue003 &#xe002;0&#xe003; <b>c</b> \ue00099\ue001"
    html = render(body)
    assert "<script" not in html and html.startswith("<p>a <b> b \ue0021\ue003")
    assert html.count("\ue00099\ue001") == 1


def test_sanitized_raw_html_counts_the_words_that_stay() -> None:
    body = "Uno due\n\n<script>\ntre quattro cinque\n</script>\n\n<b>sei</b>."
    assert MarkdownRenderer("keep").render(body, URLS).word_count == 6
    assert MarkdownRenderer("sanitize").render(body, URLS).word_count == 3
    assert MarkdownRenderer("sanitize").render("Uno <b>due</b> tre", URLS).word_count == 3


PIECES = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "<script>",
        "</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="java&#115;cript:alert(1)">',
        '<a href="https://example.org/">',
        "</a>",
        '<div title="',
        '<span class="x"',
        '">',
        ">",
        "<",
        '"',
        "'",
        " onclick=alert(1) ",
        "javascript:alert(1)",
        "<details>",
        "</details>",
        "<svg onload=alert(1)>",
        "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
        "<style>",
        "</style>",
        "<textarea>",
        "</textarea>",
        "<xmp>",
        "<noscript>",
        "<title>",
        "<iframe srcdoc='<script>alert(1)</script>'>",
        "<table><tr><td>",
        "</td></tr></table>",
        "<!--",
        "-->",
        "\ue000",
        "\ue001",
        "\ue002",
        "\ue003",
        "&#xe002;",
        "&#xe003;",
        "0",
        "1",
        "\n\n",
        "\n",
        "> ",
        "- ",
        "*em*",
        "`code`",
        "[link](https://example.org/ 'title')",
        "[x](<y onmouseover=alert(1) z>)",
        "![alt](images/a.png)",
        "[^1]",
        "\n\n[^1]: nota\n\n",
        "| a | b |\n|:-|-:|\n| c | d |\n",
        "## Titolo\n",
        "```\n<script>x</script>\n```\n",
        "testo",
    ]
)
_WRITER_STYLES = {"text-align: left", "text-align: center", "text-align: right"}


class _Elements(HTMLParser):
    """Every start tag and its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


@settings(max_examples=5000 if os.environ.get("MOT_LONG_TESTS") == "1" else 300, deadline=None)
@given(st.lists(PIECES, max_size=30))
@example(['<div title="', "\n\n", "[x](<y onmouseover=alert(1) z>)", "\n\n", "<details>", '">'])
def test_no_mix_of_markdown_and_raw_html_gets_script_through(pieces: list[str]) -> None:
    html = render("".join(pieces))
    elements = _Elements()
    elements.feed(html)
    elements.close()
    for tag, attrs in elements.tags:
        assert tag in TAGS or tag == "section", (tag, html)  # the writer's footnotes
        for name, value in attrs:
            assert not name.startswith("on"), html
            assert name != "style" or value in _WRITER_STYLES, html
            if name in URL_ATTRIBUTES and value:
                urls = value.replace(",", " ").split() if name == "srcset" else [value]
                assert not any(is_unsafe_url(u, image=tag == "img") for u in urls), html


# ---- site.yaml --------------------------------------------------------------------------------


def _config(tmp_path: Path, lines: str):  # noqa: ANN202
    return load_config(write_site(tmp_path / "site", {"site.yaml": MINIMAL_CONFIG + lines}))


@pytest.mark.parametrize(
    ("lines", "policy"),
    [
        ("", "keep"),
        ("raw_html: keep\n", "keep"),
        ("raw_html: escape\n", "escape"),
        ("raw_html: sanitize\n", "sanitize"),
        ("allow_raw_html: true\n", "keep"),
        ("allow_raw_html: false\n", "escape"),
    ],
)
def test_raw_html_policy_and_its_older_spelling(tmp_path: Path, lines: str, policy: str) -> None:
    assert _config(tmp_path, lines).raw_html == policy


def test_raw_html_and_allow_raw_html_together_are_a_problem(tmp_path: Path) -> None:
    with pytest.raises(BuildFailed) as failure:
        _config(tmp_path, "raw_html: sanitize\nallow_raw_html: true\n")
    assert [str(p) for p in failure.value.problems] == [
        "site.yaml:10: 'allow_raw_html' and 'raw_html' are both set; keep only 'raw_html'"
    ]


@pytest.mark.parametrize(
    ("value", "hint"),
    [("sanitise", " (did you mean 'sanitize'?)"), ("true", ""), ("[keep]", ""), ('""', "")],
)
def test_an_unknown_raw_html_policy_names_the_allowed_ones(
    tmp_path: Path, value: str, hint: str
) -> None:
    with pytest.raises(BuildFailed) as failure:
        _config(tmp_path, f"raw_html: {value}\n")
    assert [str(p) for p in failure.value.problems] == [
        f"site.yaml:9: 'raw_html' must be 'keep', 'escape' or 'sanitize'{hint}"
    ]


def test_an_unknown_policy_fails_the_build_with_exit_1(tmp_path: Path) -> None:
    root = write_site(
        tmp_path / "site",
        {"site.yaml": MINIMAL_CONFIG + "raw_html: strip\n", "content/it-IT/a.md": post("A")},
    )
    result = run_cli("build", "--site", str(root), "--out", str(tmp_path / "out"))
    assert result.returncode == 1, result.stderr
    assert "site.yaml:9: 'raw_html' must be 'keep', 'escape' or 'sanitize'" in result.stderr


# ---- builds -----------------------------------------------------------------------------------

HOSTILE_POST = (
    "Primo paragrafo.\n\n"
    "<script>alert(1)</script>\n\n"
    'Foto <img src="x.png" onerror="alert(2)" alt="x"> e '
    '<a href="java&#115;cript:alert(3)">un link</a>.\n\n'
    '<div class="nota">\n<span>Nota</span>\n</div>\n'
)
OPTIONS = BuildOptions(drafts=True, future=True)


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_policy_change_parses_the_posts_again(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"content/it-IT/a.md": post("A", body=HOSTILE_POST)})
    out = tmp_path / "out"
    build(root, out, OPTIONS)
    assert "<script>alert(1)</script>" in (out / "it/a/index.html").read_text("utf-8")
    for policy in ("sanitize", "escape", "keep", "sanitize"):
        (root / "site.yaml").write_text(MINIMAL_CONFIG + f"raw_html: {policy}\n", "utf-8")
        warm = build(root, out, OPTIONS)
        assert warm.rendered > 0
        clean = tmp_path / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        build(root, clean, OPTIONS, cache=False, workers=1)
        assert _tree(out) == _tree(clean), policy
    page = (out / "it/a/index.html").read_text("utf-8")
    assert "alert" not in page and '<div class="nota">' in page


def test_a_sanitized_site_builds_and_checks_clean(tmp_path: Path) -> None:
    root = write_site(
        tmp_path / "site",
        {
            "site.yaml": MINIMAL_CONFIG + "raw_html: sanitize\n",
            "content/it-IT/a.md": post("A", body=HOSTILE_POST.replace("x.png", "/it/a/")),
        },
    )
    assert check_site(root) == []


# ---- check ------------------------------------------------------------------------------------


def test_check_names_raw_scripts_at_their_markdown_line(tmp_path: Path) -> None:
    body = (
        "Primo paragrafo.\n\n"
        "<script>alert(1)</script>\n\n"
        'Foto <img src="/it/a/" onerror="alert(2)" alt="x">.\n\n'
        '> Un <a href="java&#115;cript:alert(3)">link</a> in una citazione.\n\n'
        '<a href="https://example.org/">sicuro</a> e <SCRIPT>x()</SCRIPT>\n'
    )
    root = write_site(tmp_path / "site", {"content/it-IT/a.md": post("A", body=body)})
    assert [str(f) for f in check_site(root)] == [
        "content/it-IT/a.md:10: raw <script> in the body; remove it, or set raw_html: sanitize "
        "[it/a/index.html]",
        "content/it-IT/a.md:12: raw event handler onerror= in the body; remove it, or set "
        "raw_html: sanitize [it/a/index.html]",
        "content/it-IT/a.md:14: raw script link 'javascript:alert(3)' in the body; remove it, "
        "or set raw_html: sanitize [it/a/index.html]",
        "content/it-IT/a.md:16: raw <script> in the body; remove it, or set raw_html: sanitize "
        "[it/a/index.html]",
    ]
    result = run_cli("check", "--site", str(root))
    assert result.returncode == 1
    assert "content/it-IT/a.md:10: raw <script> in the body" in result.stdout + result.stderr

    for policy in ("sanitize", "escape"):
        (root / "site.yaml").write_text(MINIMAL_CONFIG + f"raw_html: {policy}\n", "utf-8")
        assert [str(f) for f in check_site(root)] == [], policy
