"""``mot-blog serve`` driven for real: a subprocess, HTTP, Server-Sent Events, file events.

Each test starts the server on a free port (``--port 0``; the URL is read from
its output), edits files the way editors do, and waits, with a timeout, for
what a browser tab would see.
"""

from __future__ import annotations

import http.client
import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from chromium import CHROMIUM, CHROMIUM_ARGS, MISSING
from conftest import MINIMAL_CONFIG, REPO, post, run_cli

from mot_blog.serve.changes import FileState, compare, digests, snapshot
from mot_blog.serve.http import UnsafePath, request_parts

TIMEOUT = 15.0

AUTHORS = """\
anna-rossi:
  name: Anna Rossi
"""


class Server:
    """A running ``mot-blog serve`` with its output collected line by line."""

    def __init__(self, root: Path, *extra: str):
        env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mot_blog", "serve", "--site", str(root), "--port", "0", *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        self.lines: list[str] = []
        self._new = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        try:
            match = self.wait_for(r"serving (http://\S+) from (\S+)")
        except BaseException:
            self.proc.kill()  # never leave a server behind a failed start
            self.proc.wait(timeout=TIMEOUT)
            raise
        self.url = match.group(1).rstrip("/")
        self.out = Path(match.group(2))
        self.port = urlsplit(self.url).port

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self._new:
                self.lines.append(line.rstrip("\n"))
                self._new.notify_all()

    def wait_for(self, pattern: str, after: int = 0) -> re.Match[str]:
        """The first output line from index ``after`` on that matches ``pattern``."""
        deadline = time.monotonic() + TIMEOUT
        with self._new:
            while True:
                for line in self.lines[after:]:
                    if found := re.search(pattern, line):
                        return found
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    raise AssertionError(
                        f"no line matching {pattern!r} in:\n" + "\n".join(self.lines)
                    )
                self._new.wait(left)

    def count(self, pattern: str) -> int:
        with self._new:
            return sum(1 for line in self.lines if re.search(pattern, line))

    def get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=TIMEOUT) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def raw(self, target: str) -> tuple[int, bytes]:
        """A request sent byte for byte (urllib would normalize the path)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=TIMEOUT) as sock:
            sock.sendall(f"GET {target} HTTP/1.0\r\nHost: localhost\r\n\r\n".encode())
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        return int(data.split(b" ", 2)[1]), data

    def stop(self, sig: int = signal.SIGINT) -> int:
        self.proc.send_signal(sig)
        code = self.proc.wait(timeout=TIMEOUT)
        self._reader.join(timeout=TIMEOUT)
        return code


class Events:
    """An open Server-Sent Events stream, as a browser tab holds it."""

    def __init__(self, server: Server):
        self.conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=TIMEOUT)
        self.conn.request("GET", "/__mot-blog/events")
        self.response = self.conn.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type").startswith("text/event-stream")
        self._events: queue.Queue[tuple[str, dict]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        event, data = "message", ""
        try:
            for raw in self.response:
                line = raw.decode().rstrip("\r\n")
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: "):
                    data = line[6:]
                elif line == "" and data:
                    self._events.put((event, json.loads(data)))
                    event, data = "message", ""
        except (OSError, ValueError):
            pass

    def next(self, name: str) -> dict:
        """The next event called ``name`` (others are skipped)."""
        deadline = time.monotonic() + TIMEOUT
        while (left := deadline - time.monotonic()) > 0:
            try:
                event, data = self._events.get(timeout=left)
            except queue.Empty:
                break
            if event == name:
                return data
        raise AssertionError(f"no '{name}' event within {TIMEOUT} s")

    def close(self) -> None:
        self.conn.close()


def _site(site_factory, files: dict[str, str | bytes]) -> Path:
    return site_factory(
        {
            "content/authors.yaml": AUTHORS,
            "content/it-IT/ciao.md": post("Ciao", body="Primo testo.", author="anna-rossi"),
            "content/it-IT/altro.md": post("Altro", date="2024-01-03", body="Un altro."),
            **files,
        }
    )


@pytest.fixture
def serve(site):
    """Factory: start a server on a fresh site; each is stopped by SIGINT and must exit 0."""
    started: list[Server] = []

    def start(*extra: str, files: dict[str, str | bytes] | None = None) -> Server:
        root = _site(site, files or {})
        server = Server(root, *extra)
        server.root = root  # type: ignore[attr-defined]
        started.append(server)
        return server

    yield start
    for server in started:
        if server.proc.poll() is None:
            assert server.stop() == 0
        assert not any("Traceback" in line for line in server.lines), "\n".join(server.lines)


def _replace_like_an_editor(path: Path, text: str) -> None:
    """Write a temporary file beside ``path`` and rename it over (atomic save)."""
    temp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def test_serves_pages_with_reload_script_that_build_output_never_has(serve, tmp_path) -> None:
    server = serve()
    status, headers, body = server.get("/it/ciao/")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"Primo testo." in body
    assert b'<script src="/__mot-blog/live.js"' in body
    assert body.index(b"/__mot-blog/live.js") < body.rindex(b"</body>")
    status, headers, script = server.get("/__mot-blog/live.js")
    assert (status, headers["Content-Type"]) == (200, "text/javascript; charset=utf-8")
    assert b"EventSource" in script

    out = tmp_path / "public"
    assert run_cli("build", "--site", str(server.root), "--out", str(out)).returncode == 0
    for file in out.rglob("*"):
        if file.is_file():
            assert b"__mot-blog" not in file.read_bytes(), file
            assert b"mot-blog-overlay" not in file.read_bytes(), file


def test_edit_rebuilds_and_reloads_open_tabs(serve) -> None:
    server = serve()
    events = Events(server)
    hello = events.next("hello")
    (server.root / "content/it-IT/ciao.md").write_text(
        post("Ciao", body="Testo cambiato.", author="anna-rossi"), encoding="utf-8"
    )
    reload = events.next("reload")
    assert reload["generation"] > hello["generation"]
    assert "it/ciao/" in reload["data"]["pages"]
    assert b"Testo cambiato." in server.get("/it/ciao/")[2]
    line = server.wait_for(r"rebuilt in \d+\.\d\d s: (\d+) pages? changed \(([^)]*)\)")
    assert "it/ciao/" in line.group(2).split(", ")
    events.close()


def test_broken_edits_show_problems_keep_last_good_pages_and_recover(serve) -> None:
    server = serve()
    events = Events(server)
    events.next("hello")
    source = server.root / "content/it-IT/ciao.md"
    good = source.read_text(encoding="utf-8")

    source.write_text(good.replace("date: 2024-01-02", "date: [2024-01-02"), encoding="utf-8")
    problems = events.next("problems")["data"]
    assert any(
        line.startswith("content/it-IT/ciao.md:") and "YAML syntax error" in line
        for line in problems
    )
    server.wait_for(r"^content/it-IT/ciao\.md:\d+: YAML syntax error")
    server.wait_for(r"1 problem; still serving the last good build")
    status, _, page = server.get("/it/ciao/")
    assert status == 200 and b"Primo testo." in page  # the last good page
    assert b'id="mot-blog-overlay"' in page and b"YAML syntax error" in page

    source.write_text(good.replace("Primo testo.", "Riparato."), encoding="utf-8")
    events.next("reload")
    server.wait_for(r"fixed: the build works again")
    page = server.get("/it/ciao/")[2]
    assert b"Riparato." in page and b"mot-blog-overlay" not in page

    source.write_text(good.replace("anna-rossi", "ana-rossi"), encoding="utf-8")
    problems = events.next("problems")["data"]
    assert any(
        "unknown author 'ana-rossi' (did you mean 'anna-rossi'?)" in line for line in problems
    )
    source.write_text(good, encoding="utf-8")
    events.next("reload")

    template = server.root / "templates/article.html"
    template.parent.mkdir()
    template.write_text("{% if %}broken{% endif %}", encoding="utf-8")
    problems = events.next("problems")["data"]
    assert any("templates/article.html:1: template error" in line for line in problems)
    assert b"Primo testo." in server.get("/it/ciao/")[2]
    template.unlink()
    events.next("reload")
    assert b"mot-blog-overlay" not in server.get("/it/ciao/")[2]
    events.close()


def test_editor_style_saves_cause_one_rebuild_each(serve) -> None:
    server = serve()
    events = Events(server)
    events.next("hello")
    before = server.count(r"^rebuilt in ")
    ciao = server.root / "content/it-IT/ciao.md"
    _replace_like_an_editor(ciao, post("Ciao", body="Salvato.", author="anna-rossi"))
    assert "it/ciao/" in events.next("reload")["data"]["pages"]

    # Vim's default: probe file, original renamed to a backup, new file written, backup removed.
    altro = server.root / "content/it-IT/altro.md"
    (altro.parent / "4913").write_text("")
    (altro.parent / "4913").unlink()
    altro.rename(altro.with_name("altro.md~"))
    altro.write_text(post("Altro", date="2024-01-03", body="Anche salvato."), encoding="utf-8")
    altro.with_name("altro.md~").unlink()
    assert "it/altro/" in events.next("reload")["data"]["pages"]
    server.wait_for(r"^rebuilt in .*it/altro/")
    # The debouncer is serial: a second rebuild for the first save would have
    # been printed before the rebuild of the second.
    assert server.count(r"^rebuilt in ") - before == 2, "\n".join(server.lines)
    assert b"Anche salvato." in server.get("/it/altro/")[2]

    # site.yaml is watched too (its folder, the site root, only for it).
    config = server.root / "site.yaml"
    seen = len(server.lines)
    _replace_like_an_editor(config, config.read_text().replace("Test Blog", "Blog Nuovo"))
    assert "it/altro/" in events.next("reload")["data"]["pages"]
    assert b"Blog Nuovo" in server.get("/it/altro/")[2]
    server.wait_for(r"^rebuilt in ", after=seen)
    assert server.count(r"^rebuilt in ") - before == 3, "\n".join(server.lines)
    events.close()


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _clean_build(root: Path, out: Path) -> dict[str, bytes]:
    """What ``mot-blog build --no-cache`` writes for the site as it is now."""
    result = run_cli("build", "--site", str(root), "--out", str(out), "--no-cache")
    assert result.returncode == 0, result.stderr
    tree = _tree(out)
    shutil.rmtree(out)
    return tree


def _reloaded(event: dict) -> set[str]:
    """The output paths a reload event names (pages as URLs, other files as paths)."""
    pages = {p + "index.html" if p.endswith("/") else p for p in event["data"]["pages"]}
    return {"index.html" if p == "/" else p for p in pages} | set(event["data"]["files"])


def _differing(old: dict[str, bytes], new: dict[str, bytes]) -> set[str]:
    return {p for p in old.keys() | new.keys() if old.get(p) != new.get(p)}


def test_post_edit_rewrites_only_the_pages_it_touches_and_equals_a_clean_build(
    serve, tmp_path
) -> None:
    server = serve(
        files={
            "content/nl-NL/hallo.md": post("Hallo", body="Dag.", translation_key="k"),
            "content/it-IT/ciao.md": post(
                "Ciao", body="Primo testo.", author="anna-rossi", translation_key="k"
            ),
        }
    )
    events = Events(server)
    events.next("hello")
    before = _tree(server.out)
    untouched = (server.out / "it/altro/index.html").stat()

    source = server.root / "content/it-IT/ciao.md"
    _replace_like_an_editor(source, source.read_text().replace("Primo testo.", "Modificato."))
    reload = events.next("reload")
    after = _tree(server.out)
    # the event names exactly the files that changed, and the line says so too
    assert _reloaded(reload) == _differing(before, after)
    assert "it/ciao/" in reload["data"]["pages"] and len(reload["data"]["pages"]) < len(
        [p for p in after if p.endswith(".html")]
    )
    server.wait_for(rf"^rebuilt in \d+\.\d\d s: {len(reload['data']['pages'])} pages? changed")
    moved = (server.out / "it/altro/index.html").stat()
    assert (moved.st_ino, moved.st_mtime_ns) == (untouched.st_ino, untouched.st_mtime_ns)
    assert after == _clean_build(server.root, tmp_path / "clean")

    # a new post, then its removal
    new = server.root / "content/it-IT/nuovo.md"
    new.write_text(post("Nuovo", date="2024-02-01", body="Appena scritto."), encoding="utf-8")
    assert "it/nuovo/" in events.next("reload")["data"]["pages"]
    assert b"Appena scritto." in server.get("/it/nuovo/")[2]
    assert _tree(server.out) == _clean_build(server.root, tmp_path / "clean")
    new.unlink()
    assert "it/nuovo/" in events.next("reload")["data"]["pages"]
    assert server.get("/it/nuovo/")[0] == 404
    assert _tree(server.out) == _clean_build(server.root, tmp_path / "clean")

    # a config edit rebuilds in full; post edits after it start from the new site
    config = server.root / "site.yaml"
    _replace_like_an_editor(config, config.read_text().replace("Test Blog", "Blog Nuovo"))
    assert "it/ciao/" in events.next("reload")["data"]["pages"]
    assert _tree(server.out) == _clean_build(server.root, tmp_path / "clean")
    _replace_like_an_editor(source, source.read_text().replace("Modificato.", "Di nuovo."))
    assert "it/ciao/" in events.next("reload")["data"]["pages"]
    page = server.get("/it/ciao/")[2]
    assert b"Di nuovo." in page and b"Blog Nuovo" in page
    assert _tree(server.out) == _clean_build(server.root, tmp_path / "clean")
    events.close()


def test_saves_made_while_the_build_is_broken_are_all_in_the_fixed_build(serve, tmp_path) -> None:
    server = serve(files={"content/it-IT/terzo.md": post("Terzo", date="2024-01-04")})
    events = Events(server)
    events.next("hello")
    source = server.root / "content/it-IT/ciao.md"
    good = source.read_text(encoding="utf-8")
    source.write_text(good.replace("anna-rossi", "nessuno"), encoding="utf-8")
    events.next("problems")
    (server.root / "content/it-IT/altro.md").unlink()  # still broken: ciao.md
    events.next("problems")
    assert server.get("/it/altro/")[0] == 200  # the last good pages
    source.write_text(good.replace("Primo testo.", "Riparato."), encoding="utf-8")
    reload = events.next("reload")
    assert {"it/ciao/", "it/altro/"} <= set(reload["data"]["pages"])
    server.wait_for(r"fixed: the build works again")
    assert server.get("/it/altro/")[0] == 404
    assert _tree(server.out) == _clean_build(server.root, tmp_path / "clean")
    events.close()


def test_requests_cannot_leave_the_output_folder(serve) -> None:
    server = serve()
    secret = server.root / "site.yaml"
    (server.out / "leak.yaml").symlink_to(secret)
    (server.out / "leakdir").symlink_to(server.root, target_is_directory=True)
    for target in (
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2E%2E/%2e%2e/site.yaml",
        "/..%2fsite.yaml",
        "/it/%2e%2e%2f%2e%2e%2fsite.yaml",
        "/%2e%2e%5csite.yaml",
        "/..\\site.yaml",
        "/it/%00",
        "/leak.yaml",
        "/leakdir/site.yaml",
        "/leakdir/",
        "/" + "a" * 300,  # longer than a file name may be
    ):
        status, data = server.raw(target)
        assert status in (400, 404), target
        assert b"base_url" not in data and b"default_locale" not in data, target


def test_folders_redirect_serve_index_or_404_without_listing(serve) -> None:
    files = {
        "static/extra.xml": "<x/>",
        "static/mark.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        "static/pic.webp": b"RIFF\x00\x00\x00\x00WEBP",
        "static/app.js": "1;",
        "static/style.css": "a{}",
    }
    server = serve(files=files)
    status, data = server.raw("/it")
    assert status == 301 and b"\r\nLocation: /it/\r\n" in data
    status, data = server.raw("/it?x=1")
    assert status == 301 and b"\r\nLocation: /it/?x=1\r\n" in data
    status, _, body = server.get("/css/")  # a folder without index.html: no listing
    assert status == 404 and body == server.get("/nothing-here/")[2]
    assert server.get("/it/nowhere/")[0] == 404
    for path, expected in (
        ("/extra.xml", "application/xml; charset=utf-8"),
        ("/mark.svg", "image/svg+xml; charset=utf-8"),
        ("/pic.webp", "image/webp"),
        ("/app.js", "text/javascript; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
    ):
        status, headers, body = server.get(path)
        assert (status, headers["Content-Type"]) == (200, expected), path
        assert b"__mot-blog" not in body  # only HTML pages get the script

    # The site's own 404 pages (written by the build where the theme has them).
    (server.out / "404.html").write_text("<html><body>root not found</body></html>")
    (server.out / "it" / "404.html").write_text("<html><body>pagina non trovata</body></html>")
    status, headers, body = server.get("/it/nowhere/")
    assert status == 404 and b"pagina non trovata" in body and b"/__mot-blog/live.js" in body
    status, _, body = server.get("/nowhere/")
    assert status == 404 and b"root not found" in body


def test_sigterm_stops_cleanly(serve) -> None:
    server = serve()
    events = Events(server)
    events.next("hello")  # an open stream must not keep the server alive
    assert server.stop(signal.SIGTERM) == 0
    server.wait_for(r"^stopped$")
    events.close()


def test_sigint_stops_cleanly_and_frees_the_port(serve) -> None:
    server = serve()
    assert server.stop(signal.SIGINT) == 0
    assert not any("Traceback" in line or "KeyboardInterrupt" in line for line in server.lines)
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", server.port)) != 0


def test_browser_tab_reloads_and_shows_then_clears_the_overlay(serve) -> None:
    """The client script in a real Chromium: reload on save, overlay on a broken build."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip(MISSING)
    server = serve()
    source = server.root / "content/it-IT/ciao.md"
    good = source.read_text(encoding="utf-8")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
        )
        try:
            page = browser.new_page()
            page.goto(server.url + "/it/ciao/")
            page.wait_for_function("() => document.body.innerText.includes('Primo testo.')")
            page.evaluate("() => { window.notReloaded = true; }")
            source.write_text(good.replace("Primo testo.", "Dal browser."), encoding="utf-8")
            page.wait_for_function(
                "() => document.body.innerText.includes('Dal browser.')", timeout=TIMEOUT * 1000
            )
            assert page.evaluate("() => window.notReloaded") is None  # a real reload

            source.write_text(good.replace("anna-rossi", "nessuno"), encoding="utf-8")
            overlay = page.locator("#mot-blog-overlay")
            overlay.wait_for(state="visible", timeout=TIMEOUT * 1000)
            assert "unknown author 'nessuno'" in overlay.inner_text()
            assert "Dal browser." in page.inner_text("main")  # the last good page, underneath

            source.write_text(good, encoding="utf-8")
            overlay.wait_for(state="detached", timeout=TIMEOUT * 1000)
            page.wait_for_function("() => document.body.innerText.includes('Primo testo.')")
        finally:
            browser.close()


@pytest.mark.parametrize(
    "target",
    [
        "/../x",
        "/%2e%2e/x",
        "/a/%2E%2e%2Fx",
        "/a%5c..%5cx",
        "/a\\b",
        "/a/%00",
        "/a//b",
        "/a/./b",
        "x",
    ],
)
def test_request_paths_that_could_escape_are_rejected(target: str) -> None:
    with pytest.raises(UnsafePath):
        request_parts(target, "/")


def test_request_paths_are_split_below_the_base_path() -> None:
    assert request_parts("/blog/it/ciao/?q=1", "/blog/") == ["it", "ciao"]
    assert request_parts("/blog/", "/blog/") == []
    assert request_parts("/blog/caf%C3%A9.svg", "/blog/") == ["café.svg"]
    with pytest.raises(FileNotFoundError):
        request_parts("/other/", "/blog/")


def test_rebuild_summary_names_changed_pages_shortest_first() -> None:
    old = {"index.html": "1", "it/index.html": "1", "it/foo/index.html": "1", "css/a.css": "1"}
    new = {
        "index.html": "1",
        "it/index.html": "2",
        "it/foo/index.html": "2",
        "nl/foo/index.html": "1",
    }
    changes = compare(old, new)
    assert changes.summary() == (
        "3 pages changed (it/, it/foo/, nl/foo/); 1 file changed (css/a.css)"
    )
    assert not compare(new, dict(new)) and compare(new, new).summary() == "nothing changed"


def test_snapshot_reads_only_files_whose_signature_moved_and_skips_dangling_links(
    tmp_path,
) -> None:
    (tmp_path / "it").mkdir()
    (tmp_path / "it/index.html").write_text("uno")
    (tmp_path / "feed.xml").write_text("due")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere")
    first = snapshot(tmp_path)
    assert set(first) == {"it/index.html", "feed.xml"}
    # a file that kept size, inode and mtime (a hard link of the previous build's) is not read
    known = {**first, "it/index.html": FileState(first["it/index.html"].signature, "kept")}
    (tmp_path / "feed.xml").unlink()
    (tmp_path / "feed.xml").write_text("tre e quattro")  # another size: inodes are reused
    second = snapshot(tmp_path, known)
    assert second["it/index.html"].digest == "kept"
    assert second["feed.xml"].digest != first["feed.xml"].digest
    assert compare(digests(first), digests(second)).files == ("feed.xml",)


def test_site_under_a_base_path_is_served_there(serve) -> None:
    config = MINIMAL_CONFIG.replace("https://blog.example.test/", "https://example.test/blog/")
    server = serve(files={"site.yaml": config})
    assert server.url.endswith("/blog")
    status, data = server.raw("/")
    assert status == 301 and b"\r\nLocation: /blog/\r\n" in data
    assert b"Primo testo." in server.get("/it/ciao/")[2]  # server.url includes /blog
    assert server.raw("/it/ciao/")[0] == 404


def test_serves_folders_with_unicode_names_at_percent_encoded_paths(serve) -> None:
    server = serve(files={"content/it-IT/日本の夏.md": post("Estate in Giappone")})
    path = "/it/%E6%97%A5%E6%9C%AC%E3%81%AE%E5%A4%8F/"
    status, _, body = server.get(path)
    assert status == 200 and "Estate in Giappone" in body.decode("utf-8")
    status, data = server.raw(path.rstrip("/"))
    assert status == 301 and f"\r\nLocation: {path}\r\n".encode() in data
