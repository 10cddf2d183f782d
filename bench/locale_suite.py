"""The many-locales benchmark: K articles, each translated into N locales (N = 2, 8, 17...),
built cold by mot-blog and by Hugo in rounds; printed side by side, per N: pages, seconds,
milliseconds per page and peak memory, which should stay flat as N grows."""

from __future__ import annotations

import os
import shutil
import statistics
import sys
from pathlib import Path

import make_corpus
import peers
from timing import ColdBuild, cold_builds, html_count, timed

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def locale_site(work: Path, pairs: int, locales: int, seed: int) -> Path:
    """The corpus of ``pairs`` articles in ``locales`` languages (written once per seed)."""
    site = work / f"site-{pairs}-l{locales}"
    stamp = site / f".corpus-seed-{seed}"
    if not stamp.exists():
        make_corpus.write_site(site, pairs, seed, locales)
        stamp.touch()
    return site


def locale_table(
    work: Path, pairs: int, counts: list[int], seed: int, repeat: int, hugo: bool
) -> list[str]:
    """The lines of the many-locales table (Markdown)."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    lines = [
        "| locales | pages mot-blog | s | ms/page | peak RSS MiB | pages Hugo | s | ms/page | peak RSS MiB | mot-blog / Hugo |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for count in counts:
        site = locale_site(work, pairs, count, seed)
        command = [sys.executable, "-m", "mot_blog", "build", "--site", str(site)]
        command += ["--out", str(site / "public"), "--quiet"]

        def clean(site: Path = site) -> None:
            for name in (".mot-cache", "public", ".public.spare"):
                shutil.rmtree(site / name, ignore_errors=True)

        builds = {"mot-blog": ColdBuild(lambda command=command: timed(command, env=env), clean)}
        target = work / f"hugo-{pairs}-l{count}"
        if hugo:
            peers.prepare_hugo(site, target)
            builds["hugo"] = ColdBuild(
                lambda target=target: timed(peers.hugo_command(target)),
                lambda target=target: peers.hugo_clean(target),
            )
        cold_builds(builds, repeat)
        mine = builds["mot-blog"]
        pages = html_count(site / "public")
        row = f"| {count} | {pages} | {mine.seconds:.2f} | {1000 * mine.seconds / pages:.2f} | {max(mine.peaks):.0f} |"
        if hugo:
            theirs = builds["hugo"]
            their_pages = html_count(target / "public")
            rounds = [a / b for a, b in zip(mine.times, theirs.times, strict=True)]
            row += (
                f" {their_pages} | {theirs.seconds:.2f} | {1000 * theirs.seconds / their_pages:.2f} |"
                f" {max(theirs.peaks):.0f} | {statistics.median(rounds):.2f} |"
            )
            peers.hugo_clean(target)
        else:
            row += " - | - | - | - | - |"
        lines.append(row)
        print(f"  {count} locales: {row}", file=sys.stderr, flush=True)
    return lines
