"""A base for the frozen data classes that caches store by the thousand.

A frozen, slotted data class is pickled as its state and read back through
``dataclasses``' ``__setstate__``, which asks for the class's fields again for
every object: reading the parse cache of 10,000 articles (65,000 such objects)
spent more time there than in everything else it holds. A :class:`Record` is
pickled as the arguments of its constructor instead, and read back by calling
it (0.33 s -> 0.24 s for that cache).
"""

from __future__ import annotations

from typing import Any


class Record:
    """Mix into a ``@dataclass(frozen=True, slots=True)`` whose fields are all ``__init__``
    arguments, in order."""

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        names: tuple[str, ...] = type(self).__match_args__  # type: ignore[attr-defined]
        return type(self), tuple([getattr(self, name) for name in names])
