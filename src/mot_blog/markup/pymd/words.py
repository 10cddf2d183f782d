"""The words a reader reads in Python-Markdown's element tree, counted as the pulldown-cmark
writer counts them (inline elements run together, blocks do not), the author's raw HTML
by its own text."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown.serializers import to_html_string
from markdown.util import AMP_SUBSTITUTE, STX

from mot_blog.markup.pymd.state import Ours
from mot_blog.markup.text import count_words, words

_STASHED = re.compile("\x02wzxhzdk:([0-9]+)\x03")
_ESCAPED = re.compile("\x02([0-9]+)\x03")
_PLACEHOLDER = re.compile("\x02[^\x02\x03]*\x03")
_WORD = re.compile("\ue004[a-z-]+\ue005")
_BLOCKS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "ul",
        "ol",
        "li",
        "table",
        "dl",
        "dt",
        "dd",
        "figure",
        "aside",
        "br",
        "hr",
    ]
)
"""Where the words of two elements do not run together (pulldown-cmark's block ends)."""
_ROWS = frozenset({"table", "thead", "tbody", "tr"})


def plain_text(text: str) -> str:
    """Tree text as a reader reads it: escapes decoded, placeholders dropped."""
    if STX not in text:
        return text
    text = _ESCAPED.sub(lambda m: chr(int(m.group(1))), text.replace(AMP_SUBSTITUTE, "&"))
    return _PLACEHOLDER.sub("", text)


def count_tree_words(md: Any, trusted: bool, root: etree.Element) -> int:
    """The words under ``root`` (see the module docstring); the raw HTML in ``md``'s stash
    counts only when it is kept (``trusted``: otherwise the sanitizer counts it)."""
    pieces: list[str] = []
    raw_words = 0
    stash = md.htmlStash.rawHtmlBlocks

    def text(value: str | None) -> None:
        nonlocal raw_words
        if not value:
            return
        if trusted and "\x02wzxhzdk:" in value:
            for match in _STASHED.finditer(value):
                item = stash[int(match.group(1))]
                if not isinstance(item, Ours):
                    html = to_html_string(item) if isinstance(item, etree.Element) else item
                    raw_words += count_words(str(html))
        if "\ue004" in value:  # a translated word to come (a callout's default title)
            value = _WORD.sub("", value)
        pieces.append(plain_text(value))

    def walk(element: etree.Element) -> None:
        # (between table cells only line breaks of Python-Markdown's: the pulldown-cmark
        # writer runs the cells' words together, and counts must agree)
        rows = element.tag in _ROWS
        if not (rows and (element.text or "").isspace()):
            text(element.text)
        for child in element:
            walk(child)
            if not (rows and (child.tail or "").isspace()):
                text(child.tail)
        if element.tag in _BLOCKS:
            pieces.append(" ")

    walk(root)
    return words("".join(pieces)) + raw_words
