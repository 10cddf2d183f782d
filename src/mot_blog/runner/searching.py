"""The search stage as the runner makes it (``search: true``): which languages' pages changed
since the last index, so that only those are indexed again (:func:`~mot_blog.publish.search.index_languages`),
and, for the dev server, the index made again in the background after an edit.

A page counts by its file's signature (size, inode, modification time: a page a build
kept is a hard link to the last build's file, one it rendered anew is a new file), and
its language by its ``<html lang>``, read from the first bytes of the files whose
signature is new. A language's key is a digest of its pages' paths and signatures; a
language whose key is the last index's keeps its Pagefind files. The last index is
trusted only while its entry file has the signature this table remembers.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Mapping
from pathlib import Path

from mot_blog.model.urls import SEARCH_DIR
from mot_blog.publish.search import ENTRY, index_languages
from mot_blog.runner import cache
from mot_blog.runner.cache import read_memo, save_memo
from mot_blog.runner.depindex import file_signature
from mot_blog.runner.tasks import run_all

_LANG = re.compile(rb"""<html\b[^>]*?\slang\s*=\s*["']?([^"'\s>]+)""", re.I)
_HEAD = 4096
"""Bytes read to find a page's language (the ``<html>`` tag comes first)."""

Signature = tuple[int, int, int]


def html_files(folder: Path) -> dict[str, Signature]:
    """Every HTML file under ``folder`` (relative path -> signature), but the search
    bundle and hidden folders."""
    found: dict[str, Signature] = {}

    def walk(here: str, prefix: str) -> None:
        with os.scandir(here) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if not (prefix == "" and entry.name == SEARCH_DIR):
                        walk(entry.path, f"{prefix}{entry.name}/")
                elif entry.name.endswith(".html") and entry.is_file(follow_symlinks=False):
                    stat = entry.stat(follow_symlinks=False)
                    found[prefix + entry.name] = (stat.st_size, stat.st_ino, stat.st_mtime_ns)

    walk(os.fspath(folder), "")
    return found


def page_language(path: Path) -> str:
    """A page's ``<html lang>`` ('' when it has none)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD)
    except OSError:
        return ""
    found = _LANG.search(head)
    return found.group(1).decode("ascii", "replace") if found else ""


class SearchIndexer:
    """Index a built folder's pages by language, again only where they changed since the
    index this table remembers (``cache_folder`` None: remember nothing, index all)."""

    def __init__(self, cache_folder: Path | None, out: Path, workers: int | None):
        self.folder = cache_folder
        self.name = f"search-{cache.digest(str(out.resolve()))[:16]}"
        self.workers = workers
        self.before = read_memo(cache_folder, self.name) or {}
        self.now: dict = {}
        self.redone: tuple[str, ...] = ()
        """The languages the last call indexed anew."""

    def index(self, folder: Path, previous: Path | None, target: Path) -> None:
        """Write the search bundle of the pages in ``folder`` into ``target``; ``previous``:
        the last bundle (its languages whose pages did not change are linked from it)."""
        known: Mapping[str, tuple[Signature, str]] = self.before.get("pages", {})
        pages: dict[str, list[str]] = {}
        remembered = {}
        for path, signature in sorted(html_files(folder).items()):
            old = known.get(path)
            language = old[1] if old and old[0] == signature else page_language(folder / path)
            remembered[path] = (signature, language)
            pages.setdefault(language, []).append(path)
        keys = {
            code: cache.digest(*(f"{path}={remembered[path][0]}" for path in paths))
            for code, paths in pages.items()
        }
        trusted = previous is not None and self.before.get("entry") == _signature(previous / ENTRY)
        last = self.before.get("keys", {}) if trusted else {}
        redo = {code for code, key in keys.items() if last.get(code) != key}
        index_languages(
            folder,
            target,
            pages,
            previous if trusted else None,
            redo,
            lambda tasks: run_all(tasks, self.workers),
        )
        self.redone = tuple(sorted(redo if trusted else pages))
        self.now = {"pages": remembered, "keys": keys, "entry": _signature(target / ENTRY)}

    def save(self) -> None:
        """Remember the last index for the next build (once it is in place)."""
        if self.now:
            save_memo(self.folder, self.name, self.before, self.now)
            self.before = self.now


def _signature(path: Path) -> Signature | None:
    try:
        return file_signature(path)
    except OSError:
        return None


class BackgroundIndex:
    """The dev server's search index, made again in a thread after the pages changed in
    place: the reload does not wait for it. The new bundle is made beside the served one
    (``.pagefind-next``) and put in its place by two renames."""

    def __init__(self, indexer: SearchIndexer, out: Path):
        self.indexer = indexer
        self.out = out
        self._lock = threading.Lock()
        self._dirty = threading.Event()
        self._thread: threading.Thread | None = None
        self.failure: BaseException | None = None

    def request(self) -> None:
        """Index again soon (once more after the run in progress, if one is)."""
        with self._lock:
            self._dirty.set()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="mot-blog-search")
                self._thread.start()

    def _run(self) -> None:
        while True:
            with self._lock:
                if not self._dirty.is_set():
                    return
                self._dirty.clear()
            try:
                self._index_once()
            except Exception as exc:  # noqa: BLE001 (the pages are served; the next edit retries)
                self.failure = exc

    def _index_once(self) -> None:
        live, fresh, old = (
            self.out / name for name in (SEARCH_DIR, ".pagefind-next", ".pagefind-old")
        )
        shutil.rmtree(fresh, ignore_errors=True)
        self.indexer.index(self.out, live if live.is_dir() else None, fresh)
        shutil.rmtree(old, ignore_errors=True)
        if live.is_dir():
            live.rename(old)
        fresh.rename(live)
        shutil.rmtree(old, ignore_errors=True)
        self.indexer.now["entry"] = _signature(live / ENTRY)
        self.indexer.save()

    def wait(self) -> None:
        """Wait for the indexing in progress (and the one asked for after it)."""
        thread = self._thread
        if thread is not None:
            thread.join()
