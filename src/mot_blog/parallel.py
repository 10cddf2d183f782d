"""Run a pure per-item stage over every core, in forked processes.

:func:`fork_map` calls ``task(i)`` for ``i`` in ``range(count)`` and yields
the results in order. The task and everything it reads (the site, the
renderer, the list of jobs) are handed to the workers once, by ``fork``: a
worker inherits the parent's memory, so only item numbers go to the workers
and only results come back. Where ``fork`` is not available (Windows, or
one core, or a few items), the same calls run in this process, one by one.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from typing import Any

SERIAL_BELOW = 48
"""Fewer items than this are not worth starting processes for."""
CHUNKS_PER_WORKER = 8
"""Items go out in chunks: few enough to keep messages cheap, enough to balance the load."""

_PR_SET_PDEATHSIG = 1
_task: Callable[[int], Any] | None = None


def available_cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


@contextlib.contextmanager
def loading() -> Iterator[None]:
    """Load a site with the cyclic garbage collector paused, then :func:`settle` it.

    Loading makes hundreds of thousands of long-lived objects (the parse cache of 10,000
    articles, the site model) and no cyclic garbage (parsing 500 posts left none); each
    full collection while they pile up walks them all again: 0.2 s of the 0.65 s that
    reading that parse cache took. Forked parse workers inherit the pause, harmlessly."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
    settle()


def settle() -> None:
    """Take everything allocated so far (call it once the site is loaded) out of the
    cyclic garbage collector's reach, for the rest of the process.

    The loaded site lives as long as the build: millions of objects that every full
    collection would walk again while the render jobs allocate (listing 15,000 jobs at
    10,000 articles took 0.27 s, 0.075 s once frozen). Forked workers gain too: the
    collector no longer writes to those objects' headers, so their pages stay shared.
    Garbage made afterwards is collected as usual."""
    gc.freeze()


def _die_with_parent(parent: int) -> None:
    """In a worker: be killed when the build process dies (Linux). A killed build's
    workers would otherwise finish their chunks, writing pages into a staging folder
    that the next build has already deleted, and so make it again."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is not None:
        prctl = getattr(ctypes.CDLL(libc_name, use_errno=True), "prctl", None)
        if prctl is not None:
            prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before the request above
        os._exit(1)


def _run_chunk(bounds: tuple[int, int]) -> list[Any]:
    assert _task is not None
    return [_task(i) for i in range(*bounds)]


def fork_map(
    task: Callable[[int], Any],
    count: int,
    workers: int | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> Iterator[Any]:
    """``task(0)``, ``task(1)``... ``task(count - 1)``, computed over ``workers`` processes.

    ``meanwhile()`` is called in this process once the workers are started: work worth
    doing while it waits for them (not called when the items are computed here)."""
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
        context = multiprocessing.get_context("fork")
        with context.Pool(workers, _die_with_parent, (os.getpid(),)) as pool:
            results = pool.imap(_run_chunk, chunks)
            if meanwhile is not None:
                meanwhile()
            for chunk in results:
                yield from chunk
    finally:
        _task = None


class Background:
    """``task()`` run in a forked process while this one goes on (writing a cache while
    pages render); :meth:`wait` for it. Where ``fork`` is missing it runs at once, here.

    The child dies with this process (as the workers do) and leaves by ``os._exit``:
    nothing of this process's state (buffers, ``atexit``) runs twice."""

    def __init__(self, task: Callable[[], object]):
        self.pid = 0
        self.failed = False
        if not hasattr(os, "fork") or "fork" not in multiprocessing.get_all_start_methods():
            task()
            return
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the child
            code = 1
            try:
                _die_with_parent(parent)
                task()
                code = 0
            finally:
                os._exit(code)
        self.pid = pid

    def wait(self) -> bool:
        """Wait for the task; whether it succeeded (a failed cache write only loses the cache)."""
        if self.pid:
            _, status = os.waitpid(self.pid, 0)
            self.failed = os.waitstatus_to_exitcode(status) != 0
            self.pid = 0
        return not self.failed
