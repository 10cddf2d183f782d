"""Search in a real browser: each blog finds its own language's articles, offline."""

from __future__ import annotations

import pytest

from browser.browser_site import IT_ARTICLE, NL_ARTICLE

# (index, reader locale, word typed, article expected, the other language's article)
SEARCHES = [
    ("/it/", "it-IT", "verità", IT_ARTICLE, NL_ARTICLE),
    ("/it/", "it-IT", "Carlzon", IT_ARTICLE, NL_ARTICLE),
    ("/nl/", "nl-NL", "waarheid", NL_ARTICLE, IT_ARTICLE),
    ("/nl/", "nl-NL", "Carlzon", NL_ARTICLE, IT_ARTICLE),
]


def _offline(page, served) -> None:
    """Abort every request that leaves the local site: search must not need one."""
    page.route(lambda url: not url.startswith(served.base), lambda route: route.abort())


@pytest.mark.parametrize(("index", "reader", "word", "found", "other"), SEARCHES)
def test_search_finds_the_article_in_the_blogs_language(
    real_site, new_context, index: str, reader: str, word: str, found: str, other: str
) -> None:
    page = new_context(locale=reader).new_page()
    _offline(page, real_site)
    page.goto(real_site.url(index))
    page.get_by_role("searchbox").fill(word)
    hit = page.locator(".search-result").filter(has=page.locator(f"a[href='{found}']"))
    hit.wait_for()
    links = page.locator(".search-result a").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname)"
    )
    assert other not in links
    assert word.lower() in hit.locator("mark").first.inner_text().lower()
    assert word.lower() in hit.locator(".search-excerpt").inner_text().lower()
    hit.get_by_role("link").click()
    page.wait_for_url(real_site.url(found))


def test_search_speaks_the_readers_language(real_site, new_context) -> None:
    for index, reader, label, placeholder, found, nothing in (
        ("/it/", "it-IT", "Cerca nel blog", "Cerca negli articoli", "risultat", "Nessun risultato"),
        ("/nl/", "nl-NL", "Doorzoek de blog", "Zoek in de artikelen", "resulta", "Geen resultaten"),
    ):
        page = new_context(locale=reader).new_page()
        page.goto(real_site.url(index))
        field = page.get_by_role("searchbox", name=label)
        assert field.get_attribute("placeholder") == placeholder
        field.fill("Carlzon")
        page.locator(".search-status").get_by_text(found).wait_for()
        field.fill("zzyzxq")
        page.locator(".search-status").get_by_text(nothing).wait_for()


def test_search_box_is_not_shown_without_javascript(real_site, new_context) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto(real_site.url("/it/"))
    assert page.locator(".site-search").is_hidden()
    assert page.locator(".card").count() > 0
