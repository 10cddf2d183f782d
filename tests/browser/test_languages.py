"""The site of nine languages in a real browser: right-to-left pages mirrored, no
overflow at a phone's and a laptop's width, axe-clean, a language list that opens
without JavaScript, and search that finds Japanese and Chinese words."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from axe_playwright_python.sync_playwright import Axe

from browser.browser_site import SCREENSHOTS

ARTICLES = {
    "ar-EG": "/ar/" + quote("عودة-قطارات-الليل") + "/",
    "he": "/he/" + quote("שובן-של-רכבות-הלילה") + "/",
}
WIDTHS = {"phone": 390, "laptop": 1280}


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def _open(new_context, url: str, width: int, reader: str, **options):
    page = new_context(
        viewport={"width": width, "height": 900}, locale=reader, **options
    ).new_page()
    page.goto(url)
    page.wait_for_load_state("load")
    return page


def _box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("code", ARTICLES)
def test_right_to_left_articles_mirror_without_overflow(
    many_site, new_context, axe, code: str, width: str
) -> None:
    # The reader's browser prefers the page's language: no region prompt over the header.
    page = _open(new_context, many_site.url(ARTICLES[code]), WIDTHS[width], code)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"rtl-article-{code}-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.dir") == "rtl"
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"{code} overflows at {width} width"
    main = _box(page, "main")
    back = _box(page, ".back-link a")
    # The back link starts the line on the right, as the text does.
    assert back["x"] + back["width"] > main["x"] + main["width"] * 0.6
    title, switcher = _box(page, ".site-title"), _box(page, ".language-switcher")
    assert title["x"] > switcher["x"]  # the blog's name on the right, the languages on the left
    # The back arrow points right (towards the start of a right-to-left line).
    flipped = page.evaluate(
        "getComputedStyle(document.querySelector('.back-link a > [aria-hidden]')).transform"
    )
    assert flipped.startswith("matrix(-1")
    results = axe.run(page, options=None)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("code", ["ar", "he"])
def test_right_to_left_indexes_mirror_their_cards_and_pagination(
    many_site, new_context, axe, code: str, width: str, scheme: str
) -> None:
    url = many_site.url(f"/{code}/")
    page = _open(new_context, url, WIDTHS[width], code, color_scheme=scheme)
    shot = SCREENSHOTS / f"rtl-index-{code}-{width}-{scheme}.png"
    page.screenshot(path=str(shot), full_page=True)
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"/{code}/ overflows at {width} width"
    cards = page.locator(".card").evaluate_all("cs => cs.map(c => c.getBoundingClientRect().x)")
    if width == "laptop":  # after the wide featured card, the first card of a row is the rightmost
        assert cards[1] > cards[2]
    older = _box(page, ".pagination-next")
    status = _box(page, ".pagination-status")
    assert older["x"] < status["x"]  # "older" at the end of the line: on the left
    results = axe.run(page, options=None)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_language_list_opens_without_javascript_and_stays_on_screen(
    many_site, new_context, width: str
) -> None:
    for path, code in (("/ja/", "ja"), ("/he/", "he")):
        page = _open(
            new_context, many_site.url(path), WIDTHS[width], code, java_script_enabled=False
        )
        page.locator(".language-menu > summary").click()
        items = page.locator(".language-menu li")
        assert items.count() == 9
        view = WIDTHS[width]
        for box in items.evaluate_all("ls => ls.map(l => l.getBoundingClientRect().toJSON())"):
            assert box["left"] >= 0 and box["right"] <= view, box
            assert box["height"] < 60, box  # one line: no name broken a character a line
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= view
        page.screenshot(path=str(SCREENSHOTS / f"language-list-{code}-{width}.png"))
        with page.expect_navigation():  # (read too early, the new page has no document yet)
            page.locator(".language-menu").get_by_role("link", name="繁體中文").click()
        page.wait_for_load_state("domcontentloaded")
        assert page.evaluate("document.documentElement.lang") == "zh-TW"


# Pagefind's extended build segments these into words; its plain build finds none of them.
@pytest.mark.parametrize(
    ("index", "word", "found"),
    [
        ("/ja/", "駅弁", "/ja/青春18きっぷで北へ/"),
        ("/ja/", "寝台車", "/ja/夜行列車が帰ってきた/"),
        ("/zh-cn/", "卧铺", "/zh-cn/夜车回来了/"),
        ("/zh-tw/", "便當", "/zh-tw/台鐵便當小史/"),
    ],
)
def test_search_finds_japanese_and_chinese_words(
    many_site, new_context, index: str, word: str, found: str
) -> None:
    page = _open(new_context, many_site.url(index), 1280, index.strip("/"))
    page.get_by_role("searchbox").fill(word)
    hit = page.locator(".search-result").filter(has=page.locator(f"a[href='{found}']"))
    hit.wait_for()
    assert word in hit.locator(".search-excerpt").inner_text()
    hit.get_by_role("link").click()
    page.wait_for_url(many_site.url(quote(found)))
