"""Run a pure per-item stage over every core, in forked processes.

:func:`fork_map` calls ``task(i)`` for ``i`` in ``range(count)`` and yields
the results in order. The task and everything it reads (the site, the
renderer, the list of jobs) are handed to the workers once, by ``fork``: a
worker inherits the parent's memory, so only item numbers go to the workers
and only results come back. Where ``fork`` is not available (Windows, or
one core, or a few items), the same calls run in this process, one by one.

The workers are plain forked processes, not a ``multiprocessing`` pool: the
items go out in chunks through one pipe per group (all written before the
workers start, so a worker reads a chunk number or the end), and each worker
sends its results back through a pipe of its own. That is all a build needs, and
it leaves out what a pool costs to start and stop (three threads, a queue of
pickled tasks, a module that takes 20 ms to import) and lets a worker keep to
one group of items: a page's cards are rendered once per worker and locale
(:mod:`mot_blog.render.fragments`), so a worker that renders one locale's pages renders
that locale's cards only.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import select
import signal
import struct
import sys
import threading
from collections.abc import Callable, Hashable, Iterator
from typing import Any

SERIAL_BELOW = 48
"""Fewer items than this are not worth starting processes for."""
CHUNKS_PER_WORKER = 16
"""Items go out in chunks: few enough to keep messages cheap (one pipe write and read
each), small enough that the workers end together (the last chunk's time is the most
one can wait alone: 25 ms for a render chunk at 1,000 articles)."""

_PR_SET_PDEATHSIG = 1
_CHUNK = struct.Struct("<I")
_FRAME = struct.Struct("<Q")


def available_cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether this system starts processes by ``fork`` (Linux and other Unixes)."""
    return hasattr(os, "fork") and sys.platform != "win32"


def _die_with_parent(parent: int) -> None:
    """In a worker: be killed when the build process dies (Linux). A killed build's
    workers would otherwise finish their chunks, writing pages into a staging folder
    that the next build has already deleted, and so make it again."""
    with contextlib.suppress(OSError, AttributeError):  # not Linux: no prctl
        prctl = ctypes.CDLL(None, use_errno=True).prctl
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before the request above
        os._exit(1)


def fork_map(
    task: Callable[[int], Any],
    count: int,
    workers: int | None = None,
    meanwhile: Callable[[], object] | None = None,
    group: Callable[[int], Hashable] | None = None,
) -> Iterator[Any]:
    """``task(0)``, ``task(1)``... ``task(count - 1)``, computed over ``workers`` processes.

    ``meanwhile()`` is called in this process once the workers are started: work worth
    doing while it waits for them (not called when the items are computed here).
    ``group(i)``: items of one group go to the same worker while it has some left (a
    worker starts with its own group, then helps with the others'); the results still
    come in item order. An exception raised by a task is raised here."""
    # No more processes than items: `--jobs 100000` must not fork a hundred thousand.
    workers = min(available_cores() if workers is None else workers, count)
    if workers <= 1 or count < SERIAL_BELOW or not can_fork():
        yield from (task(i) for i in range(count))
        return
    chunks = _chunks(count, workers, group)
    queues = _queues(chunks)
    orders = _preferences([len(items) for items in queues.values()], workers)
    pipes = list(queues)
    parent = os.getpid()
    _flush_standard_streams()  # nothing buffered here is written twice
    running: dict[int, int] = {}  # result pipe -> worker pid
    try:
        with interrupts_deferred():  # every worker is in ``running`` before Ctrl-C stops this
            for number in range(workers):
                read_end, write_end = os.pipe()
                pid = _fork()
                if pid == 0:  # the worker
                    os.close(read_end)
                    mine = [pipes[q] for q in orders[number]]
                    _work(task, chunks, mine, write_end, parent)
                os.close(write_end)
                running[read_end] = pid
        if meanwhile is not None:
            meanwhile()
        yield from _collect(chunks, running)
    finally:
        for pipe in pipes:
            os.close(pipe)
        _stop(running)


@contextlib.contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Hold Ctrl-C back until the end of the block, then raise it there.

    Forking workers, a ``KeyboardInterrupt`` raised between ``os.fork()`` returning and
    the worker's pid being noted would leave a worker that nobody stops, writing into
    the staging folder the interrupted build is deleting. Only the main thread ever
    gets ``KeyboardInterrupt``: elsewhere the block runs as it is."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    owner = os.getpid()
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        if os.getpid() == owner:  # a child forked in the block keeps what _fork gave it
            signal.signal(signal.SIGINT, previous)
            if caught and callable(previous):
                previous(signal.SIGINT, None)
            elif caught and previous == signal.SIG_DFL:
                os.kill(os.getpid(), signal.SIGINT)


def _fork() -> int:
    """``os.fork()``, Ctrl-C held back across it: the child gets SIGINT's default action
    (Ctrl-C ends it silently: no ``KeyboardInterrupt`` traceback from a worker, nor a
    worker running on in the parent's code) before it may receive one; the build
    process reports the interruption."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGINT, signal.SIG_DFL)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
    return pid


def _flush_standard_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, OSError, ValueError):
            stream.flush()


def _chunks(
    count: int, workers: int, group: Callable[[int], Hashable] | None
) -> list[tuple[Hashable, list[int]]]:
    """The items in chunks, each of one group (in the order of their first item)."""
    size = max(1, -(-count // (workers * CHUNKS_PER_WORKER)))
    by_group: dict[Hashable, list[int]] = {}
    for item in range(count):
        by_group.setdefault(None if group is None else group(item), []).append(item)
    return [
        (key, items[start : start + size])
        for key, items in by_group.items()
        for start in range(0, len(items), size)
    ]


def _queues(chunks: list[tuple[Hashable, list[int]]]) -> dict[int, list[int]]:
    """One pipe per group, holding its chunk numbers (4 bytes each) and then its end:
    the read end of each, with the items of the group. A pipe holds 16,384 numbers
    before a write would wait for a reader, more chunks than :func:`_chunks` makes."""
    numbers: dict[Hashable, list[int]] = {}
    items: dict[Hashable, list[int]] = {}
    for number, (key, chunk) in enumerate(chunks):
        numbers.setdefault(key, []).append(number)
        items.setdefault(key, []).extend(chunk)
    queues = {}
    for key, listed in numbers.items():
        read_end, write_end = os.pipe()
        os.write(write_end, b"".join(_CHUNK.pack(n) for n in listed))
        os.close(write_end)
        queues[read_end] = items[key]
    return queues


def _preferences(sizes: list[int], workers: int) -> list[list[int]]:
    """For each worker, the order in which it takes the groups (numbered in the order of
    their first items; ``sizes``: their item counts): first the groups it is given
    (largest group to the worker with the fewest items so far), in their order, then
    every other group, to help where work is left."""
    given: list[list[int]] = [[] for _ in range(workers)]
    load = [0] * workers
    for group in sorted(range(len(sizes)), key=lambda g: -sizes[g]):
        worker = load.index(min(load))
        given[worker].append(group)
        load[worker] += sizes[group]
    return [sorted(own) + [g for g in range(len(sizes)) if g not in own] for own in given]


def _work(
    task: Callable[[int], Any],
    chunks: list[tuple[Hashable, list[int]]],
    queues: list[int],
    results: int,
    parent: int,
) -> None:
    """A worker's life: chunks from ``queues`` in order, each chunk's results (or the
    exception that stopped it) sent back; then ``os._exit``, so that nothing of the
    parent (buffers, ``atexit``) runs twice."""
    code = 0
    outbox = _Outbox(results)
    try:
        _die_with_parent(parent)
        for queue in queues:
            while len(data := os.read(queue, _CHUNK.size)) == _CHUNK.size:
                (chunk,) = _CHUNK.unpack(data)
                message: tuple[int, bool, Any]
                try:
                    message = (chunk, True, [task(i) for i in chunks[chunk][1]])
                except Exception as exc:  # noqa: BLE001 (raised again in the parent)
                    message = (chunk, False, exc)
                outbox.put(message)
                if not message[1]:
                    return
    except BaseException:  # noqa: BLE001 (the parent sees the worker end early)
        code = 1
    finally:
        with contextlib.suppress(BaseException):
            outbox.flush()
        os._exit(code)


class _Outbox:
    """A worker's results on their way to the parent, which may be busy elsewhere.

    A pipe holds 64 KiB; the parse results of 1,000 articles are 8 MB. While the parent
    does its own work (:func:`fork_map`'s ``meanwhile``: 0.13 s of imports and template
    compiling) a worker writing into a full pipe would wait, idle, for all of it. So the
    pipe is written without blocking, what does not fit is kept here and sent after the
    next chunk, and only the last of it is waited for."""

    def __init__(self, pipe: int):
        self.pipe = pipe
        self.pending = bytearray()
        os.set_blocking(pipe, False)

    def put(self, message: tuple[int, bool, Any]) -> None:
        """Queue ``message`` (pickled) and send what the pipe takes now."""
        try:
            payload = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # noqa: BLE001 (an exception that does not pickle)
            failure = RuntimeError(f"{type(message[2]).__name__}: {message[2]} ({exc})")
            payload = pickle.dumps((message[0], False, failure), pickle.HIGHEST_PROTOCOL)
        self.pending += _FRAME.pack(len(payload))
        self.pending += payload
        self._send()

    def _send(self) -> None:
        with contextlib.suppress(BlockingIOError):
            while self.pending:
                del self.pending[: os.write(self.pipe, self.pending)]

    def flush(self) -> None:
        """Send everything queued, waiting for the parent to read it."""
        os.set_blocking(self.pipe, True)
        self._send()


def _collect(chunks: list[tuple[Hashable, list[int]]], running: dict[int, int]) -> Iterator[Any]:
    """The results of every chunk, in item order, as the workers send them."""
    place = {}  # item -> (chunk, position in it)
    for number, (_, items) in enumerate(chunks):
        for position, item in enumerate(items):
            place[item] = (number, position)
    done: dict[int, list[Any]] = {}
    # A frame arrives in pieces of a pipe's size (64 KiB): bytearrays, appended to in place
    # (a parse chunk's frame at 10,000 articles is 3 MB).
    buffers = {pipe: bytearray() for pipe in running}
    poller = select.poll()  # no limit on descriptor numbers, unlike select()
    for pipe in running:
        poller.register(pipe, select.POLLIN)
    next_item = 0
    while next_item < len(place):
        chunk, position = place[next_item]
        if chunk in done:
            yield done[chunk][position]
            if position == len(done[chunk]) - 1:
                del done[chunk]
            next_item += 1
            continue
        if not buffers:
            raise RuntimeError("a worker process ended before its work was done")
        for pipe, _ in poller.poll():
            data = os.read(pipe, 1 << 20)
            if not data:
                poller.unregister(pipe)
                del buffers[pipe]
                _reap(pipe, running)
                continue
            buffer = buffers[pipe]
            buffer += data
            while len(buffer) >= _FRAME.size:
                (length,) = _FRAME.unpack_from(buffer)
                end = _FRAME.size + length
                if len(buffer) < end:
                    break
                number, ok, payload = pickle.loads(buffer[_FRAME.size : end])
                del buffer[:end]
                if not ok:
                    raise payload
                done[number] = payload


def _reap(pipe: int, running: dict[int, int]) -> None:
    """A worker closed its pipe: it has ended (or is ending). Wait for it; a worker that
    Ctrl-C ended (the terminal signals every process of the build) is the build's
    interruption, not a worker that failed."""
    pid = running.pop(pipe)
    os.close(pipe)
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGINT:
        raise KeyboardInterrupt


def _stop(running: dict[int, int]) -> None:
    """End the workers (at once, when they have not finished) and close their pipes."""
    for pipe, pid in running.items():
        with contextlib.suppress(OSError):
            os.close(pipe)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
    running.clear()


class Background:
    """``task()`` run in a forked process while this one goes on (writing a cache while
    pages render); :meth:`wait` for it. Where ``fork`` is missing it runs at once, here.

    The child dies with this process (as the workers do) and leaves by ``os._exit``:
    nothing of this process's state (buffers, ``atexit``) runs twice."""

    def __init__(self, task: Callable[[], object]):
        self.pid = 0
        self.failed = False
        if not can_fork():
            task()
            return
        parent = os.getpid()
        with interrupts_deferred():
            pid = _fork()
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
