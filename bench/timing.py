"""What the benchmark measures with: a row of its table, a timed whole process, cold builds
in rounds (bench/run.py and its suites share them)."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Row:
    """One measured line of the table."""

    tool: str
    pairs: int
    what: str
    pages: int
    seconds: float
    rss_mb: float | None
    note: str = ""


def timed(
    command: list[str], cwd: Path | None = None, env: dict | None = None
) -> tuple[float, float]:
    """Run a whole process; (wall seconds, peak RSS in MiB of its largest process)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{errors.decode(errors='replace')[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


@dataclass
class ColdBuild:
    """How to run one tool's cold build, and what its runs gave."""

    run: Callable[[], tuple[float, float]]
    clean: Callable[[], None]
    times: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)
    article: Path | None = None
    """The article file an edit touches (Hugo's copy of the corpus)."""

    @property
    def seconds(self) -> float:
        return statistics.median(self.times)

    @property
    def note(self) -> str:
        if len(self.times) < 2:
            return ""
        return f"median of {len(self.times)}: {', '.join(f'{t:.2f}' for t in self.times)}"


def cold_builds(builds: dict[str, ColdBuild], repeat: int) -> None:
    """Every tool's cold build ``repeat`` times (``clean()`` before each), in rounds: one of
    each tool per round. Small builds take a second or two, where one run's noise moves a
    ratio by a third, and the speed of a virtual machine drifts by as much within minutes:
    in rounds, a slow spell slows every tool, not only the one whose turn it was."""
    for _ in range(repeat):
        for build in builds.values():
            build.clean()
            seconds, rss = build.run()
            build.times.append(seconds)
            build.peaks.append(rss)


def paired_ratio(mine: ColdBuild, theirs: ColdBuild) -> str:
    """The median of the rounds' own ratios, and their range (robust to drift between rounds)."""
    each = sorted(a / b for a, b in zip(mine.times, theirs.times, strict=True))
    if len(each) < 2:
        return ""
    return f" (round by round: median {statistics.median(each):.2f}, {each[0]:.2f}-{each[-1]:.2f})"


def html_count(folder: Path) -> int:
    """HTML files under ``folder``."""
    return sum(1 for _ in folder.rglob("*.html"))
