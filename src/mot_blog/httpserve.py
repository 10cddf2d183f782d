"""The dev server's HTTP side: serve one output folder, and nothing outside it.

Correct content types, the site's 404 pages, no directory listing, no path
that leaves the folder (``..``, percent-encoded variants, backslashes, NUL,
symlinks pointing out), and the live-reload stream of :mod:`mot_blog.livereload`.
"""

from __future__ import annotations

import contextlib
import mimetypes
import queue
import sys
import threading
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

from mot_blog.livereload import (
    CLIENT_JS,
    EVENTS_PATH,
    KEEPALIVE_SECONDS,
    SCRIPT_PATH,
    LiveState,
    inject,
)

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
            self._send(200, CLIENT_JS.encode("utf-8"), "text/javascript; charset=utf-8", head)
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
