"""Callouts (GitHub and Obsidian alerts) in both engines: an <aside> with an icon and a
title, the default title from the catalogs in the post's language."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINIMAL_CONFIG, post, write_site
from test_markdown_engines import ENGINES, render

from mot_blog.build import build


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.mark.parametrize("kind", ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION", "note"])
def test_githubs_five_alerts_become_asides_in_both_engines(engine: str, kind: str) -> None:
    html = render(engine, f"> [!{kind}]\n> Attenzione al **gradino**.").html
    low = kind.lower()
    assert html.startswith(
        f'<aside class="callout callout-{low}" role="note" aria-labelledby="callout-1">'
    )
    assert (
        '<p class="callout-title" id="callout-1"><svg class="callout-icon" aria-hidden="true"'
        in html
    )
    assert f"<span>\ue004{low}\ue005</span></p>" in html
    assert "<p>Attenzione al <strong>gradino</strong>.</p>\n</aside>" in html
    assert "[!" not in html


def test_an_own_title_replaces_the_translated_one(engine: str) -> None:
    html = render(engine, "> [!TIP] Il *mio* titolo\n> Corpo.").html
    assert "<span>Il <em>mio</em> titolo</span></p>\n<p>Corpo.</p>" in html


def test_a_callout_with_only_a_title_ends_after_it(engine: str) -> None:
    html = render(engine, "> [!TIP] Il *mio* titolo").html
    assert html.endswith("<span>Il <em>mio</em> titolo</span></p>\n</aside>")


def test_obsidian_types_are_mapped_and_folds_are_details(engine: str) -> None:
    closed = render(engine, "> [!bug]- Un difetto\n> Dettagli.").html
    assert closed.startswith(
        '<aside class="callout callout-caution" data-callout="bug" role="note" aria-labelledby="callout-1">\n<details>\n<summary class="callout-title" id="callout-1">'
    )
    assert "<span>Un difetto</span></summary>\n<p>Dettagli.</p>\n</details>\n</aside>" in closed
    opened = render(engine, "> [!faq]+\n> Risposta.").html
    assert "callout-note" in opened and "<details open>" in opened


def test_an_unknown_type_and_a_plain_quote_stay_quotes(engine: str) -> None:
    assert render(engine, "> [!BANANA]\n> x").html.startswith("<blockquote>")
    assert render(engine, "> Una citazione [!NOTE]").html.startswith("<blockquote>")


def test_two_callouts_in_a_row_stay_two_and_are_numbered(engine: str) -> None:
    html = render(engine, "> [!NOTE]\n> Uno.\n\n> [!WARNING]\n> Due.").html
    assert html.count("<aside") == 2 and 'id="callout-2"' in html


def test_the_default_title_is_in_the_posts_language(engine: str, tmp_path: Path) -> None:
    config = MINIMAL_CONFIG + f"markdown: {{engine: {engine}}}\n"
    files = {
        "site.yaml": config,
        "content/it-IT/a.md": post("A", body="> [!NOTE]\n> Testo."),
        "content/nl-NL/b.md": post("B", body="> [!NOTE]\n> Tekst.\n\n> [!CAUTION]\n> Pas op."),
    }
    root = write_site(tmp_path / "site", files)
    build(root, tmp_path / "out")
    italian = (tmp_path / "out/it/a/index.html").read_text()
    dutch = (tmp_path / "out/nl/b/index.html").read_text()
    assert "<span>Nota</span>" in italian
    assert "<span>Let op</span>" in dutch and "<span>Voorzichtig</span>" in dutch
    assert "\ue004" not in italian + dutch
    feed = (tmp_path / "out/nl/feed.xml").read_text()
    assert "&lt;span&gt;Let op&lt;/span&gt;" in feed and "\ue004" not in feed
