"""YAML documents with line numbers.

PyYAML's ``safe_load`` forgets where each value came from; diagnostics need it.
:func:`parse_yaml` composes the node tree once, constructs plain Python data
from it, and records the line of every mapping key (by key path), so that a
later stage can say ``content/x.md:5: unknown author 'jan'``.

The tree is composed by libyaml when PyYAML has it (its C composer keeps the
marks too, and is some twenty times faster than the pure-Python one: a build
reads one YAML block per post). Only a document that libyaml composes is taken
from it; a syntax error, a document nested deeper than the pure-Python composer
could go, or a PyYAML without libyaml goes through the pure-Python loader,
whose problem messages the diagnostics are written for.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from mot_blog.errors import Problem

KeyPath = tuple[Any, ...]

MAX_EXPANDED_VALUES = 100_000
"""Refuse 'billion laughs' documents: later stages print and walk values in full."""


@dataclass(frozen=True, slots=True)
class YamlDoc:
    """Parsed YAML data plus the 1-based file line of each mapping key."""

    data: Any
    key_lines: dict[KeyPath, int] = field(default_factory=dict)
    first_line: int = 1

    def line_of(self, *path: Any) -> int:
        """Line of the key at ``path``; falls back to its parent's, then the document's."""
        while path:
            if path in self.key_lines:
                return self.key_lines[path]
            path = path[:-1]
        return self.first_line


def kind_of(value: Any) -> str:
    """What a YAML value is, in an editor's words rather than Python's (for messages such
    as "'title' must be text, not a list")."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text" if value.strip() else "empty text"
    if isinstance(value, dt.datetime):
        return "a date and time"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, set):
        return "a set"
    return "binary data" if isinstance(value, bytes) else "a value of another kind"


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _self_reference(node: yaml.Node, open_nodes: set[int], done: set[int]) -> yaml.Node | None:
    """A node that contains itself through an alias (``&a [*a]``), which no stage could walk."""
    if id(node) in open_nodes:
        return node
    if id(node) in done:
        return None
    open_nodes.add(id(node))
    for child in _children(node):
        found = _self_reference(child, open_nodes, done)
        if found is not None:
            return found
    open_nodes.discard(id(node))
    done.add(id(node))
    return None


def _expanded_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """How many values the document has once every alias is expanded (memoized: linear time)."""
    if id(node) not in sizes:
        sizes[id(node)] = 1 + sum(_expanded_size(child, sizes) for child in _children(node))
    return sizes[id(node)]


def _collect_lines(
    node: yaml.Node,
    path: KeyPath,
    offset: int,
    out: dict[KeyPath, int],
    seen: set[int],
    file: str,
    problems: list[Problem],
) -> None:
    """The line of every key and item into ``out``, and a problem per duplicate key (YAML
    silently keeps the last) into ``problems``: one walk for both."""
    # An aliased node is walked once: its lines are its anchor's, and walking every
    # alias would take exponential time on 'billion laughs' documents.
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        keys: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is not None:
                if key in keys:
                    problems.append(
                        Problem(
                            file,
                            key_node.start_mark.line + offset,
                            f"duplicate key '{key}'; keep only one",
                        )
                    )
                keys.add(key)
                out[path + (key,)] = key_node.start_mark.line + offset
                _collect_lines(value_node, path + (key,), offset, out, seen, file, problems)
            else:  # a key that is a list or a mapping: no line to look up under it
                _collect_lines(value_node, path, offset, {}, seen, file, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            out[path + (index,)] = item.start_mark.line + offset
            _collect_lines(item, path + (index,), offset, out, seen, file, problems)


def _timestamp_or_text(loader: Any, node: yaml.ScalarNode) -> Any:
    """A timestamp, except that an impossible date stays text.

    ``date: 2024-13-45`` looks like a timestamp to YAML and PyYAML raises a bare
    ValueError while constructing it; kept as a string, the front-matter check
    reports it as a bad date on its own line.
    """
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError, AttributeError):
        # AttributeError: an explicit '!!timestamp' tag on text that is no date at all.
        return loader.construct_scalar(node)


class SafeLineLoader(yaml.SafeLoader):
    """PyYAML's pure-Python safe loader, with :func:`_timestamp_or_text`."""


SafeLineLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)

_CLoader: type[yaml.CSafeLoader] | None = None
if yaml.__with_libyaml__:

    class _CSafeLoader(yaml.CSafeLoader):
        """libyaml's parser and composer, with PyYAML's safe constructor and
        :func:`_timestamp_or_text`."""

    _CSafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)
    _CLoader = _CSafeLoader

C_NESTING_BOUND = 200
"""libyaml composes a document only when fewer than this many ``[ { - ? :`` characters
are in it (each nesting level needs one), so at most this deep. Its composer recurses
in C and crashes the process on deep enough input (100,000 levels), and the
pure-Python composer would stop at about 490 levels with a RecursionError (the
"nested too deeply" problem): below the bound both agree that the document composes."""

_LIBYAML_DIFFERS = re.compile("[\t\r\x85\u2028\u2029\ufeff]|(?<![^\\s\\[\\]{},])!|[|>][-+0-9]*#")
"""What libyaml and the pure-Python loader read differently (found by comparing the two
on generated documents): libyaml takes some tabs PyYAML refuses, drops byte-order marks
inside the text, breaks lines on other characters, resolves the non-specific tag ``!``
otherwise, and takes a comment right after a block scalar's ``|`` or ``>``. Any ``!``
that may start a tag is left to PyYAML; one inside a word or quotes is not. A ``?`` in
a document with a flow collection is left to PyYAML too (libyaml reads ``{a?}`` as the
key ``a?``, PyYAML refuses it)."""


def _compose(loader_class: type, text: str) -> tuple[yaml.Node | None, Any]:
    """The document's node tree (``None``: no document) and its constructed data."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        return node, loader.construct_document(node)
    finally:
        loader.dispose()


def _compose_with_libyaml(text: str) -> tuple[yaml.Node | None, Any] | None:
    """:func:`_compose` by libyaml, or ``None`` when the pure-Python loader must decide."""
    if (
        _CLoader is None
        or sum(text.count(c) for c in "[{-?:") >= C_NESTING_BOUND
        or _LIBYAML_DIFFERS.search(text)
        or ("?" in text and ("{" in text or "[" in text))
    ):
        return None
    try:
        return _compose(_CLoader, text)
    except Exception:  # noqa: BLE001 (the pure-Python loader reports it, in its own words)
        return None


# ---- flat documents, read without a node tree --------------------------------------
#
# A post's front matter is a dozen ``key: value`` lines. Composing them into PyYAML's
# node tree and constructing the data from it took 0.3 ms per post, a third of parsing
# a 1,000-word article. A document made only of such lines, each value a quoted string
# without backslash escapes, a one-line list or a one-line plain scalar, is read here
# line by line, in a fifth of that time; anything else (comments, nesting, block
# scalars, escapes, anchors, tags, a duplicate key) goes to the full path below. Plain
# scalars and keys are resolved and constructed by the full path's own loader, so the
# data is the same (tests/test_yamldoc.py compares the two on generated documents).


def parse_yaml(text: str, path: str, first_line: int = 1) -> tuple[YamlDoc | None, list[Problem]]:
    """Parse ``text`` (which starts at ``first_line`` of ``path``).

    Returns the document, or ``None`` and one problem naming the line of a
    syntax error. Duplicate keys are reported too: YAML silently keeps the last.
    """
    # The flat reader builds on this module's YamlDoc and loader, so it loads after it.
    from mot_blog.load.flatyaml import parse_flat  # noqa: PLC0415

    flat = parse_flat(text, first_line)
    if flat is not None:
        return flat, []
    try:
        node, data = _compose_with_libyaml(text) or _compose(SafeLineLoader, text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and "end of stream" in (exc.problem or ""):
            # An unclosed quote or bracket is found at the end of the block; the line
            # where it was opened is the one to fix.
            mark = exc.context_mark
        line = first_line + mark.line if mark is not None else first_line
        what = exc.problem or "invalid YAML"
        return None, [
            Problem(path, line, f"YAML syntax error: {what}; check quoting and indentation")
        ]
    except yaml.reader.ReaderError as exc:
        line = first_line + text[: exc.position].count("\n")
        return None, [
            Problem(path, line, f"character #x{exc.character:04x} cannot be in YAML; delete it")
        ]
    except yaml.YAMLError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "invalid YAML"
        return None, [Problem(path, first_line, f"YAML error: {first}")]
    except RecursionError:
        return None, [Problem(path, first_line, "YAML is nested too deeply; flatten it")]
    except (ValueError, OverflowError) as exc:
        # PyYAML's scanner calls chr() on a quoted escape such as "\U00110000" that names
        # no character, and lets the ValueError or OverflowError through, without a line.
        return None, [Problem(path, first_line, f"YAML error: {exc}; check the escapes")]
    if node is None:
        return YamlDoc(None, {}, first_line), []
    # Without a '*' there is no alias: the nodes form a tree of fewer values than characters.
    if "*" in text or len(text) > MAX_EXPANDED_VALUES:
        alias = _self_reference(node, set(), set())
        if alias is not None:
            return None, [
                Problem(
                    path,
                    first_line + alias.start_mark.line,
                    "YAML alias refers to the value it is part of; remove the '*' alias",
                )
            ]
        if _expanded_size(node, {}) > MAX_EXPANDED_VALUES:
            return None, [
                Problem(path, first_line, "YAML aliases expand to too many values; write them out")
            ]
    # A lone surrogate comes only from a \\u or \\U escape (the YAML reader refuses the
    # character itself): such a string cannot be encoded, written or even hashed as UTF-8.
    if ("\\u" in text or "\\U" in text) and any(_SURROGATE.search(t) for t in _strings(data)):
        lone = _lone_surrogate(data)
        if lone is not None:
            return None, [_surrogate_problem(lone, text, path, first_line)]
        data = _with_pairs_joined(data)
    key_lines: dict[KeyPath, int] = {}
    problems: list[Problem] = []
    _collect_lines(node, (), first_line, key_lines, set(), path, problems)
    return YamlDoc(data, key_lines, first_line), problems


_SURROGATE = re.compile("[\ud800-\udfff]")


def _strings(data: Any) -> Any:
    """Every string in ``data``, keys included (a document's aliases are walked once each:
    :data:`MAX_EXPANDED_VALUES` bounds how many values that makes)."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(key)
            yield from _strings(value)
    elif isinstance(data, list):
        for item in data:
            yield from _strings(item)


def _join_pairs(text: str) -> str:
    """``text`` with each surrogate pair (``"\\ud83d\\ude00"``, as JSON writes a character
    beyond U+FFFF) made the character it stands for; a lone surrogate stays."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def _lone_surrogate(data: Any) -> int | None:
    """The code of the first surrogate in ``data`` that is not half of a pair."""
    for text in _strings(data):
        found = _SURROGATE.search(_join_pairs(text)) if _SURROGATE.search(text) else None
        if found is not None:
            return ord(found.group())
    return None


def _with_pairs_joined(data: Any) -> Any:
    """``data`` with :func:`_join_pairs` applied to every string."""
    if isinstance(data, str):
        return _join_pairs(data) if _SURROGATE.search(data) else data
    if isinstance(data, dict):
        return {_with_pairs_joined(key): _with_pairs_joined(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_with_pairs_joined(item) for item in data]
    return data


def _surrogate_problem(code: int, text: str, path: str, first_line: int) -> Problem:
    escape = re.search(f"\\\\u{code:04x}|\\\\U0000{code:04x}", text, re.IGNORECASE)
    line = first_line + (text.count("\n", 0, escape.start()) if escape else 0)
    return Problem(
        path, line, f'"\\u{code:04x}" is not a character (a lone surrogate); remove the escape'
    )
