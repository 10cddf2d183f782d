"""Fenced code blocks: the fence's info string read the way Hugo and the common
```` ```python {2,4-5} ```` form write it, and the code highlighted with Pygments at build
time (CSS classes, no inline style; the theme's ``css/code.css`` colours them).

Both engines write a block through :func:`code_block_html`, so a block looks the same
whichever parsed it::

    ```python {hl_lines=[2,"4-5"] linenos=true}     Hugo's attributes
    ```python {linenos=table, linenostart=10}       line numbers beside the code
    ```python {2,4-5}                               highlighted lines, the short way
    ```python hl_lines="2 3" linenums="1"           Python-Markdown's (MkDocs) spelling

A block without a language stays plain; one whose language Pygments does not know stays
plain and keeps its language in its class, and the engine reports it as a warning.
Pygments is imported with the first block that has a language.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from html import escape
from typing import Any

from mot_blog.markup.text import attribute


@dataclass(frozen=True, slots=True)
class Fence:
    """What a fence's info string asks for."""

    language: str
    highlight: tuple[int, ...] = ()
    """Lines to mark (1-based, counted from the block's first line)."""
    line_numbers: str = ""
    """``''`` (none), ``'inline'`` (in the code) or ``'table'`` (a column beside it)."""
    first_number: int = 1
    problem: str | None = None
    """What could not be read in the attributes (the block is still written)."""


_ATTRIBUTES = re.compile(r"\{(.*)\}\s*$")
_PAIR = re.compile(r"""([A-Za-z_][\w-]*)\s*=\s*("[^"]*"|'[^']*'|\[[^\]]*\]|[^\s,]+)""")
_CLASS = re.compile(r"(?:^|\s)\.([\w#+-]+)")
_LINES_ONLY = re.compile(r"^[\d\s,\-]+$")
_TRUE = ("true", "inline", "yes", "1")


def parse_fence(info: str) -> Fence:
    """The language and attributes of a fence's info string (``python {2,4-5}``)."""
    info = info.strip()
    attributes = ""
    match = _ATTRIBUTES.search(info)
    if match is not None:
        attributes, info = match.group(1), info[: match.start()].strip()
    words = info.split(None, 1)
    language = words[0].lstrip(".") if words else ""
    rest = words[1] if len(words) > 1 else ""
    if not language:  # {.python hl_lines="2"}, as attr_list writes it
        named = _CLASS.search(attributes)
        language = named.group(1) if named else ""
    if attributes and _LINES_ONLY.match(attributes):
        highlight, problem = _line_list(attributes)
        return Fence(language, highlight, problem=problem)
    return _with_attributes(language, f"{attributes} {rest}")


def _with_attributes(language: str, text: str) -> Fence:
    highlight: tuple[int, ...] = ()
    numbers, first = "", 1
    problems = []
    for key, raw in _PAIR.findall(text):
        value = raw.strip("\"'")
        key = key.lower()
        if key == "hl_lines":
            highlight, problem = _line_list(value.strip("[]"))
            problems.append(problem)
        elif key == "linenos":
            numbers = "table" if value.lower() == "table" else "inline" * (value.lower() in _TRUE)
        elif key in ("linenostart", "linenums"):
            if value.isdigit():
                first = int(value)
                numbers = numbers or ("inline" if key == "linenums" else "")
            else:
                problems.append(f"'{key}' must be a line number, not '{value}'")
    problem = "; ".join(p for p in problems if p) or None
    return Fence(language, highlight, numbers, first, problem)


def _line_list(text: str) -> tuple[tuple[int, ...], str | None]:
    """``2,"4-5"`` or ``2 4-5`` -> (2, 4, 5)."""
    lines: list[int] = []
    for item in re.split(r"[\s,]+", text.strip()):
        item = item.strip("\"'")
        if not item:
            continue
        low, dash, high = item.partition("-")
        if not low.isdigit() or (dash and not high.isdigit()):
            return (), f"'{item}' is not a line or a range of lines (such as 4-5)"
        start, end = int(low), int(high) if dash else int(low)
        if end - start > 10_000:
            return (), f"the range '{item}' is too long"
        lines.extend(range(start, end + 1))
    return tuple(sorted(set(lines))), None


def plain_block(code: str, language: str) -> str:
    """A code block as CommonMark writes it (no highlighting)."""
    opening = f'<pre><code class="language-{attribute(language)}">' if language else "<pre><code>"
    return f"{opening}{escape(code, quote=False)}</code></pre>\n"


def unknown_language(language: str) -> str:
    """The warning of a code block whose language has no highlighter."""
    return f"no highlighting for the language '{language}'; the block stays plain"


def code_block_html(code: str, fence: Fence) -> tuple[str, bool]:
    """A fenced block's HTML, and whether its language was known (highlighted)."""
    if not fence.language:
        return plain_block(code, ""), True
    lexer = _lexer(fence.language.lower())
    if lexer is None:
        return plain_block(code, fence.language), False
    import pygments  # noqa: PLC0415 (see the module docstring)

    formatter = _formatter()(
        language=fence.language,
        hl_lines=list(fence.highlight),
        linenos=fence.line_numbers or False,
        linenostart=fence.first_number,
    )
    return pygments.highlight(code, lexer, formatter), True


@functools.cache
def _lexer(name: str) -> Any:
    from pygments.lexers import get_lexer_by_name  # noqa: PLC0415
    from pygments.util import ClassNotFound  # noqa: PLC0415

    try:
        # stripnl off: a block's leading and trailing blank lines are the author's
        return get_lexer_by_name(name, stripnl=False, ensurenl=True)
    except ClassNotFound:
        return None


@functools.cache
def _formatter() -> Any:
    """Pygments' HTML formatter, writing ``<pre><code class="language-x">`` inside its
    ``<div class="highlight">`` (Pygments' documented way: override ``wrap``)."""
    from pygments.formatters.html import HtmlFormatter  # noqa: PLC0415

    class CodeFormatter(HtmlFormatter):
        def __init__(self, language: str, **options: Any):
            super().__init__(cssclass="highlight", **options)
            self.language = language

        def wrap(self, source: Any) -> Any:
            # tabindex: a block wider than the page scrolls, and keyboards must reach it
            yield 0, f'<pre tabindex="0"><code class="language-{attribute(self.language)}">'
            yield from source
            yield 0, "</code></pre>"

    return CodeFormatter


def pygments_css(style: str, selector: str) -> str:
    """The CSS of one Pygments style for the blocks under ``selector`` (the theme's
    ``css/code.css`` is made of two: see ``scripts/code_css.py``)."""
    from pygments.formatters.html import HtmlFormatter  # noqa: PLC0415

    return HtmlFormatter(style=style).get_style_defs(selector)
