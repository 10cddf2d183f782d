"""``summary`` and ``category`` are optional: a summary is taken from the body's first
paragraph (docs/configuration.md), a category from ``default_category`` or not at all, and
every page adapts."""

from __future__ import annotations

import pickle
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import MINIMAL_CONFIG, post, run_cli, write_site
from htmldoc import parse_file
from listing_site import Page

from mot_blog.build import build, load
from mot_blog.errors import BuildFailed
from mot_blog.load.sources import SourceFile
from mot_blog.markup.posts import ParseSettings, parse_post
from mot_blog.markup.renderer import MarkdownRenderer
from mot_blog.markup.summary import LIMIT, cut, first_paragraph, summary_of
from mot_blog.model.assemble import BuildOptions
from mot_blog.model.related import related_posts

A = "{http://www.w3.org/2005/Atom}"


def built(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    root = write_site(tmp_path / "site", files)
    build(root, tmp_path / "out", workers=1)
    return tmp_path / "out"


def json_ld(path: Path) -> list[dict]:
    return Page(path.read_text(encoding="utf-8")).json_ld()


def problems_of(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    root = write_site(tmp_path / "site", files)
    with pytest.raises(BuildFailed) as failure:
        build(root, tmp_path / "out", workers=1)
    return [str(problem) for problem in failure.value.problems]


# ---- the summary rule ---------------------------------------------------------------------


def test_a_short_paragraph_is_the_summary_as_it_is() -> None:
    assert cut("  Una frase.\n Due  frasi? ") == "Una frase. Due frasi?"


def test_a_long_paragraph_is_cut_after_its_last_sentence_end_within_the_limit() -> None:
    first = "Prima frase, abbastanza lunga da contare qualcosa. "
    second = "Seconda frase che arriva quasi al limite dei centosessanta caratteri! "
    text = first + second + "Terza frase che lo supera di molto, e di parecchio anche."
    summary = cut(text)
    assert summary == (first + second).strip()
    assert len(summary) <= LIMIT


def test_a_closing_quote_after_the_sentence_end_is_kept() -> None:
    text = "Disse: «Andiamo.» " + "parola " * 40
    assert cut(text) == "Disse: «Andiamo.»"


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        ("日本語の文章です。" * 30, "日本語の文章です。" * 17),  # 153 characters, then 162
        ("中文句子！" * 40, "中文句子！" * 32),
        ("هل هذا نص طويل؟ " + "كلمة " * 40, "هل هذا نص طويل؟"),
        ("यह एक वाक्य है। " + "शब्द " * 40, "यह एक वाक्य है।"),
        ("Zdanie po polsku jest tutaj. " + "słowo " * 40, "Zdanie po polsku jest tutaj."),
    ],
)
def test_sentence_ends_of_every_script_count(text: str, summary: str) -> None:
    assert cut(text) == summary


def test_without_a_sentence_end_the_cut_is_at_a_word_with_an_ellipsis() -> None:
    summary = cut("parola, " * 40)
    assert summary.endswith("parola…") and len(summary) <= LIMIT
    assert len(summary) >= LIMIT - len("parola, ") - 2  # the last word that fits


def test_text_without_spaces_is_cut_at_the_limit() -> None:
    assert cut("字" * 300) == "字" * (LIMIT - 1) + "…"


def test_decimal_points_and_host_names_are_no_sentence_ends() -> None:
    text = "Il 3.5 per cento visita example.com ogni giorno " + "e poi " * 40
    summary = cut(text)
    assert summary.startswith("Il 3.5 per cento visita example.com") and summary.endswith("…")


def test_the_first_paragraph_is_the_first_top_level_one_with_text() -> None:
    html = (
        '<h2 id="a">Titolo</h2>\n<figure><img src="/x.png" alt="Foto"></figure>\n'
        "<blockquote>\n<p>Citazione.</p>\n</blockquote>\n<ul>\n<li>\n<p>Voce.</p>\n</li>\n</ul>\n"
        "<div><p>Dentro un div.</p></div>\n<p> </p>\n"
        '<p>Il <strong>primo</strong><sup id="fnref-1"><a class="footnote-ref" href="#fn-1">1</a>'
        "</sup> con <kbd>Ctrl</kbd> &amp; <a href='/x'>un link</a>.</p>\n<p>Secondo.</p>"
    )
    assert first_paragraph(html) == "Il primo con Ctrl & un link."


def test_a_body_without_a_paragraph_gives_its_whole_text_without_footnotes() -> None:
    html = (
        '<ul>\n<li>Uno<sup><a class="footnote-ref" href="#fn-a">1</a></sup></li>\n<li>Due</li>\n'
        '</ul>\n<section class="footnotes">\n<ol>\n<li id="fn-a">\n<p>Nota</p>\n</li>\n</ol>\n'
        "</section>"
    )
    assert summary_of(html) == "Uno Due"


def test_the_summary_is_taken_from_the_rendered_body_never_from_markdown() -> None:
    source = SourceFile(
        "content/it-IT/x.md",
        "it-IT",
        "x",
        b"---\ntitle: T\ndate: 2024-01-02\n---\n\n"
        b"Testo **forte**, `codice` e <span class='x'>HTML</span>[^n] con [link](https://e.x).\n\n"
        b"[^n]: Nota.\n",
    )
    parsed, problems = parse_post(source, ParseSettings(MarkdownRenderer(), {}, {}))
    assert problems == [] and parsed is not None
    assert parsed.body.lead == "Testo forte, codice e HTML con link."
    assert parsed.meta.summary is None
    # kept with the parse: the parse cache stores it pickled
    assert pickle.loads(pickle.dumps(parsed)).body.lead == parsed.body.lead


# ---- a post without a summary -------------------------------------------------------------

LONG_BODY = (
    "## Premessa\n\n![Figura](https://img.example/x.png)\n\n"
    "Questo è il **primo** paragrafo, che spiega di che cosa parla l'articolo in modo "
    "abbastanza lungo da superare il limite. Una seconda frase lo porta oltre i "
    "centosessanta caratteri. E una terza.\n\nSecondo paragrafo."
)
LEAD = (
    "Questo è il primo paragrafo, che spiega di che cosa parla l'articolo in modo "
    "abbastanza lungo da superare il limite."
)


def test_a_post_without_summary_shows_its_first_paragraph_everywhere(tmp_path: Path) -> None:
    out = built(tmp_path, {"content/it-IT/x.md": post("X", summary=None, body=LONG_BODY)})
    page = parse_file(out / "it/x/index.html")
    assert page.find("meta", name="description").get("content") == LEAD
    assert page.find("meta", property="og:description").get("content") == LEAD
    assert page.find("meta", name="twitter:description").get("content") == LEAD
    (ld,) = json_ld(out / "it/x/index.html")
    assert ld["description"] == LEAD
    card = parse_file(out / "it/index.html").find("li", cls="card")
    assert card.find("p", cls="card-summary").text() == LEAD
    feed = ET.parse(out / "it/feed.xml").getroot()
    assert feed.findtext(f"{A}entry/{A}summary") == LEAD


def test_a_written_summary_wins(tmp_path: Path) -> None:
    out = built(tmp_path, {"content/it-IT/x.md": post("X", summary="Scritta.", body=LONG_BODY)})
    page = parse_file(out / "it/x/index.html")
    assert page.find("meta", name="description").get("content") == "Scritta."


def test_a_post_without_summary_and_without_text_is_a_problem(tmp_path: Path) -> None:
    files = {"content/it-IT/x.md": post("X", summary=None, body="![](https://img.example/x.png)")}
    assert problems_of(tmp_path, files) == [
        "content/it-IT/x.md:1: no 'summary:' and no text in the body to take one from; "
        "add a summary"
    ]


def test_an_empty_summary_is_a_problem_rather_than_taken_from_the_body(tmp_path: Path) -> None:
    assert problems_of(tmp_path, {"content/it-IT/x.md": post("X", summary="''")}) == [
        "content/it-IT/x.md:4: 'summary' is empty; give it a value or remove it"
    ]


# ---- a post without a category ------------------------------------------------------------


def test_a_post_without_category_has_no_category_anywhere(tmp_path: Path) -> None:
    out = built(
        tmp_path,
        {
            "content/it-IT/x.md": post("X", category=None, tags="[viaggi]"),
            "content/it-IT/y.md": post("Y", "2024-01-03", category=None),
        },
    )
    page = parse_file(out / "it/x/index.html")
    meta = page.find("p", cls="article-meta")
    assert not meta.find_all("a")
    # the separators are the stylesheet's, between the items there are: date, reading time
    line = meta.find("span", cls="meta-line")
    assert [c.tag for c in line.children if not isinstance(c, str)] == ["time", "span"]
    (ld,) = json_ld(out / "it/x/index.html")
    assert "articleSection" not in ld
    for card in parse_file(out / "it/index.html").find_all("li", cls="card"):
        card_meta = card.find("p", cls="card-meta")
        line = card_meta.find("span", cls="meta-line")
        assert [c.tag for c in line.children if not isinstance(c, str)] == ["time"]
    feed = ET.parse(out / "it/feed.xml").getroot()
    assert feed.findall(f"{A}entry/{A}category") == []
    assert not (out / "it/category").exists()  # no category pages, no category feeds
    assert (out / "it/tag/viaggi/index.html").is_file()


def test_default_category_is_a_term_key_for_every_locale(tmp_path: Path) -> None:
    out = built(
        tmp_path,
        {
            "site.yaml": MINIMAL_CONFIG + "default_category: news\n",
            "content/terms.yaml": "categories:\n  news: {it-IT: Notizie, nl-NL: Nieuws}\n",
            "content/it-IT/x.md": post("X", category=None),
            "content/nl-NL/y.md": post("Y", category=None),
        },
    )
    assert parse_file(out / "it/x/index.html").find("a", cls="article-category").text() == "Notizie"
    assert parse_file(out / "nl/y/index.html").find("a", cls="article-category").text() == "Nieuws"
    assert (out / "it/category/notizie/feed.xml").is_file()


def test_default_category_may_be_given_per_locale_and_left_out_for_one(tmp_path: Path) -> None:
    config = MINIMAL_CONFIG + "default_category:\n  it-IT: Varie\n"
    out = built(
        tmp_path,
        {
            "site.yaml": config,
            "content/it-IT/x.md": post("X", category=None),
            "content/it-IT/z.md": post("Z", category="Notizie"),
            "content/nl-NL/y.md": post("Y", category=None),
        },
    )
    assert parse_file(out / "it/x/index.html").find("a", cls="article-category").text() == "Varie"
    assert parse_file(out / "it/z/index.html").find("a", cls="article-category").text() == "Notizie"
    assert not parse_file(out / "nl/y/index.html").find_all("a", cls="article-category")


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        (
            "default_category:\n  it-IT: Varie\n  fr-FR: Divers\n",
            "site.yaml:11: 'default_category' gives a label for 'fr-FR', which is not one of "
            "the locales: it-IT, nl-NL",
        ),
        (
            "default_category: [a]\n",
            "site.yaml:9: 'default_category' must be a category label (or terms.yaml key), "
            "or a mapping locale -> label, not a list",
        ),
        (
            "default_category:\n  it-IT: 3\n",
            "site.yaml:10: 'default_category' for it-IT must be a category label, not a number",
        ),
    ],
)
def test_a_bad_default_category_is_a_problem(tmp_path: Path, setting: str, message: str) -> None:
    files = {"site.yaml": MINIMAL_CONFIG + setting, "content/it-IT/x.md": post("X")}
    assert problems_of(tmp_path, files) == [message]


def test_related_articles_score_on_tags_alone_without_categories(tmp_path: Path) -> None:
    out = built(
        tmp_path,
        {
            "site.yaml": MINIMAL_CONFIG.replace("related_count: 2", "related_count: 1"),
            "content/it-IT/a.md": post("A", "2024-01-01", category=None, tags="[treni]"),
            "content/it-IT/b.md": post("B", "2020-01-01", category=None, tags="[treni]"),
            "content/it-IT/c.md": post("C", "2024-01-02", category=None, tags="[navi]"),
        },
    )
    related = parse_file(out / "it/a/index.html").find("section", cls="related")
    titles = [h.find("a").get("href") for h in related.find_all("h3", cls="card-title")]
    assert titles == ["/it/b/"]  # the older post sharing the tag, not the newer one


def test_the_ranking_takes_posts_with_and_without_a_category(tmp_path: Path) -> None:
    root = write_site(
        tmp_path / "site",
        {
            "content/it-IT/a.md": post("A", "2024-01-01", category=None, tags="[treni]"),
            "content/it-IT/b.md": post("B", "2024-01-02", tags="[treni]"),
            "content/it-IT/c.md": post("C", "2024-01-03"),
        },
    )
    site = load(root, BuildOptions()).site
    ranked = related_posts([site.posts_in("it-IT")], 2)
    assert [p.slug for p in ranked["content/it-IT/a.md"]] == ["b", "c"]  # shared tag first
    assert [p.slug for p in ranked["content/it-IT/c.md"]] == ["b", "a"]  # category, then latest


def test_new_writes_a_post_without_category_when_the_site_has_none(site) -> None:
    root = site({"content/it-IT/x.md": post("X", category=None)})
    result = run_cli("new", "Ciao", "--site", str(root))
    assert result.returncode == 0, result.stderr
    text = (root / "content/it-IT/ciao.md").read_text(encoding="utf-8")
    assert "category:" not in text
    assert "note: no category: no post in it-IT has one" in result.stderr
