"""The engine at two git revisions, on one corpus, in one run: is B as fast as A?

    python bench/ab.py A_REV B_REV [--pairs 500] [--rounds 9] [--work /dev/shm/mot-ab]

Each revision's ``src/`` is taken with ``git archive`` (the corpus generator is this
tree's), its bytecode compiled once; then the builds run in rounds, A then B then B then
A..., each round timing for both: a cold build (no cache, no output), a warm build with
nothing changed, and a warm build after one article changed (the second such in a row,
as bench/run.py times it). A virtual machine's speed drifts within minutes, so besides
each side's median the ratio B/A is taken round by round (median and range): a slow
spell slows both sides of a round.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
from io import BytesIO
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import make_corpus  # noqa: E402

KINDS = ("cold", "warm, nothing changed", "warm, one article changed")


def checkout(revision: str, folder: Path) -> Path:
    """``src/`` of ``revision`` under ``folder``; returns the folder to put on PYTHONPATH."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", revision, "src"],
        check=True,
        capture_output=True,
    ).stdout
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    compileall.compile_dir(folder / "src", quiet=1, force=True)
    return folder / "src"


def run(src: Path, site: Path) -> float:
    """One ``mot-blog build`` of ``site`` with the engine in ``src``: wall seconds."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    command = [sys.executable, "-m", "mot_blog", "build", "--site", str(site), "--quiet"]
    command += ["--out", str(site / "public")]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"build with {src} failed:\n{done.stderr[-2000:]}")
    return seconds


def clean(site: Path) -> None:
    for name in (".mot-cache", "public", ".public.spare"):
        shutil.rmtree(site / name, ignore_errors=True)


def one_round(src: Path, site: Path, article: Path) -> dict[str, float]:
    """Cold, warm, and warm after one change (the second edit in a row) of one engine."""
    clean(site)
    times = {"cold": run(src, site)}
    times["warm, nothing changed"] = run(src, site)
    original = article.read_bytes()
    for n in range(2):
        with article.open("a", encoding="utf-8") as handle:
            handle.write(f"\nUn paragrafo aggiunto, numero {n}.\n")
        times["warm, one article changed"] = run(src, site)
    article.write_bytes(original)
    return times


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("a", help="the revision to compare against (e.g. a commit before a change)")
    parser.add_argument("b", help="the revision measured (e.g. HEAD)")
    parser.add_argument("--pairs", type=int, default=500, help="article pairs (default 500)")
    parser.add_argument("--rounds", type=int, default=9, help="rounds of both (default 9)")
    parser.add_argument("--work", type=Path, default=Path("/dev/shm/mot-ab"))
    args = parser.parse_args(argv)
    work = args.work
    sources = {
        "A": checkout(args.a, work / "a"),
        "B": checkout(args.b, work / "b"),
    }
    site = work / "site"
    shutil.rmtree(site, ignore_errors=True)
    make_corpus.write_site(site, args.pairs, seed=7)
    posts = sorted((site / "content" / "it-IT").glob("*.md"))
    article = posts[len(posts) // 2]
    results: dict[str, list[dict[str, float]]] = {"A": [], "B": []}
    for number in range(args.rounds):
        order = ("A", "B") if number % 2 == 0 else ("B", "A")
        for side in order:
            results[side].append(one_round(sources[side], site, article))
    print(f"A = {args.a}, B = {args.b}: {args.pairs * 2} articles, {args.rounds} rounds")
    print("| build | A median | B median | B / A by the medians | B / A round by round |")
    print("|---|---:|---:|---:|---:|")
    for kind in KINDS:
        a = [r[kind] for r in results["A"]]
        b = [r[kind] for r in results["B"]]
        each = sorted(y / x for x, y in zip(a, b, strict=True))
        print(
            f"| {kind} | {statistics.median(a):.3f} s | {statistics.median(b):.3f} s "
            f"| {statistics.median(b) / statistics.median(a):.2f} "
            f"| {statistics.median(each):.2f} ({each[0]:.2f}-{each[-1]:.2f}) |"
        )


if __name__ == "__main__":
    main()
