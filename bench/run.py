"""Build-speed benchmark: mot-blog cold, warm and after one edit, against Hugo and Pelican.

    python bench/run.py [--sizes 500,5000] [--peers hugo,pelican] [--edits 10] [--repeat 1] [--work /tmp/mot-bench]
                        [--search] [--engine NAME] [--images N] [--locales 2,8,17 --locale-articles K]

For each size (article pairs; pages = 2 x pairs + listings) it writes the
corpus (bench/make_corpus.py), then times whole processes:

* ``cold``: ``mot-blog build`` with no cache and no previous output;
* ``warm``: the same build again, nothing changed (cache and output present);
* ``warm-1``: again after one article was edited (the second such build in a row: the
  first one makes the spare folder that every later warm build reuses);
* ``edit in serve``: the real thing. ``python -m mot_blog serve --port 0`` runs
  as a subprocess; once its first build is done, an HTTP client holds the
  event stream (``GET /__mot-blog/events``, as a browser tab does) and, for
  each of ``--edits`` edits, a paragraph is appended to the same article; the
  time runs from just before the write to the arrival of the ``reload``
  event on the stream (the watcher's quiet period, the incremental rebuild
  and the event included). Median of the edits, and the median number of
  pages the reload events name;

and, for each installed peer, its cold build (output and caches deleted) and,
for Hugo, the edit: ``hugo --watch``, from the file write to the line Hugo
prints when the rebuild is done (save to done). Wall seconds come from
``time.perf_counter`` around the process; peak memory is the largest process's
maximum resident set (``os.wait4``'s rusage, the figure GNU time's ``%M`` gives).

With ``--repeat N``, the cold builds run in N rounds of one build per tool (mot-blog,
Hugo, Pelican, then again), each tool's median kept; the ratios of the cold builds
are also given round by round (median and range), since a virtual machine's speed
drifts within minutes and a round's tools share its spell.

``--search`` puts ``search: true`` in the corpus (every build then runs Pagefind), and
``--engine NAME`` its Markdown engine (``markdown: {engine: NAME}``), each in a corpus
folder of its own. Several engines (``--engine default,python-markdown``) are all built
cold in the same rounds, each a tool of its own (``mot-blog (python-markdown)``, compared
with the peers too); the warm builds and the edits are the first engine's. ``--images N`` adds the image benchmark (bench/image_suite.py: N
photographs, cold for mot-blog and Hugo, then mot-blog warm), ``--locales`` the
many-locales table (bench/locale_suite.py: ``--locale-articles`` articles in each number
of locales, cold, beside Hugo); ``--sizes ""`` runs them alone.

Hugo is looked up as ``hugo`` on PATH; Pelican as ``$MOT_BENCH_PELICAN`` or
``/tmp/mot-bench-pelican/bin/pelican`` (``python -m venv /tmp/mot-bench-pelican
&& /tmp/mot-bench-pelican/bin/pip install pelican markdown``). A missing peer is
skipped and said so.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import http.client
import importlib.util
import json
import os
import platform
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(HERE), str(REPO / "src")]

import make_corpus  # noqa: E402
import peers  # noqa: E402
from image_suite import image_rows  # noqa: E402
from locale_suite import locale_table  # noqa: E402
from timing import ColdBuild, Row, cold_builds, html_count, paired_ratio, timed  # noqa: E402

SERVE_START_SECONDS = 3600.0
"""How long ``mot-blog serve``'s first build may take (one process renders every page)."""


def edit(path: Path, n: int) -> None:
    """Append a paragraph to an article (the benchmark's one edit)."""
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"\nUn paragrafo aggiunto dalla modifica numero {n}.\n")


def _mot_blog_command(site: Path) -> tuple[list[str], dict[str, str]]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    command = [sys.executable, "-m", "mot_blog", "build", "--site", str(site)]
    return [*command, "--out", str(site / "public"), "--quiet"], env


def mot_blog_cold(site: Path) -> ColdBuild:
    """mot-blog's cold build: no cache, no output, no spare folder."""
    command, env = _mot_blog_command(site)

    def clean() -> None:
        shutil.rmtree(site / ".mot-cache", ignore_errors=True)
        shutil.rmtree(site / "public", ignore_errors=True)
        shutil.rmtree(site / ".public.spare", ignore_errors=True)

    return ColdBuild(lambda: timed(command, env=env), clean)


def mot_blog(site: Path, pairs: int, edits: int, cold: ColdBuild) -> list[Row]:
    """Cold (its runs done), warm, warm after one edit, and the incremental edit of mot-blog."""
    command, env = _mot_blog_command(site)
    out = site / "public"
    rows = []  # the last round's cold build left its cache and output: the warm builds start there
    pages = html_count(out)
    note = "; ".join(filter(None, [f"{os.cpu_count()} processes", cold.note]))
    rows.append(Row("mot-blog", pairs, "cold", pages, cold.seconds, max(cold.peaks), note))
    seconds, rss = timed(command, env=env)
    rows.append(Row("mot-blog", pairs, "warm, nothing changed", pages, seconds, rss))
    article = sorted((site / "content" / "it-IT").glob("*.md"))[
        len(list((site / "content" / "it-IT").glob("*.md"))) // 2
    ]
    original = article.read_bytes()
    # Two edits in a row: the first build after the cold one has no spare folder yet (it
    # makes one); from the second on, every warm build has the previous site's.
    edit(article, 0)
    first, _ = timed(command, env=env)
    edit(article, 1)
    seconds, rss = timed(command, env=env)
    note = f"second edit in a row; the first: {first:.2f} s"
    rows.append(Row("mot-blog", pairs, "warm, one article changed", pages, seconds, rss, note))
    article.write_bytes(original)
    timed(command, env=env)
    if edits:
        seconds, shown = _serve_edits(site, article, edits, env)
        rows.append(
            Row(
                "mot-blog",
                pairs,
                f"edit in serve (median of {edits})",
                pages,
                seconds,
                None,
                f"file write to the reload event; pages it names: {shown:.0f}",
            )
        )
    return rows


def _serve_edits(site: Path, article: Path, edits: int, env: dict) -> tuple[float, float]:
    """``mot-blog serve`` in a subprocess, its event stream held open: (median seconds from
    an edit's write to its ``reload`` event, median pages the events name)."""
    command = [sys.executable, "-m", "mot_blog", "serve", "--site", str(site), "--port", "0"]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**env, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    serving: queue.Queue[str] = queue.Queue()

    def read_output() -> None:
        # Read to the end: a full pipe would block the server's prints.
        assert process.stdout is not None
        for line in process.stdout:
            if found := re.search(r"serving http://[^:/]+:(\d+)", line):
                serving.put(found.group(1))
            elif "Traceback" in line or "problem" in line:
                print(f"  serve: {line.rstrip()}", file=sys.stderr, flush=True)

    threading.Thread(target=read_output, daemon=True).start()
    try:
        try:
            port = int(serving.get(timeout=SERVE_START_SECONDS))
        except queue.Empty:
            raise SystemExit("mot-blog serve did not finish its first build") from None
        stream = _EventStream(port)
        stream.next("hello")
        time.sleep(1.0)
        original = article.read_bytes()
        times, shown = [], []
        for n in range(edits):
            started = time.perf_counter()
            edit(article, n + 1)
            arrived, data = stream.next("reload")
            times.append(arrived - started)
            shown.append(len(data["data"]["pages"]))
            time.sleep(0.5)
        article.write_bytes(original)
        stream.next("reload")
        stream.close()
        return statistics.median(times), statistics.median(shown)
    finally:
        process.send_signal(signal.SIGINT)  # the server saves its parse cache on the way out
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class _EventStream:
    """The dev server's Server-Sent Events stream, read as a browser tab does."""

    def __init__(self, port: int):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        self.conn.request("GET", "/__mot-blog/events")
        self.response = self.conn.getresponse()
        self.events: queue.Queue[tuple[float, str, dict]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        event, arrived = "message", 0.0
        try:
            for raw in self.response:
                line = raw.decode().rstrip("\r\n")
                if line.startswith("event: "):
                    event, arrived = line[7:], time.perf_counter()
                elif line.startswith("data: "):
                    self.events.put((arrived, event, json.loads(line[6:])))
        except (OSError, ValueError):
            pass

    def next(self, name: str) -> tuple[float, dict]:
        """(arrival time of its ``event:`` line, data) of the next event called ``name``;
        a ``problems`` event ends the benchmark."""
        while True:
            try:
                arrived, event, data = self.events.get(timeout=600)
            except queue.Empty:
                raise SystemExit(f"no '{name}' event from mot-blog serve") from None
            if event == name:
                return arrived, data
            if event == "problems":
                raise SystemExit(f"mot-blog serve reported problems: {data}")

    def close(self) -> None:
        self.conn.close()


def hugo_cold(site: Path, work: Path, pairs: int) -> ColdBuild:
    """Hugo's cold build of the corpus (its site written by bench/peers.py)."""
    target = work / f"hugo-{pairs}"
    article = peers.prepare_hugo(site, target)
    return ColdBuild(
        lambda: timed(peers.hugo_command(target)), lambda: peers.hugo_clean(target), article=article
    )


def hugo(work: Path, pairs: int, edits: int, cold: ColdBuild) -> list[Row]:
    """Hugo's cold build (its runs done) and its save-to-done time in ``hugo --watch``."""
    target = work / f"hugo-{pairs}"
    assert cold.article is not None
    article = cold.article
    pages = html_count(target / "public")
    rows = [Row("hugo", pairs, "cold", pages, cold.seconds, max(cold.peaks), cold.note)]
    if edits:
        rows.append(
            Row(
                "hugo",
                pairs,
                f"edit in --watch, save to done (median of {edits})",
                rows[0].pages,
                _hugo_watch_edits(target, article, edits),
                None,
                "file write to Hugo's 'Total in' line",
            )
        )
    peers.hugo_clean(target)
    return rows


def _hugo_watch_edits(target: Path, article: Path, edits: int) -> float:
    command = ["hugo", "--source", str(target), "--destination", "public", "--watch"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    done = threading.Event()
    lines: list[float] = []

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            # the first build ends with "Watching for changes", each rebuild with "Total in N ms"
            if "Total in" in line or "Watching for changes" in line:
                lines.append(time.perf_counter())
                done.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        if not done.wait(600):
            raise SystemExit("hugo --watch did not finish its first build")
        time.sleep(1.0)
        original = article.read_bytes()
        times = []
        for n in range(edits):
            done.clear()
            started = time.perf_counter()
            edit(article, n + 1)
            if not done.wait(120):
                raise SystemExit("hugo --watch did not rebuild after an edit")
            times.append(lines[-1] - started)
            time.sleep(0.5)
        article.write_bytes(original)
        return statistics.median(times)
    finally:
        process.terminate()
        process.wait(30)


def pelican_cold(site: Path, work: Path, pairs: int, binary: Path) -> ColdBuild:
    """Pelican's cold build of the corpus (its site written by bench/peers.py)."""
    target = work / f"pelican-{pairs}"
    peers.prepare_pelican(site, target)
    return ColdBuild(
        lambda: timed(peers.pelican_command(target, binary), cwd=target),
        lambda: peers.pelican_clean(target),
    )


def pelican(work: Path, pairs: int, cold: ColdBuild) -> list[Row]:
    """Pelican's cold build (its runs done)."""
    target = work / f"pelican-{pairs}"
    pages = html_count(target / "output")
    note = "; ".join(filter(None, ["no plugins", cold.note]))
    rows = [Row("pelican", pairs, "cold", pages, cold.seconds, max(cold.peaks), note)]
    peers.pelican_clean(target)
    return rows


def ratios(rows: list[Row], paired: dict[int, dict[str, ColdBuild]] | None = None) -> list[str]:
    """The targets of issue 6, each a ratio of figures from this run; for the cold builds,
    the rounds' own ratios too (``paired``: the cold builds of each size)."""
    paired = paired or {}
    lines = []
    by = {(r.tool, r.pairs, r.what.split(" (")[0]): r for r in rows}
    for pairs in sorted({r.pairs for r in rows}):
        cold = by.get(("mot-blog", pairs, "cold"))
        if cold is None:
            continue
        h = by.get(("hugo", pairs, "cold"))
        p = by.get(("pelican", pairs, "cold"))
        builds = paired.get(pairs, {})
        if h:
            rounds = paired_ratio(builds["mot-blog"], builds["hugo"]) if "hugo" in builds else ""
            lines.append(
                f"{pairs} pairs: cold mot-blog / Hugo = {cold.seconds / h.seconds:.2f}{rounds}"
            )
            for what in ("warm, nothing changed", "warm, one article changed"):
                warm = by.get(("mot-blog", pairs, what))
                if warm:
                    lines.append(
                        f"{pairs} pairs: {what} / Hugo cold = {warm.seconds / h.seconds:.3f}"
                    )
            if cold.rss_mb and h.rss_mb:
                lines.append(
                    f"{pairs} pairs: peak RSS mot-blog / Hugo = {cold.rss_mb / h.rss_mb:.2f}"
                )
            mine = by.get(("mot-blog", pairs, "edit in serve"))
            theirs = by.get(("hugo", pairs, "edit in --watch, save to done"))
            if mine and theirs:
                lines.append(
                    f"{pairs} pairs: edit mot-blog / Hugo save-to-done = {mine.seconds / theirs.seconds:.2f}"
                )
        if p:
            rounds = (
                paired_ratio(builds["pelican"], builds["mot-blog"]) if "pelican" in builds else ""
            )
            lines.append(
                f"{pairs} pairs: Pelican cold / mot-blog cold = {p.seconds / cold.seconds:.1f}x faster"
                + rounds
            )
        for tool in sorted(t for t in builds if t.startswith("mot-blog (")):
            other = by[(tool, pairs, "cold")]
            lines.append(
                f"{pairs} pairs: {tool} cold / mot-blog cold = {other.seconds / cold.seconds:.2f}"
                + paired_ratio(builds[tool], builds["mot-blog"])
            )
            if p and "pelican" in builds:
                lines.append(
                    f"{pairs} pairs: Pelican cold / {tool} cold = "
                    f"{p.seconds / other.seconds:.1f}x faster"
                    + paired_ratio(builds["pelican"], builds[tool])
                )
    return lines


def corpus_site(work: Path, pairs: int, seed: int, engine: str = "", search: bool = False) -> Path:
    """The benchmark corpus of ``pairs`` article pairs (written once per seed), with the
    Markdown engine ``engine`` (``markdown: {engine: ...}``: '' for the default one) and
    ``search: true`` when ``search``: each variant in a folder of its own."""
    name = f"site-{pairs}" + (f"-{engine}" if engine else "") + ("-search" if search else "")
    site = work / name
    stamp = site / f".corpus-seed-{seed}"
    if not stamp.exists():
        make_corpus.write_site(site, pairs, seed)
        config = site / "site.yaml"
        extra = (f"markdown:\n  engine: {engine}\n" if engine else "") + (
            "search: true\n" if search else ""
        )
        config.write_text(config.read_text(encoding="utf-8") + extra, encoding="utf-8")
        stamp.touch()
    return site


def compile_package() -> None:
    """Compile mot-blog's modules to bytecode, as installing a package does. An editable
    install under ``PYTHONDONTWRITEBYTECODE`` (set on some machines) otherwise compiles
    every module again in every process it starts: 0.05-0.1 s per build, not the tool's.
    Forced: compileall judges a bytecode file by the source's modification time in whole
    seconds, the import system by its size too, so a module edited within the second of an
    earlier compilation would be compiled again in every process."""
    spec = importlib.util.find_spec("mot_blog")
    if spec is not None and spec.submodule_search_locations:
        compileall.compile_dir(spec.submodule_search_locations[0], quiet=1, force=True)


def main(argv: list[str] | None = None) -> None:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="500,5000", help="article pairs per size, comma-separated"
    )
    parser.add_argument(
        "--peers", default="hugo,pelican", help="peers to compare with ('' for none)"
    )
    parser.add_argument(
        "--edits", type=int, default=10, help="edits for the serve/watch figures (0: skip)"
    )
    parser.add_argument(
        "--work", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "mot-bench"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--repeat", type=int, default=1, help="cold builds per tool and size (the median is kept)"
    )
    parser.add_argument(
        "--locales",
        default="",
        help="many-locales table: N,N... locales of --locale-articles articles (e.g. 2,8,17)",
    )
    parser.add_argument("--locale-articles", type=int, default=500, help="articles per locale")
    parser.add_argument(
        "--engine",
        default="",
        help="the Markdown engine of the corpus sites (markdown: {engine: ...} in site.yaml); "
        "several, comma-separated ('default' for the default one), are built cold side by side",
    )
    parser.add_argument(
        "--search", action="store_true", help="search: true in the corpus sites (Pagefind)"
    )
    parser.add_argument(
        "--images",
        type=int,
        default=0,
        help="also build an image corpus of this many photographs (bench/make_images.py)",
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    wanted = [p for p in args.peers.split(",") if p]
    pelican_bin = Path(os.environ.get("MOT_BENCH_PELICAN", "/tmp/mot-bench-pelican/bin/pelican"))
    versions = {
        "hugo": peers.version(["hugo", "version"]),
        "pelican": peers.version([str(pelican_bin), "--version"]),
    }
    load = os.getloadavg()[0]
    print(
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} cores; {platform.platform()}; "
        f"Python {platform.python_version()}; load average at start {load:.1f}"
    )
    for peer in wanted:
        print(f"{peer}: {versions.get(peer) or 'not installed, skipped'}")
    engines = [e.strip() for e in args.engine.split(",")] or [""]
    engines = ["" if e in ("", "default") else e for e in engines]
    compile_package()
    rows: list[Row] = []
    paired: dict[int, dict[str, ColdBuild]] = {}
    for pairs in sizes:
        site = corpus_site(args.work, pairs, args.seed, engines[0], args.search)
        builds = {"mot-blog": mot_blog_cold(site)}
        others = {}  # the other engines' sites, built cold in the same rounds
        for engine in engines[1:]:
            tool = f"mot-blog ({engine or 'default'})"
            others[tool] = corpus_site(args.work, pairs, args.seed, engine, args.search)
            builds[tool] = mot_blog_cold(others[tool])
        if "hugo" in wanted and versions["hugo"]:
            builds["hugo"] = hugo_cold(site, args.work, pairs)
        if "pelican" in wanted and versions["pelican"]:
            builds["pelican"] = pelican_cold(site, args.work, pairs, pelican_bin)
        cold_builds(builds, args.repeat)
        rows += mot_blog(site, pairs, args.edits, builds["mot-blog"])
        for tool, other in others.items():
            cold = builds[tool]
            pages = html_count(other / "public")
            rows.append(Row(tool, pairs, "cold", pages, cold.seconds, max(cold.peaks), cold.note))
        if "hugo" in builds:
            rows += hugo(args.work, pairs, args.edits, builds["hugo"])
        if "pelican" in builds:
            rows += pelican(args.work, pairs, builds["pelican"])
        paired[pairs] = builds
        for row in rows:
            if row.pairs == pairs:
                print(f"  {row.tool} {row.what}: {row.seconds:.2f} s", file=sys.stderr, flush=True)
    tables = []
    if args.locales:
        counts = [int(n) for n in args.locales.split(",") if n]
        hugo_too = "hugo" in wanted and bool(versions["hugo"])
        tables += locale_table(
            args.work, args.locale_articles, counts, args.seed, args.repeat, hugo_too
        )
    if args.images:
        rows += image_rows(
            args.work,
            args.images,
            args.seed,
            args.repeat,
            "hugo" in wanted and bool(versions["hugo"]),
        )
    print()
    _print(rows)
    if tables:
        print(f"\n{args.locale_articles} articles in each number of locales (cold builds):\n")
        print("\n".join(tables))
    print()
    for line in ratios(rows, paired):
        print(f"- {line}")
    print(f"\nload average at end {os.getloadavg()[0]:.1f}")


def _print(rows: list[Row]) -> None:
    print("| tool | pairs | build | pages | seconds | pages/s | peak RSS MiB | note |")
    print("|---|---:|---|---:|---:|---:|---:|---|")
    for r in rows:
        rss = f"{r.rss_mb:.0f}" if r.rss_mb else "-"
        rate = f"{r.pages / r.seconds:.0f}" if r.what.startswith(("cold", "warm")) else "-"
        print(
            f"| {r.tool} | {r.pairs} | {r.what} | {r.pages} | {r.seconds:.2f} | {rate} | {rss} | {r.note} |"
        )


if __name__ == "__main__":
    main()
