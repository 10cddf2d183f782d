"""The command line keeps its contract: exit codes, one line per problem, no traceback.

0 done, 1 content problems or an output folder refused, 2 usage, 3 internal error
(one short line; the traceback only with ``--debug``, before or after the command),
130 interrupted. Each case runs the program as a user would, in a subprocess.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, post, run_cli, write_site

from mot_blog.cli import main

BROKEN_BUILD = """
import sys
import mot_blog.build

def broken(*args, **kwargs):
    raise RuntimeError("boom " + "<p>page</p>" * 2000 + "\\nsecond line")

mot_blog.build.build = broken
from mot_blog.cli import run

run()
"""


def _run_python(code: str, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _one_line(result: subprocess.CompletedProcess, code: int) -> str:
    lines = result.stderr.strip().splitlines()
    assert result.returncode == code, result.stderr
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", {"content/it-IT/a.md": post("A")})


# ---- --debug and internal errors -------------------------------------------------------------


@pytest.mark.parametrize(
    "args", [["--debug", "build"], ["build", "--debug"]], ids=["before", "after"]
)
def test_debug_before_or_after_the_command_prints_the_traceback_and_exits_3(
    root: Path, args: list[str]
) -> None:
    result = _run_python(BROKEN_BUILD, *args, "--site", str(root))
    assert result.returncode == 3, result.stderr
    assert "Traceback (most recent call last)" in result.stderr
    assert "RuntimeError: boom" in result.stderr


def test_an_internal_error_is_one_short_line(root: Path) -> None:
    result = _run_python(BROKEN_BUILD, "build", "--site", str(root))
    line = _one_line(result, 3)
    assert line.startswith("mot-blog: internal error: RuntimeError: boom <p>page</p>")
    assert line.endswith("...; run again with --debug and report it")
    assert len(line) < 300


def test_the_debug_flag_does_not_leak_between_runs(root: Path, tmp_path: Path) -> None:
    assert main(["build", "--site", str(root), "--out", str(tmp_path / "o"), "-q"]) == 0
    assert main(["--debug", "build", "--site", str(root), "--out", str(tmp_path / "o")]) == 0


# ---- usage ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "meant"), [("biuld", "build"), ("serv", "serve"), ("stauts", "status")]
)
def test_a_mistyped_command_gets_a_did_you_mean(typed: str, meant: str) -> None:
    for args in ([typed], ["--debug", typed, "--site", "."]):
        result = run_cli(*args)
        assert result.returncode == 2, result.stderr
        assert f"unknown command '{typed}' (did you mean '{meant}'?)" in result.stderr
        assert "Traceback" not in result.stderr


def test_an_unknown_command_far_from_any_lists_them() -> None:
    result = run_cli("xyzzy")
    assert result.returncode == 2
    assert "unknown command 'xyzzy'; the commands: build, serve, new, check, status" in (
        result.stderr
    )


@pytest.mark.parametrize("command", ["build", "serve", "check", "status", "new"])
def test_a_site_that_is_a_file_or_missing_is_a_usage_error(command: str, tmp_path: Path) -> None:
    extra = ["Titolo"] if command == "new" else []
    readme = tmp_path / "README.md"
    readme.write_text("# readme")
    line = _one_line(run_cli(command, *extra, "--site", str(readme)), 2)
    assert line == f"mot-blog: --site {readme} is a file, not a site folder; pass --site DIR"
    missing = tmp_path / "missing"
    line = _one_line(run_cli(command, *extra, "--site", str(missing)), 2)
    assert line == f"mot-blog: --site {missing}: no such folder"


@pytest.mark.parametrize("command", ["build", "serve", "check", "status"])
def test_a_folder_without_site_yaml_is_a_usage_error(command: str, tmp_path: Path) -> None:
    result = run_cli(command, "--site", str(tmp_path))
    line = _one_line(result, 2)
    assert line == (
        f"mot-blog: no site.yaml in {tmp_path}; pass --site DIR (the folder that holds it)"
    )
    assert "serving" not in result.stdout  # serve never started on it


def test_jobs_out_of_range_is_a_usage_error(root: Path) -> None:
    for jobs in ("0", "100000"):
        line = _one_line(run_cli("build", "--site", str(root), "--jobs", jobs), 2)
        assert line == "mot-blog: --jobs must be between 1 and 1024"


# ---- where the output goes ---------------------------------------------------------------------


def test_an_output_under_a_file_is_refused_in_one_line(root: Path, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# readme")
    for out in (readme / "public", readme / "deeper/public"):
        line = _one_line(run_cli("build", "--site", str(root), "--out", str(out)), 1)
        assert line == (
            f"{out}: cannot be made here: {readme} is a file, not a folder; choose another --out"
        )
    assert readme.read_text() == "# readme"


def test_an_output_that_cannot_be_made_is_refused_in_one_line(root: Path, tmp_path: Path) -> None:
    long_name = tmp_path / ("x" * 250)
    line = _one_line(run_cli("build", "--site", str(root), "--out", str(long_name)), 1)
    assert line == (
        f"{long_name}: cannot be made here: a folder name of 250 bytes is too long "
        "(at most 235); choose a shorter --out"
    )
    if Path("/proc/self").is_dir():  # /proc takes no new folders, not even from root
        out = "/proc/mot-blog-test-out"
        line = _one_line(run_cli("build", "--site", str(root), "--out", out), 1)
        assert line.startswith(f"{out}: cannot be made")
        assert line.endswith("; choose another --out")
    assert not any(p.name.startswith(".x") for p in tmp_path.iterdir())


GONE = """
import os, runpy, shutil, sys, threading
here = os.getcwd()
delay = float(sys.argv.pop(1))

def remove():  # again while the build writes into it
    while os.path.lexists(here):
        shutil.rmtree(here, ignore_errors=True)

if delay < 0:
    remove()
else:
    threading.Timer(delay, remove).start()
sys.argv[0] = "mot-blog"
runpy.run_module("mot_blog", run_name="__main__", alter_sys=True)
"""


def test_a_deleted_working_folder_is_one_line(tmp_path: Path) -> None:
    work = tmp_path / "work"
    write_site(work / "site", {"content/it-IT/a.md": post("A")})
    result = _run_python(GONE, "-1", "build", "--site", "site", "--out", "out", cwd=work)
    assert _one_line(result, 2) == (
        "mot-blog: the current folder no longer exists (deleted?); "
        "cd into a folder that does, or give absolute paths"
    )


@pytest.mark.parametrize("delay", [0.05, 0.15, 0.3, 0.6])
def test_a_working_folder_deleted_during_the_build_is_never_a_traceback(
    tmp_path: Path, delay: float
) -> None:
    work = tmp_path / "work"
    posts = {f"content/it-IT/p{n}.md": post(f"P{n}") for n in range(60)}
    write_site(work / "site", posts)
    result = _run_python(GONE, str(delay), "build", "--site", "site", "--out", "out", cwd=work)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    assert result.returncode in (0, 1, 2), result.stderr
    if result.returncode == 2:
        # on a loaded machine the timer can fire before mot-blog reads its working folder:
        # then it is the line of a folder deleted before the start
        assert _one_line(result, 2) in (
            "mot-blog: the current folder was deleted while mot-blog ran; nothing written",
            "mot-blog: the current folder no longer exists (deleted?); "
            "cd into a folder that does, or give absolute paths",
        )
    elif result.returncode == 1:
        assert (
            result.stderr.strip()
            .splitlines()[-1]
            .endswith(("(changed while mot-blog ran?)", "nothing written"))
        ), result.stderr


# ---- serve ---------------------------------------------------------------------------------


def test_serve_on_an_address_that_is_not_this_machines_says_so(root: Path) -> None:
    for host in ("999.1.1.1", "192.0.2.7"):  # no such address; TEST-NET, on no machine
        line = _one_line(run_cli("serve", "--site", str(root), "--host", host, "--port", "0"), 2)
        assert line.startswith(f"mot-blog: cannot listen on --host '{host}': not an address")
        assert line.endswith("; use e.g. --host 127.0.0.1") and "--port" not in line


def test_serve_on_a_port_in_use_advises_another_port(root: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        line = _one_line(run_cli("serve", "--site", str(root), "--port", str(port)), 2)
    assert line == (
        f"mot-blog: port {port} is in use on 127.0.0.1; try another --port (0 picks a free one)"
    )


# ---- Ctrl-C ----------------------------------------------------------------------------------

START_DELAYS = (0, 0.02, 0.05, 0.1, 0.2)
"""Seconds after the process starts: the interpreter's start-up, the imports, the parsing
of the arguments, the first stages."""
WRITING_DELAYS = (0, 0.01, 0.03, 0.1)
"""Seconds after the staging folder appears: rendering and writing, the swap."""


def _tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def _wait_for_staging(process: subprocess.Popen, out: Path) -> None:
    deadline = time.monotonic() + 60
    staging = out.parent / f".{out.name}.staging-{process.pid}"
    while process.poll() is None and not staging.exists() and time.monotonic() < deadline:
        time.sleep(0.002)


def test_ctrl_c_at_any_moment_exits_130_saying_interrupted(tmp_path: Path) -> None:
    """SIGINT at several moments of a build, from the interpreter's start to the swap:
    to the build process alone, and to its whole process group as a terminal's Ctrl-C
    does (the worker processes get it too). Once mot-blog's code runs, every outcome is
    exit 130 and one ``interrupted`` line (or a build that finished first); no traceback
    ever names mot-blog's code, a worker's included, and the output stays whole.

    Before any of mot-blog's code runs, Python's own start-up decides: killed by the
    signal (the shell shows 130), or Python's own message when site-packages' ``.pth``
    files were being imported. Those outcomes are counted, not failed."""
    posts = {f"content/it-IT/p{n:03d}.md": post(f"P{n}", body="Testo. " * 200) for n in range(240)}
    root = write_site(tmp_path / "site", posts)
    out = tmp_path / "public"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    command = [sys.executable, "-m", "mot_blog", "build", "--site", str(root), "--out", str(out)]
    assert subprocess.run([*command, "-q"], env=env, timeout=120).returncode == 0
    whole = _tree_digest(out)
    moments = [("start", d) for d in START_DELAYS] + [("writing", d) for d in WRITING_DELAYS]
    outcomes: dict[str, list[tuple[str, float]]] = {"interrupted": [], "finished": [], "python": []}
    for moment in moments:
        for to_group in (False, True):
            process = subprocess.Popen(
                [*command, "--no-cache", "--jobs", "2"],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                start_new_session=True,
            )
            if moment[0] == "writing":
                _wait_for_staging(process, out)
            time.sleep(moment[1])
            if to_group:
                os.killpg(process.pid, signal.SIGINT)
            else:
                process.send_signal(signal.SIGINT)
            stdout, stderr = process.communicate(timeout=120)
            where = f"{moment}, to the {'group' if to_group else 'process'}: {stderr[-2000:]}"
            # no traceback through our code (Python's own, while it still looks for the
            # module, names only frozen frames, though its messages may name our folder)
            assert not re.search(r'File "[^"]*mot_blog', stderr), where
            assert stderr.count("interrupted") <= 1, where  # never from a worker
            if process.returncode == 130:
                assert stderr.strip().splitlines()[-1] == "interrupted", where
                assert "Traceback" not in stderr, where
                outcomes["interrupted"].append(moment)
            elif process.returncode == 0 and "Traceback" not in stderr:
                outcomes["finished"].append(moment)
            else:
                # Python's own ways to end before mot_blog's first line runs: killed by the
                # signal, a fatal error, or (on a loaded machine) the KeyboardInterrupt raised
                # in an import lock's callback, which Python prints as ignored and goes on
                ignored = "Exception ignored in" in stderr and "KeyboardInterrupt" in stderr
                assert (
                    process.returncode == -signal.SIGINT
                    or "Fatal Python error" in stderr
                    or (moment[0] == "start" and ignored)
                ), where
                outcomes["python"].append(moment)
            assert _tree_digest(out) == whole, where
            if moment[0] == "writing":  # the interrupted build cleaned up after itself
                assert not (tmp_path / f".public.staging-{process.pid}").exists(), where
    assert len(outcomes["interrupted"]) >= len(moments), outcomes
    assert any(kind == "writing" for kind, _ in outcomes["interrupted"]), outcomes
    assert all(kind == "writing" for kind, _ in outcomes["finished"]), outcomes
    # The next build clears what the interrupted ones left beside the output.
    subprocess.run([*command, "-q"], env=env, timeout=120, check=True)
    left = {p.name for p in tmp_path.iterdir()} - {"site", "public", ".public.spare"}
    assert not left, left
    shutil.rmtree(out)
