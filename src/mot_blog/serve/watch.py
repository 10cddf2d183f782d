"""Watch the site's sources and call back once per burst of changes.

Editors save in several steps (write a temporary file, rename it over the
original, touch the folder), and each step is a file-system event. The
:class:`Debouncer` collects events until nothing has happened for a quiet
period (50 ms) and then calls back once with every path that changed, so a
save is one rebuild, not four.

The quiet period is waited after every save, so it is part of every edit's
latency. Measured here (Linux, inotify, a 2-core VM under load, 20 saves of
each kind): an append or a truncate-and-write (most editors' in-place save)
gives 2 events within 1.2 ms; a temporary file renamed over the post, 1 event
once the hidden temporary file is filtered out; Vim's default save (probe
file, rename to a backup, write, fsync, delete the backup) 4 events within
5 ms, the largest gap 4.9 ms (the fsync). 50 ms is ten times that, and gave
one callback per save for every kind; it was 150 ms before.

What is watched: ``content/``, ``templates/``, ``static/``, ``locales/``,
``translations/`` and ``site.yaml`` of the site, and the site's theme when it is a folder of the site
(``theme: themes/paper``: :meth:`SiteWatcher.watch_themes`); never the output folder,
so that a rebuild's own writes cannot trigger the next one. The watcher is watchdog's native observer
(inotify on Linux).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch

WATCHED_DIRS = ("content", "templates", "static", "locales", "translations")
WATCHED_FILES = ("site.yaml",)
QUIET_SECONDS = 0.05
"""How long nothing must happen before a burst of events is a save (see above)."""
MAX_WAIT_SECONDS = 2.0
"""A steady stream of events (a `git checkout`) still rebuilds at least this often."""


def is_noise(path: Path) -> bool:
    """Editor swap, backup and lock files: saving them is not an edit of the site."""
    name = path.name
    return (
        name.startswith((".", "#"))
        or name.endswith(("~", ".swp", ".swx", ".tmp"))
        or name == "4913"  # vim's probe file, written to test that a folder is writable
    )


class Debouncer:
    """Collect paths until a quiet period passes, then call ``callback(paths)`` once.

    The callback runs on the debouncer's own thread, one call at a time; changes
    made while it runs are collected for the next call.
    """

    def __init__(
        self,
        callback: Callable[[frozenset[Path]], None],
        quiet: float = QUIET_SECONDS,
        max_wait: float = MAX_WAIT_SECONDS,
    ):
        self._callback = callback
        self.quiet = quiet
        self._max_wait = max_wait
        self._lock = threading.Condition()
        self._pending: set[Path] = set()
        self._first = 0.0
        self._last = 0.0
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="mot-blog-debounce", daemon=True)

    def start(self) -> None:
        """Start the thread that calls back."""
        self._thread.start()

    def poke(self, path: Path) -> None:
        """Record that ``path`` changed (called from the watcher's thread)."""
        now = time.monotonic()
        with self._lock:
            if not self._pending:
                self._first = now
            self._pending.add(path)
            self._last = now
            self._lock.notify()

    def stop(self) -> None:
        """Stop and join the thread; a callback in progress finishes first."""
        with self._lock:
            self._stopped = True
            self._lock.notify()
        if self._thread.is_alive():
            self._thread.join()

    def _next_batch(self) -> frozenset[Path] | None:
        with self._lock:
            while not self._stopped:
                if not self._pending:
                    self._lock.wait()
                    continue
                now = time.monotonic()
                due = min(self._last + self.quiet, self._first + self._max_wait)
                if now >= due:
                    batch = frozenset(self._pending)
                    self._pending.clear()
                    return batch
                self._lock.wait(due - now)
            return None

    def _run(self) -> None:
        while (batch := self._next_batch()) is not None:
            self._callback(batch)


class _Handler(FileSystemEventHandler):
    """Turn watchdog events into debouncer pokes, keeping only real site files."""

    def __init__(self, root: Path, debouncer: Debouncer, on_new_dir: Callable[[Path], None]):
        self._root = root
        self._debouncer = debouncer
        self._on_new_dir = on_new_dir

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        paths = [Path(str(event.src_path))]
        if getattr(event, "dest_path", ""):
            # A rename onto a watched name is how many editors save: the
            # destination is the edit, the (often hidden) source is not.
            paths.append(Path(str(event.dest_path)))
        for path in paths:
            if path.parent == self._root:
                # The root is watched non-recursively for site.yaml and for a
                # watched folder being created after start.
                if path.name in WATCHED_DIRS and event.event_type in ("created", "moved"):
                    self._on_new_dir(path)
                if path.name in WATCHED_DIRS or path.name in WATCHED_FILES:
                    self._debouncer.poke(path)
                continue
            if event.is_directory and event.event_type == "modified":
                # A folder's mtime moved because a file in it did: that file has its own event.
                continue
            parts = path.relative_to(self._root).parts if path.is_relative_to(self._root) else ()
            if not any(is_noise(Path(part)) for part in parts):
                self._debouncer.poke(path)


class SiteWatcher:
    """watchdog's observer on a site's source folders, feeding a :class:`Debouncer`."""

    def __init__(self, root: Path, on_change: Callable[[frozenset[Path]], None]):
        self.root = root.resolve()
        self.debouncer = Debouncer(on_change)
        self._observer = Observer()
        self._handler = _Handler(self.root, self.debouncer, self._watch_dir)
        self._watched: dict[Path, ObservedWatch] = {}
        self._themes: set[Path] = set()
        self._lock = threading.Lock()
        """Folders are watched from the watcher's thread (a folder made again) and from the
        thread that builds (:meth:`watch_themes`)."""

    def _watch_dir(self, folder: Path) -> None:
        if not folder.is_dir():
            return
        with self._lock:
            self._unwatch(folder)  # made again: the old watch saw the old inode
            self._watched[folder] = self._observer.schedule(
                self._handler, str(folder), recursive=True
            )

    def _unwatch(self, folder: Path) -> None:
        old = self._watched.pop(folder, None)
        if old is not None:
            with contextlib.suppress(KeyError):
                self._observer.unschedule(old)

    def watch_themes(self, folders: Iterable[Path]) -> None:
        """Watch these theme folders of the site too, and no longer those of an earlier
        call that are not among them (``theme:`` in site.yaml changed)."""
        wanted = {folder.resolve() for folder in folders}
        with self._lock:
            for folder in self._themes - wanted:
                self._unwatch(folder)
        for folder in sorted(wanted - self._themes):
            self._watch_dir(folder)
        self._themes = wanted

    def watched(self) -> Iterable[Path]:
        """The folders watched recursively (the root itself is watched non-recursively)."""
        return sorted(self._watched)

    def start(self) -> None:
        """Start watching; events from now on are reported."""
        self._observer.schedule(self._handler, str(self.root), recursive=False)
        for name in WATCHED_DIRS:
            self._watch_dir(self.root / name)
        self.debouncer.start()
        self._observer.start()

    def stop(self) -> None:
        """Stop the observer and the debouncer and join their threads."""
        if self._observer.is_alive():
            self._observer.stop()
            self._observer.join()
        self.debouncer.stop()
