"""Blog indexes, category and tag pages, pagination, untranslated posts, root and 404 pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from listing_site import CONFIG, built, card_titles, front, page

from mot_blog.errors import BuildFailed
from mot_blog.load.locales import LocaleConfig
from mot_blog.model.listings import Card, page_count, paginate

IT = LocaleConfig("it-IT", "it", "Italiano", "", "categoria", "tag", "pagina")


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return built(tmp_path_factory.mktemp("listings"))


# ---- pure pagination --------------------------------------------------------------------


def test_empty_listing_still_has_its_first_page() -> None:
    (only,) = paginate((), 3, "/it/", IT)
    assert (only.number, only.count, only.cards, only.prev_url, only.next_url) == (
        1,
        1,
        (),
        None,
        None,
    )


def test_page_count_rounds_up() -> None:
    assert [page_count(n, 3) for n in (0, 1, 3, 4, 6, 7)] == [1, 1, 1, 2, 2, 3]


def test_pages_link_to_their_neighbours() -> None:
    cards = tuple(Card(post=None, foreign=False) for _ in range(5))  # type: ignore[arg-type]
    pages = paginate(cards, 2, "/it/", IT)
    assert [p.url for p in pages] == ["/it/", "/it/pagina/2/", "/it/pagina/3/"]
    assert [p.prev_url for p in pages] == [None, "/it/", "/it/pagina/2/"]
    assert [p.next_url for p in pages] == ["/it/pagina/2/", "/it/pagina/3/", None]
    assert [len(p.cards) for p in pages] == [2, 2, 1]


# ---- the blog index ---------------------------------------------------------------------


def test_index_lists_newest_first_across_pages(out: Path) -> None:
    titles = [
        t for rel in ("it/", "it/pagina/2/", "it/pagina/3/") for t in card_titles(page(out, rel))
    ]
    assert titles == ["Alleen Nederlands", "Cinque", "Quattro", "Tre", "Due", "Uno"]
    assert not (out / "it/pagina/4").exists()
    assert not (out / "it/pagina/1").exists()


def test_index_pages_carry_rel_prev_and_next(out: Path) -> None:
    first, middle, last = (page(out, rel) for rel in ("it/", "it/pagina/2/", "it/pagina/3/"))
    for tag in ("a", "link"):
        assert [a["href"] for a in first.find(tag, rel="next")] == ["/it/pagina/2/"]
        assert first.find(tag, rel="prev") == []
        assert [a["href"] for a in middle.find(tag, rel="prev")] == ["/it/"]
        assert [a["href"] for a in middle.find(tag, rel="next")] == ["/it/pagina/3/"]
        assert [a["href"] for a in last.find(tag, rel="prev")] == ["/it/pagina/2/"]
        assert last.find(tag, rel="next") == []
    assert "Pagina 2 di 3" in middle.text


def test_index_pages_are_alternates_of_the_same_page_in_other_locales(out: Path) -> None:
    second = page(out, "it/pagina/2/")
    assert second.hreflangs() == {
        "it-IT": "https://blog.example.test/it/pagina/2/",
        "nl-NL": "https://blog.example.test/nl/pagina/2/",
        "x-default": "https://blog.example.test/",
    }


def test_cards_show_image_date_category_title_and_summary(out: Path) -> None:
    last = page(out, "it/pagina/3/")
    assert last.find("img", class_="card-image")
    assert '<time datetime="2024-01-01T00:00:00+00:00">1 gennaio 2024</time>' in last.text
    assert {a["href"] for a in last.find("a", class_="card-category")} == {"/it/categoria/notizie/"}
    assert "Un riassunto." in last.text


def test_article_links_its_category_and_tags_to_their_pages(out: Path) -> None:
    article = page(out, "it/due/")
    assert [a["href"] for a in article.find("a", class_="article-category")] == [
        "/it/categoria/notizie/"
    ]
    assert [a["href"] for a in article.find("a", rel="tag")] == [
        "/it/tag/servizio-clienti/",
        "/it/tag/solo-italiano/",
    ]


# ---- untranslated posts -----------------------------------------------------------------


def test_untranslated_post_is_listed_in_other_locales_with_a_language_badge(out: Path) -> None:
    first = page(out, "it/")
    foreign = re.search(
        r'<li class="card[^"]*card-foreign" lang="nl-NL">.*?</li>', first.text, re.S
    )
    assert foreign is not None
    card = foreign.group(0)
    assert '<span class="badge card-badge" lang="it-IT">in olandese</span>' in card
    assert 'href="/nl/alleen/" hreflang="nl-NL"' in card
    # Its date is written in the post's own language, like the rest of the card.
    assert "10 januari 2024" in card
    dutch = page(out, "nl/")
    assert 'lang="nl-NL">in het Italiaans</span>' in page(out, "nl/pagina/2/").text + dutch.text


def test_translated_posts_are_not_listed_twice(out: Path) -> None:
    dutch = [
        t for rel in ("nl/", "nl/pagina/2/", "nl/pagina/3/") for t in card_titles(page(out, rel))
    ]
    assert "Vijf" in dutch and "Cinque" not in dutch
    assert dutch == ["Vijf", "Alleen Nederlands", "Quattro", "Tre", "Due", "Uno"]


def test_untranslated_hide_keeps_other_locales_posts_out(tmp_path: Path) -> None:
    out = built(
        tmp_path, {"site.yaml": CONFIG.replace("untranslated: badge", "untranslated: hide")}
    )
    dutch = [t for rel in ("nl/",) for t in card_titles(page(out, rel))]
    assert dutch == ["Vijf", "Alleen Nederlands"]
    assert not (out / "nl/pagina/2").exists()
    assert "card-foreign" not in page(out, "it/").text


def test_switcher_on_an_untranslated_post_leads_to_the_other_index(out: Path) -> None:
    switcher = page(out, "nl/alleen/").find("a", hreflang="it-IT", lang="it-IT")
    assert [a["href"] for a in switcher] == ["/it/"]


# ---- category and tag pages -------------------------------------------------------------


def test_category_pages_are_paginated_like_the_index(out: Path) -> None:
    titles = [
        t
        for rel in (
            "it/categoria/notizie/",
            "it/categoria/notizie/pagina/2/",
            "it/categoria/notizie/pagina/3/",
        )
        for t in card_titles(page(out, rel))
    ]
    assert titles == ["Cinque", "Quattro", "Tre", "Due", "Uno"]
    second = page(out, "it/categoria/notizie/pagina/2/")
    assert [a["href"] for a in second.find("link", rel="prev")] == ["/it/categoria/notizie/"]
    assert [a["href"] for a in second.find("a", rel="next")] == ["/it/categoria/notizie/pagina/3/"]


def test_term_pages_of_translated_terms_are_alternates_of_each_other(out: Path) -> None:
    italian, dutch = page(out, "it/tag/servizio-clienti/"), page(out, "nl/tag/klantenservice/")
    for p in (italian, dutch):
        assert p.hreflangs() == {
            "it-IT": "https://blog.example.test/it/tag/servizio-clienti/",
            "nl-NL": "https://blog.example.test/nl/tag/klantenservice/",
            "x-default": "https://blog.example.test/",
        }
    assert [a["href"] for a in italian.find("a", hreflang="nl-NL", lang="nl-NL")] == [
        "/nl/tag/klantenservice/"
    ]
    assert [a["href"] for a in dutch.find("a", hreflang="it-IT", lang="it-IT")] == [
        "/it/tag/servizio-clienti/"
    ]
    assert '<h1 class="page-title">servizio clienti</h1>' in italian.text


def test_term_switcher_falls_back_to_the_locale_index_without_a_translation(out: Path) -> None:
    solo = page(out, "it/tag/solo-italiano/")
    assert [a["href"] for a in solo.find("a", hreflang="nl-NL", lang="nl-NL")] == ["/nl/"]
    assert list(solo.hreflangs()) == ["it-IT", "x-default"]


def test_term_page_beyond_the_translations_pages_switches_to_its_first_page(out: Path) -> None:
    # Notizie has three pages, Nieuws one: page 3's switcher goes to Nieuws' first page.
    third = page(out, "it/categoria/notizie/pagina/3/")
    assert [a["href"] for a in third.find("a", hreflang="nl-NL", lang="nl-NL")] == [
        "/nl/categorie/nieuws/"
    ]
    assert "nl-NL" not in third.hreflangs()


def test_two_term_keys_with_one_slug_are_a_url_collision(tmp_path: Path) -> None:
    terms = (
        "categories:\n"
        "  news: {it-IT: Notizie}\n"
        "  notices: {it-IT: {label: Avvisi, slug: notizie}}\n"
    )
    extra = {
        "content/terms.yaml": terms,
        "content/it-IT/avviso.md": front("Avviso", "2024-01-06", category="Avvisi"),
    }
    with pytest.raises(BuildFailed) as failure:
        built(tmp_path, extra)
    messages = [str(p) for p in failure.value.problems]
    assert any(
        "URL collision: category" in m
        and "/it/categoria/notizie/" in m
        and "content/terms.yaml" in m
        for m in messages
    ), messages
    assert any(m.startswith("content/it-IT/") and ":5:" in m for m in messages), messages


def test_two_spellings_of_an_unlisted_term_are_a_url_collision(tmp_path: Path) -> None:
    extra = {
        "content/it-IT/a.md": front("A", "2024-01-06", tags="[Pagamenti]"),
        "content/it-IT/b.md": front("B", "2024-01-07", tags="[pagamenti]"),
    }
    with pytest.raises(BuildFailed) as failure:
        built(tmp_path, extra)
    (problem,) = failure.value.problems
    assert problem.path == "content/it-IT/b.md" and problem.line == 6
    assert "tag 'pagamenti' and 'Pagamenti'" in problem.message
    assert "write it the same way" in problem.message


# ---- root and 404 pages -----------------------------------------------------------------


def test_root_page_lists_the_locales_in_their_own_names(out: Path) -> None:
    root = page(out, "")
    choices = root.find("a", hreflang="nl-NL", lang="nl-NL")
    assert {"class": "choice-name", "href": "/nl/", "hreflang": "nl-NL", "lang": "nl-NL"} in choices
    assert ">Nederlands</a>" in root.text and ">Italiano</a>" in root.text
    assert "data-region-suggestion" in root.text  # the same non-redirecting suggestion
    assert "http-equiv" not in root.text


def test_each_locale_has_a_translated_404_page_linking_to_its_index(out: Path) -> None:
    italian, dutch = page(out, "it/404.html"), page(out, "nl/404.html")
    assert "Pagina non trovata" in italian.text and 'href="/it/">Vai al blog</a>' in italian.text
    assert "Pagina niet gevonden" in dutch.text and 'href="/nl/">Naar de blog</a>' in dutch.text
    assert italian.meta("robots") == ["noindex"]


def test_root_404_lists_every_locale_in_its_language(out: Path) -> None:
    root = page(out, "404.html")
    assert '<li lang="it-IT">' in root.text and '<li lang="nl-NL">' in root.text
    assert {a["href"] for a in root.find("a", hreflang="it-IT")} >= {"/it/"}
    assert "Naar de blog: Nederlands" in root.text
