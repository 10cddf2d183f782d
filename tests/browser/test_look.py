"""The theme as a reader sees it: screenshots of the index, an article and the root page at
390 and 1280 px in the light and dark schemes (kept in test-artifacts/screenshots), the dark
scheme from the system and from the toggle, and the layout rules the screenshots show."""

from __future__ import annotations

import pytest

from browser.browser_site import IT_ARTICLE, SCREENSHOTS

PAGES = {"root": "/", "index": "/it/", "article": IT_ARTICLE}
WIDTHS = (390, 1280)
DARK_BACKGROUND = "rgb(15, 20, 26)"
LIGHT_BACKGROUND = "rgb(255, 255, 255)"


def _background(page) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots_of_every_page_kind_fit_the_width_in_both_schemes(
    real_site, new_context, scheme: str, width: int
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    for name, path in PAGES.items():
        page.goto(real_site.url(path))
        page.wait_for_load_state("load")
        shot = SCREENSHOTS / f"look-{name}-{width}-{scheme}.png"
        page.screenshot(path=str(shot), full_page=True)
        print(f"screenshot: {shot}")
        assert _background(page) == (DARK_BACKGROUND if scheme == "dark" else LIGHT_BACKGROUND)
        scroll_width, inner_width = page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert scroll_width <= inner_width, f"{path} overflows at {width} px"


def test_without_javascript_the_system_scheme_applies_and_no_toggle_shows(
    real_site, new_context
) -> None:
    page = new_context(java_script_enabled=False, color_scheme="dark").new_page()
    page.goto(real_site.url("/it/"))
    assert _background(page) == DARK_BACKGROUND
    assert page.locator("[data-theme-toggle]").is_hidden()


def test_the_toggle_switches_the_scheme_and_the_choice_is_remembered(
    real_site, new_context
) -> None:
    page = new_context(color_scheme="light").new_page()
    page.goto(real_site.url("/it/"))
    toggle = page.get_by_role("button", name="Tema scuro")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    assert _background(page) == DARK_BACKGROUND
    page.goto(real_site.url(IT_ARTICLE))  # another page: still dark, from the first paint
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert _background(page) == DARK_BACKGROUND
    page.get_by_role("button", name="Tema scuro").click()
    page.reload()
    assert _background(page) == LIGHT_BACKGROUND


def test_the_toggle_shows_the_system_dark_scheme_as_pressed(real_site, new_context) -> None:
    page = new_context(color_scheme="dark").new_page()
    page.goto(real_site.url("/it/"))
    assert page.get_by_role("button", name="Tema scuro").get_attribute("aria-pressed") == "true"


def test_no_meta_line_ends_or_starts_with_a_visible_separator_on_a_phone(
    real_site, new_context
) -> None:
    """Each item's "·" is drawn before it: on a line's first item it lies outside the
    clipped line, so a wrapped line shows none at its start or end."""
    page = new_context(viewport={"width": 390, "height": 900}).new_page()
    for path in ("/it/", "/nl/", IT_ARTICLE):
        page.goto(real_site.url(path))
        shown = page.evaluate(
            """() => [...document.querySelectorAll('.meta-line')].map(line => {
                if (getComputedStyle(line).overflowX !== 'hidden') return -1;  // nothing clipped
                const box = line.getBoundingClientRect();
                const start = box.left + parseFloat(getComputedStyle(line).paddingLeft);
                return [...line.children].filter(item => {
                    const left = item.getBoundingClientRect().left;
                    const dot = parseFloat(getComputedStyle(item, '::before').width) || 0;
                    const first = Math.abs(left + dot - start) < 2;
                    return first && left + dot / 2 >= box.left;  // a first item's dot shown
                }).length;
            })"""
        )
        assert shown and not any(shown), (path, shown)
        wrapped = page.evaluate(
            """() => [...document.querySelectorAll('.meta-line')].filter(line =>
                new Set([...line.children].map(i => Math.round(i.getBoundingClientRect().top))).size > 1
            ).length"""
        )
        if path != IT_ARTICLE:
            assert wrapped, f"no meta line wraps on {path} at 390 px: the test shows nothing"


def test_cards_of_a_row_end_at_the_same_height(real_site, new_context) -> None:
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(real_site.url("/it/"))
    rows = page.evaluate(
        """() => {
            const rows = {};
            for (const card of document.querySelectorAll('.cards > .card:not(.card-featured) article')) {
                const box = card.getBoundingClientRect();
                (rows[Math.round(box.top)] ||= []).push(Math.round(box.bottom));
            }
            return Object.values(rows);
        }"""
    )
    assert len(rows) >= 2
    assert all(len(set(bottoms)) == 1 for bottoms in rows), rows


def test_the_index_opens_with_the_newest_post_as_a_wide_featured_card(
    real_site, new_context
) -> None:
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(real_site.url("/it/"))
    first = page.locator(".cards > .card").first
    assert "card-featured" in (first.get_attribute("class") or "")
    cards_width = page.locator(".cards").bounding_box()["width"]
    assert first.bounding_box()["width"] == pytest.approx(cards_width, abs=1)
    page.goto(real_site.url("/it/pagina/2/"))
    assert page.locator(".card-featured").count() == 0


def test_the_root_page_is_a_language_choice_marking_none_current(real_site, new_context) -> None:
    page = new_context(locale="nl-NL").new_page()
    page.goto(real_site.url("/"))
    assert page.locator("[aria-current]").count() == 0
    assert page.locator(".language-choice .choice-name").all_inner_texts() == [
        "Italiano",
        "Nederlands",
    ]
    assert page.locator(".choice[lang=nl-NL] .choice-go").inner_text() == "Lees de blog →"
    page.get_by_role("link", name="Nederlands").click()
    page.wait_for_url(real_site.url("/nl/"))
