"""A post's summary when its front matter has none: the text of the body's first paragraph,
cut at a sentence end.

Taken from the rendered HTML (whatever Markdown engine wrote it), never from the Markdown:
no ``**``, no shortcodes, no raw HTML, only the text a reader reads. The rule
(docs/configuration.md, "summary"):

1. the **first paragraph**: the first ``<p>`` that is not inside another block (a quote,
   a list, a table, a ``<div>``...) and has text; an image alone in its paragraph is a
   figure, not a paragraph. Footnote marks are left out, tags dropped (a line break or a
   block's end leaves a space), entities read, runs of whitespace made one space. A body without such a paragraph gives its whole
   text (footnotes left out);
2. up to :data:`LIMIT` characters, it is the summary as it is;
3. longer, it is cut after the **last sentence end** that ends within the first
   :data:`LIMIT` characters (with the closing quotes or brackets right after it);
4. with no sentence end there, it is cut at the last space before character
   :data:`LIMIT` and ends in ``…`` (text written without spaces between words, or whose
   last space comes before half the limit, is cut at character ``LIMIT - 1``).

Sentence ends are ``.`` ``!`` ``?`` ``…`` ``‼`` ``⁇`` ``⁈`` ``⁉`` followed by a space or the
end (so ``3.5`` and ``example.com`` are not), and, anywhere, the ideographic and other
scripts' marks ``。`` ``！`` ``？`` ``｡`` ``．`` (CJK), ``؟`` ``۔`` (Arabic, Urdu), ``।``
``॥`` (Devanagari and other Indic scripts), ``։`` (Armenian), ``።`` (Ethiopic), ``။``
(Myanmar) and ``;`` (U+037E, the Greek question mark). An abbreviation's dot (``Dr.``)
counts as one.
"""

from __future__ import annotations

import re
from html import unescape

LIMIT = 160
"""Characters (code points) a summary taken from the body has at most, ``…`` included: what
search engines show of a meta description."""

_CLOSERS = "\"'”’»›)\\]}」』）〕】〉》"
_SENTENCE_END = re.compile(
    f"(?:[.!?…‼⁇⁈⁉][{_CLOSERS}]*(?=\\s|$)|[。！？｡．؟۔।॥։።။\u037e][{_CLOSERS}]*)"
)
_TAG = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*>", re.S)
_CONTAINERS = frozenset(
    [
        "address",
        "article",
        "aside",
        "audio",
        "blockquote",
        "canvas",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "header",
        "li",
        "main",
        "nav",
        "noscript",
        "object",
        "ol",
        "picture",
        "pre",
        "script",
        "section",
        "style",
        "table",
        "tbody",
        "td",
        "template",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "video",
    ]
)
"""Elements whose paragraphs are not the body's own (a paragraph in a quote, a list item...)."""
_BREAKS = _CONTAINERS | {"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "img"}
"""Tags that stand between words (an image too: its neighbours are not one word)."""
_NOTE_MARK = re.compile(r'<sup\b[^>]*>\s*<a\b[^>]*class="footnote-ref"[^>]*>.*?</a>\s*</sup>', re.S)
_FOOTNOTES = '<section class="footnotes">'


def first_paragraph(html: str) -> str:
    """The text of the first paragraph of a rendered body (rule 1 of the module docstring)."""
    depth = 0
    start = None
    for match in _TAG.finditer(html):
        closing, name = match.group(1), (match.group(2) or "").lower()
        if not name:  # a comment
            continue
        if start is not None:
            if name == "p" and closing:
                text = _text(html[start : match.start()])
                if text:
                    return text
                start = None
            continue
        if name in _CONTAINERS:
            depth += -1 if closing else 1
            depth = max(depth, 0)
        elif name == "p" and not closing and depth == 0:
            start = match.end()
    return _text(html.split(_FOOTNOTES, 1)[0])


def _text(html: str) -> str:
    without_marks = _NOTE_MARK.sub("", html) if "footnote-ref" in html else html
    return " ".join(unescape(_TAG.sub(_tag_gap, without_marks)).split())


def _tag_gap(match: re.Match[str]) -> str:
    """What a tag leaves in the text: a space where a block or a line ends (``<br>``,
    ``</td>``), nothing inside a line (``<strong>forte</strong>,`` is ``forte,``)."""
    return " " if (match.group(2) or "").lower() in _BREAKS else ""


def cut(text: str) -> str:
    """``text`` cut to a summary (rules 2-4 of the module docstring)."""
    text = " ".join(text.split())
    if len(text) <= LIMIT:
        return text
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, LIMIT + 1) if m.end() <= LIMIT]
    if ends:
        return text[: ends[-1]]
    head = text[: LIMIT - 1]
    space = head.rfind(" ")
    if space >= LIMIT // 2:
        head = head[:space]
    return head.rstrip(" ,;:-–—") + "…"


def summary_of(html: str) -> str:
    """The summary of a rendered body: its first paragraph, cut (``""``: it has no text)."""
    return cut(first_paragraph(html))
