"""pulldown-cmark through pyromark: the parser with the site's Markdown options, the shape of
its events, the HTML of the tags that are written as one tag each way, and where a link
or image is in the source (for problem lines)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyromark

_OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_FOOTNOTES
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_DEFINITION_LIST
    | pyromark.Options.ENABLE_HEADING_ATTRIBUTES
)
PARSER = pyromark.Markdown(options=_OPTIONS)
MATH_PARSER = pyromark.Markdown(options=_OPTIONS | pyromark.Options.ENABLE_MATH)
"""With ``$…$`` and ``$$…$$`` (``math: true``): a parser of its own, so that a site
without math keeps every ``$`` as it is."""


def tag_name(tag: Any) -> str:
    """``'Paragraph'`` or ``{'Heading': {...}}`` -> the tag's name."""
    return tag if type(tag) is str else next(iter(tag))


def tag_payload(tag: Any) -> Any:
    return None if type(tag) is str else next(iter(tag.values()))


def start_name(event: Any) -> str | None:
    return tag_name(event["Start"]) if type(event) is dict and "Start" in event else None


def end_name(event: Any) -> str | None:
    return tag_name(event["End"]) if type(event) is dict and "End" in event else None


def lone_image(events: Sequence[Any], index: int) -> bool:
    """Whether the paragraph starting at ``events[index]`` holds one image and nothing else."""
    if index + 1 >= len(events) or start_name(events[index + 1]) != "Image":
        return False
    depth = 0
    for position in range(index + 2, len(events)):
        event = events[position]
        if start_name(event) == "Image":
            depth += 1
        elif end_name(event) == "Image":
            if depth == 0:
                following = events[position + 1] if position + 1 < len(events) else None
                return end_name(following) == "Paragraph"
            depth -= 1
    return False


def destination_lines(body: str) -> dict[str, int]:
    """Line (0-based, in ``body``) of the first link or image with each destination, as
    :attr:`Rendered.links`, ``images`` and ``unsafe_links`` name it: to point a problem
    at its line even when the Markdown spelt the URL otherwise (``java&#115;cript:``),
    or on its definition's line for a reference link. Parses again with source ranges:
    only called for problems."""
    data = body.encode()
    lines: dict[str, int] = {}
    # A reference's URL is written on its definition's line: point there first.
    for definition in PARSER.reference_definitions(body).values():
        lines.setdefault(definition["dest"], data.count(b"\n", 0, definition["span"]["start"]))
    event: Any
    for event, span in PARSER.events_with_range(body):
        if start_name(event) in ("Link", "Image"):
            target = tag_payload(event["Start"])
            url = target["dest_url"]
            if target["link_type"] == "Email":
                url = f"mailto:{url}"
            lines.setdefault(url, data.count(b"\n", 0, span["start"]))
    return lines


def text_line(body: str, text: str) -> int:
    """Line (0-based) of ``text``'s first occurrence in ``body``, else 0: where a link or
    image is when pulldown-cmark reads the body otherwise than the site's engine did."""
    at = body.find(text)
    return body.count("\n", 0, at) if at >= 0 else 0


SIMPLE_TAGS = {
    # Elements written as one tag each way, whatever their payload.
    "Emphasis": ("<em>", "</em>"),
    "Strong": ("<strong>", "</strong>"),
    "Strikethrough": ("<del>", "</del>"),
    "Superscript": ("<sup>", "</sup>"),
    "Subscript": ("<sub>", "</sub>"),
    "Item": ("<li>", "</li>\n"),
    "DefinitionList": ("<dl>\n", "</dl>\n"),
    "DefinitionListTitle": ("<dt>", "</dt>\n"),
    "DefinitionListDefinition": ("<dd>", "</dd>\n"),
    "TableHead": ("<thead>\n<tr>", "</tr>\n</thead>\n"),
    "TableRow": ("<tr>", "</tr>\n"),
}
BLOCK_TAGS = frozenset(
    {
        "Paragraph",
        "Heading",
        "BlockQuote",
        "CodeBlock",
        "HtmlBlock",
        "List",
        "Item",
        "Table",
        "DefinitionList",
        "DefinitionListTitle",
        "DefinitionListDefinition",
        "FootnoteDefinition",
        "Callout",
    }
)
ALIGNMENT = {"Left": ' style="text-align: left"', "Center": ' style="text-align: center"'}
