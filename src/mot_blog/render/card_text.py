"""The text of a social card: where its lines break, how large it is set, and the setting.

Lines break at spaces, and between any two CJK characters (not before a closing mark such
as 。 or 」, not after an opening one such as 「); a piece wider than a line is cut where it
must be. The title is set as large as fits, from 72 down to 40 pixels; past five lines at
the smallest size the last line ends with an ellipsis.

Drawing glyphs is most of a card's cost, and titles share words: a line with no
right-to-left letter is set word by word, each word drawn once per process and size
(:func:`_word`) and pasted where it goes. A line with right-to-left letters is set whole
by raqm, which orders the words of both directions (the Unicode bidi algorithm).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mot_blog.render import fonts

if TYPE_CHECKING:  # Pillow loads in the processes that draw cards only
    from PIL.Image import Image


@dataclass(frozen=True, slots=True)
class Options:
    """How Pillow sets a card's text (with raqm; both ``None`` without it)."""

    language: str | None = None
    """The language, for shaping (``ar``, ``ja``)."""
    direction: str | None = None
    """``rtl``, or ``None``: found from the text."""


TITLE_SIZES = (72, 64, 56, 48, 40)
MAX_LINES = 5
LINE_HEIGHT = 1.25
ELLIPSIS = "…"

_CJK = (
    "\u2e80-\u2fff\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
    "\U00020000-\U0003134f"
)
_NO_START = (
    "、。，．,.!?！？)）」』】〕〉》ー々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ・:：;；"
)
_NO_END = "(（「『【〔〈《"
_PIECE = re.compile(rf"[{_NO_END}]*[{_CJK}][{_NO_START}]*\s*|[^\s{_CJK}]+\s*|\s+")


def break_points(text: str) -> list[str]:
    """``text`` cut where a line may break; the pieces join back to ``text``."""
    return _PIECE.findall(text)


@functools.lru_cache(maxsize=16384)
def advance(font: fonts.FontFile | None, size: int, text: str, options: Options) -> float:
    """How far ``text`` moves the pen (its width, with its trailing spaces)."""
    return fonts.load(font, size).getlength(
        text, direction=options.direction, language=options.language
    )


def wrap(pieces: list[str], measure: Callable[[str], float], width: float) -> list[list[str]]:
    """``pieces`` (:func:`break_points`) set in lines no wider than ``width``; ``measure``
    gives a piece's advance. A line's width is the sum of its pieces' advances, but the
    last piece's trailing spaces."""
    lines: list[list[str]] = []
    line: list[str] = []
    used = 0.0
    for piece in pieces:
        while len(piece) > 1 and measure(piece.rstrip()) > width:  # a word wider than a line
            cut = len(piece) - 1
            while cut > 1 and measure(piece[:cut]) > width:
                cut -= 1
            if line:
                lines.append(line)
            lines.append([piece[:cut]])
            line, used, piece = [], 0.0, piece[cut:]
        if line and used + measure(piece.rstrip()) > width:
            lines.append(line)
            line, used = [], 0.0
        line.append(piece)
        used += measure(piece)
    if "".join(line).strip():
        lines.append(line)
    return lines


def fit(
    title: str, font: fonts.FontFile | None, width: int, height: int, options: Options
) -> tuple[int, list[list[str]]]:
    """The largest size at which ``title`` fits ``width`` × ``height``, and its lines (the
    last one cut short with an ellipsis when even the smallest size does not fit)."""
    pieces = break_points(" ".join(title.split()))
    for size in TITLE_SIZES:
        rows = min(MAX_LINES, int(height // (size * LINE_HEIGHT)))
        lines = wrap(pieces, functools.partial(advance, font, size, options=options), width)
        if len(lines) <= rows:
            return size, lines
    kept, rest = lines[: rows - 1], "".join(piece for line in lines[rows - 1 :] for piece in line)
    while rest and advance(font, size, rest.rstrip() + ELLIPSIS, options) > width:
        rest = rest[:-1]
    return size, [*kept, [rest.rstrip() + ELLIPSIS]]


def _is_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


def set_line(
    mask: Image,
    pieces: list[str],
    font: fonts.FontFile | None,
    size: int,
    at: tuple[int, int],
    shade: int,
    rtl: bool,
    options: Options,
) -> None:
    """Draw one line into the coverage ``mask``: from ``at`` (the line's start on the
    baseline: its right end for ``rtl``), in ``shade`` (0-255)."""
    start, baseline = at
    text = "".join(pieces).rstrip()
    if rtl or _is_rtl(text):
        from PIL import ImageDraw  # noqa: PLC0415 (see TYPE_CHECKING above)

        anchor = "rs" if rtl else "ls"
        pen = ImageDraw.Draw(mask)
        loaded = fonts.load(font, size)
        pen.text(
            (start, baseline),
            text,
            shade,
            loaded,
            anchor,
            direction=options.direction,
            language=options.language,
        )
        return
    x = float(start)
    for piece in pieces:
        word = piece.rstrip()
        if word:
            image, left, top = _word(font, size, word, options)
            # Pasting the ink through the word's coverage blends as drawing it would.
            mask.paste(shade, (round(x) + left, baseline + top), image)
        x += advance(font, size, piece, options)


@functools.lru_cache(maxsize=4096)
def _word(
    font: fonts.FontFile | None, size: int, word: str, options: Options
) -> tuple[Image, int, int]:
    """A word's coverage, drawn once, and where its box starts from the pen on the baseline."""
    from PIL import Image, ImageDraw  # noqa: PLC0415

    loaded = fonts.load(font, size)
    box = loaded.getbbox(word, anchor="ls", direction=options.direction, language=options.language)
    left, top, right, bottom = (round(v) for v in box)
    image = Image.new("L", (max(1, right - left), max(1, bottom - top)), 0)
    pen = ImageDraw.Draw(image)
    pen.text(
        (-left, -top),
        word,
        255,
        loaded,
        "ls",
        direction=options.direction,
        language=options.language,
    )
    return image, left, top
