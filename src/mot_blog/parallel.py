"""Run a pure per-item stage over every core, in forked processes.

:func:`fork_map` calls ``task(i)`` for ``i`` in ``range(count)`` and yields
the results in order. The task and everything it reads (the site, the
renderer, the list of jobs) are handed to the workers once, by ``fork``: a
worker inherits the parent's memory, so only item numbers go to the workers
and only results come back. Where ``fork`` is not available (Windows, or
one core, or a few items), the same calls run in this process, one by one.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator
from typing import Any

SERIAL_BELOW = 48
"""Fewer items than this are not worth starting processes for."""
CHUNKS_PER_WORKER = 8
"""Items go out in chunks: few enough to keep messages cheap, enough to balance the load."""

_task: Callable[[int], Any] | None = None


def available_cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def settle() -> None:
    """Take everything allocated so far (call it once the site is loaded) out of the
    cyclic garbage collector's reach, for the rest of the process.

    The loaded site lives as long as the build: millions of objects that every full
    collection would walk again while the render jobs allocate (listing 15,000 jobs at
    10,000 articles took 0.27 s, 0.075 s once frozen). Forked workers gain too: the
    collector no longer writes to those objects' headers, so their pages stay shared.
    Garbage made afterwards is collected as usual."""
    gc.freeze()


def _run_chunk(bounds: tuple[int, int]) -> list[Any]:
    assert _task is not None
    return [_task(i) for i in range(*bounds)]


def fork_map(task: Callable[[int], Any], count: int, workers: int | None = None) -> Iterator[Any]:
    """``task(0)``, ``task(1)``... ``task(count - 1)``, computed over ``workers`` processes."""
    global _task
    workers = available_cores() if workers is None else workers
    if (
        workers <= 1
        or count < SERIAL_BELOW
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        yield from (task(i) for i in range(count))
        return
    size = max(1, -(-count // (workers * CHUNKS_PER_WORKER)))
    chunks = [(start, min(count, start + size)) for start in range(0, count, size)]
    _task = task
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for results in pool.imap(_run_chunk, chunks):
                yield from results
    finally:
        _task = None
