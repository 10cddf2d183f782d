"""A Markdown body as the segments a translator translates, and the body rebuilt from their
translations.

A segment is one block's inline content (:mod:`mot_blog.markup.blocks`: a heading, a
paragraph, a list item, a table cell, a quote, a footnote...) or an image's caption (its
title), as plain text. What the translator must not touch is a numbered placeholder:
``<1>…</1>`` around the words of an emphasis, a link or an image's alt text (the
markup and the URL stay in the source), ``{2}`` for inline code, raw HTML, a URL, a
shortcode, a footnote reference, a hard line break. The translation of a segment is
written back in place of the block's inline content in the source body, each
placeholder replaced by the source's own markup and the translator's words escaped, so
no translation can change the structure of the page (a line starting ``1.`` or ``#``,
a ``*`` or ``|`` in the words, stays text).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from mot_blog.markup.blocks import Run, runs
from mot_blog.markup.events import end_name, start_name, tag_payload

_PAIRED = frozenset({"Emphasis", "Strong", "Strikethrough", "Link", "Image"})
"""Inline elements whose words are translated: ``<n>words</n>``."""
_ATOMIC_TEXT = re.compile(
    r"\{\{[<%].*?[%>]\}\}"  # a shortcode call
    r"|(?:https?|ftp|mailto):[^\s<>()]*[^\s<>().,;:!?'\"]"  # a bare URL
    r"|</?\d+>|\{\d+\}"  # text that reads like a placeholder
)
TOKEN = re.compile(r"</?(\d+)>|\{(\d+)\}")
_CALLOUT = re.compile(r"\[![A-Za-z]+\][+-]?")
_BLOCK_START = re.compile(r"(#{1,6}|[-+>]|\d{1,9}[.)])(?=\s|$)")
_ESCAPED = re.compile(r"([\\`*_\[\]])")
SKIPPED = frozenset({"code", "html", "rule"})
"""Runs without words to translate."""


@dataclass(frozen=True, slots=True)
class Segment:
    """One piece of a body to translate."""

    kind: str
    """``heading``, ``paragraph``, ``list item``, ``table cell``, ``quote``, ``footnote``,
    ``term``, ``definition`` or ``caption``."""
    text: str
    """The source's words, with placeholders (the PO entry's msgid)."""
    line: int
    """Line of the segment in the body (0-based)."""
    start: int
    end: int
    """Byte range in the body's UTF-8 that a translation replaces."""
    pieces: Mapping[str, str]
    """Placeholder -> the source's markup it stands for."""
    cell: bool = False
    """A table cell: a ``|`` in the translation is escaped."""
    parent: int = -1
    """For a caption: the index of the segment holding its image, and the placeholder
    (in :attr:`pieces` of that segment) whose markup holds the caption."""
    token: str = ""


def segments(body: str) -> list[Segment]:
    """The segments of ``body``, in order (a caption after the segment holding its image)."""
    data = body.encode()
    found: list[Segment] = []
    for run in runs(body):
        if run.kind not in SKIPPED and run.events:
            _segment_run(data, run, found)
    return found


def _segment_run(data: bytes, run: Run, found: list[Segment]) -> None:
    parts: list[str] = []
    pieces: dict[str, str] = {}
    captions: list[tuple[str, str, str]] = []
    text: list[str] = []
    count = 0

    def atomic(markup: str) -> None:
        nonlocal count
        count += 1
        parts.append(f"{{{count}}}")
        pieces[f"{{{count}}}"] = markup

    def flush() -> None:
        joined, at = "".join(text), 0
        text.clear()
        if not parts and run.quote_start and (callout := _CALLOUT.match(joined)):
            atomic(callout.group())  # a callout's marker with its title on its line
            at = callout.end()
        for match in _ATOMIC_TEXT.finditer(joined, at):
            parts.append(joined[at : match.start()])
            atomic(match.group())
            at = match.end()
        parts.append(joined[at:])

    events = run.events
    open_tags: list[tuple[int, int, str | None]] = []  # (number, element end, image title)
    index = _callout_line(data, run, atomic)
    while index < len(events):
        event, start, end = events[index]
        opened, closed = start_name(event), end_name(event)
        following = events[index + 1] if index + 1 < len(events) else None
        if type(event) is dict and "Text" in event:
            text.append(event["Text"])
        elif event == "SoftBreak":
            text.append(" ")
        else:
            flush()
            if opened in _PAIRED:
                payload = tag_payload(event["Start"])
                autolink = opened == "Link" and payload["link_type"] in ("Autolink", "Email")
                if autolink or following is None or end_name(following[0]) == opened:
                    # No words of its own to translate: the whole element is one placeholder.
                    atomic(data[start:end].decode())
                    index = _skip_element(events, index)
                    continue
                count += 1
                parts.append(f"<{count}>")
                pieces[f"<{count}>"] = data[start : following[1]].decode()
                title = payload.get("title") or None if opened == "Image" else None
                open_tags.append((count, end, title))
            elif closed in _PAIRED and open_tags:
                number, element_end, title = open_tags.pop()
                close = data[events[index - 1][2] : element_end].decode()
                parts.append(f"</{number}>")
                pieces[f"</{number}>"] = close
                if title and title in close:
                    captions.append((f"</{number}>", title, close))
            elif event == "HardBreak":
                # The break and the next line's container prefix (a quote's "> ").
                atomic(data[start : following[1] if following else end].decode())
            else:  # inline code, raw HTML, math, a footnote reference
                atomic(data[start:end].decode())
        index += 1
    flush()
    words = "".join(parts).strip()
    if not any(ch.isalpha() for ch in TOKEN.sub("", words)):
        return
    line = data.count(b"\n", 0, run.start)
    found.append(
        Segment(run.kind, words, line, run.start, run.end, pieces, run.kind == "table cell")
    )
    parent = len(found) - 1
    for token, title, _close in captions:
        found.append(
            Segment("caption", title, line, run.start, run.end, {}, parent=parent, token=token)
        )


def _callout_line(data: bytes, run: Run, atomic: Callable[[str], None]) -> int:
    """A callout's ``[!NOTE]`` alone on the quote's first line is one placeholder, with the
    line break and the next line's ``> `` (so that it stays on a line of its own); the
    index of the first event after it (0 when the run does not start so)."""
    if not run.quote_start:
        return 0
    events, words = run.events, []
    for index, (event, _start, _end) in enumerate(events):
        if type(event) is dict and "Text" in event:
            words.append(event["Text"])
            continue
        callout = _CALLOUT.fullmatch("".join(words).strip())
        if event == "SoftBreak" and index + 1 < len(events) and callout:
            atomic(data[events[0][1] : events[index + 1][1]].decode())
            return index + 1
        return 0
    return 0


def _skip_element(events: tuple, index: int) -> int:
    """The index after the end of the element that starts at ``events[index]``."""
    name, depth = start_name(events[index][0]), 0
    for position in range(index, len(events)):
        event = events[position][0]
        if start_name(event) == name:
            depth += 1
        elif end_name(event) == name:
            depth -= 1
            if depth == 0:
                return position + 1
    return len(events)


def placeholder_problem(segment: Segment, translation: str) -> str | None:
    """Why ``translation`` cannot stand for ``segment`` (a placeholder missing, added,
    doubled, or a closing one before its opening one), or None."""
    expected = set(segment.pieces) if segment.kind != "caption" else set()
    seen: list[str] = []
    for match in TOKEN.finditer(translation):
        token = match.group()
        if token not in expected:
            return f"the translation has {token}, which the source text does not"
        if token in seen:
            return f"the translation has {token} twice"
        if token.startswith("</") and "<" + token[2:] not in seen:
            return f"the translation has {token} before {'<' + token[2:]}"
        seen.append(token)
    missing = [token for token in segment.pieces if token not in seen]
    if missing:
        return f"the translation leaves out {', '.join(missing)} (keep every placeholder)"
    return None


def escape(words: str, *, first: bool, cell: bool) -> str:
    """A translator's words as Markdown text that reads as those words and nothing else."""
    words = words.replace("\r", "").replace("\n", " ")
    words = _ESCAPED.sub(r"\\\1", words).replace("<", "&lt;")
    if cell:
        words = words.replace("|", "\\|")
    if first:
        stripped = words.lstrip()
        marker = _BLOCK_START.match(stripped)
        if marker:
            head = marker.group()
            head = head[:-1] + "\\" + head[-1] if head[0].isdigit() else "\\" + head
            words = head + stripped[marker.end() :]
    return words


def markdown(segment: Segment, translation: str, pieces: Mapping[str, str]) -> str:
    """The Markdown of ``translation`` (checked by :func:`placeholder_problem`) in place
    of ``segment``'s inline content, its placeholders as ``pieces`` say."""
    out: list[str] = []
    at = 0
    for match in TOKEN.finditer(translation):
        out.append(escape(translation[at : match.start()], first=not out, cell=segment.cell))
        out.append(pieces[match.group()])
        at = match.end()
    out.append(escape(translation[at:], first=not out, cell=segment.cell))
    return "".join(out).strip()


def _caption_markup(close: str, title: str, translated: str) -> str:
    """An image's closing markup (``](photo.jpg "title")``) with its title translated."""
    at = close.rfind(title)
    quoted = translated.replace("\\", "\\\\").replace('"', '\\"').replace("'", "\\'")
    return close[:at] + quoted.replace(")", "\\)").replace("\n", " ") + close[at + len(title) :]


def translated_body(
    body: str, found: list[Segment], translate: Callable[[Segment], str | None]
) -> str:
    """``body`` with each segment of ``found`` (:func:`segments` of it) replaced by
    ``translate(segment)``, which is a checked translation, or None to keep the source's."""
    data = body.encode()
    captions: dict[int, dict[str, str]] = {}
    for segment in found:
        if segment.kind == "caption":
            translation = translate(segment)
            if translation is not None:
                close = found[segment.parent].pieces[segment.token]
                captions.setdefault(segment.parent, {})[segment.token] = _caption_markup(
                    close, segment.text, translation
                )
    out, at = [], 0
    for position, segment in enumerate(found):
        if segment.kind == "caption":
            continue
        translation = translate(segment)
        pieces = {**segment.pieces, **captions.get(position, {})}
        if translation is None:
            if position not in captions:
                continue
            translation = segment.text  # the source's words, with a translated caption
        out.append(data[at : segment.start])
        out.append(markdown(segment, translation, pieces).encode())
        at = segment.end
    out.append(data[at:])
    return b"".join(out).decode()
