"""``mot-blog serve``: build, serve, watch, rebuild, reload the browser.

The dev server builds the site into its own temporary folder (never the
site's ``public/``), serves that folder over HTTP on 127.0.0.1, and watches the
sources (:mod:`mot_blog.watch`). After each burst of saves it rebuilds through
one callable with the shape of :func:`mot_blog.build.build`, compares the new
output with the previous one file by file (path and hash), prints what changed
and tells open tabs over Server-Sent Events:

    GET /__mot-blog/live.js   the client script, added to served HTML pages only
    GET /__mot-blog/events    the event stream: ``hello``, ``reload``, ``problems``

A failed rebuild changes nothing on disk (the output swap only happens for a
complete build), so the last good pages stay served; the problems go to the
terminal, to open tabs as an overlay, and into every HTML page served while
the build is broken. The next good build removes the overlay by reloading.

Every served page carries the build generation it was served at; a tab whose
stream (re)connects to a newer generation reloads, so a reload announced while
a tab was connecting is not lost.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import mimetypes
import os
import queue
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

from mot_blog.assemble import BuildOptions
from mot_blog.build import BuildResult, build
from mot_blog.config import load_config
from mot_blog.errors import BuildFailed
from mot_blog.watch import SiteWatcher

Rebuild = Callable[[Path, Path, BuildOptions], BuildResult]
"""The seam for a faster (incremental) builder: same shape as :func:`build.build`."""

LIVE_PREFIX = "/__mot-blog/"
SCRIPT_PATH = LIVE_PREFIX + "live.js"
EVENTS_PATH = LIVE_PREFIX + "events"
KEEPALIVE_SECONDS = 10.0
SHOWN_PAGES = 6
"""How many changed page URLs a rebuild line names before saying 'and N more'."""

_TEXT_TYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".txt": "text/plain",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
}
_BINARY_TYPES = {".webp": "image/webp", ".woff2": "font/woff2", ".ico": "image/x-icon"}

_CLIENT_JS = (Path(__file__).parent / "devserver_client.js").read_text(encoding="utf-8")
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


def content_type(path: Path) -> str:
    """The Content-Type of a served file; text types say their charset (UTF-8, as built)."""
    suffix = path.suffix.lower()
    if suffix in _TEXT_TYPES:
        return f"{_TEXT_TYPES[suffix]}; charset=utf-8"
    if suffix in _BINARY_TYPES:
        return _BINARY_TYPES[suffix]
    guessed, _ = mimetypes.guess_type(path.name)
    if guessed is None:
        return "application/octet-stream"
    return f"{guessed}; charset=utf-8" if guessed.startswith("text/") else guessed


# -- what a rebuild changed ------------------------------------------------


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (relative POSIX path) with a hash of its bytes."""
    files = {}
    for path in folder.rglob("*"):
        if path.is_file():
            files[path.relative_to(folder).as_posix()] = hashlib.blake2b(
                path.read_bytes(), digest_size=16
            ).hexdigest()
    return files


@dataclass(frozen=True, slots=True)
class Changes:
    """Files that differ between two builds."""

    pages: tuple[str, ...]
    """Site-relative URLs of added, changed or removed HTML pages (``it/foo/``)."""
    files: tuple[str, ...]
    """Output paths of every other added, changed or removed file."""

    def __bool__(self) -> bool:
        return bool(self.pages or self.files)

    def summary(self) -> str:
        """``3 pages changed (it/foo/, it/, nl/foo/)``, ``1 file changed (css/site.css)``..."""
        parts = []
        for items, noun in ((self.pages, "page"), (self.files, "file")):
            if not items:
                continue
            shown = ", ".join(items[:SHOWN_PAGES])
            more = f", and {len(items) - SHOWN_PAGES} more" if len(items) > SHOWN_PAGES else ""
            parts.append(
                f"{len(items)} {noun}{'s' if len(items) != 1 else ''} changed ({shown}{more})"
            )
        return "; ".join(parts) or "nothing changed"


def _page_url(path: str) -> str:
    if path == "index.html":
        return "/"
    if path.endswith("/index.html"):
        return path[: -len("index.html")]
    return path


def compare(old: Mapping[str, str], new: Mapping[str, str]) -> Changes:
    """What differs between two snapshots."""
    differing = sorted(path for path in old.keys() | new.keys() if old.get(path) != new.get(path))
    pages = [p for p in differing if p.endswith(".html")]
    # The shortest URLs first: the locale index before its articles reads best.
    pages.sort(key=lambda p: (p.count("/"), p))
    return Changes(
        tuple(_page_url(p) for p in pages), tuple(p for p in differing if not p.endswith(".html"))
    )


# -- live state shared by the rebuilder and the request handlers -----------


class LiveState:
    """Build generation, current problems and the open event streams."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._streams: set[queue.SimpleQueue[tuple[str, str] | None]] = set()
        self.generation = 0
        self.problems: tuple[str, ...] = ()
        self.base_path = "/"

    def announce(self, event: str, data: object, problems: tuple[str, ...] = ()) -> None:
        """Start a new generation and send ``event`` to every open stream."""
        with self._lock:
            self.generation += 1
            self.problems = problems
            payload = json.dumps(
                {"generation": self.generation, **({"data": data} if data else {})}
            )
            for stream in self._streams:
                stream.put((event, payload))

    def subscribe(self) -> queue.SimpleQueue[tuple[str, str] | None]:
        """A new stream's queue, primed with a ``hello`` naming the current generation."""
        stream: queue.SimpleQueue[tuple[str, str] | None] = queue.SimpleQueue()
        with self._lock:
            stream.put(("hello", json.dumps({"generation": self.generation})))
            if self.problems:
                stream.put(
                    (
                        "problems",
                        json.dumps({"generation": self.generation, "data": list(self.problems)}),
                    )
                )
            self._streams.add(stream)
        return stream

    def unsubscribe(self, stream: queue.SimpleQueue[tuple[str, str] | None]) -> None:
        """Forget a closed stream."""
        with self._lock:
            self._streams.discard(stream)

    def current(self) -> tuple[int, tuple[str, ...]]:
        """The generation and the problems a page served now should carry."""
        with self._lock:
            return self.generation, self.problems

    def close_streams(self) -> None:
        """Tell every stream to end (server shutdown)."""
        with self._lock:
            for stream in self._streams:
                stream.put(None)


def inject(page: bytes, state: LiveState) -> bytes:
    """``page`` with the live-reload script (and the problems overlay, while broken)."""
    generation, problems = state.current()
    snippet = f'<script src="{SCRIPT_PATH}" data-generation="{generation}"></script>'
    if problems:
        snippet = overlay_html(problems) + snippet
    data = snippet.encode("utf-8")
    matches = list(_BODY_END.finditer(page))
    if not matches:
        return page + data
    at = matches[-1].start()
    return page[:at] + data + page[at:]


def overlay_html(problems: tuple[str, ...]) -> str:
    """The overlay markup listing build problems (developer text, never published)."""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in problems)
    return (
        '<div id="mot-blog-overlay" role="alert" style="position:fixed;inset:0;z-index:2147483647;'
        "overflow:auto;background:rgba(20,20,20,.94);color:#fff;font:14px/1.5 monospace;"
        'padding:2rem"><p style="color:#ff8a80;font-weight:bold">The build is broken; '
        "showing the last good pages. Fix the file and save.</p>"
        f'<ul style="list-style:none;padding:0">{items}</ul></div>'
    )


# -- HTTP ------------------------------------------------------------------


class UnsafePath(Exception):
    """A request path that cannot name a file in the output folder."""


def request_parts(raw_target: str, base_path: str) -> list[str]:
    """The decoded path segments of a request, relative to the site's base path.

    Raises :class:`UnsafePath` for anything that could step outside the output
    folder once decoded: ``..`` or ``.`` segments (also percent-encoded),
    encoded slashes that hide them, backslashes, NUL bytes, empty segments.
    """
    path = raw_target.split("?", 1)[0].split("#", 1)[0]
    if not path.startswith("/"):
        raise UnsafePath(path)
    decoded = unquote(path, errors="strict")
    if "\x00" in decoded or "\\" in decoded:
        raise UnsafePath(path)
    if not decoded.startswith(base_path):
        raise FileNotFoundError(path)
    parts = decoded[len(base_path) :].split("/")
    if parts[-1] == "":
        parts.pop()  # a folder URL: /it/ names the same folder as /it
    if any(part in ("", ".", "..") for part in parts):
        raise UnsafePath(path)
    return parts


class _Handler(BaseHTTPRequestHandler):
    server: DevHTTPServer
    server_version = "mot-blog-serve"
    # A connection that sends no request (browsers open spare ones) would hold
    # up the join of request threads at Ctrl-C: give it a few seconds only.
    timeout = 3

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (base signature)
        """Quiet: the terminal is for rebuilds and problems, not for every request."""

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def do_GET(self) -> None:
        if self.path == EVENTS_PATH:
            self._events()
        else:
            self._respond(head=False)

    def _send(
        self,
        status: int,
        body: bytes,
        ctype: str,
        head: bool,
        extra: Mapping[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _respond(self, head: bool) -> None:
        state = self.server.state
        if self.path.split("?", 1)[0] == SCRIPT_PATH:
            self._send(200, _CLIENT_JS.encode("utf-8"), "text/javascript; charset=utf-8", head)
            return
        try:
            parts = request_parts(self.path, state.base_path)
        except (UnsafePath, UnicodeDecodeError):
            self._send(400, b"bad request path\n", "text/plain; charset=utf-8", head)
            return
        except FileNotFoundError:
            if self.path.split("?", 1)[0] in ("/", state.base_path.rstrip("/")):
                # A site under a base path (https://example.org/blog/): send / there.
                self._send(
                    301, b"", "text/plain; charset=utf-8", head, {"Location": state.base_path}
                )
            else:
                self._not_found([], head)
            return
        try:
            self._serve_path(parts, head)
        except ConnectionError:
            raise  # the client went away: nothing to answer
        except OSError:  # a name too long for the file system, a file being swapped out...
            self._not_found(parts, head)

    def _serve_path(self, parts: list[str], head: bool) -> None:
        root = self.server.out.resolve()
        target = root.joinpath(*parts).resolve()
        # Resolving follows symlinks: one pointing out of the folder lands
        # outside ``root`` and is not served.
        if target != root and not target.is_relative_to(root):
            self._not_found(parts, head)
            return
        if target.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                location = self.path.split("?", 1)[0] + "/"
                query = self.path.partition("?")[2]
                self._send(
                    301,
                    b"",
                    "text/plain; charset=utf-8",
                    head,
                    {"Location": location + (f"?{query}" if query else "")},
                )
                return
            target = (target / "index.html").resolve()
            if not target.is_relative_to(root):
                self._not_found(parts, head)
                return
        if not target.is_file():
            self._not_found(parts, head)
            return
        self._file(200, target, head)

    def _file(self, status: int, target: Path, head: bool) -> None:
        body = target.read_bytes()
        ctype = content_type(target)
        if ctype.startswith("text/html"):
            body = inject(body, self.server.state)
        self._send(status, body, ctype, head)

    def _not_found(self, parts: list[str], head: bool) -> None:
        """The site's 404 page: the locale's, when the path is under a locale prefix."""
        root = self.server.out.resolve()
        candidates = [root / parts[0] / "404.html"] if len(parts) > 1 else []
        candidates.append(root / "404.html")
        for page in candidates:
            with contextlib.suppress(OSError):
                if page.is_file() and page.resolve().is_relative_to(root):
                    self._file(404, page, head)
                    return
        body = inject(
            b"<!DOCTYPE html><title>404 Not Found</title><h1>404 Not Found</h1>", self.server.state
        )
        self._send(404, body, "text/html; charset=utf-8", head)

    def _events(self) -> None:
        state = self.server.state
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        stream = state.subscribe()
        try:
            while not self.server.stopping.is_set():
                try:
                    item = stream.get(timeout=KEEPALIVE_SECONDS)
                except queue.Empty:
                    self.wfile.write(b": keepalive\n\n")
                    self.wfile.flush()
                    continue
                if item is None:
                    break
                event, payload = item
                self.wfile.write(f"event: {event}\ndata: {payload}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the tab was closed
        finally:
            state.unsubscribe(stream)


class DevHTTPServer(ThreadingHTTPServer):
    """A threading HTTP server over one output folder; handler threads are joined on close."""

    daemon_threads = False
    block_on_close = True

    def __init__(self, address: tuple[str, int], out: Path, state: LiveState):
        self.out = out
        self.state = state
        self.stopping = threading.Event()
        super().__init__(address, _Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        """One line instead of socketserver's traceback; nothing for a closed tab."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError | TimeoutError):
            print(f"mot-blog serve: error answering a request: {error!r}", file=sys.stderr)


# -- the loop ----------------------------------------------------------------


class DevServer:
    """Build into a temporary folder, serve it, rebuild on change.

    ``rebuild(root, out, options)`` makes every build (:func:`mot_blog.build.build`
    by default); it must leave ``out`` as it was when it raises
    :class:`BuildFailed`, which ``build`` does by swapping a complete folder in.
    """

    def __init__(
        self,
        root: Path,
        options: BuildOptions,
        host: str = "127.0.0.1",
        port: int = 8000,
        rebuild: Rebuild = build,
        out: Path | None = None,
    ):
        self.root = root
        self.options = options
        self.rebuild_fn = rebuild
        self._tmp = None if out is not None else Path(tempfile.mkdtemp(prefix="mot-blog-serve-"))
        self.out = out if out is not None else self._tmp / "site"  # type: ignore[operator]
        self.out.mkdir(parents=True, exist_ok=True)
        self.state = LiveState()
        try:
            self.httpd = DevHTTPServer((host, port), self.out, self.state)
        except OSError:
            if self._tmp is not None:
                shutil.rmtree(self._tmp, ignore_errors=True)
            raise
        self.watcher = SiteWatcher(root, self.on_change)
        self._files: dict[str, str] = {}
        self._broken = False
        self._build_lock = threading.Lock()
        """One build at a time: the first build and a rebuild share the output folder."""

    @property
    def url(self) -> str:
        """The address the site is served at."""
        host, port = self.httpd.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else str(host)
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}{self.state.base_path}"

    def _base_path(self) -> str:
        try:
            return load_config(self.root).base_path
        except BuildFailed:
            return self.state.base_path

    def first_build(self) -> None:
        """Build once before serving; a broken site is still served (with the overlay)."""
        with self._build_lock:
            try:
                result = self.rebuild_fn(self.root, self.out, self.options)
            except BuildFailed as failure:
                self._failed([str(p) for p in failure.problems])
                return
            self.state.base_path = self._base_path()
            self._files = snapshot(self.out)
        print(f"built {result.pages} pages in {result.seconds:.2f} s", flush=True)

    def on_change(self, paths: frozenset[Path]) -> None:
        """Rebuild after a burst of saves; called on the debouncer's thread."""
        with self._build_lock:
            self._rebuild()

    def _rebuild(self) -> None:
        started = time.perf_counter()
        try:
            self.rebuild_fn(self.root, self.out, self.options)
        except BuildFailed as failure:
            self._failed([str(p) for p in failure.problems])
            return
        except Exception as exc:  # noqa: BLE001 (a bug in a rebuild must not stop the server)
            self._failed([f"mot-blog: internal error during rebuild: {exc!r}"])
            return
        seconds = time.perf_counter() - started
        self.state.base_path = self._base_path()
        files = snapshot(self.out)
        changes = compare(self._files, files)
        self._files = files
        recovered, self._broken = self._broken, False
        if recovered:
            print("fixed: the build works again", flush=True)
        print(f"rebuilt in {seconds:.2f} s: {changes.summary()}", flush=True)
        if changes or recovered:
            self.state.announce(
                "reload", {"pages": list(changes.pages), "files": list(changes.files)}
            )

    def _failed(self, lines: list[str]) -> None:
        self._broken = True
        for line in lines:
            print(line, file=sys.stderr, flush=True)
        count = len(lines)
        print(
            f"{count} problem{'s' if count != 1 else ''}; still serving the last good build",
            file=sys.stderr,
            flush=True,
        )
        self.state.announce("problems", lines, problems=tuple(lines))

    def serve(self, stop: threading.Event) -> None:
        """Build, serve until ``stop`` is set; then stop the watcher and join every thread.

        The watcher starts before the first build, so that a save made while
        it runs is not missed.
        """
        server_thread = threading.Thread(
            target=self.httpd.serve_forever, name="mot-blog-http", kwargs={"poll_interval": 0.2}
        )
        try:
            self.watcher.start()
            self.first_build()
            server_thread.start()
            watched = [*self.watcher.watched(), self.root / "site.yaml"]
            print("watching " + ", ".join(_shown(p, self.root) for p in watched), flush=True)
            print(f"serving {self.url} from {self.out} (Ctrl-C to stop)", flush=True)
            while not stop.wait(0.5):
                pass
        finally:
            self.httpd.stopping.set()
            self.state.close_streams()
            if server_thread.is_alive():
                self.httpd.shutdown()
                server_thread.join()
            self.watcher.stop()
            self.httpd.server_close()  # joins the request threads
            if self._tmp is not None:
                shutil.rmtree(self._tmp, ignore_errors=True)


def _iter_signals() -> Iterator[signal.Signals]:
    yield signal.SIGINT
    if hasattr(signal, "SIGTERM"):
        yield signal.SIGTERM


def serve(
    root: Path,
    options: BuildOptions,
    host: str = "127.0.0.1",
    port: int = 8000,
    rebuild: Rebuild = build,
) -> int:
    """``mot-blog serve``: run until Ctrl-C or SIGTERM; returns the exit code (0).

    ``rebuild`` is every build the server makes, the first one included: an
    incremental builder with the signature of :func:`mot_blog.build.build`
    plugs in here.
    """
    if not root.is_dir():
        print(f"mot-blog: no site folder {root}; pass --site DIR", file=sys.stderr)
        return 2
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in _iter_signals()}
    try:
        try:
            server = DevServer(root, options, host, port, rebuild)
        except OSError as exc:
            print(
                f"mot-blog: cannot listen on {host}:{port}: {exc.strerror or exc}; "
                "try another --port",
                file=sys.stderr,
            )
            return 2
        server.serve(stop)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print("stopped", flush=True)
    return 0


def _shown(path: Path, root: Path) -> str:
    try:
        return os.path.relpath(path, root.resolve())
    except ValueError:
        return str(path)
