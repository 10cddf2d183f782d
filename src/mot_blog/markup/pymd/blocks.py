"""Python-Markdown processors of ours that read the Markdown text: fenced code blocks
(highlighted as the pulldown-cmark engine highlights them, :mod:`mot_blog.markup.code`),
``$…$`` / ``$$…$$`` math (:mod:`mot_blog.markup.mathml`), ``~~strikethrough~~``, and
quotes that end at a blank line, as CommonMark's do."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown.blockprocessors import BlockQuoteProcessor
from markdown.inlinepatterns import InlineProcessor, SimpleTagInlineProcessor
from markdown.preprocessors import Preprocessor

from mot_blog.markup.code import code_block_html, parse_fence, unknown_language
from mot_blog.markup.mathml import MathError, formula_problem, to_mathml
from mot_blog.markup.pymd.state import Ours, RenderState
from mot_blog.markup.rendered import Note
from mot_blog.markup.text import words

_FENCE = re.compile(
    r"^(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n]*?)[ \t]*\n"
    r"(?P<code>.*?)(?<=\n)(?P=fence)[`~]*[ \t]*$",
    re.MULTILINE | re.DOTALL,
)


class Fences(Preprocessor):
    """Fenced code blocks (at the start of a line, as Python-Markdown's ``fenced_code``
    takes them), written through :func:`~mot_blog.markup.code.code_block_html`. It runs
    on the text as written (after line endings are normalized), so a block's line is
    its line in the file. Registered under ``fenced_code``'s name: a site extension that
    takes fences over (``pymdownx.superfences``) replaces it."""

    def __init__(self, md: Any, state: RenderState):
        super().__init__(md)
        self.state = state

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if "```" not in text and "~~~" not in text:
            return lines
        pieces, at = [], 0
        for match in _FENCE.finditer(text):
            line = text.count("\n", 0, match.start())
            fence = parse_fence(match.group("info"))
            code = match.group("code")
            html, known = code_block_html(code, fence)
            self.state.words += words(code)
            if fence.problem:
                self.state.notes.append(Note(line, fence.problem, warning=True))
            if not known:
                self.state.notes.append(Note(line, unknown_language(fence.language), True))
            placeholder = self.md.htmlStash.store(Ours(html))
            pieces += [text[at : match.start()], f"\n{placeholder}\n"]
            at = match.end()
        pieces.append(text[at:])
        return "".join(pieces).split("\n")


_MATH = (
    r"(?<![\\$])(?:\$\$(?P<display>.+?)\$\$"
    r"|\$(?![\s$])(?P<inline>(?:\\.|[^$\\])+?)(?<!\s)\$)"
)


class Math(InlineProcessor):
    """``$…$`` and ``$$…$$`` as MathML, by pulldown-cmark's rules: the opening ``$`` of
    inline math is not followed by a space and the closing one not preceded by one (so
    ``$5 and $10`` stays text). It runs after code spans are taken out (never math
    inside them) and before backslash escapes (``\\$`` is a dollar)."""

    def __init__(self, md: Any, state: RenderState):
        super().__init__(_MATH, md)
        self.state = state

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, int, int]:  # noqa: N802
        display = m.group("display") is not None
        tex = m.group("display") if display else m.group("inline")
        if not _balanced(tex):  # pulldown-cmark takes no math with unbalanced braces
            return None, m.start(0), m.end(0)
        try:
            html = to_mathml(tex, display)
        except MathError as exc:
            line = self.state.line_of(m.group(0))
            self.state.notes.append(Note(line, formula_problem(tex, exc)))
            return None, m.start(0), m.end(0)
        return self.md.htmlStash.store(Ours(html)), m.start(0), m.end(0)


def _balanced(tex: str) -> bool:
    depth, escaped = 0, False
    for ch in tex:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch in "{}":
            depth += 1 if ch == "{" else -1
            if depth < 0:
                return False
    return depth == 0


STRIKETHROUGH = r"(?<!~)(~{1,2})(?![\s~])(.+?)(?<![\s~])\1(?!~)"


def strikethrough(md: Any) -> SimpleTagInlineProcessor:
    """``~~text~~`` (and ``~text~``) as ``<del>``, as pulldown-cmark reads them."""
    return SimpleTagInlineProcessor(STRIKETHROUGH, "del")


class Quotes(BlockQuoteProcessor):
    """Python-Markdown's blockquotes, but a blank line ends one (as in CommonMark and the
    pulldown-cmark engine): two callouts one after the other stay two, rather than the
    second joining the first quote."""

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        block = blocks.pop(0)
        match = self.RE.search(block)
        if match:
            self.parser.parseBlocks(parent, [block[: match.start()]])
            block = "\n".join(self.clean(line) for line in block[match.start() :].split("\n"))
        quote = etree.SubElement(parent, "blockquote")
        self.parser.state.set("blockquote")
        self.parser.parseChunk(quote, block)
        self.parser.state.reset()
