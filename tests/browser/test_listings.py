"""Index pagination in a real browser, on a small site of five posts, two per page."""

from __future__ import annotations

import pytest
from conftest import MINIMAL_CONFIG, post, write_site

from browser.browser_site import build_into, serve


@pytest.fixture(scope="module")
def five_posts(tmp_path_factory: pytest.TempPathFactory):
    """A site with five Italian posts and ``posts_per_page: 2``: three index pages."""
    root = tmp_path_factory.mktemp("five") / "site"
    files = {
        f"content/it-IT/articolo-{n}.md": post(f"Articolo {n}", date=f"2024-01-0{n}")
        for n in range(1, 6)
    }
    config = MINIMAL_CONFIG.replace("it-IT: {prefix: it,", "it-IT: {prefix: it, page_path: pagina,")
    write_site(root, {"site.yaml": config, **files})
    yield from serve(build_into(root, root.parent / "public"))


def _titles(page) -> list[str]:
    return page.locator(".card-title").all_inner_texts()


def test_index_pages_follow_rel_next_and_prev(five_posts, new_context) -> None:
    page = new_context().new_page()
    page.goto(five_posts.url("/it/"))
    seen = [_titles(page)]
    assert page.locator("a[rel=prev]").count() == 0
    while page.locator("a[rel=next]").count():
        page.locator("a[rel=next]").first.click()
        page.wait_for_load_state("load")
        seen.append(_titles(page))
    assert page.url == five_posts.url("/it/pagina/3/")
    assert seen == [["Articolo 5", "Articolo 4"], ["Articolo 3", "Articolo 2"], ["Articolo 1"]]
    page.locator("a[rel=prev]").first.click()
    page.wait_for_load_state("load")
    assert _titles(page) == ["Articolo 3", "Articolo 2"]
    assert page.url == five_posts.url("/it/pagina/2/")
    page.locator("a[rel=prev]").first.click()
    page.wait_for_url(five_posts.url("/it/"))
