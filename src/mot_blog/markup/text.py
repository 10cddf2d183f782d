"""Text measures and names: the words a reader reads, a heading's anchor, an attribute value.

Words are counted as ``wc -w`` and Hugo count them (runs between spaces), so the reading
time of a page matches what those tools said of it. Text in a script written without
spaces between words (Japanese, Chinese, Thai...) is measured in characters instead
(:func:`reading_measure`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from html import escape, unescape
from typing import Any

_TAG = re.compile(r"<[^>]+>")


def slugify(text: str) -> str:
    """A heading's anchor: ASCII letters, digits and hyphens (accents folded), as
    Python-Markdown's ``toc`` made them, so links to existing anchors keep working."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def unique_id(anchor: str, taken: set[str]) -> str:
    """``anchor``, else ``anchor_1``, ``anchor_2``... the first not in ``taken``, which it joins."""
    unique, n = anchor, 0
    while unique in taken:
        n += 1
        unique = f"{anchor}_{n}"
    taken.add(unique)
    return unique


def attribute(value: str) -> str:
    """A value for a double-quoted attribute (apostrophes stay readable)."""
    return escape(value, quote=False).replace('"', "&quot;")


def count_words(html: str) -> int:
    """Words a reader reads in HTML: its text outside tags (see :func:`words`)."""
    return words(unescape(_TAG.sub(" ", html)))


def words(text: str) -> int:
    """Words in plain text, as ``wc -w`` and Hugo count them: runs between spaces (an
    elision such as ``dell'esperienza`` is one word). Five times faster than a word
    pattern over the text, and the same reading time but for a lone dash or two."""
    return len(text.split())


@functools.cache
def _unspaced() -> Any:
    """The characters of scripts that do not put spaces between words: Unicode's line
    breaking classes ID (ideographs, kana), SA (Thai, Lao, Khmer, Myanmar: broken by
    dictionary) and CJ (small kana), UAX #14. Hangul, which Korean writes with spaces,
    is not among them. Compiled on first use: only sites of such languages ask."""
    import regex  # noqa: PLC0415

    return regex.compile(
        r"[\p{Line_Break=Ideographic}\p{Line_Break=Complex_Context}"
        r"\p{Line_Break=Conditional_Japanese_Starter}]"
    )


@functools.cache
def separates_words(sample: str) -> bool:
    """Whether the script ``sample`` is written in puts spaces between words: false when
    most of its letters are of :func:`_unspaced` scripts (``日本語``, ``ไทย``)."""
    if max(sample, default=" ") < "\u0e00":  # below Thai: no such script (nor a need for regex)
        return True
    letters = [char for char in sample if char.isalpha()]
    unspaced = sum(1 for char in letters if _unspaced().match(char))
    return unspaced * 2 <= len(letters)


def reading_measure(html: str) -> tuple[int, int]:
    """``(words, characters)`` a reader reads in HTML written in a script without spaces
    between words: its characters of such scripts (``東京``: 2), and the words of other
    scripts between them (``Pythonで書く``: 1 word, 3 characters), punctuation left out."""
    text = unescape(_TAG.sub(" ", html))
    pattern = _unspaced()
    characters = len(pattern.findall(text))
    rest = pattern.sub(" ", text).split()
    return sum(1 for token in rest if any(char.isalnum() for char in token)), characters
