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

import hashlib
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from mot_blog.assemble import BuildOptions
from mot_blog.build import BuildResult, build
from mot_blog.config import load_config
from mot_blog.errors import BuildFailed
from mot_blog.httpserve import DevHTTPServer
from mot_blog.livereload import LiveState
from mot_blog.watch import SiteWatcher

Rebuild = Callable[[Path, Path, BuildOptions], BuildResult]
"""The seam for a faster (incremental) builder: same shape as :func:`build.build`."""


def build_in_process(root: Path, out: Path, options: BuildOptions) -> BuildResult:
    """The dev server's build: cached like any build, but in this process only.

    The server runs HTTP and file-watching threads; forking worker processes from
    a threaded process can deadlock on a lock a thread held at the fork. The build
    cache and the reuse of unchanged pages keep a save's rebuild short anyway.
    """
    return build(root, out, options, workers=1)


SHOWN_PAGES = 6
"""How many changed page URLs a rebuild line names before saying 'and N more'."""


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
        rebuild: Rebuild = build_in_process,
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
    rebuild: Rebuild = build_in_process,
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
