"""The fast path for flat front matter: ``key: value`` lines of plain or double-quoted scalars
and flow lists, read without composing a YAML node tree (most posts' front matter is such)."""

from __future__ import annotations

import re
from typing import Any

import yaml

from mot_blog.load.yamldoc import KeyPath, SafeLineLoader, YamlDoc

_CONTROL = "\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029\\ufeff"
_INDICATORS = "\\-?:,\\[\\]{}#&*!|>'\"%@`"
_DOUBLE = f'"[^"\\\\{_CONTROL}]*"'
_FIRST = f"[^\\s{_CONTROL}{_INDICATORS}]"
_PLAIN = f"{_FIRST}(?:[^\\s{_CONTROL}#:]|:(?=[^\\s{_CONTROL}])| (?=[^\\s{_CONTROL}#]))*"
"""A plain scalar in a block: no indicator first, no ``: `` nor ``#``, no space at an end."""
_FLOW_PLAIN = f"{_FIRST}(?:[^\\s{_CONTROL}#:,\\[\\]{{}}]| (?=[^\\s{_CONTROL}#:,\\[\\]{{}}]))*"
"""A plain scalar in a flow list: neither ``,`` nor brackets nor ``:`` in it either."""
_ITEM = f"(?:{_DOUBLE}|{_FLOW_PLAIN})"
_FLAT_LINE = re.compile(
    f"([A-Za-z_][A-Za-z0-9_]*): (?:({_DOUBLE})|'((?:[^'{_CONTROL}]|'')*)'"
    f"|\\[((?:{_ITEM}(?:, {_ITEM})*)?)\\]|({_PLAIN}))"
)
"""``key: "text"``, ``key: 'text'``, ``key: [a, "b"]`` or ``key: plain text``."""
_ITEMS = re.compile(f"({_DOUBLE})|({_FLOW_PLAIN})")
_STR = "tag:yaml.org,2002:str"
_SIMPLE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
)
_SCALARS = SafeLineLoader("")
"""The full path's loader, resolving and constructing one scalar at a time."""
_MISSING = object()


def _plain(value: str) -> Any:
    """A plain scalar's value as PyYAML reads it (``_MISSING``: not a simple one)."""
    tag = _SCALARS.resolve(yaml.ScalarNode, value, (True, False))
    if tag == _STR:
        return value
    if tag not in _SIMPLE_TAGS:
        return _MISSING
    return SafeLineLoader.yaml_constructors[tag](_SCALARS, yaml.ScalarNode(tag, value))


def parse_flat(text: str, first_line: int) -> YamlDoc | None:
    """``text`` read as flat ``key: value`` lines, or ``None`` when it is anything else."""
    data: dict[Any, Any] = {}
    key_lines: dict[KeyPath, int] = {}
    for number, line in enumerate(text.split("\n"), start=first_line):
        if not line:
            continue
        match = _FLAT_LINE.fullmatch(line)
        if match is None:
            return None
        name, double, single, items, plain = match.groups()
        key = _plain(name)
        if type(key) is not str or key in data:
            return None
        key_lines[(key,)] = number
        if double is not None:
            value = double[1:-1]
        elif single is not None:
            value = single.replace("''", "'")
        elif items is not None:
            value = []
            for quoted, bare in _ITEMS.findall(items):
                item = quoted[1:-1] if quoted else _plain(bare)
                if item is _MISSING:
                    return None
                key_lines[(key, len(value))] = number
                value.append(item)
        else:
            value = _plain(plain)
            if value is _MISSING:
                return None
        data[key] = value
    return YamlDoc(data, key_lines, first_line) if data else None
