"""Callouts: GitHub's and Obsidian's alert syntax, the same in both engines.

A blockquote whose first line is a marker becomes an ``<aside>`` with an icon and a title::

    > [!NOTE]                     GitHub's five: NOTE, TIP, IMPORTANT, WARNING, CAUTION
    > [!TIP] Il mio titolo        an own title instead of the translated one
    > [!bug]- Closed              Obsidian: its own types (mapped onto the five), and
    > [!faq]+ Open                 '-' / '+' for a foldable <details> (closed / open)

The marker is matched case-insensitively on the quote's first line (the rest of the
line is the title); the quote's other lines are the body. The default title is the
type's name in the post's language: the parse writes a :func:`~mot_blog.markup.html.word`
placeholder that the render stage fills from the locale's catalogs (see
:mod:`mot_blog.render.body`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mot_blog.markup.html import word

_MARKER = re.compile(r"^\[!([A-Za-z][\w-]*)\]([+-]?)(?:[ \t]+(.*))?$", re.DOTALL)

KINDS = {
    "note": "note",
    "tip": "tip",
    "important": "important",
    "warning": "warning",
    "caution": "caution",
    # Obsidian's types and aliases, by what a reader should take from them
    "info": "note",
    "todo": "note",
    "abstract": "note",
    "summary": "note",
    "tldr": "note",
    "example": "note",
    "quote": "note",
    "cite": "note",
    "question": "note",
    "help": "note",
    "faq": "note",
    "hint": "tip",
    "success": "tip",
    "check": "tip",
    "done": "tip",
    "attention": "warning",
    "failure": "caution",
    "fail": "caution",
    "missing": "caution",
    "danger": "caution",
    "error": "caution",
    "bug": "caution",
}
"""Marker type (lowercase) -> the kind it is shown as."""

_ICON_PATHS = {
    "note": '<circle cx="8" cy="8" r="6.25"/><path d="M8 7.25v3.5M8 5.1v.1"/>',
    "tip": '<path d="M5.6 10.4a4 4 0 1 1 4.8 0v1.35H5.6z"/><path d="M6.25 14h3.5"/>',
    "important": '<path d="M2.25 2.75h11.5v8h-6l-3 2.5v-2.5h-2.5z"/><path d="M8 4.9v2.6M8 9.1v.1"/>',
    "warning": '<path d="M8 1.9 14.4 13.4H1.6z"/><path d="M8 6.2v3.3M8 11.4v.1"/>',
    "caution": (
        '<path d="M5.4 1.6h5.2l3.8 3.8v5.2l-3.8 3.8H5.4l-3.8-3.8V5.4z"/>'
        '<path d="M8 4.9v3.6M8 10.7v.1"/>'
    ),
}


def icon(kind: str) -> str:
    """The kind's icon: inline SVG drawn in the text's colour (no request)."""
    return (
        '<svg class="callout-icon" aria-hidden="true" focusable="false" width="16" height="16"'
        ' viewBox="0 0 16 16" fill="none" stroke="currentColor" stroke-width="1.5"'
        f' stroke-linecap="round" stroke-linejoin="round">{_ICON_PATHS[kind]}</svg>'
    )


@dataclass(frozen=True, slots=True)
class Callout:
    """A marker read from a quote's first line."""

    kind: str
    """One of GitHub's five (``note``...)."""
    written: str
    """The type as written, lowercase (``bug``)."""
    fold: str
    """``''``, ``'-'`` (folded) or ``'+'`` (foldable, open)."""
    title: str
    """What follows the marker on its line (``''``: the translated default)."""


def read_marker(line: str) -> Callout | None:
    """The callout a quote's first line opens, or None (an unknown type is no callout:
    the quote stays a quote, as GitHub shows it)."""
    match = _MARKER.match(line) if line.startswith("[!") else None
    if match is None:
        return None
    written = match.group(1).lower()
    kind = KINDS.get(written)
    if kind is None:
        return None
    return Callout(kind, written, match.group(2), match.group(3) or "")


def callout_opening(callout: Callout, anchor: str) -> str:
    """The HTML up to the title's text (the title follows, then :func:`title_closing`)."""
    extra = f' data-callout="{callout.written}"' if callout.written != callout.kind else ""
    opening = (
        f'<aside class="callout callout-{callout.kind}"{extra} role="note"'
        f' aria-labelledby="{anchor}">\n'
    )
    if callout.fold:
        opening += "<details open>\n" if callout.fold == "+" else "<details>\n"
        return f'{opening}<summary class="callout-title" id="{anchor}">{icon(callout.kind)}<span>'
    return f'{opening}<p class="callout-title" id="{anchor}">{icon(callout.kind)}<span>'


def default_title(callout: Callout) -> str:
    """The placeholder of the type's translated name."""
    return word(callout.kind)


def title_closing(callout: Callout) -> str:
    return "</span></summary>\n" if callout.fold else "</span></p>\n"


def callout_closing(callout: Callout) -> str:
    return "</details>\n</aside>\n" if callout.fold else "</aside>\n"
