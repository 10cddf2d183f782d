"""The blocks of a Markdown body as pulldown-cmark reads them, with where each is in the text:
its paragraphs, headings, list items, quotes, table cells, footnotes, code and HTML blocks.

Each :class:`Run` is one stretch of a body's inline content (the text of a paragraph, a
heading, a tight list item, a table cell...) or one block that holds none (a code block,
an HTML block, a rule), with its byte range in the body's UTF-8 and the inline events in
it. ``mot-blog status --diff`` compares two versions of a body run by run; PO translation
(:mod:`mot_blog.markup.segments`) makes a segment of each run. The engine's own parser
decides what a block is, so a list, a fence or a quote is never split where a blank line
happens to be (or joined where none is).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mot_blog.markup.events import BLOCK_TAGS, PARSER, end_name, start_name, tag_payload

_TABLE_TAGS = frozenset({"Table", "TableHead", "TableRow", "TableCell"})
_OPAQUE = {"CodeBlock": "code", "HtmlBlock": "html"}
"""Blocks whose lines are not inline content: one run each, without events."""
_CONTAINERS = (BLOCK_TAGS | _TABLE_TAGS) - _OPAQUE.keys()
_KINDS = (
    # innermost container first: what a run of inline content in it is called
    ("TableCell", "table cell"),
    ("Heading", "heading"),
    ("DefinitionListTitle", "term"),
    ("DefinitionListDefinition", "definition"),
    ("FootnoteDefinition", "footnote"),
    ("Item", "list item"),
    ("BlockQuote", "quote"),
)

InlineEvent = tuple[Any, int, int]
"""An inline event with its byte range in the body."""


@dataclass(frozen=True, slots=True)
class Run:
    """One run of inline content, or one block without any."""

    kind: str
    """``paragraph``, ``heading``, ``list item``, ``quote``, ``table cell``, ``footnote``,
    ``term``, ``definition``; ``code``, ``html`` and ``rule`` hold no inline content."""
    start: int
    """Byte offset in the body's UTF-8 (of the run's first inline event, or the block's)."""
    end: int
    events: tuple[InlineEvent, ...] = ()
    heading: str = ""
    """The text of the last heading before the run (its section)."""
    row: tuple[int, int] | None = None
    """A table cell's row (its byte range)."""
    quote_start: bool = False
    """The run opens a blockquote (where a callout's ``[!NOTE]`` marker is)."""
    level: int = 0
    """A heading's level."""


def runs(body: str) -> list[Run]:
    """The runs of ``body``, in order."""
    walk = _Walk(body.encode())
    event: Any
    for event, span in PARSER.events_with_range(body):
        walk.take(event, span["start"], span["end"])
    walk.flush()
    return walk.found


class _Walk:
    """The state of one walk over a body's events."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.found: list[Run] = []
        self.stack: list[str] = []
        self.inline: list[InlineEvent] = []
        self.heading = ""
        self.row: tuple[int, int] | None = None
        self.quote_start = False
        self.level = 0
        self.block_start = -1

    def take(self, event: Any, start: int, end: int) -> None:
        opened, closed = start_name(event), end_name(event)
        stack = self.stack
        if opened in _OPAQUE:
            self.flush()
            stack.append(opened)
            self.block_start = start
        elif closed in _OPAQUE:
            stack.pop()
            self._block(_OPAQUE[closed], self.block_start, end)
        elif stack and stack[-1] in _OPAQUE:
            return  # the code's or the HTML's own lines
        elif opened in _CONTAINERS:
            self.flush()
            stack.append(opened)
            if opened in ("TableHead", "TableRow"):
                self.row = (start, _trimmed(self.data, start, end))
            elif opened == "BlockQuote":
                self.quote_start = True
            elif opened == "Heading":
                self.level = int(tag_payload(event["Start"])["level"][1:])
        elif closed in _CONTAINERS:
            self.flush()
            stack.pop()
        elif event == "Rule":
            self.flush()
            self._block("rule", start, end)
        else:
            self.inline.append((event, start, end))

    def _block(self, kind: str, start: int, end: int) -> None:
        self.found.append(Run(kind, start, _trimmed(self.data, start, end), (), self.heading))
        self.quote_start = False

    def flush(self) -> None:
        """End the run of inline content being collected, if any."""
        inline = self.inline
        if not inline:
            return
        kind = next((k for tag, k in _KINDS if tag in self.stack), "paragraph")
        self.found.append(
            Run(
                kind,
                inline[0][1],
                inline[-1][2],
                tuple(inline),
                self.heading,
                self.row if kind == "table cell" else None,
                self.quote_start,
                self.level if kind == "heading" else 0,
            )
        )
        if kind == "heading":
            self.heading = _plain(inline)
        self.quote_start = False
        self.inline = []


def _trimmed(data: bytes, start: int, end: int) -> int:
    """``end`` without the line breaks and blank lines a block's range ends with."""
    while end > start and data[end - 1 : end] in (b"\n", b" ", b"\t", b"\r"):
        end -= 1
    return end


def _plain(events: list[InlineEvent]) -> str:
    """The text of a run's events (a heading's, for the runs after it)."""
    parts = []
    for event, _, _ in events:
        if type(event) is dict:
            if "Text" in event:
                parts.append(event["Text"])
            elif "Code" in event:
                parts.append(event["Code"])
        elif event in ("SoftBreak", "HardBreak"):
            parts.append(" ")
    return "".join(parts).strip()
