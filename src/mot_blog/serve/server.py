"""``mot-blog serve``: build, serve, watch, rebuild, reload the browser.

The dev server builds the site into its own temporary folder (never the
site's ``public/``), serves that folder over HTTP on 127.0.0.1, and watches the
sources (:mod:`mot_blog.serve.watch`). After each burst of saves it rebuilds, prints
what changed and tells open tabs over Server-Sent Events:

    GET /__mot-blog/live.js   the client script, added to served HTML pages only
    GET /__mot-blog/events    the event stream: ``hello``, ``reload``, ``problems``

Two kinds of rebuild:

* when only post files changed (``content/<locale>/**.md``: edited, added or
  deleted), the site kept in memory by :class:`mot_blog.serve.incremental.IncrementalBuilder`
  re-parses those posts, re-renders the pages whose dependency key changed and
  writes those that differ in place; the files it wrote or removed are the
  change reported. The Pagefind search index (``search: true``) is made again
  in the background for the languages whose pages changed, after the reload event.
* any other change (``site.yaml``, data files, templates, catalogs, static
  files) makes a full cached build (:func:`mot_blog.build.build`), swapped in
  whole, compared with the previous output file by file (path and hash, a
  file's size, inode and modification time standing for its bytes when it
  kept them); then the in-memory site is made again from that build.

A failed rebuild changes nothing on disk (the full build's swap only happens
for a complete build; an incremental rebuild writes only after every page
rendered), so the last good pages stay served; the problems go to the
terminal, to open tabs as an overlay, and into every HTML page served while
the build is broken. The paths of a failed rebuild are rebuilt again with the
next save's, and the next good build removes the overlay by reloading.

Every build runs in this process (``workers=1``): the server runs HTTP and
file-watching threads, and forking worker processes from a threaded process
can deadlock on a lock a thread held at the fork.

Every served page carries the build generation it was served at; a tab whose
stream (re)connects to a newer generation reloads, so a reload announced while
a tab was connecting is not lost.

The temporary folder (``mot-blog-serve-<pid>-*`` in the system's temporary
folder) holds an owner file (:data:`OWNER_FILE`: the server's pid and start
time); a server removes it when it stops, and the next one removes those of
servers that were killed (their process is gone), never a folder without that
file or another user's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import os
import shutil
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from mot_blog.build import BuildResult, build
from mot_blog.errors import BuildFailed, describe
from mot_blog.load.config import load_config
from mot_blog.load.theme import is_site_file
from mot_blog.model.assemble import BuildOptions
from mot_blog.serve.changes import (
    Changes,
    FileState,
    changes_of,
    compare,
    digests,
    file_state,
    snapshot,
)
from mot_blog.serve.http import DevHTTPServer
from mot_blog.serve.incremental import IncrementalBuilder
from mot_blog.serve.livereload import LiveState
from mot_blog.serve.scratch import make_temporary_folder
from mot_blog.serve.watch import SiteWatcher

Rebuild = Callable[[Path, Path, BuildOptions], BuildResult]
"""The dev server's full build: same shape as :func:`build.build`, and cached like it
(the incremental state is made from the build's output index afterwards)."""


def build_in_process(root: Path, out: Path, options: BuildOptions) -> BuildResult:
    """The dev server's full build: cached like any build, but in this process only
    (no worker processes forked from the threaded server)."""
    return build(root, out, options, workers=1)


# -- the temporary folder ----------------------------------------------------


# -- what a rebuild changed ------------------------------------------------


# -- the loop ----------------------------------------------------------------


class DevServer:
    """Build into a temporary folder, serve it, rebuild on change.

    ``rebuild(root, out, options)`` makes every full build (:func:`mot_blog.build.build`
    by default, cached); it must leave ``out`` as it was when it raises
    :class:`BuildFailed`, which ``build`` does by swapping a complete folder in.
    Edits of posts alone go through an :class:`IncrementalBuilder` made after
    each full build.
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
        self._tmp = None if out is not None else make_temporary_folder()
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
        self._files: dict[str, FileState] = {}
        self._broken = False
        self._builder: IncrementalBuilder | None = None
        """The site in memory, as of the output folder; None until a full build makes it."""
        self._pending: set[Path] = set()
        """Paths changed since the last good build (a failed rebuild's stay for the next)."""
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

    def _watch_themes(self) -> None:
        """Watch the site's theme when it is a folder of the site (``theme: themes/x``)."""
        try:
            themes = load_config(self.root).themes
        except BuildFailed:
            return
        self.watcher.watch_themes(t.base for t in themes if t.label and is_site_file(t.label))

    def first_build(self) -> None:
        """Build once before serving; a broken site is still served (with the overlay)."""
        with self._build_lock:
            try:
                result, options = self._full_build()
            except BuildFailed as failure:
                self._failed([str(p) for p in failure.problems])
                return
            self._files = snapshot(self.out)
            self._start_incremental(options)
        print(f"built {result.pages} pages in {result.seconds:.2f} s", flush=True)

    def on_change(self, paths: frozenset[Path]) -> None:
        """Rebuild after a burst of saves; called on the debouncer's thread."""
        with self._build_lock:
            self._pending |= paths
            self._rebuild()

    def _full_build(self) -> tuple[BuildResult, BuildOptions]:
        """A full build, with the time it ran at fixed in the options it returns (the
        incremental state made from it must count the same posts as published)."""
        self._builder = None
        options = self.options
        if options.now is None:
            options = dataclasses.replace(options, now=dt.datetime.now(dt.UTC))
        try:
            result = self.rebuild_fn(self.root, self.out, options)
        finally:
            self._watch_themes()  # a broken theme template is fixed in the theme folder
        self.state.base_path = self._base_path()
        for warning in result.warnings:
            print(warning, file=sys.stderr, flush=True)
        return result, options

    def _start_incremental(self, options: BuildOptions) -> None:
        """The in-memory site for the next post edits, from the full build just made."""
        try:
            self._builder = IncrementalBuilder(self.root, self.out, options, workers=1, built=True)
        except BuildFailed:
            # A save made during the build broke the site: its own rebuild (full) reports it.
            self._builder = None
        except Exception as exc:  # noqa: BLE001 (full builds still work without it)
            print(
                f"mot-blog: internal error, every rebuild is a full one: {describe(exc)}",
                flush=True,
            )
            self._builder = None

    def _rebuild(self) -> None:
        started = time.perf_counter()
        builder = self._builder
        full = builder is None or not all(builder.is_post(path) for path in self._pending)
        try:
            if full:
                if builder is not None:
                    builder.wait_for_search()  # the full build swaps the folder it writes into
                _, options = self._full_build()
                files = snapshot(self.out, self._files)
                changes = compare(digests(self._files), digests(files))
                self._files = files
            else:
                assert builder is not None
                changes = self._edit(builder)
        except BuildFailed as failure:
            self._failed([str(p) for p in failure.problems])
            return
        except Exception as exc:  # noqa: BLE001 (a bug in a rebuild must not stop the server)
            self._builder = None  # its state is not trusted: the next rebuild is a full one
            self._failed([f"mot-blog: internal error during rebuild: {describe(exc)}"])
            return
        self._pending.clear()
        seconds = time.perf_counter() - started
        recovered, self._broken = self._broken, False
        if recovered:
            print("fixed: the build works again", flush=True)
        print(f"rebuilt in {seconds:.2f} s: {changes.summary()}", flush=True)
        if changes or recovered:
            self.state.announce(
                "reload", {"pages": list(changes.pages), "files": list(changes.files)}
            )
        if full:
            # After the reload event: open tabs need not wait for it.
            self._start_incremental(options)

    def _edit(self, builder: IncrementalBuilder) -> Changes:
        """Posts only changed: rebuild what they touch; the files it wrote are the change."""
        result = builder.rebuild(sorted(self._pending))
        for path in result.changed_outputs:
            target = self.out / path
            if target.is_file():
                self._files[path] = file_state(target)
            else:
                self._files.pop(path, None)
        return changes_of(result.changed_outputs)

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
            if self.httpd.hosts.every_address:
                print(
                    "listening on every address of this machine: anyone who can reach it "
                    "can read the site, drafts included",
                    flush=True,
                )
            print(f"serving {self.url} from {self.out} (Ctrl-C to stop)", flush=True)
            while not stop.wait(0.5):
                pass
        finally:
            self.httpd.stopping.set()
            self.state.close_streams()
            if server_thread.is_alive():
                self.httpd.shutdown()
                server_thread.join()
            self.watcher.stop()  # joins the debouncer: no rebuild runs from here on
            if self._builder is not None:
                self._builder.close()  # the parses made by edits, for the next start
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

    ``rebuild`` is every full build the server makes, the first one included;
    edits of posts alone are rebuilt incrementally (see the module docstring).
    """
    if not root.is_dir():
        print(f"mot-blog: no site folder {root}; pass --site DIR", file=sys.stderr)
        return 2
    if not (root / "site.yaml").exists():
        print(f"mot-blog: no site.yaml in {root}; pass --site DIR", file=sys.stderr)
        return 2
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in _iter_signals()}
    try:
        try:
            server = DevServer(root, options, host, port, rebuild)
        except (OSError, ValueError) as exc:  # ValueError: a host name IDNA cannot encode
            print(listen_problem(host, port, exc), file=sys.stderr)
            return 2
        server.serve(stop)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print("stopped", flush=True)
    return 0


def listen_problem(host: str, port: int, exc: OSError | ValueError) -> str:
    """The one line for a server that cannot listen: only a port in use (or one that
    needs privileges) calls for another ``--port``; otherwise the address is wrong."""
    code = exc.errno if isinstance(exc, OSError) else None
    reason = (
        (exc.strerror or str(exc)) if isinstance(exc, OSError) else str(exc) or "not a host name"
    )
    if code == errno.EADDRINUSE:
        return f"mot-blog: port {port} is in use on {host}; try another --port (0 picks a free one)"
    if code == errno.EACCES and 0 < port < 1024:
        return f"mot-blog: port {port} needs privileges to listen on; try e.g. --port 8000"
    if isinstance(exc, socket.gaierror | ValueError) or code in (
        errno.EADDRNOTAVAIL,
        errno.EAFNOSUPPORT,
        errno.EINVAL,
    ):
        return (
            f"mot-blog: cannot listen on --host {host!r}: not an address of this machine "
            f"({reason}); use e.g. --host 127.0.0.1"
        )
    return f"mot-blog: cannot listen on {host}:{port}: {reason}"


def _shown(path: Path, root: Path) -> str:
    try:
        return os.path.relpath(path, root.resolve())
    except ValueError:
        return str(path)
