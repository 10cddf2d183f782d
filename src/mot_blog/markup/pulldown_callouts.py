"""Callouts in pulldown-cmark's events: a blockquote opened by a ``[!TYPE]`` line becomes a
``Callout`` element whose first line is its ``CalloutTitle`` (see
:mod:`mot_blog.markup.callouts` for the syntax). Run only on a body that holds ``[!``, so
other bodies pay nothing for it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mot_blog.markup.callouts import read_marker
from mot_blog.markup.events import end_name, start_name

_BREAKS = ("SoftBreak", "HardBreak")


def with_callouts(events: Sequence[Any]) -> list[Any]:
    """``events`` with every callout's quote turned into ``Callout``/``CalloutTitle`` events."""
    out: list[Any] = []
    closing: list[bool] = []
    """Per open blockquote: whether it is a callout (its end becomes the callout's)."""
    index, count = 0, len(events)
    while index < count:
        event = events[index]
        name = start_name(event)
        if name == "BlockQuote":
            opened = _callout_start(events, index)
            closing.append(opened is not None)
            if opened is None:
                out.append(event)
                index += 1
                continue
            callout, title = opened
            out += [{"Start": {"Callout": callout}}, {"Start": "CalloutTitle"}]
            if title:
                out.append({"Text": title})
            index = _title_and_rest(events, index + 3, out)
            continue
        if end_name(event) == "BlockQuote":
            out.append({"End": "Callout"} if closing.pop() else event)
        else:
            out.append(event)
        index += 1
    return out


def _callout_start(events: Sequence[Any], index: int) -> tuple[Any, str] | None:
    """The callout the quote at ``events[index]`` opens, with its title's first text."""
    if index + 2 >= len(events) or start_name(events[index + 1]) != "Paragraph":
        return None
    first = events[index + 2]
    if type(first) is not dict or "Text" not in first or not first["Text"].startswith("[!"):
        return None
    callout = read_marker(first["Text"])
    return None if callout is None else (callout, callout.title)


def _title_and_rest(events: Sequence[Any], index: int, out: list[Any]) -> int:
    """Copy the title's inline events up to the first line break into ``out``, close the
    title, and open a paragraph for the rest of the first paragraph (if any). Returns the
    index of the next event to read."""
    depth = 0
    while index < len(events):
        event = events[index]
        if depth == 0 and (event in _BREAKS or end_name(event) == "Paragraph"):
            out.append({"End": "CalloutTitle"})
            if event in _BREAKS:
                out.append({"Start": "Paragraph"})
            return index + 1
        if start_name(event) is not None:
            depth += 1
        elif end_name(event) is not None:
            depth -= 1
        out.append(event)
        index += 1
    out.append({"End": "CalloutTitle"})
    return index
