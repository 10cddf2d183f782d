"""The checks that know translations, from the site model and the built pages:

* a link in a post's body to an article of another locale, when the post's own locale has a
  translation of it (``content/fr-FR/a.md:12: links to the German 'Züge'; its French
  translation is /fr/trains/``): the reader asked for French;
* a link to an id of a translation's page that the translation lacks but its original has
  (the heading was translated, so its anchor changed): named with the same heading's id in
  the translation, in place of the plain broken-fragment finding;
* a language-switcher link (``<a hreflang>`` on an article or fallback page) that leads to
  an article or fallback page of another post, or to another locale's, or to a locale's index
  while the post has a version there: a template or a ``translation_key`` gone wrong.

They are a page's own checks (:class:`TranslationChecks`, an
:data:`~mot_blog.commands.check.outputs.PageCheck`): they run in the check worker that read
the page back, from its scanned :class:`~mot_blog.commands.check.html.Page` (the switcher's
links) and its post's body (its own links, scanned too: a body is a fraction of the page);
a link to an id of another page waits, as any, for that page's ids.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from babel import Locale

from mot_blog.commands.check.html import Page, scan_page
from mot_blog.commands.check.outputs import OutputChecker, Pending, url_needles
from mot_blog.load.config import SiteConfig
from mot_blog.load.locales import locale_name
from mot_blog.model.fallbacks import fallback_pages
from mot_blog.model.site import Post, Site
from mot_blog.model.urls import home_url, output_path

ENGLISH = Locale("en")


@dataclass(frozen=True, slots=True)
class Shown:
    """What an article or fallback page of the built site shows: a post, in a locale."""

    post: Post
    locale: str


@cache
def _english(code: str, named_as: str) -> str:
    return locale_name(code, named_as, ENGLISH)


def language(config: SiteConfig, code: str) -> str:
    """A locale's language named in English (``Dutch``), as check's messages say it."""
    return _english(code, config.locale(code).named_as)


def shown_pages(site: Site) -> dict[str, Shown]:
    """Output path -> what each article and fallback page shows."""
    pages = {post.output_path: Shown(post, post.locale) for post in site.posts}
    for by_locale in fallback_pages(site).values():
        for code, page in by_locale.items():
            pages[page.output_path] = Shown(page.original, code)
    return pages


def _translated_anchor(site: Site, target: Post, fragment: str) -> str | None:
    """What to say of a link to ``#fragment`` on ``target``'s page, which lacks it, when the
    original of ``target`` has a heading with that id; else ``None``."""
    original = site.original_of(target)
    if original is target:
        return None
    ids = [heading.id for heading in original.headings]
    if fragment not in ids:
        return None
    index = ids.index(fragment)
    where = f"its {language(site.config, original.locale)} original ({original.source})"
    said = f"goes to an id of {where} that the translation {target.source} lacks"
    if index < len(target.headings):
        return f"{said}; the same heading there is '#{target.headings[index].id}'"
    return f"{said}; link to one of its own headings"


class TranslationChecks:
    """The checks of the module docstring for one page of ``site`` (a
    :data:`~mot_blog.commands.check.outputs.PageCheck`)."""

    def __init__(self, site: Site):
        self.site = site
        self.shown = shown_pages(site)
        self.posts = {post.output_path: post for post in site.posts}
        config = site.config
        self.codes = {locale.code.lower(): locale.code for locale in config.locales}
        self.homes = {
            locale.code: output_path(config, home_url(config, locale)) for locale in config.locales
        }

    def __call__(self, checker: OutputChecker, output: str, page: Page) -> Iterator[Pending]:
        """The findings on ``output`` (whose read-back page is ``page``)."""
        post = self.posts.get(output)
        if post is not None:
            yield from self._body_links(checker, post)
        shown = self.shown.get(output)
        if shown is not None:
            yield from self._switcher(checker, output, shown, page)

    def _body_links(self, checker: OutputChecker, post: Post) -> Iterator[Pending]:
        site, shown = self.site, self.shown
        config = site.config
        output = post.output_path
        for tag, url, _line in scan_page(post.body_html).refs:
            if tag != "a":
                continue
            try:
                target = checker.resolve(url, output)
            except ValueError:
                continue  # a malformed URL: the link check names it
            found, fragment = target if target is not None else (None, "")
            if found is None or found not in shown:
                continue
            other = shown[found].post
            needles = url_needles(url)
            if other.locale != post.locale and shown[found].locale == other.locale:
                mine = next((p for p in site.versions_of(other) if p.locale == post.locale), None)
                if mine is not None and mine is not post:
                    message = (
                        f"links to the {language(config, other.locale)} '{other.title}'; its "
                        f"{language(config, post.locale)} translation is {mine.url}"
                    )
                    yield Pending(output, message, needles)
            hint = _translated_anchor(site, other, fragment) if fragment else None
            if hint is not None:
                # Like the plain broken-fragment finding, only when the page lacks the id.
                plain = checker.check_url(output, url, "link")
                message = f"link '{url.strip()}' {hint}"
                replaces = plain.message if plain is not None else ""
                yield Pending(output, message, needles, (found, fragment), replaces=replaces)

    def _switcher(
        self, checker: OutputChecker, output: str, page: Shown, read: Page
    ) -> Iterator[Pending]:
        versions = {p.locale: p for p in self.site.versions_of(page.post)}
        for hreflang, url, _line in read.hreflinks:
            code = self.codes.get(hreflang.lower())
            if code is None or code == page.locale:
                continue
            try:
                target = checker.resolve(url, output)
            except ValueError:
                continue
            if target is None or target[0] is None:
                continue
            found = target[0]
            there = self.shown.get(found)
            said = f"the language switcher's {code} link leads to {url}"
            message = None
            if there is not None and there.post.translation_key != page.post.translation_key:
                message = f"{said}, which is not a translation of this post but {there.post.source}"
            elif there is not None and there.locale != code:
                message = f"{said}, a page in {there.locale}"
            elif there is None and code in versions and found == self.homes[code]:
                message = (
                    f"{said}, the {code} index, while the post's translation is "
                    f"{versions[code].url}"
                )
            if message is not None:
                yield Pending(output, message, ("translation_key",))
