"""Syntax of other site generators left in a post's output as text: reported, and kept out
of what cards show.

Posts moved from Jekyll, Hugo or an Obsidian vault may hold syntax that means nothing
here and would reach readers as text: a Liquid tag (``{% highlight ruby %}``) or variable
(``{{ site.url }}``), a shortcode no template rendered (``{{< tweet 1 >}}``), a kramdown
attribute list (``{: target="_blank"}``), an alert marker (``[!NOTE]``) that is not the
first line of a quote. :func:`find_leftovers` finds them in a body's HTML, outside code
(a post about Liquid shows Liquid in code), and points each at its Markdown line;
:func:`clean_text` takes them out of a text a card shows (the summary).

The quick test comes first (:func:`may_hold_leftovers`): a body whose HTML holds neither
``{`` nor ``[`` (almost every body) costs two one-character searches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import unescape

_ALERTS = (
    "note|tip|important|warning|caution|abstract|summary|tldr|info|todo|hint|success|check"
    "|done|question|help|faq|attention|failure|fail|missing|danger|error|bug|example|quote|cite"
)
_FIND = re.compile(
    r"(?P<shortcode>\{\{(?:&lt;|<|%).{0,60}?(?:(?:&gt;|>|%)\}\}|$))"
    r"|(?P<tag>\{%-?\s*(?P<word>[A-Za-z_]\w*)[^\n]{0,60}?%\})"
    r"|(?P<variable>\{\{-?\s*(?:site|page|include|layout|jekyll|paginator)\.[^}\n]{0,60}\}\})"
    r"|(?P<attributes>\{:[ \t]*[^}\n]{0,80}\})"
    rf"|(?P<alert>\[!(?i:{_ALERTS})\][+-]?)",
    re.MULTILINE,
)
_CODE = re.compile(r"<(pre|code|script|style)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
_LONGEST = 40

_TAG_HINTS = {
    "highlight": "write the code as a fenced block (```{arg}) instead",
    "raw": "remove it: text shows here as written",
    "endraw": "remove it: text shows here as written",
    "include": "paste what it included, or make a shortcode of it (templates/shortcodes/)",
    "include_relative": "paste what it included, or make a shortcode of it",
    "link": "write the URL of the page it links to instead",
    "post_url": "write the URL of the post it links to instead",
    "comment": "write an HTML comment (<!-- ... -->) instead",
    "endcomment": "write an HTML comment (<!-- ... -->) instead",
}
_KINDS = {
    "shortcode": (
        "a shortcode",
        "check its name and its closing '>}}', or write it in code to show it",
    ),
    "variable": ("a Liquid variable", "write its value instead"),
    "attributes": (
        "a kramdown attribute list",
        "remove it, or write that element as HTML with the attribute",
    ),
    "alert": (
        "an alert marker",
        "start a quote with it, alone on the quote's first line ('> [!NOTE]'), or remove it",
    ),
}


@dataclass(frozen=True, slots=True)
class Leftover:
    """Syntax found as text in a body's output."""

    kind: str
    """``shortcode``, ``tag``, ``variable``, ``attributes`` or ``alert``."""
    line: int | None
    """Its line in the body (0-based), None when the Markdown does not show it as written."""
    message: str


def may_hold_leftovers(text: str) -> bool:
    """The quick test: could ``text`` hold any leftover syntax? One character is looked for
    first (``{``, and ``[``, which HTML holds only where Markdown left it as text): that is
    a ``memchr``, where a search for two characters walks an 8 KB body in 15 µs."""
    return ("{" in text and ("{{" in text or "{%" in text or "{:" in text)) or (
        "[" in text and "[!" in text
    )


def find_leftovers(html: str, body: str, skip: Iterable[tuple[int, int]] = ()) -> list[Leftover]:
    """The leftover syntax of a body's ``html`` outside code, each at the line of ``body``
    (its Markdown) that holds it; ``skip``: the body's code regions (offsets), where the
    same text is not looked for."""
    if not may_hold_leftovers(html):
        return []
    text = _CODE.sub(" ", html)
    if not may_hold_leftovers(text):
        return []
    found = []
    skip = sorted(skip)
    cursor: dict[str, int] = {}
    for match in _FIND.finditer(text):
        kind = "tag" if match.group("tag") else match.lastgroup
        assert kind is not None
        snippet = unescape(match.group()).strip()
        line, cursor[kind] = _source_line(body, snippet, cursor.get(kind, 0), skip)
        found.append(Leftover(kind, line, _message(kind, snippet, match)))
    return found


def _message(kind: str, snippet: str, match: re.Match[str]) -> str:
    shown = snippet if len(snippet) <= _LONGEST else snippet[: _LONGEST - 1] + "…"
    if kind == "tag":
        word = match.group("word")
        argument = snippet[2:-2].strip("- ").split() if snippet.endswith("%}") else []
        hint = _TAG_HINTS.get(word, "remove it, or write what it stood for")
        hint = hint.format(arg=argument[1] if len(argument) > 1 else "")
        return f"looks like a Liquid tag ({shown}), shown as text; {hint}"
    what, hint = _KINDS[kind]
    return f"looks like {what} ({shown}), shown as text; {hint}"


def _source_line(
    body: str, snippet: str, start: int, skip: list[tuple[int, int]]
) -> tuple[int | None, int]:
    """The 0-based line of ``body`` where ``snippet`` is written from ``start`` on (outside
    ``skip``), and where the next one of its kind is looked for."""
    for key in (snippet[:12], snippet[:3]):
        for begin in (start, 0):
            at = body.find(key, begin)
            while at >= 0 and any(low <= at < high for low, high in skip):
                at = body.find(key, at + 1)
            if at >= 0:
                return body.count("\n", 0, at), at + len(key)
    return None, start


_STRIP = re.compile(
    r"\{\{[<%].*?[%>]\}\}"
    r"|\{%.*?%\}"
    r"|\{\{-?\s*(?:site|page|include|layout|jekyll|paginator)\.[^}]*\}\}"
    r"|\{:[^}]*\}"
    rf"|\[!(?i:{_ALERTS})\][+-]?",
    re.DOTALL,
)
_SPACES = re.compile(r"\s{2,}")


def clean_text(text: str) -> tuple[str, list[str]]:
    """``text`` without any leftover syntax (spaces tidied), and what was taken out."""
    if not may_hold_leftovers(text):
        return text, []
    removed = [match.group() for match in _STRIP.finditer(text)]
    if not removed:
        return text, []
    return _SPACES.sub(" ", _STRIP.sub(" ", text)).strip(), removed
