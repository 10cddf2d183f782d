"""The dev server's HTTP side: serve one output folder, and nothing outside it.

Correct content types, the site's 404 pages, no directory listing, no path
that leaves the folder (``..``, percent-encoded variants, backslashes, NUL,
symlinks pointing out), and the live-reload stream of :mod:`mot_blog.serve.livereload`.

Only requests for this server are answered (:class:`HostCheck`): a web page the
editor opens elsewhere may point a name it controls at 127.0.0.1 (DNS
rebinding) and read the drafts through it; its requests carry that name in
their ``Host`` header and get 421. A threading server with a listen backlog of
:data:`BACKLOG`: a page that opens many connections at once (a browser loading
an index's images, a link checker) is answered without stalls.
"""

from __future__ import annotations

import contextlib
import ipaddress
import mimetypes
import queue
import socket
import sys
import threading
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

from mot_blog.errors import describe
from mot_blog.serve.livereload import (
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
BACKLOG = 1024
"""Connections the system queues before the server accepts them (socketserver's default
is 5: with 200 opened at once, some waited seconds, and some timed out)."""
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
"""Host names always answered: this machine's own."""


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


def host_name(header: str | None) -> str | None:
    """The name in a ``Host`` header, without its port, brackets or final dot, lowercased
    (``[::1]:8000`` -> ``::1``); None when there is none."""
    if not header:
        return None
    value = header.strip().lower()
    if value.startswith("["):
        name, bracket, rest = value[1:].partition("]")
        if not bracket or (rest and not (rest.startswith(":") and rest[1:].isdigit())):
            return None
    else:
        name, colon, port = value.rpartition(":")
        if not colon:
            name = value
        elif not port.isdigit() or ":" in name:
            return None
    name = name.rstrip(".")
    return name or None


def _plain(name: str) -> str:
    """A host name or address as :func:`host_name` gives it (no brackets, no final dot)."""
    return name.strip().lower().strip("[]").rstrip(".")


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class HostCheck:
    """Which ``Host`` headers the dev server answers: the name or address it was asked to
    listen on, the address it is bound to, ``localhost``, ``127.0.0.1`` and ``[::1]``
    (any port). Bound to every address (``0.0.0.0``, ``::``: to be reached from a phone
    on the same network), also any IP address and this machine's host name: a request
    naming an address cannot come from DNS rebinding, which needs a name the attacker
    controls."""

    def __init__(self, given: str, bound: str):
        names = {_plain(given), _plain(bound), *LOOPBACK_NAMES}
        self.every_address = _is_address(bound) and ipaddress.ip_address(bound).is_unspecified
        if self.every_address:
            names.add(_plain(socket.gethostname()))
        self.names = frozenset(name for name in names if name)

    def allows(self, header: str | None) -> bool:
        """Whether a request with this ``Host`` header is for this server."""
        name = host_name(header)
        if name is None:
            return False
        return name in self.names or (self.every_address and _is_address(name))


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
        if self._for_this_server(head=True):
            self._respond(head=True)

    def do_GET(self) -> None:
        if not self._for_this_server(head=False):
            return
        if self.path == EVENTS_PATH:
            self._events()
        else:
            self._respond(head=False)

    def _for_this_server(self, head: bool) -> bool:
        """Answer 421 to a request for another host name (see :class:`HostCheck`)."""
        host = self.headers.get("Host")
        if self.server.hosts.allows(host):
            return True
        shown = "".join(ch if ch.isprintable() else "?" for ch in (host or "")[:100])
        body = (
            f"421 Misdirected Request: this is mot-blog serve, which answers requests for "
            f"{self.server.hosts_shown} only, not for '{shown}'\n"
        ).encode("utf-8", "replace")
        self.close_connection = True
        self._send(421, body, "text/plain; charset=utf-8", head)
        return False

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
    """A threading HTTP server over one output folder; handler threads are joined on close.

    ``address``: (host, port), the host a name or an IPv4 or IPv6 address."""

    daemon_threads = False
    block_on_close = True
    request_queue_size = BACKLOG

    def __init__(self, address: tuple[str, int], out: Path, state: LiveState):
        self.out = out
        self.state = state
        self.stopping = threading.Event()
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)
        bound = str(self.server_address[0])
        self.hosts = HostCheck(address[0], bound)
        shown = sorted(self.hosts.names - {"127.0.0.1", "::1", "localhost"})
        loopback = ["localhost", "127.0.0.1", "[::1]"]
        extra = ["any IP address"] if self.hosts.every_address else []
        self.hosts_shown = ", ".join(
            [*loopback, *(f"[{n}]" if ":" in n else n for n in shown), *extra]
        )

    def handle_error(self, request: object, client_address: object) -> None:
        """One line instead of socketserver's traceback; nothing for a closed tab."""
        error = sys.exc_info()[1]
        if error is not None and not isinstance(error, ConnectionError | TimeoutError):
            print(f"mot-blog serve: error answering a request: {describe(error)}", file=sys.stderr)
