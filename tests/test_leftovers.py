"""Syntax of other generators left as text (Liquid, shortcodes no template rendered, kramdown
attribute lists, alert markers): a warning at its Markdown line in build and check, fine in
code, and never on a card."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import post, write_site
from markdown_sites import ENGINES, config

from mot_blog.build import build
from mot_blog.commands.check import check_site
from mot_blog.markup.leftovers import clean_text, find_leftovers

BODY = """Primo paragrafo.

{% highlight ruby %}
puts 1
{% endhighlight %}

Vai a {{ site.url }}/chi-siamo.

Un link[^1] {: target="_blank"}

[!NOTE] da leggere.

[^1]: Nota.
"""


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return request.param


def _site(tmp_path: Path, engine: str, body: str, **fields: str) -> Path:
    return write_site(
        tmp_path / "site",
        {"site.yaml": config(engine), "content/it-IT/a.md": post("A", body=body, **fields)},
    )


def test_leftover_syntax_is_a_warning_at_its_markdown_line(tmp_path: Path, engine: str) -> None:
    result = build(_site(tmp_path, engine, BODY), tmp_path / "out", cache=False, workers=1)
    assert [str(w) for w in result.warnings] == [
        "content/it-IT/a.md:10: warning: looks like a Liquid tag ({% highlight ruby %}), shown "
        "as text; write the code as a fenced block (```ruby) instead",
        "content/it-IT/a.md:12: warning: looks like a Liquid tag ({% endhighlight %}), shown as "
        "text; remove it, or write what it stood for",
        "content/it-IT/a.md:14: warning: looks like a Liquid variable ({{ site.url }}), shown as "
        "text; write its value instead",
        'content/it-IT/a.md:16: warning: looks like a kramdown attribute list ({: target="_blank"}), '
        "shown as text; remove it, or write that element as HTML with the attribute",
        "content/it-IT/a.md:18: warning: looks like an alert marker ([!NOTE]), shown as text; "
        "start a quote with it, alone on the quote's first line ('> [!NOTE]'), or remove it",
    ]
    assert (tmp_path / "out/it/a/index.html").is_file()


def test_check_reports_them_too(tmp_path: Path, engine: str) -> None:
    findings = [str(f) for f in check_site(_site(tmp_path, engine, "Testo {% raw %} qui."))]
    assert findings == [
        "content/it-IT/a.md:8: warning: looks like a Liquid tag ({% raw %}), shown as text; "
        "remove it: text shows here as written"
    ]


def test_in_code_the_same_text_is_fine(tmp_path: Path, engine: str) -> None:
    body = (
        "Scrivi `{% raw %}` o `{{ page.title }}`:\n\n```liquid\n{% highlight ruby %}\n"
        "{: .x}\n{{< tweet 1 >}}\n```\n\n    {{ site.url }} [!NOTE]\n\nFine {% include x.html %}."
    )
    result = build(_site(tmp_path, engine, body), tmp_path / "out", cache=False, workers=1)
    # only the tag outside code; its line is found past the same text in code
    assert [str(w) for w in result.warnings] == [
        "content/it-IT/a.md:18: warning: looks like a Liquid tag ({% include x.html %}), shown "
        "as text; paste what it included, or make a shortcode of it (templates/shortcodes/)"
    ]


def test_a_summary_keeps_leftovers_off_the_cards(tmp_path: Path, engine: str) -> None:
    site = _site(tmp_path, engine, "Testo.")
    text = (site / "content/it-IT/a.md").read_text()
    text = text.replace(
        "summary: Un riassunto.", 'summary: "Un riassunto {: .lead} {% raw %}breve."'
    )
    (site / "content/it-IT/a.md").write_text(text)
    result = build(site, tmp_path / "out", cache=False, workers=1)
    assert [str(w) for w in result.warnings] == [
        "content/it-IT/a.md:4: warning: the summary holds syntax that shows as text "
        "({: .lead}); cards and the page's description leave it out: remove it from 'summary'"
    ]
    index = (tmp_path / "out/it/index.html").read_text(encoding="utf-8")
    page = (tmp_path / "out/it/a/index.html").read_text(encoding="utf-8")
    assert "Un riassunto breve." in index and "{:" not in index and "{%" not in index
    assert '<meta name="description" content="Un riassunto breve.">' in page


def test_found_in_the_html_outside_code_only() -> None:
    html = "<p>a {% if x %}</p><pre><code>{% if y %}</code></pre><p><code>{: .z}</code> [!TIP]</p>"
    found = find_leftovers(html, "a {% if x %}\n\n```\n{% if y %}\n```\n\n`{: .z}` [!TIP]\n")
    assert [(f.kind, f.line) for f in found] == [("tag", 0), ("alert", 6)]
    assert find_leftovers("<p>Nothing to see {here}.</p>", "") == []


def test_clean_text_takes_out_what_cards_must_not_show() -> None:
    assert clean_text("Plain text.") == ("Plain text.", [])
    assert clean_text("A {{< x >}} b {{ page.title }} c [!WARNING] d") == (
        "A b c d",
        ["{{< x >}}", "{{ page.title }}", "[!WARNING]"],
    )
