"""Nothing is lost: a build killed at any moment leaves the previous site or the new one.

Two versions of a site of a few hundred posts, A and B, differ in every page (a
marker in the site title and each post). Reference builds of both are made
first; then builds alternating between A and B are started as real processes
into one output folder and SIGKILLed at random moments — a third of them anywhere,
the rest while the new site is written beside the output folder and swapped in — and after
each kill the folder must equal reference A or reference B exactly, file for
file and byte for byte. The next complete build then cleans up what the killed
ones left beside it.

20 kills by default; ``MOT_LONG_TESTS=1`` makes it 200.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, post, write_site

from mot_blog.build import build
from mot_blog.errors import BuildFailed
from mot_blog.publish.folder import MARKER, MARKER_TEXT

LONG = os.environ.get("MOT_LONG_TESTS") == "1"
KILLS = 200 if LONG else 20
POSTS = 200


def _site(root: Path, marker: str) -> Path:
    files: dict[str, str | bytes] = {
        "site.yaml": (
            f"title: Blog {marker}\nbase_url: https://blog.example.test/\ndefault_locale: it-IT\n"
            "locales:\n  it-IT: {prefix: it}\n  nl-NL: {prefix: nl}\nposts_per_page: 10\n"
        )
    }
    for n in range(POSTS):
        locale = "it-IT" if n % 3 else "nl-NL"
        files[f"content/{locale}/post-{n:03d}.md"] = post(
            f"Post {n} {marker}",
            date=f"2024-01-{n % 28 + 1:02d}",
            body=f"Versione {marker}, numero {n}.",
        )
    return write_site(root, files)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file of a folder (relative path -> content hash)."""
    if not folder.is_dir():
        return {}
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _start(site: Path, out: Path) -> subprocess.Popen[bytes]:
    # --no-cache: every build does the whole work. With the cache, a build of the site
    # that is already in ``out`` changes nothing and writes no staging folder, so the
    # kill window could not be calibrated, nor land on both sides of a swap.
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mot_blog",
            "build",
            "--site",
            str(site),
            "--out",
            str(out),
            "--no-cache",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_for_staging(process: subprocess.Popen[bytes], out: Path, limit: float) -> None:
    """Return once the build has started writing its staging folder (or has ended)."""
    pattern = f".{out.name}.staging-{process.pid}"
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and process.poll() is None:
        if (out.parent / pattern).exists():
            return
        time.sleep(0.002)


def test_killed_builds_leave_a_whole_site(tmp_path: Path) -> None:
    site_a = _site(tmp_path / "a", "AAA")
    site_b = _site(tmp_path / "b", "BBB")
    build(site_a, tmp_path / "ref-a")
    build(site_b, tmp_path / "ref-b")
    ref = {"A": snapshot(tmp_path / "ref-a"), "B": snapshot(tmp_path / "ref-b")}
    # The same pages (a social card's name carries a hash of the title it shows).
    pages = {
        name: {p for p in ref[name] if not p.rpartition("/")[2].startswith("card.")} for name in ref
    }
    assert pages["A"] == pages["B"] and ref["A"] != ref["B"]
    assert all(ref["A"][p] != ref["B"][p] for p in ref["A"] if p.endswith(".html"))

    out = tmp_path / "public"
    build(site_a, out)
    assert snapshot(out) == ref["A"]
    # Calibrate on this machine, now: when a build process starts writing, and when it ends.
    started = time.monotonic()
    process = _start(site_a, out)
    _wait_for_staging(process, out, limit=120)
    writing = time.monotonic() - started
    process.wait()
    ending = time.monotonic() - started
    assert snapshot(out) == ref["A"]

    seed = int(os.environ.get("MOT_KILL_SEED", random.randrange(2**32)))
    rng = random.Random(seed)
    states = []
    killed_while_running = 0
    window = max(ending - writing, 0.01)
    for attempt in range(KILLS):
        site = site_b if attempt % 2 == 0 else site_a
        process = _start(site, out)
        if attempt % 3 == 0:
            # Anywhere: from interpreter start-up to the end of a build.
            time.sleep(rng.uniform(0, ending))
        else:
            # While the new site is written and swapped in: the dangerous part. The range
            # follows the machine's load: it grows while kills land before the build ends
            # and shrinks once they land after, so kills fall on both sides of the swap.
            _wait_for_staging(process, out, limit=120)
            time.sleep(rng.uniform(0, 1.5 * window))
            window *= 1.25 if process.poll() is None else 0.8
        if process.poll() is None:
            killed_while_running += 1
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = snapshot(out)
        state = next((name for name, files in ref.items() if files == now), None)
        if state is None:
            missing = sorted(set(ref["A"]) - set(now))
            changed = sorted(p for p in now if now[p] not in (ref["A"].get(p), ref["B"].get(p)))
            raise AssertionError(
                f"seed {seed}, kill {attempt}: output is neither build A nor B ({len(now)} "
                f"files; missing from A: {missing[:5]}; neither A's nor B's: {changed[:5]})"
            )
        states.append(state)
    # Most kills must land while a build runs (else the test proves little); both
    # outcomes (old site kept, new site complete) must have been seen.
    assert killed_while_running >= KILLS // 2, f"seed {seed}: most kills came after the build ended"
    assert set(states) == {"A", "B"}, f"seed {seed}: only saw {set(states)} ({writing=}, {ending=})"

    # The next complete build replaces the folder and clears every leftover beside it,
    # but for the spare folder (the previous site, which the next build brings up to date).
    build(site_b, out)
    assert snapshot(out) == ref["B"]
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(f".{out.name}.")]
    assert leftovers in ([], [f".{out.name}.spare"])
    build(site_a, out)  # through the spare, whatever the kills left in it
    assert snapshot(out) == ref["A"]


def test_leftovers_of_a_killed_build_are_never_inside_the_output(tmp_path: Path) -> None:
    site = _site(tmp_path / "a", "AAA")
    out = tmp_path / "public"
    build(site, out)
    before = snapshot(out)
    process = _start(site, out)
    _wait_for_staging(process, out, limit=60)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert snapshot(out) == before
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == [MARKER]


@pytest.mark.parametrize(
    "where",
    [
        "site",
        "content",
        "parent-of-site",
        "root",
        "home",
        "holds-content",
        "holds-site-yaml",
        "a-file",
    ],
)
def test_refuses_output_folders_it_would_destroy(tmp_path: Path, where: str) -> None:
    site = write_site(tmp_path / "site", {"content/it-IT/a.md": post("A")})
    other = tmp_path / "other"
    targets = {
        "site": site,
        "content": site / "content",
        "parent-of-site": tmp_path,
        "root": Path("/"),
        "home": Path.home(),
        "holds-content": other,
        "holds-site-yaml": other,
        "a-file": tmp_path / "file.txt",
    }
    if where == "holds-content":
        (other / "content").mkdir(parents=True)
        (other / "content/keep.md").write_text("keep me")
    elif where == "holds-site-yaml":
        other.mkdir()
        (other / "site.yaml").write_text("keep me")
    elif where == "a-file":
        targets[where].write_text("keep me")
    out = targets[where]
    before = snapshot(tmp_path)
    with pytest.raises(BuildFailed) as failure:
        build(site, out)
    assert "refusing to write into" in str(failure.value.problems[0])
    assert snapshot(tmp_path) == before


def test_never_deletes_beside_the_output_folder(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"content/it-IT/a.md": post("A")})
    # 'pub[1]' as a glob pattern would match 'pub1': the cleanup must take the name literally.
    neighbours = [".pub1.staging-9/keep.txt", ".pub1.old-9/keep.txt", "pub1/keep.txt", "keep.txt"]
    for rel in neighbours:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("keep")
    for _ in range(2):
        build(site, tmp_path / "pub[1]")
    assert all((tmp_path / rel).read_text() == "keep" for rel in neighbours)
    assert (tmp_path / "pub[1]/it/a/index.html").is_file()


def test_cleanup_spares_a_build_that_is_still_running(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"content/it-IT/a.md": post("A")})
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead = subprocess.Popen([sys.executable, "-c", "pass"])
        dead.wait()
        alive_staging = tmp_path / f".public.staging-{running.pid}"
        dead_staging = tmp_path / f".public.staging-{dead.pid}"
        for folder in (alive_staging, dead_staging):  # marked, as a build marks its staging
            (folder / "it").mkdir(parents=True)
            (folder / MARKER).write_bytes(MARKER_TEXT)
        build(site, tmp_path / "public")
        assert alive_staging.is_dir()
        assert not dead_staging.exists()
    finally:
        running.kill()
        running.wait()


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


SLEEPY_WORKERS = """
import time
from mot_blog.runner.workers import fork_map
list(fork_map(lambda n: time.sleep(120), 100, 2))
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_the_workers_die_with_a_killed_build() -> None:
    """A killed build's workers must not go on: the next build clears the killed one's
    staging folder, and a worker still writing pages would make it again. Here the
    workers sleep for two minutes in their task; killing the build must end them."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    process = subprocess.Popen([sys.executable, "-c", SLEEPY_WORKERS], env=env)
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while len(workers) < 2 and process.poll() is None and time.monotonic() < deadline:
        workers = _children(process.pid)
        time.sleep(0.01)
    assert len(workers) == 2, "the workers did not start"
    time.sleep(0.5)  # into their task
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 30
    while not all(_gone(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert all(_gone(pid) for pid in workers)


def _gone(pid: int) -> bool:
    """Whether a process has ended (no longer listed, or a zombie not yet reaped)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] == "Z"
    except OSError:
        return True
