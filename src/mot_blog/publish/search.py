"""Full-text search per language with Pagefind.

When ``search: true`` is set in ``site.yaml`` the build runs Pagefind over the
staging folder after every page is written and before the folder is swapped in,
so the search index is part of the same atomic output as the pages it indexes.
Pagefind reads each page's language from ``<html lang>`` and writes one index per
language, so the Italian blog finds Italian articles and the Dutch blog Dutch
ones; only the element marked ``data-pagefind-body`` (the article body) is
indexed. Pagefind's files (the index, ``pagefind.js``, its UI files) are served
from the output folder, so search works offline and loads nothing from elsewhere.

The theme's search box (``partials/search.html`` + ``js/search.js``) is in the
page's HTML and uses Pagefind's own library, ``pagefind.js``, rather than its
ready-made UI: the ready-made UI is drawn by a 120 kB script after the page has
painted, which moved the cards below it (layout shift) and cost the index pages
their Lighthouse performance score; it also left some of its strings outside the
theme's catalogs.

Pagefind is an optional dependency (``pip install 'pagefind[extended]'``): a site
without ``search: true`` never needs it. Its extended build is the one that segments
Chinese and Japanese text into words; the ``pagefind`` package runs it when installed.

One language at a time (:func:`index_languages`): Pagefind keeps each language's
index in files of its own (``pagefind.<lang>_<hash>.pf_meta``, ``fragment/<lang>_*``,
``index/<lang>_*``, ``filter/<lang>_*``, ``wasm.<lang>.pagefind``) and lists them in
``pagefind-entry.json``. So every language is indexed by its own Pagefind run, over
that language's pages only (hard-linked into a folder of the staging site), and a
build that changed the pages of one language runs Pagefind for that one: the other
languages' files are linked from the previous index as they are. A clean build indexes
every language the same way, so an incremental index is the same bytes as a clean
one: Pagefind's output is a function of the files it reads and their paths (two runs
over the same folder give the same bytes; the entry file's languages, which it lists
in hash-map order, are sorted here). Pagefind cannot take a page out of an index, nor
add one to an index it wrote (its Python API builds a new index in a service process,
and answers one request per 0.1 s: 10,000 pages would take 17 minutes), so a language
is always indexed whole.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path

from mot_blog.errors import BuildFailed, Problem
from mot_blog.load.config import SiteConfig

INSTALL_HINT = "pip install 'pagefind[extended]'"


def pagefind_binary() -> Path | None:
    """The Pagefind executable the ``pagefind`` Python package finds, or ``None``."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    binary = get_executable()
    return binary if binary is not None and binary.is_file() else None


def _config_line(root: Path) -> int | None:
    """Line of ``search:`` in ``site.yaml``, so the problem points at the setting."""
    try:
        lines = (root / "site.yaml").read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for number, line in enumerate(lines, start=1):
        if line.startswith("search:"):
            return number
    return None


def check_search(config: SiteConfig) -> list[Problem]:
    """One problem when search is on but Pagefind is not installed; checked before
    anything is written, so a failing build leaves the previous output alone."""
    if not config.search or pagefind_binary() is not None:
        return []
    return [
        Problem(
            "site.yaml",
            _config_line(config.root),
            f"search: true needs Pagefind, which is not installed: {INSTALL_HINT}",
        )
    ]


def run_pagefind(site: Path, output: Path) -> None:
    """Pagefind over the HTML files of ``site``, writing its bundle into ``output``;
    :class:`BuildFailed` with Pagefind's last line when it fails."""
    binary = pagefind_binary()
    if binary is None:
        problem = Problem("site.yaml", None, f"Pagefind is not installed: {INSTALL_HINT}")
        raise BuildFailed([problem])
    result = subprocess.run(
        [str(binary), "--site", str(site), "--output-path", str(output), "--quiet"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        last = detail[-1] if detail else "no output"
        raise BuildFailed([Problem("site.yaml", None, f"Pagefind failed: {last}")])


ENTRY = "pagefind-entry.json"
_LANGUAGE_FOLDERS = ("fragment", "index", "filter")


def read_entry(bundle: Path) -> dict | None:
    """A Pagefind bundle's entry file (None: absent or unreadable)."""
    try:
        data = json.loads((bundle / ENTRY).read_bytes())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("languages"), dict) else None


def _language_files(bundle: Path, record: Mapping[str, object]) -> list[str]:
    """The files of one language of a bundle (relative paths), from its entry record."""
    hash_ = str(record.get("hash", ""))
    key = hash_.rpartition("_")[0]
    files = [f"pagefind.{hash_}.pf_meta", f"wasm.{record.get('wasm')}.pagefind"]
    for folder in _LANGUAGE_FOLDERS:
        try:
            names = os.listdir(bundle / folder)
        except OSError:
            continue
        files += [f"{folder}/{name}" for name in names if name.startswith(f"{key}_")]
    return [name for name in files if (bundle / name).is_file()]


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        return
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def index_languages(
    folder: Path,
    target: Path,
    pages: Mapping[str, Sequence[str]],
    previous: Path | None,
    redo: Collection[str],
    run_all: Callable[[Sequence[Callable[[], None]]], None],
) -> None:
    """Write the search bundle of the site in ``folder`` into ``target``.

    ``pages``: each language's HTML files (paths relative to ``folder``), as their
    ``<html lang>`` names it (Pagefind's own grouping). The languages in ``redo`` (and
    any that ``previous``, the last bundle, lacks) are indexed anew, one Pagefind run
    each, ``run_all(tasks)`` running them (over every core: a run uses one); the others'
    files are linked from ``previous``."""
    before = read_entry(previous) if previous is not None else None
    known = before["languages"] if before is not None else {}
    redo = {code for code in pages if code in redo or code.lower() not in known}
    work = folder / ".mot-blog-search"
    shutil.rmtree(work, ignore_errors=True)
    target.mkdir(parents=True, exist_ok=True)
    runs = {code: work / f"bundle-{n}" for n, code in enumerate(sorted(redo))}

    def index(code: str) -> Callable[[], None]:
        def run() -> None:
            site = work / f"site-{sorted(redo).index(code)}"
            for path in pages[code]:
                _link(folder / path, site / path)
            run_pagefind(site, runs[code])

        return run

    try:
        run_all([index(code) for code in sorted(redo)])
        languages: dict[str, object] = {}
        entry = before or {}
        for code, bundle in runs.items():
            made = read_entry(bundle)
            if made is None:
                raise BuildFailed(
                    [Problem("site.yaml", None, f"Pagefind wrote no index for {code}")]
                )
            entry = made
            for key, record in made["languages"].items():
                languages[key] = record
            for path in sorted(p.relative_to(bundle).as_posix() for p in bundle.rglob("*")):
                if path != ENTRY and (bundle / path).is_file():
                    _link(bundle / path, target / path)
        kept = {code.lower() for code in pages} - {code.lower() for code in redo}
        if previous is not None:
            for key in sorted(kept & set(known)):
                languages[key] = known[key]
                for path in _language_files(previous, known[key]):
                    _link(previous / path, target / path)
            if not runs:  # the files every run writes: the scripts, the styles, the default wasm
                for path in os.listdir(previous):
                    shared = not path.endswith((".pf_meta", ".pagefind")) and path != ENTRY
                    if path == "wasm.unknown.pagefind" or (shared and (previous / path).is_file()):
                        _link(previous / path, target / path)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    entry = {**entry, "languages": dict(sorted(languages.items()))}
    text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
    (target / ENTRY).write_text(text, encoding="utf-8")
