"""Accessibility in a real browser: axe-core on every page kind, and keyboard use."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from browser.browser_site import IT_ARTICLE, NL_ARTICLE

# Every page kind in both locales. The reader's locale is the *other* one, so the
# region suggestion is shown and checked too.
PAGES = [
    ("/", "nl-NL"),
    ("/it/", "nl-NL"),
    ("/nl/", "it-IT"),
    (IT_ARTICLE, "nl-NL"),  # article without author
    (NL_ARTICLE, "it-IT"),  # article with author
    ("/it/customer-service-team/", "nl-NL"),
    ("/nl/chatbot-examples/", "it-IT"),
    ("/it/pagina/2/", "nl-NL"),  # an index page after the first
    ("/404.html", "nl-NL"),  # "not found": the site's and each locale's
    ("/it/404.html", "nl-NL"),
    ("/nl/404.html", "it-IT"),
]


@pytest.fixture(scope="module")
def axe() -> Axe:
    """axe-core as shipped by axe-playwright-python (no download)."""
    return Axe()


SCHEMES = ["light", "dark"]
"""Every page is checked in the system's light and dark schemes (``prefers-color-scheme``)."""


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize(("path", "reader"), PAGES)
def test_page_has_no_axe_violations(
    real_site, new_context, axe, path: str, reader: str, scheme: str
) -> None:
    page = new_context(locale=reader, color_scheme=scheme).new_page()
    page.goto(real_site.url(path))
    page.wait_for_load_state("load")
    results = axe.run(page, options=None)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize(
    ("prefix", "category_path", "reader"),
    [
        ("it", "categoria", "nl-NL"),
        ("nl", "categorie", "it-IT"),
    ],
)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_term_pages_have_no_axe_violations(
    real_site, new_context, axe, prefix: str, category_path: str, reader: str, scheme: str
) -> None:
    pages = sorted((real_site.folder / prefix / category_path).glob("*/index.html"))
    assert pages, f"no /{prefix}/{category_path}/ term pages in the build"
    path = "/" + pages[0].parent.relative_to(real_site.folder).as_posix() + "/"
    page = new_context(locale=reader, color_scheme=scheme).new_page()
    page.goto(real_site.url(path))
    page.wait_for_load_state("load")
    results = axe.run(page, options=None)
    assert results.violations_count == 0, results.generate_report()


def _focus_visible_outline(page) -> str:
    return page.evaluate("getComputedStyle(document.querySelector(':focus-visible')).outlineStyle")


def _tab_to(page, selector: str, limit: int = 40) -> None:
    """Press Tab until ``selector`` has the focus, checking each stop shows its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        assert _focus_visible_outline(page) != "none", page.evaluate(
            "document.activeElement.outerHTML"
        )
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} not reached by Tab")


def test_suggestion_link_works_from_the_keyboard(real_site, new_context) -> None:
    page = new_context(locale="nl-NL").new_page()
    page.goto(real_site.url(IT_ARTICLE))
    page.locator("[data-region-suggestion]").wait_for(state="visible")
    _tab_to(page, "[data-region-suggestion] a")
    page.keyboard.press("Enter")
    page.wait_for_url(real_site.url(NL_ARTICLE))


def test_suggestion_closes_from_the_keyboard(real_site, new_context) -> None:
    page = new_context(locale="nl-NL").new_page()
    page.goto(real_site.url(IT_ARTICLE))
    page.locator("[data-region-suggestion]").wait_for(state="visible")
    _tab_to(page, "[data-region-dismiss]")
    page.keyboard.press("Enter")
    assert page.locator("[data-region-suggestion]").is_hidden()


def test_switcher_works_from_the_keyboard(real_site, new_context) -> None:
    page = new_context(locale="it-IT").new_page()
    page.goto(real_site.url(IT_ARTICLE))
    page.wait_for_load_state("load")
    _tab_to(page, ".language-switcher a[hreflang=nl-NL]")
    page.keyboard.press("Enter")
    page.wait_for_url(real_site.url(NL_ARTICLE))


@pytest.mark.parametrize("scheme", SCHEMES)
def test_search_results_have_no_axe_violations(real_site, new_context, axe, scheme: str) -> None:
    page = new_context(locale="nl-NL", color_scheme=scheme).new_page()
    page.goto(real_site.url("/nl/"))
    _tab_to(page, "input[type=search]")
    page.keyboard.type("klant")
    page.locator(".search-result").first.wait_for()
    results = axe.run(page, options=None)
    assert results.violations_count == 0, results.generate_report()
