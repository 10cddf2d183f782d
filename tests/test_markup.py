"""The Markdown writer: CommonMark from pulldown-cmark, plus the site's conventions.

Pure function tests (body in, HTML and what it uses out); the real site's pages are
checked end to end in test_publisher_site.py.
"""

from __future__ import annotations

from mot_blog.load.images import ImageInfo, Variant
from mot_blog.markup.events import destination_lines
from mot_blog.markup.renderer import MarkdownRenderer

URLS = {"images/a.svg": "/images/a.0123456789.svg", "docs/x.pdf": "/docs/x.abcdef.pdf"}


def render(body: str, raw: bool = True, **options: object):  # noqa: ANN201
    renderer = MarkdownRenderer("keep" if raw else "escape")
    return renderer.render(body, URLS, **options)  # type: ignore[arg-type]


def test_a_lone_image_is_a_figure_with_its_title_as_caption() -> None:
    html = render('![Il modello](images/a.svg "Fonte: Think with Google")').html
    assert html == (
        '<figure><img src="/images/a.0123456789.svg" alt="Il modello" loading="lazy" '
        'decoding="async"><figcaption>Fonte: Think with Google</figcaption></figure>'
    )


def test_an_image_among_text_stays_inline_and_keeps_its_title() -> None:
    html = render('Vedi ![x](images/a.svg "titolo") qui.').html
    assert html.startswith("<p>Vedi <img") and 'title="titolo"' in html
    assert "<figure>" not in html


def test_a_quote_ending_in_a_dash_line_gets_an_attribution() -> None:
    html = render("> Il cliente ha sempre ragione.\n>\n> — Mario **Rossi**").html
    assert html == (
        '<figure class="quote">\n<blockquote>\n<p>Il cliente ha sempre ragione.</p>\n'
        "</blockquote>\n<figcaption>Mario <strong>Rossi</strong></figcaption>\n</figure>"
    )
    plain = render("> Una riga\n> — dentro la stessa").html
    assert plain.startswith("<blockquote>") and "figcaption" not in plain
    nested = render("> > Interna\n> >\n> > – Anna\n>\n> Esterna").html
    assert nested.startswith('<blockquote>\n<figure class="quote">')


def test_headings_get_unique_anchors_and_keep_explicit_ones() -> None:
    html = render("## Cos'è il *messy middle*?\n\n## Cos'è il messy middle?\n\n## X {#mio}").html
    assert '<h2 id="cose-il-messy-middle">' in html
    assert '<h2 id="cose-il-messy-middle_1">' in html
    assert '<h2 id="mio">X\ue006 <a class="heading-link" href="#mio"' in html


def test_footnotes_are_numbered_as_cited_and_listed_at_the_end() -> None:
    html = render("Uno[^b] e due[^a] e ancora[^b].\n\n[^a]: Nota A.\n\n[^b]: Nota B.").html
    assert html.count('id="fnref-b"') == 1  # a second citation gets no duplicate id
    assert '<a class="footnote-ref" href="#fn-b">1</a>' in html
    assert '<a class="footnote-ref" href="#fn-a">2</a>' in html
    notes = html[html.index('<section class="footnotes">') :]
    assert notes.index('id="fn-b"') < notes.index('id="fn-a"')
    assert 'Nota B. <a class="footnote-backref" href="#fnref-b">' in notes


def test_tables_lists_code_and_definitions() -> None:
    html = render(
        "| a | b |\n|:-:|--:|\n| 1 | 2 |\n\n3. tre\n4. quattro\n\n```python\nx < 1\n```\n\n"
        "Termine\n: definizione"
    ).html
    assert '<th style="text-align: center">a</th><th style="text-align: right">b</th>' in html
    assert "<tbody>\n<tr><td" in html
    assert '<ol start="3">\n<li>tre</li>' in html
    assert '<pre tabindex="0"><code class="language-python">' in html
    assert '<span class="o">&lt;</span>' in html
    assert "<dl>\n<dt>Termine</dt>\n<dd>definizione</dd>\n</dl>" in html


def test_asset_links_and_images_are_rewritten_and_recorded() -> None:
    rendered = render("[PDF](docs/x.pdf) [sito](https://example.com/a.b) ![i](images/a.svg)")
    assert 'href="/docs/x.abcdef.pdf"' in rendered.html
    assert 'href="https://example.com/a.b"' in rendered.html
    assert rendered.links == ("docs/x.pdf", "https://example.com/a.b")
    assert rendered.images == ("images/a.svg",)


def test_script_links_lose_their_target_and_are_reported() -> None:
    rendered = render(
        "[a](javascript:alert(1)) [b](java&#115;cript:x) ![c](data:image/png;base64,AA)"
    )
    assert "javascript" not in rendered.html and "<a>a</a>" in rendered.html
    assert rendered.unsafe_links == ("javascript:alert(1)", "javascript:x")
    assert 'src="data:image/png;base64,AA"' in rendered.html  # an inline picture is fine


def test_raw_html_is_kept_or_shown_as_text() -> None:
    body = '<div class="x">blocco</div>\n\nTesto <b>forte</b>.'
    assert '<div class="x">blocco</div>' in render(body).html
    strict = render(body, raw=False).html
    assert '&lt;div class="x"&gt;blocco&lt;/div&gt;' in strict and "<b>" not in strict


def test_words_count_the_text_a_reader_reads() -> None:
    rendered = render(
        "# Titolo\n\nDell'esperienza **del cliente**, `codice` e ![alt lungo](x.png)."
    )
    assert rendered.word_count == 7  # Titolo Dell'esperienza del cliente, codice e .


def test_image_sizes_variants_and_eager_first_image() -> None:
    variants = tuple(
        Variant(f"/images/a-{w}.{f}", w, f) for w in (480, 960) for f in ("webp", "png")
    )
    info = ImageInfo(1200, 675, variants)
    rendered = MarkdownRenderer().render(
        "![a](images/a.svg)\n\n![b](images/a.svg)",
        URLS,
        {"/images/a.0123456789.svg": info},
        eager_first=True,
    )
    first, second = rendered.html.split("</figure>")[:2]
    assert 'loading="eager"' in first and 'fetchpriority="high"' in first
    assert 'loading="lazy"' in second
    assert '<picture><source type="image/webp"' in first and 'width="1200"' in first


def test_problem_lines_come_from_the_source() -> None:
    body = "Uno.\n\n[x](javascript:a)\n\n[y][r]\n\n[r]: vbscript:b\n"
    assert destination_lines(body) == {"javascript:a": 2, "vbscript:b": 6}


def test_deep_nesting_renders_without_recursion() -> None:
    assert render(">" * 5000 + " fondo").html.count("<blockquote>") == 5000
