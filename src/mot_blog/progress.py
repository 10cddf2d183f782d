"""What a build tells the person waiting for it.

* :class:`StageClock`: seconds per stage, printed by ``mot-blog build --profile``.
* :class:`ProgressBar`: one line redrawn on a terminal while posts are parsed
  and pages rendered, only when the build has already taken a couple of
  seconds, and only on an interactive terminal (stderr is a TTY, ``TERM`` is
  not ``dumb``, no ``CI`` variable): logs and CI get no bar and no escape codes.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

SHOW_AFTER = 2.0
"""Seconds before the bar appears: short builds print only their summary."""
_WIDTH = 30
_REDRAW = 0.1


Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``: told as items finish."""


def quiet(stage: str, done: int, total: int) -> None:
    """No progress display (a :data:`Progress` that tells no one)."""


class StageClock:
    """Wall-clock seconds per stage, in the order the stages ran."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.times: list[tuple[str, float]] = []

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time the block as stage ``name``."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.times.append((name, time.perf_counter() - start))

    def elapsed(self) -> float:
        """Seconds since the clock was made."""
        return time.perf_counter() - self.started


def interactive(stream: TextIO) -> bool:
    """Whether ``stream`` is a terminal a person watches (not a log, not CI)."""
    if os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class ProgressBar:
    """``parse  [#####.....]  4210/10000`` on one redrawn line of a terminal."""

    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None):
        self.stream = stream or sys.stderr
        self.enabled = interactive(self.stream) if enabled is None else enabled
        self.started = time.perf_counter()
        self._last = 0.0
        self._drawn = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        """Report progress (the signature of :data:`mot_blog.runner.runners.Progress`)."""
        if not self.enabled or total <= 0:
            return
        now = time.perf_counter()
        if now - self.started < SHOW_AFTER or (now - self._last < _REDRAW and done < total):
            return
        self._last = now
        filled = _WIDTH * done // total
        bar = "#" * filled + "." * (_WIDTH - filled)
        self.stream.write(f"\r\x1b[2K{stage:<7} [{bar}] {done}/{total}")
        self.stream.flush()
        self._drawn = True

    def clear(self) -> None:
        """Remove the bar before the summary is printed."""
        if self._drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self._drawn = False
