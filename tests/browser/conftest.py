"""Browser fixtures: the built site served on 127.0.0.1, and Debian's Chromium via Playwright.

The real site is built once per session into a temporary folder and served by a
``ThreadingHTTPServer`` on a free port; every test opens its own browser context
(locale, JavaScript on or off) from one shared Chromium. Every page a test opens
is watched: a console error, an uncaught exception, a failed request or a response
>= 400 fails the test when it ends.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from chromium import CHROMIUM, CHROMIUM_ARGS, MISSING

from browser.browser_site import MANY_LANGUAGES, REPO, Served, build_into, serve


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The real site (this checkout's site.yaml and content/), built once and served."""
    out = build_into(REPO, tmp_path_factory.mktemp("real") / "public")
    yield from serve(out)


@pytest.fixture(scope="session")
def many_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The fixture site of nine languages (tests/data/many-languages), copied out of the
    repository (a build writes its cache beside the site), built once and served."""
    root = tmp_path_factory.mktemp("many") / "site"
    shutil.copytree(MANY_LANGUAGES, root)
    out = build_into(root, root.parent / "public")
    yield from serve(out)


# Package scope, not session: Playwright's sync API allows one running instance per
# thread, and other test files start their own after this package has finished.
@pytest.fixture(scope="package")
def chromium():
    """One headless Debian Chromium for these tests; skipped (with how to install) if absent."""
    if not CHROMIUM.exists():
        pytest.skip(MISSING)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@dataclass
class PageWatch:
    """Everything that went wrong on the pages of one test."""

    errors: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        page.on(
            "console",
            lambda msg: (
                msg.type == "error"
                and self.errors.append(
                    f"console: {msg.text} ({msg.location.get('url') or page.url})"
                )
            ),
        )
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc} ({page.url})"))
        page.on("requestfailed", self._request_failed)
        page.on(
            "response",
            lambda res: res.status >= 400 and self.errors.append(f"HTTP {res.status}: {res.url}"),
        )

    def _request_failed(self, request) -> None:
        # ERR_ABORTED is the browser dropping a load because the test navigated on
        # (reload, click): not a failure of the site. Anything else is.
        if request.failure != "net::ERR_ABORTED":
            self.errors.append(f"request failed: {request.url} {request.failure}")


@pytest.fixture
def new_context(chromium) -> Iterator[Callable[..., object]]:
    """Factory: ``new_context(locale="nl-NL", java_script_enabled=False, ...)`` -> a browser
    context whose pages are all watched; the test fails if any of them logged an error."""
    watch = PageWatch()
    contexts = []

    def make(**options):
        options.setdefault("locale", "it-IT")
        context = chromium.new_context(**options)
        # Everything is local: a step that takes 10 s has failed; don't wait 30.
        context.set_default_timeout(10_000)
        context.on("page", watch.attach)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    assert watch.errors == [], "\n".join(watch.errors)
