"""Search in a real browser: each blog finds its own language's articles, offline."""

from __future__ import annotations

import json

import pytest

from browser.browser_site import IT_ARTICLE, NL_ARTICLE, build_into, serve

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


# A blog large enough to be indexed in shards (SHARD_PAGES is made 2 for it): every
# article must be found, whichever shard its page's path put it in, and a word all of
# them share finds them all, ranked together.
SHARDED_CONFIG = """\
title: Blog
base_url: https://blog.example.test/
default_locale: ja-JP
locales:
  ja-JP: {prefix: ja}
  pl-PL: {prefix: pl}
search: true
"""
JAPANESE = ["富士山", "桜並木", "新幹線", "味噌汁", "浮世絵", "温泉街", "竹林道"]
POLISH = ["żubr", "pierogi", "Wisła", "bursztyn", "Tatry", "obwarzanek", "Mazury"]


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory: pytest.TempPathFactory):
    from conftest import post, write_site

    from mot_blog.publish import search

    files = {"site.yaml": SHARDED_CONFIG}
    for n, (ja, pl) in enumerate(zip(JAPANESE, POLISH, strict=True)):
        body_ja = f"この記事は{ja}について書かれています。旅行の思い出です。"
        files[f"content/ja-JP/kiji-{n}.md"] = post(f"{ja}の話", body=body_ja)
        body_pl = f"Ten artykuł opowiada o: {pl}. Wspomnienia z podróży."
        files[f"content/pl-PL/artykul-{n}.md"] = post(f"O {pl}", body=body_pl)
    root = write_site(tmp_path_factory.mktemp("sharded") / "site", files)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "SHARD_PAGES", 2)
        out = build_into(root, root.parent / "public")
    assert len(json.loads((out / "pagefind/mot-blog-shards.json").read_text())["ja-JP"]) == 3
    yield from serve(out)


def _found(page) -> list[str]:
    return page.locator(".search-result a").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname)"
    )


@pytest.mark.parametrize(
    ("index", "reader", "words", "article", "shared"),
    [
        ("/ja/", "ja-JP", JAPANESE, "/ja/kiji-{n}/", "旅行"),
        ("/pl/", "pl-PL", POLISH, "/pl/artykul-{n}/", "podróży"),
    ],
)
def test_a_sharded_index_finds_every_article(
    sharded_site, new_context, index: str, reader: str, words, article: str, shared: str
) -> None:
    page = new_context(locale=reader).new_page()
    _offline(page, sharded_site)
    page.goto(sharded_site.url(index))
    box = page.get_by_role("searchbox")
    for n, word in enumerate(words):
        box.fill(word)
        page.locator(f".search-result a[href='{article.format(n=n)}']").wait_for()
    box.fill(shared)
    page.locator(".search-result").nth(len(words) - 1).wait_for()
    assert sorted(_found(page)) == sorted(article.format(n=n) for n in range(len(words)))
