"""Front matter as other generators write it: YAML between ``---`` lines (Hugo, Jekyll,
Pelican's YAML plugin), TOML between ``+++`` lines (Hugo, read with Python's ``tomllib``),
a JSON object at the top of the file (Hugo), and Python-Markdown's ``Key: value`` lines
(Pelican's Markdown reader). Keys are made lowercase (Hugo and Pelican read them without
regard to case), each with the line it is on.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

import yaml

_TOML_LINE = re.compile(r"\(at line (\d+)")
_KEY_LINE = re.compile(r"""^\s*(?:\[\s*)?["']?([A-Za-z_][\w.-]*)["']?\s*(?:[:=\]]|$)""")
_META_KEY = re.compile(r"^([A-Za-z][\w-]*)[ \t]*:[ \t]*(.*)$")


class FrontMatterError(ValueError):
    """The front matter cannot be read: a message and the file's line."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


@dataclass(frozen=True, slots=True)
class Parsed:
    """A post file split: its front matter (keys lowercase) and its body."""

    data: dict[str, Any]
    body: str
    body_line: int
    """The file's line where the body starts."""
    form: str
    """``yaml``, ``toml``, ``json``, ``meta`` or ``none``."""
    lines: dict[str, int] = field(default_factory=dict)
    """Line of each top-level key (lowercase)."""
    names: dict[str, str] = field(default_factory=dict)
    """Each lowercase key as the file wrote it (``featuredImage``)."""


def parse(text: str, meta_lines: bool = False) -> Parsed:
    """Split ``text``; with ``meta_lines``, ``Key: value`` lines at the top are front matter
    too (Pelican). A file without front matter has an empty one."""
    first = text.split("\n", 1)[0].strip()
    if first == "---":
        return _delimited(text, ("---", "..."), "yaml")
    if first == "+++":
        return _delimited(text, ("+++",), "toml")
    if text.lstrip().startswith("{"):
        return _json(text)
    if meta_lines and _META_KEY.match(first):
        return _meta(text)
    return Parsed({}, text, 1, "none")


def _delimited(text: str, ends: tuple[str, ...], form: str) -> Parsed:
    lines = text.split("\n")
    for index in range(1, len(lines)):
        if lines[index].strip() in ends:
            block = "\n".join(lines[1:index])
            data = _yaml(block) if form == "yaml" else _toml(block)
            return _made(data, "\n".join(lines[index + 1 :]), index + 2, form, lines[1:index], 2)
    raise FrontMatterError(1, f"front matter opened by '{lines[0].strip()}' is never closed")


def _yaml(block: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(block)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 2) if mark is not None else 1
        raise FrontMatterError(line, f"YAML front matter: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(1, f"YAML front matter: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontMatterError(2, "the front matter is not a mapping of keys to values")
    return data


def _toml(block: str) -> dict[str, Any]:
    try:
        return tomllib.loads(block)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_LINE.search(str(exc))
        line = int(found.group(1)) + 1 if found else 1
        raise FrontMatterError(line, f"TOML front matter: {exc}") from None


def _json(text: str) -> Parsed:
    start = len(text) - len(text.lstrip())
    try:
        data, end = json.JSONDecoder().raw_decode(text, start)
    except json.JSONDecodeError as exc:
        raise FrontMatterError(exc.lineno, f"JSON front matter: {exc.msg}") from None
    if not isinstance(data, dict):
        raise FrontMatterError(1, "the front matter is not a JSON object")
    head = text[:end]
    body = text[end:].lstrip(" \t").removeprefix("\n")
    return _made(data, body, head.count("\n") + 2, "json", head.split("\n"), 1)


def _meta(text: str) -> Parsed:
    """Python-Markdown's meta-data: ``Key: value`` lines, a line indented by 4 spaces
    going on with the value before it, up to the first blank line."""
    lines = text.split("\n")
    data: dict[str, Any] = {}
    key_lines: dict[str, int] = {}
    names: dict[str, str] = {}
    last = ""
    start = len(lines)
    for index, line in enumerate(lines):
        if not line.strip():
            start = index + 1  # the blank line ends the meta-data
            break
        match = _META_KEY.match(line)
        if match is not None:
            last = match.group(1).lower()
            names[last] = match.group(1)
            data[last] = match.group(2).strip()
            key_lines[last] = index + 1
        elif line.startswith(("    ", "\t")) and last:
            data[last] = f"{data[last]}\n{line.strip()}".strip()
        else:
            start = index
            break
    return Parsed(data, "\n".join(lines[start:]), start + 1, "meta", key_lines, names)


def _made(
    data: dict[str, Any], body: str, body_line: int, form: str, block: list[str], first: int
) -> Parsed:
    lowered: dict[str, Any] = {}
    names: dict[str, str] = {}
    for key, value in data.items():
        lowered[str(key).lower()] = value
        names[str(key).lower()] = str(key)
    lines: dict[str, int] = {}
    for offset, line in enumerate(block):
        if line[:1] in (" ", "\t") and form != "json":
            continue
        match = _KEY_LINE.match(line)
        if match is not None:
            lines.setdefault(match.group(1).lower(), first + offset)
    return Parsed(lowered, body, body_line, form, lines, names)


def as_list(value: Any, separator: str | None = ",") -> list[str]:
    """A list of texts from a list, or a text cut at ``separator`` (``None``: at spaces, as
    Jekyll cuts ``tags: a b``); empty items left out."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        items = [str(item).strip() for item in value if item is not None]
    else:
        items = [part.strip() for part in str(value).split(separator)]
    return [item for item in items if item]
