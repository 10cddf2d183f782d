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

A language in shards (:func:`index_shards`): Pagefind keeps each language's index in
files of its own (``pagefind.<lang>_<hash>.pf_meta``, ``fragment/<lang>_*``, ``index/<lang>_*``,
``filter/<lang>_*``, ``wasm.<lang>.pagefind``) and lists them in ``pagefind-entry.json``, and
it cannot take a page out of an index nor add one to an index it wrote (its Python API builds
a new index in a service process and answers one request per 0.1 s: 10,000 pages would take
17 minutes). A language is therefore indexed as shards of at most :data:`SHARD_PAGES` pages,
one Pagefind run each, over that shard's pages only (hard-linked into a folder of the staging
site): a page's shard is a hash of its path, so an edit of one post indexes its shard again and
links the others' files from the previous bundle as they are. Shard 0 of every language is the
bundle itself (``pagefind/``, with Pagefind's scripts); shard *n* is ``pagefind/shard-<n>/``.
The search box merges a language's shards with Pagefind's own ``mergeIndex``, which loads them
with the primary bundle's WebAssembly and ranks their results together; it learns how many
there are from ``pagefind/mot-blog-shards.json`` (:data:`SHARDS_FILE`).

A language's shard count follows from its page count alone, so a clean build makes the same
shards and the same bytes as an incremental one: Pagefind's output is a function of the files
it reads and their paths (two runs over the same folder give the same bytes; the entry file's
languages, which it lists in hash-map order, are sorted here). When the count changes (every
:data:`SHARD_PAGES` pages a language gains or loses), its pages move and all its shards are
made again.
"""

from __future__ import annotations

import hashlib
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
SHARDS_FILE = "mot-blog-shards.json"
"""Each language's shards but the first, by its pages' ``<html lang>`` (``{"ja-JP":
["shard-1/", …]}``, folders relative to the bundle): what the search box merges."""
SHARD_PAGES = 125
"""Most pages in one shard: a Pagefind run takes ~1.5-3 ms and ~0.45 MB a page (Pagefind 1.5 on
a 2-core machine), so an edit re-indexes 125 pages in about 0.3 s; the search box merges one
more small index per 125 pages (40 for a language of 5,000 articles), which it fetches in
parallel. 250 pages made the edit's run 0.7 s, a quarter of a warm build at 10,000 articles
(measured side by side: 4.10 s against 3.56 s with 125)."""
_LANGUAGE_FOLDERS = ("fragment", "index", "filter")

Shard = tuple[str, int]
"""A language (its pages' ``<html lang>``) and the number of one of its shards."""


def shard_count(pages: int) -> int:
    """How many shards a language of ``pages`` indexed pages is split into."""
    return max(1, -(-pages // SHARD_PAGES))


def shard_of(path: str, count: int) -> int:
    """The shard of the page at ``path`` (relative to the site) among ``count``: a hash of
    the path, so a page stays in its shard while the count does."""
    if count == 1:
        return 0
    digest = hashlib.blake2b(path.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % count


def shard_folder(bundle: Path, number: int) -> Path:
    """Where shard ``number`` of every language is kept in a bundle."""
    return bundle if number == 0 else bundle / f"shard-{number}"


def read_entry(bundle: Path) -> dict | None:
    """A Pagefind bundle's entry file (None: absent or unreadable)."""
    try:
        data = json.loads((bundle / ENTRY).read_bytes())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("languages"), dict) else None


def _language_files(bundle: Path, record: Mapping[str, object], wasm: bool) -> list[str]:
    """The files of one language of a bundle (relative paths), from its entry record."""
    hash_ = str(record.get("hash", ""))
    prefix = f"{hash_.rpartition('_')[0]}_"
    files = [f"pagefind.{hash_}.pf_meta"] + ([f"wasm.{record.get('wasm')}.pagefind"] * wasm)
    files = [name for name in files if os.path.isfile(bundle / name)]
    for folder in _LANGUAGE_FOLDERS:
        try:
            with os.scandir(bundle / folder) as entries:  # file types without a stat each
                files += [
                    f"{folder}/{entry.name}"
                    for entry in entries
                    if entry.name.startswith(prefix) and entry.is_file(follow_symlinks=False)
                ]
        except OSError:
            continue
    return files


def _link_all(source: Path, target: Path, names: Sequence[str]) -> None:
    """Hard-link the files ``names`` (relative paths) of ``source`` into ``target`` (a copy
    where a link cannot be made), keeping any already there; each folder is made once
    (a kept shard is thousands of small files)."""
    made: set[str] = set()
    for name in names:
        folder = name.rpartition("/")[0]
        if folder not in made:
            os.makedirs(os.path.join(target, folder), exist_ok=True)
            made.add(folder)
        to = os.path.join(target, name)
        try:
            os.link(os.path.join(source, name), to)
        except FileExistsError:
            continue
        except OSError:
            shutil.copy2(os.path.join(source, name), to)


def _link_shared(bundle: Path, target: Path) -> None:
    """Link the files of ``bundle`` that are no language's (Pagefind's scripts and styles,
    the WebAssembly of pages without a language) into ``target``."""
    shared = []
    for path in os.listdir(bundle):
        own = path in (ENTRY, SHARDS_FILE) or path.endswith((".pf_meta", ".pagefind"))
        if (path == "wasm.unknown.pagefind" or not own) and (bundle / path).is_file():
            shared.append(path)
    _link_all(bundle, target, shared)


def _write_json(path: Path, data: object) -> None:
    """Write a new file (never through a link to the last bundle's)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def index_shards(
    folder: Path,
    target: Path,
    shards: Mapping[Shard, Sequence[str]],
    previous: Path | None,
    redo: Collection[Shard],
    run_all: Callable[[Sequence[Callable[[], None]]], None],
) -> None:
    """Write the search bundle of the site in ``folder`` into ``target``.

    ``shards``: the HTML files (paths relative to ``folder``) of each shard of each language
    (its pages' ``<html lang>``, Pagefind's own grouping). The shards in ``redo`` (and any
    that ``previous``, the last bundle, lacks) are indexed anew, one Pagefind run each,
    ``run_all(tasks)`` running them (over every core: a run uses one); the others' files are
    linked from ``previous`` meanwhile."""
    numbers = sorted({number for _, number in shards}) or [0]
    before = {n: read_entry(shard_folder(previous, n)) for n in numbers} if previous else {}
    known = {n: (entry or {}).get("languages", {}) for n, entry in before.items()}
    redo = {
        shard
        for shard in shards
        if shard in redo or shard[0].lower() not in known.get(shard[1], {})
    }
    work = folder / ".mot-blog-search"
    shutil.rmtree(work, ignore_errors=True)
    target.mkdir(parents=True, exist_ok=True)
    order = sorted(redo)
    runs = {shard: work / f"bundle-{n}" for n, shard in enumerate(order)}

    def index(shard: Shard) -> Callable[[], None]:
        def run() -> None:
            site = work / f"site-{order.index(shard)}"
            _link_all(folder, site, shards[shard])
            run_pagefind(site, runs[shard])

        return run

    languages: dict[int, dict[str, object]] = {n: {} for n in numbers}
    entries: dict[int, dict] = {n: before.get(n) or {} for n in numbers}
    kept = sorted(set(shards) - redo) if previous is not None else []

    def link_kept() -> None:
        assert previous is not None
        for code, number in kept:
            record = known[number][code.lower()]
            languages[number][code.lower()] = record
            old = shard_folder(previous, number)
            files = _language_files(old, record, wasm=number == 0)
            _link_all(old, shard_folder(target, number), files)
        if not runs:
            _link_shared(previous, target)

    try:
        # The kept shards are linked while Pagefind indexes the others (a kept shard's files
        # are its own: no run writes them).
        run_all([index(shard) for shard in order] + ([link_kept] if previous is not None else []))
        for (code, number), bundle in runs.items():
            made = read_entry(bundle)
            if made is None:
                raise BuildFailed(
                    [Problem("site.yaml", None, f"Pagefind wrote no index for {code}")]
                )
            entries[number] = made
            into = shard_folder(target, number)
            for key, record in made["languages"].items():
                languages[number][key] = record
                _link_all(bundle, into, _language_files(bundle, record, wasm=number == 0))
            _link_shared(bundle, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for number in numbers:
        entry = {**entries[number], "languages": dict(sorted(languages[number].items()))}
        _write_json(shard_folder(target, number) / ENTRY, entry)
    merged: dict[str, list[str]] = {}
    for code, number in sorted(shards):
        merged.setdefault(code, [])
        if number:
            merged[code].append(f"{shard_folder(Path(), number).as_posix()}/")
    _write_json(target / SHARDS_FILE, merged)
