"""Texts no inline pattern can match, kept from Python-Markdown's inline processor.

Python-Markdown's inline processor tries every inline pattern (sixteen with ours, one more
with math) on every text of the tree, a regular-expression search and a round of Python
each, though most texts of a post (a plain paragraph, a list item, a heading, the text
after a link) hold no character that any pattern needs. On the benchmark corpus the inline
processor was half of the engine's time, and three texts in five held no such character.
:class:`InlineGate` marks those texts as ``AtomicString``
(Python-Markdown's documented way to keep a text from the inline patterns) just before
the inline processor runs, and :class:`InlineUngate` makes them plain strings again just
after, so every later processor (``abbr``, ``toc``) sees the tree it would have seen.

The gate knows each pattern it gates for by name (:data:`NEEDS`: what its matches always
hold) and checks, once per engine, that every registered pattern is the one Python-Markdown
itself registers under that name (same class, same regular expression): a site's extension
that adds or replaces an inline pattern leaves the gate out (:func:`inline_gate` gives None:
every text goes through every pattern, as without the gate).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

import markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import STX, AtomicString

NEEDS: dict[str, tuple[str, ...]] = {
    "backtick": ("`",),
    "escape": ("\\",),
    "footnote": ("[",),
    "reference": ("[",),
    "link": ("[",),
    "image_link": ("[",),
    "image_reference": ("[",),
    "short_reference": ("[",),
    "short_image_ref": ("[",),
    "autolink": ("<",),
    "automail": ("<",),
    "linebreak": ("  \n",),
    "html": ("<",),
    "entity": ("&",),
    "not_strong": ("*", "_"),
    "em_strong": ("*", "_"),
    "em_strong2": ("_",),
}
"""Python-Markdown's inline patterns (those of 3.6 to 3.11 and ``footnotes``), each with
the strings one of which every match of it holds (a superset is safe: it only gates less)."""

GATE_PRIORITY = 20.5
UNGATE_PRIORITY = 19.5
"""Just before and just after Python-Markdown's ``inline`` treeprocessor (20)."""


def _shape(pattern: Any) -> tuple[type, str]:
    return type(pattern), pattern.getCompiledRegExp().pattern


def inline_gate(md: Any, ours: dict[str, tuple[Any, tuple[str, ...]]]) -> re.Pattern[str] | None:
    """What a text must hold for some inline pattern of ``md`` to match it, as one
    regular expression; None when a pattern is not known (see the module docstring).
    ``ours``: our own patterns by name, each the instance we registered and its needs."""
    reference = markdown.Markdown(extensions=["footnotes"]).inlinePatterns
    patterns = md.inlinePatterns
    known: dict[int, tuple[str, ...]] = {}
    for name, (instance, strings) in ours.items():
        if name in patterns and patterns[name] is instance:
            known[id(instance)] = strings
    for name, strings in NEEDS.items():
        if name in patterns and name in reference:
            pattern = patterns[name]
            if id(pattern) not in known and _shape(pattern) == _shape(reference[name]):
                known[id(pattern)] = strings
    needs = {STX}  # a placeholder: left to the inline processor, whatever it is
    for pattern in patterns:  # every registered one must be known
        if id(pattern) not in known:
            return None
        needs.update(known[id(pattern)])
    return re.compile("|".join(re.escape(s) for s in sorted(needs, key=len, reverse=True)))


class InlineGate(Treeprocessor):
    """Marks each text that holds nothing ``needs`` matches (see the module docstring)."""

    def __init__(self, md: Any, needs: re.Pattern[str]):
        super().__init__(md)
        self.needs = needs
        self.marked: list[tuple[etree.Element, bool]] = []

    def run(self, root: etree.Element) -> None:
        marked = self.marked = []
        search = self.needs.search
        for element in root.iter():
            text = element.text
            if text and type(text) is str and search(text) is None:
                element.text = AtomicString(text)
                marked.append((element, False))
            tail = element.tail
            if tail and type(tail) is str and search(tail) is None:
                element.tail = AtomicString(tail)
                marked.append((element, True))


class InlineUngate(Treeprocessor):
    """The texts :class:`InlineGate` marked, plain strings again."""

    def __init__(self, md: Any, gate: InlineGate):
        super().__init__(md)
        self.gate = gate

    def run(self, root: etree.Element) -> None:
        for element, tail in self.gate.marked:
            # (the inline processor keeps a text it may not touch, and writes a tail back
            # as a new AtomicString of the same characters)
            if tail:
                if isinstance(element.tail, AtomicString):
                    element.tail = str(element.tail)
            elif isinstance(element.text, AtomicString):
                element.text = str(element.text)
        self.gate.marked = []
