"""Less work for Python-Markdown's inline processor, with the same output.

Python-Markdown's inline processor tries every inline pattern (sixteen with ours, one more
with math) on every text of the tree, a regular-expression search and a round of Python
each. On the benchmark corpus it was half of the engine's time, though three texts in five
held no character any pattern needs, and most posts hold no ``<``, ``&``, ``\\``, backtick
or ``~`` at all. Just before the inline processor runs, :class:`InlineGate` reads every
text of the tree once, and

- marks each text that holds nothing any pattern needs as ``AtomicString`` (Python-Markdown's
  documented way to keep a text from the inline patterns);
- gives the inline processor only the patterns whose needs some other text holds (its
  ``inlinePatterns``, a registry of the same patterns in the same order, as the ``smarty``
  extension gives its own inline processor): every text the inline processor reads is
  made of the characters of those texts and of its placeholders, so a pattern left out
  could not have matched.

Just after, :class:`InlineUngate` makes the marked texts plain strings again and gives the
inline processor all its patterns back, so every later processor (``abbr``, ``smarty``'s
own inline processor) sees the tree it would have seen.

The gate knows each pattern by name (:data:`NEEDS`: what its matches always hold) and
checks, once per engine, that every registered pattern is the one Python-Markdown itself
registers under that name (same class, same regular expression): a site's extension that
adds or replaces an inline pattern leaves the gate out (:func:`known_patterns` gives None:
every text goes through every pattern, as without the gate).
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from typing import Any

import markdown
from markdown.treeprocessors import InlineProcessor, Treeprocessor
from markdown.util import STX, AtomicString, Registry

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


@functools.cache
def _reference() -> dict[str, tuple[type, str]]:
    """The shape of each inline pattern Python-Markdown registers itself (with ``footnotes``)."""
    registered = markdown.Markdown(extensions=["footnotes"]).inlinePatterns
    return {name: _shape(registered[name]) for name in NEEDS if name in registered}


@dataclass(frozen=True, slots=True)
class Patterns:
    """A Markdown's inline patterns, in the order they run, with what each needs."""

    names: tuple[str, ...]
    items: tuple[Any, ...]
    needs: tuple[frozenset[str], ...]
    search: re.Pattern[str]
    """Any string some pattern needs (or a placeholder, left to the inline processor)."""


def known_patterns(md: Any, ours: dict[str, tuple[Any, tuple[str, ...]]]) -> Patterns | None:
    """The inline patterns of ``md``, when every one is known (see the module docstring).
    ``ours``: our own patterns by name, each the instance we registered and its needs."""
    # (a Registry has no get())
    inline = md.treeprocessors["inline"] if "inline" in md.treeprocessors else None  # noqa: SIM401
    if type(inline) is not InlineProcessor:  # another extension's own
        return None
    assert inline is not None
    if inline.inlinePatterns is not md.inlinePatterns:
        return None
    reference = _reference()
    registered = md.inlinePatterns
    known: dict[int, tuple[str, tuple[str, ...]]] = {}
    for name, (instance, strings) in ours.items():
        if name in registered and registered[name] is instance:
            known[id(instance)] = (name, strings)
    for name, strings in NEEDS.items():
        if name in registered and name in reference:
            pattern = registered[name]
            if id(pattern) not in known and _shape(pattern) == reference[name]:
                known[id(pattern)] = (name, strings)
    items = tuple(registered)
    if any(id(pattern) not in known for pattern in items):
        return None
    names = tuple(known[id(pattern)][0] for pattern in items)
    needs = tuple(frozenset(known[id(pattern)][1]) for pattern in items)
    every = {STX}.union(*needs)
    search = re.compile("|".join(re.escape(s) for s in sorted(every, key=len, reverse=True)))
    return Patterns(names, items, needs, search)


class InlineGate(Treeprocessor):
    """Marks the texts that hold nothing any pattern needs, and gives the inline processor
    the patterns the other texts need (see the module docstring)."""

    def __init__(self, md: Any, patterns: Patterns):
        super().__init__(md)
        self.patterns = patterns
        self.inline: InlineProcessor = md.treeprocessors["inline"]
        self.marked: list[tuple[etree.Element, bool]] = []
        self.registries: dict[frozenset[str], Registry[Any]] = {}
        """The patterns a post needs, by what its texts hold (a site's posts hold few
        different sets)."""

    def run(self, root: etree.Element) -> None:
        marked: list[tuple[etree.Element, bool]] = []
        held: set[str] = set()
        findall = self.patterns.search.findall
        for element in root.iter():
            text = element.text
            if text and type(text) is str:
                found = findall(text)
                if found:
                    held.update(found)
                else:
                    element.text = AtomicString(text)
                    marked.append((element, False))
            tail = element.tail
            if tail and type(tail) is str:
                found = findall(tail)
                if found:
                    held.update(found)
                else:
                    element.tail = AtomicString(tail)
                    marked.append((element, True))
        self.marked = marked
        key = frozenset(held)
        registry = self.registries.get(key)
        if registry is None:
            registry = self.registries[key] = self._registry(key)
        self.inline.inlinePatterns = registry

    def _registry(self, held: frozenset[str]) -> Registry[Any]:
        """The patterns that need something in ``held``, in their order."""
        patterns = self.patterns
        kept = [i for i, needs in enumerate(patterns.needs) if needs & held]
        if len(kept) == len(patterns.names):
            return self.md.inlinePatterns
        registry: Registry[Any] = Registry()
        for rank, i in enumerate(kept):
            registry.register(patterns.items[i], patterns.names[i], len(kept) - rank)
        return registry


class InlineUngate(Treeprocessor):
    """The texts :class:`InlineGate` marked plain strings again, and every pattern back."""

    def __init__(self, md: Any, gate: InlineGate):
        super().__init__(md)
        self.gate = gate

    def run(self, root: etree.Element) -> None:
        self.gate.inline.inlinePatterns = self.md.inlinePatterns
        for element, tail in self.gate.marked:
            # (the inline processor keeps a text it may not touch, and writes a tail back
            # as a new AtomicString of the same characters)
            if tail:
                if isinstance(element.tail, AtomicString):
                    element.tail = str(element.tail)
            elif isinstance(element.text, AtomicString):
                element.text = str(element.text)
        self.gate.marked = []
