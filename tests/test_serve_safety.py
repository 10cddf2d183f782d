"""``mot-blog serve`` is safe to leave open: it answers only requests for itself, keeps up
with many connections at once, leaves no empty folders behind, and the next server
cleans up after a killed one.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest
from conftest import post, write_site
from test_serve import TIMEOUT, Server

from mot_blog.model.assemble import BuildOptions
from mot_blog.serve.http import HostCheck, host_name
from mot_blog.serve.incremental import IncrementalBuilder
from mot_blog.serve.scratch import OWNER_FILE, clear_dead_folders


@pytest.fixture
def servers():
    started: list[Server] = []
    yield started
    for server in started:
        if server.proc.poll() is None:
            assert server.stop() == 0
        assert not any("Traceback" in line for line in server.lines), "\n".join(server.lines)


def _root(tmp_path: Path) -> Path:
    posts = {f"content/it-IT/p{n}.md": post(f"P{n}", f"2024-01-{n + 1:02d}") for n in range(5)}
    return write_site(tmp_path / "site", posts)


def _request(port: int, host: str | None, path: str = "/it/", method: str = "GET"):
    """(status, body) of a request with exactly this Host header (None: no Host at all)."""
    header = "" if host is None else f"Host: {host}\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as sock:
        sock.sendall(f"{method} {path} HTTP/1.1\r\n{header}Connection: close\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


def test_only_requests_for_this_server_are_answered(tmp_path: Path, servers) -> None:
    server = Server(_root(tmp_path))
    servers.append(server)
    port = server.port
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost", "LocalHost.", "[::1]"):
        assert _request(port, host)[0] == 200, host
    for host in ("evil.example", f"evil.example:{port}", "127.0.0.1.evil.example", "", None):
        status, body = _request(port, host)
        assert status == 421, host
        assert body.startswith(b"421 Misdirected Request: this is mot-blog serve"), body
    # the event stream and HEAD too: a rebinding page learns nothing
    assert _request(port, "evil.example", "/__mot-blog/events")[0] == 421
    assert _request(port, "evil.example", method="HEAD")[0] == 421


def test_bound_to_every_address_any_ip_is_answered_and_a_warning_printed(
    tmp_path: Path, servers
) -> None:
    server = Server(_root(tmp_path), "--host", "0.0.0.0")
    servers.append(server)
    server.wait_for(r"listening on every address of this machine: anyone who can reach it")
    port = server.port
    for host in (f"192.168.1.50:{port}", "10.0.0.7", f"[fe80::1]:{port}", socket.gethostname()):
        assert _request(port, host)[0] == 200, host
    assert _request(port, f"evil.example:{port}")[0] == 421


def test_host_names_are_read_without_port_brackets_or_final_dot() -> None:
    assert host_name("Example.ORG:8000") == "example.org"
    assert host_name("[::1]:8000") == "::1" == host_name("[::1]")
    assert host_name("localhost.") == "localhost"
    for bad in ("", None, "[::1", "[::1]x", "a:b:c", "host:port"):
        assert host_name(bad) is None, bad
    check = HostCheck("127.0.0.1", "127.0.0.1")
    assert check.allows("localhost:1") and not check.allows("192.168.1.5")
    named = HostCheck("blog.test", "127.0.0.1")  # --host blog.test, in /etc/hosts
    assert named.allows("blog.test:8000") and not named.allows("other.test")


def test_two_hundred_connections_at_once_are_all_answered(tmp_path: Path, servers) -> None:
    server = Server(_root(tmp_path))
    servers.append(server)
    statuses: list[int] = []
    gate = threading.Barrier(200)

    def client() -> None:
        gate.wait()
        with urllib.request.urlopen(f"{server.url}/it/", timeout=20) as response:
            response.read()
            statuses.append(response.status)

    threads = [threading.Thread(target=client) for _ in range(200)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 200


def test_the_next_server_removes_the_folder_of_a_killed_one_and_only_that(
    tmp_path: Path, servers, monkeypatch: pytest.MonkeyPatch
) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    users = temp / "mot-blog-serve-mine"  # named alike, not a server's: no owner file
    users.mkdir()
    (users / "notes.txt").write_text("keep me")
    running = temp / "mot-blog-serve-1-running"  # the owner runs still (this test)
    running.mkdir()
    (running / OWNER_FILE).write_text(f"mot-blog serve {os.getpid()} -\n")
    killed = Server(_root(tmp_path))
    folder = killed.out.parent
    assert folder.parent == temp and (folder / OWNER_FILE).is_file()
    killed.proc.send_signal(signal.SIGKILL)
    killed.proc.wait(timeout=TIMEOUT)
    assert folder.is_dir()  # a killed server cannot clean up
    server = Server(_root(tmp_path))
    servers.append(server)
    assert not folder.exists()
    assert (users / "notes.txt").read_text() == "keep me" and running.is_dir()
    assert server.stop() == 0
    assert not server.out.parent.exists()  # a stopped server removes its own


def test_folders_whose_owner_file_is_not_ours_are_kept(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    pid = int(dead.stdout)
    cases = {
        "dead": f"mot-blog serve {pid} -\n",
        "garbled": f"mot-blog serve {pid}\n",
        "other-tool": f"other serve {pid} -\n",
    }
    for name, text in cases.items():
        (tmp_path / f"mot-blog-serve-{name}").mkdir()
        (tmp_path / f"mot-blog-serve-{name}" / OWNER_FILE).write_text(text)
    (tmp_path / "mot-blog-serve-link").symlink_to(tmp_path / "mot-blog-serve-dead")
    (tmp_path / "mot-blog-serve-a-file").write_text("x")
    removed = clear_dead_folders(tmp_path)
    assert [p.name for p in removed] == ["mot-blog-serve-dead"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "mot-blog-serve-a-file",
        "mot-blog-serve-garbled",
        "mot-blog-serve-link",
        "mot-blog-serve-other-tool",
    ]


def _empty_folders(folder: Path) -> list[str]:
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_dir() and not any(p.iterdir())
    )


def test_an_edit_that_removes_pages_leaves_no_empty_folder(tmp_path: Path) -> None:
    files = {f"content/it-IT/p{n}.md": post(f"P{n}", f"2024-01-{n + 1:02d}") for n in range(5)}
    files["content/it-IT/solo.md"] = post("Solo", "2024-02-01", tags="[unico]").replace(
        "category: Notizie", "category: Rara"
    )
    root = write_site(tmp_path / "site", files)
    out = tmp_path / "out"
    builder = IncrementalBuilder(root, out, BuildOptions(), workers=1)
    assert (out / "it/solo/index.html").is_file() and (out / "it/tag/unico").is_dir()
    assert (out / "it/category/rara").is_dir()
    assert (out / "it/page/3/index.html").is_file()  # six posts, two per page
    for name in ("solo", "p4"):
        (root / f"content/it-IT/{name}.md").unlink()
        builder.rebuild([root / f"content/it-IT/{name}.md"])
    assert not (out / "it/solo").exists() and not (out / "it/tag/unico").exists()
    assert not (out / "it/category/rara").exists()
    assert not (out / "it/page/3").exists()
    assert _empty_folders(out) == []
    assert out.is_dir() and (out / "it/index.html").is_file()
