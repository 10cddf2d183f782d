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


@pytest.mark.parametrize(("index", "reader", "word", "found", "other"), SEARCHES)
def test_search_finds_the_article_in_the_blogs_language(
    real_site, new_context, index: str, reader: str, word: str, found: str, other: str
) -> None:
    page = new_context(locale=reader).new_page()
    page.route(lambda url: not url.startswith(real_site.base), lambda route: route.abort())
    page.goto(real_site.url(index))
    field = page.locator(".pagefind-ui__search-input")
    field.fill(word)
    result = page.locator(".pagefind-ui__result")
    result.first.wait_for()
    links = page.locator(".pagefind-ui__result-link").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname)"
    )
    assert found in links
    assert other not in links
    hit = result.filter(has=page.locator(f".pagefind-ui__result-link[href$='{found}']"))
    excerpt = hit.locator(".pagefind-ui__result-excerpt").inner_text()
    assert word.lower() in excerpt.lower(), excerpt


def test_search_speaks_the_readers_language(real_site, new_context) -> None:
    for index, reader, placeholder, nothing in (
        ("/it/", "it-IT", "Cerca negli articoli", "Nessun risultato per"),
        ("/nl/", "nl-NL", "Zoek in de artikelen", "Geen resultaten voor"),
    ):
        page = new_context(locale=reader).new_page()
        page.goto(real_site.url(index))
        field = page.locator(".pagefind-ui__search-input")
        assert field.get_attribute("placeholder") == placeholder
        field.fill("zzyzxq")
        page.get_by_text(nothing).wait_for()
