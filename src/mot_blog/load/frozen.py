"""YAML values as read-only plain data: the ``extra:`` mapping of a post, which templates read
(``post.extra.series``) and the build fingerprints.

Mappings become :class:`FrozenMap` (read-only, in the order they were written), lists
become tuples, sets become tuples in a fixed order; scalars stay as YAML made them. The
result can be pickled (the parse cache keeps it), hashed when its values can, and its
``repr`` is the same in every process, so a post's fingerprint
(:mod:`mot_blog.runner.depindex`) does not depend on the run.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any


class FrozenMap(Mapping[Any, Any]):
    """A read-only mapping that keeps its keys' order (unlike ``MappingProxyType``, it can
    be pickled, and it never exposes a dict that could be changed)."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[Any, Any] | None = None):
        object.__setattr__(self, "_items", dict(items or {}))

    def __getitem__(self, key: Any) -> Any:
        return self._items[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __getattr__(self, name: str) -> Any:
        # ``post.extra.series`` in Python too, as Jinja reads it in templates.
        try:
            return self._items[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a FrozenMap cannot be changed")

    def __hash__(self) -> int:
        return hash(tuple(self._items.items()))

    def __repr__(self) -> str:
        return f"FrozenMap({self._items!r})"

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return FrozenMap, (self._items,)


EMPTY = FrozenMap()


def freeze(value: Any) -> Any:
    """``value`` (as YAML read it) with every mapping, list and set made read-only."""
    if isinstance(value, dict):
        return FrozenMap({freeze(key): freeze(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return tuple(freeze(item) for item in value)
    if isinstance(value, set | frozenset):
        # A set's iteration order changes with the process's hash seed: sort by repr.
        return tuple(sorted((freeze(item) for item in value), key=repr))
    return value
