"""The built site in a real browser: region suggestion, switcher, sharing, layout."""

from __future__ import annotations

from urllib.parse import quote

from browser.browser_site import IT_ARTICLE, NL_ARTICLE, SCREENSHOTS

SUGGESTION = "[data-region-suggestion]"


def test_dutch_reader_is_offered_the_dutch_translation(real_site, new_context) -> None:
    page = new_context(locale="nl-NL").new_page()
    page.goto(real_site.url(IT_ARTICLE))
    assert page.evaluate("navigator.languages")[0] == "nl-NL"
    box = page.locator(SUGGESTION)
    box.wait_for(state="visible")
    assert box.get_attribute("lang") == "nl-NL"
    assert "Past deze regio beter bij je?" in box.inner_text()
    go = box.get_by_role("link", name="Ga")
    assert go.get_attribute("href") == NL_ARTICLE
    go.click()
    page.wait_for_url(real_site.url(NL_ARTICLE))
    assert page.locator("html").get_attribute("lang") == "nl-NL"


def test_dismissed_suggestion_stays_hidden(real_site, new_context) -> None:
    page = new_context(locale="nl-NL").new_page()
    page.goto(real_site.url(IT_ARTICLE))
    page.locator(SUGGESTION).get_by_role("button", name="Sluiten").click()
    assert page.locator(SUGGESTION).is_hidden()
    page.reload()
    page.wait_for_load_state("load")
    assert page.locator(SUGGESTION).is_hidden()
    page.goto(real_site.url("/it/"))
    assert page.locator(SUGGESTION).is_hidden()


def test_italian_reader_sees_no_suggestion(real_site, new_context) -> None:
    page = new_context(locale="it-IT").new_page()
    page.goto(real_site.url(IT_ARTICLE))
    page.wait_for_load_state("load")
    assert page.evaluate("navigator.languages")[0] == "it-IT"
    assert page.locator(SUGGESTION).is_hidden()


def test_page_is_complete_and_switcher_works_without_javascript(real_site, new_context) -> None:
    page = new_context(locale="nl-NL", java_script_enabled=False).new_page()
    page.goto(real_site.url(IT_ARTICLE))
    assert page.locator("h1").inner_text().startswith("Cogli il momento giusto")
    assert page.locator(".article-body h2").count() >= 3
    assert page.locator(".share-links a").count() == 5
    assert page.locator(SUGGESTION).is_hidden()
    assert page.locator(".copy-link").is_hidden()
    page.locator(".language-switcher").get_by_role("link", name="Nederlands").click()
    page.wait_for_url(real_site.url(NL_ARTICLE))
    assert page.locator(".language-switcher [aria-current=page]").inner_text() == "Nederlands"


def test_share_links_carry_the_page_url_and_encoded_title(real_site, new_context) -> None:
    page = new_context().new_page()
    page.goto(real_site.url(IT_ARTICLE))
    title = page.locator("h1").inner_text()
    url = quote("https://blog.cm.example" + IT_ARTICLE, safe="")
    hrefs = {
        link.get_attribute("class"): link.get_attribute("href")
        for link in page.locator(".share-links a").all()
    }
    assert hrefs == {
        "share-linkedin": f"https://www.linkedin.com/sharing/share-offsite/?url={url}",
        "share-x": f"https://x.com/intent/post?url={url}&text={quote(title, safe='')}",
        "share-facebook": f"https://www.facebook.com/sharer/sharer.php?u={url}",
        "share-whatsapp": f"https://wa.me/?text={quote(title, safe='')}%20{url}",
        "share-email": f"mailto:?subject={quote(title, safe='')}&body={url}",
    }
    assert "%22momenti%20di%20verit%C3%A0%22" in hrefs["share-x"]


def test_copy_link_puts_the_page_url_on_the_clipboard(real_site, new_context) -> None:
    context = new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=real_site.base)
    page = context.new_page()
    page.goto(real_site.url(IT_ARTICLE))
    page.get_by_role("button", name="Copia link").click()
    page.locator(".copy-status").get_by_text("Link copiato").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == (
        "https://blog.cm.example" + IT_ARTICLE
    )


def test_article_fits_phone_and_desktop_widths(real_site, new_context) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for reader, path in (("it-IT", IT_ARTICLE), ("nl-NL", NL_ARTICLE)):
        for name, width, height in (("phone", 390, 844), ("desktop", 1280, 900)):
            context = new_context(locale=reader, viewport={"width": width, "height": height})
            page = context.new_page()
            page.goto(real_site.url(path))
            page.wait_for_load_state("load")
            shot = SCREENSHOTS / f"article-{reader}-{name}.png"
            page.screenshot(path=str(shot), full_page=True)
            print(f"screenshot: {shot}")
            scroll_width, inner_width = page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth]"
            )
            assert scroll_width <= inner_width, f"{path} overflows at {name} width"
            context.close()
