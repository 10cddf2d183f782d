"""A post's body as a page shows it: the words the parse left as placeholders (callout
titles, the self-links' label: :data:`mot_blog.markup.html.BODY_WORDS`) in the page's
language, and its table of contents.

Why at render time: the parse runs before the catalogs are read, in worker processes,
and is cached by the file's bytes; filling the words here costs one scan of a body that
holds a placeholder, and a changed catalog re-renders the pages anyway (catalogs are a
site-wide input of every page), with no catalog text in the parse cache's key. The words
are the theme's ``partials/body_words.html`` (a site may override it), translated by
the locale's catalogs like every template string.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mot_blog.markup.html import BODY_WORDS, PAGE_ONLY
from mot_blog.markup.rendered import Heading
from mot_blog.markup.text import attribute

WORDS_TEMPLATE = "partials/body_words.html"
MIN_TOC_HEADINGS = 3
"""Fewer headings than this: no table of contents (it would repeat what the eye sees)."""
TOC_LEVELS = range(2, 5)
_WORD = re.compile("\ue004([a-z-]+)\ue005")
_PAGE_ONLY = re.compile(f"{PAGE_ONLY[0]}.*?{PAGE_ONLY[1]}", re.DOTALL)


def body_words(env: Any) -> dict[str, str]:
    """The words of :data:`~mot_blog.markup.html.BODY_WORDS` in ``env``'s language."""
    words = getattr(env.get_template(WORDS_TEMPLATE).module, "words", {})
    return {key: str(words.get(key, key)) for key in BODY_WORDS}


def localized_body(html: str, words: Mapping[str, str], feed: bool = False) -> str:
    """``html`` with its placeholders written in the page's words; for a ``feed``, without
    what only a page shows (self-links: a feed reader lists no sections)."""
    if "\ue004" not in html and "\ue006" not in html:
        return html
    if feed:
        html = _PAGE_ONLY.sub("", html)
    else:
        html = html.replace(PAGE_ONLY[0], "").replace(PAGE_ONLY[1], "")
    return _WORD.sub(lambda m: attribute(words.get(m.group(1), m.group(1))), html)


@dataclass(frozen=True, slots=True)
class TocEntry:
    """One line of a table of contents, with the entries of the headings below it."""

    text: str
    id: str
    children: list[TocEntry] = field(default_factory=list)


def table_of_contents(headings: Sequence[Heading], wanted: bool) -> list[TocEntry]:
    """The nested entries of the h2-h4 of a body, or none when not ``wanted`` or when there
    are fewer than :data:`MIN_TOC_HEADINGS`."""
    shown = [h for h in headings if h.level in TOC_LEVELS]
    if not wanted or len(shown) < MIN_TOC_HEADINGS:
        return []
    top: list[TocEntry] = []
    open_entries: list[tuple[int, TocEntry]] = []
    for heading in shown:
        entry = TocEntry(heading.text, heading.id)
        while open_entries and open_entries[-1][0] >= heading.level:
            open_entries.pop()
        (open_entries[-1][1].children if open_entries else top).append(entry)
        open_entries.append((heading.level, entry))
    return top
