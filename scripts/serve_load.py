"""Open many connections at once to a running ``mot-blog serve`` and time the answers.

Starts ``mot-blog serve --port 0`` on a small generated site (or ``--site DIR``), with
the engine of ``--src`` (default: this checkout's ``src/``; give another checkout's to
compare), waits for its first build, then opens ``--connections`` connections at the
same moment (threads released together), each sending ``GET /it/`` and reading the
whole answer. Prints the seconds from the release to each complete answer (p50, p90,
max), the answers by status, and how many timed out.

    python scripts/serve_load.py                          # this checkout, 200 connections
    python scripts/serve_load.py --src /path/to/other/src  # another version, to compare

Not a test: the figures depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from conftest import post, write_site  # noqa: E402


def start_server(src: Path, site: Path) -> tuple[subprocess.Popen[str], str]:
    """``mot-blog serve`` from ``src`` on a free port; returns it with its address."""
    env = {**os.environ, "PYTHONPATH": str(src), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "mot_blog", "serve", "--site", str(site), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    for line in process.stdout:
        found = re.search(r"serving http://([\d.]+):(\d+)", line)
        if found:
            threading.Thread(target=process.stdout.read, daemon=True).start()  # drain
            return process, f"{found.group(1)}:{found.group(2)}"
    raise SystemExit(f"the server did not start: {process.wait()}")


def one_request(address: str, path: str, timeout: float) -> tuple[int | None, float]:
    """(status, seconds) of one request on a new connection; status None on a timeout."""
    host, port = address.rsplit(":", 1)
    started = time.perf_counter()
    try:
        with socket.create_connection((host, int(port)), timeout=timeout) as sock:
            sock.settimeout(max(timeout - (time.perf_counter() - started), 0.001))
            sock.sendall(
                f"GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n".encode()
            )
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
    except TimeoutError:
        return None, time.perf_counter() - started
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else -1
    return status, time.perf_counter() - started


def hammer(address: str, connections: int, path: str, timeout: float) -> list:
    """Every connection opened at once; their (status, seconds)."""
    results: list = [None] * connections
    gate = threading.Barrier(connections)

    def client(n: int) -> None:
        gate.wait()
        results[n] = one_request(address, path, timeout)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=REPO / "src", help="the engine to run")
    parser.add_argument("--site", type=Path, help="site to serve (default: 30 generated posts)")
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--path", default="/it/")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds per request")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="mot-serve-load-"))
    site = args.site or write_site(
        scratch / "site",
        {
            f"content/it-IT/post-{n:02d}.md": post(f"Post {n}", f"2024-01-{n % 28 + 1:02d}")
            for n in range(30)
        },
    )
    process, address = start_server(args.src, site)
    try:
        for round_ in range(args.rounds):
            results = hammer(address, args.connections, args.path, args.timeout)
            seconds = sorted(s for _, s in results)
            answered = [s for status, s in results if status is not None]
            statuses: dict[object, int] = {}
            for status, _ in results:
                statuses[status] = statuses.get(status, 0) + 1
            p90 = seconds[int(len(seconds) * 0.9) - 1]
            print(
                f"round {round_ + 1}: {args.connections} connections to {args.src}: "
                f"p50 {statistics.median(seconds):.3f} s, p90 {p90:.3f} s, "
                f"max {seconds[-1]:.3f} s; timed out (>{args.timeout:g} s): "
                f"{args.connections - len(answered)}; statuses: {statuses}"
            )
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
