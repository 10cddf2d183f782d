"""The only writer of the output folder.

A build is written beside the output folder into a staging folder, then the
two are swapped in one step (Linux ``renameat2(RENAME_EXCHANGE)``; two renames
elsewhere), so readers and a killed build only ever see the previous complete
site or the new complete one. Output paths are checked to stay inside the
folder, and the folder itself may not be the site, its content, ``/`` or the
home folder.

A folder is written only when it is ours: absent, empty, or carrying the marker
file (:data:`MARKER`, ``.mot-blog-output``) that every build writes at its top.
Anything else is refused in one line, with nothing moved: a build swaps the
whole folder out, and the site it swapped out is deleted by a later build, so
``--out src`` would otherwise lose a user's files. The same goes for the
folders the swap leaves beside it (``.<out>.spare``, killed builds'
``.<out>.staging-<pid>`` and ``.<out>.old-<pid>``): they are reused or deleted
only when marked (or, for a killed build's, empty).

A warm build does not rewrite what did not change: the outputs it did not
render again, and the content-hashed static files, are hard-linked from the
previous output folder into the staging folder (copied where links are not
possible), which keeps their modification times and the all-or-nothing swap.
"""

from __future__ import annotations

import contextlib
import ctypes
import glob
import os
import shutil
import stat
from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from mot_blog.load.assets import AssetManifest
from mot_blog.publish.folder import (
    MARKER,
    OutputRefused,
    check_writable,
    is_marked,
    os_reason,
    write_marker,
)
from mot_blog.publish.writer import copy_static

if TYPE_CHECKING:  # the renderer (and Jinja2) load once the parse workers run
    pass

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False where the system cannot."""
    try:  # the C library's functions, through this program's own symbols
        libc = ctypes.CDLL(None, use_errno=True)
    except (OSError, TypeError):  # Windows
        return False
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def _belongs_to_another_live_build(leftover: Path) -> bool:
    """Whether a staging folder is still being written by another running build (the dev
    server's, say): deleting it would crash that build; it cleans up after itself."""
    pid_text = leftover.name.rpartition("-")[2]
    if not pid_text.isdigit() or int(pid_text) == os.getpid():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def clear_leftovers(out: Path) -> None:
    """Delete the staging and old folders killed builds left beside ``out`` (never inside
    it, so never served); a build that finds nothing to change calls it too. Only ours
    are: marked, or empty (a build killed before it marked its staging folder); a folder
    of that name holding anything else is left alone."""
    out = out.resolve()
    # The name is escaped: 'pub[1]' as a pattern would match and delete another folder's leftovers.
    name = glob.escape(out.name)
    for leftover in [*out.parent.glob(f".{name}.staging-*"), *out.parent.glob(f".{name}.old-*")]:
        if _belongs_to_another_live_build(leftover):
            continue
        _delete_ours(leftover)


def _delete_ours(folder: Path) -> None:
    """Delete ``folder`` when it is ours: marked, or holding nothing but a marker file
    (a build stopped while writing it) or nothing at all; anything else is left alone.
    The marker goes last, so a deletion cut short leaves a folder still known as ours."""
    try:
        if not stat.S_ISDIR(os.lstat(folder).st_mode):
            return
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:
        return
    marker = os.path.join(folder, MARKER)
    only_a_marker = all(
        entry.name == MARKER and entry.is_file(follow_symlinks=False) for entry in entries
    )
    if not (only_a_marker or is_marked(folder)):
        return
    for entry in entries:
        if entry.name == MARKER:
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
    with contextlib.suppress(OSError):
        os.unlink(marker)
    with contextlib.suppress(OSError):
        os.rmdir(folder)


class HasPath(Protocol):
    """An output as :func:`publish` sees it: a render job or a rendered output."""

    @property
    def path(self) -> str: ...


def publish(
    out: Path,
    assets: AssetManifest,
    outputs: Iterable[HasPath],
    write: Callable[[Path, Path | None], int],
    finish: Callable[[Path, Collection[str]], None] | None = None,
) -> int:
    """Make the new site beside ``out`` and swap it in; returns its file count.

    The published static files are placed first, then ``write(staging, previous)``
    writes ``outputs`` into the staging folder (and returns their count) in whatever
    way, e.g. from worker processes, ``previous`` being the current ``out`` (or None);
    every output path must have been checked (:func:`check_paths`) before.
    ``finish(staging, paths)`` runs on the complete staging folder, which holds ``paths``,
    before the swap (the search index), so what it adds is published in the same step as
    the pages.

    The staging folder is the folder the last swap took out of service
    (``.<out>.spare``, the site before the current one), brought up to date, rather
    than a new one: files that did not change since are already there as hard links to
    the live site's, so a warm build does not make and delete a whole tree of links;
    files the new site does not have are removed first, and ``write`` replaces files,
    never writes into them. The swap stays one step; a killed build leaves at worst a
    spare that the next build puts right the same way.

    ``out`` must be ours (:func:`check_writable`, checked again here): an empty folder
    is marked before anything else, so that every folder the swap takes out of service
    is marked, and only marked folders are reused or deleted. A ``.<out>.spare`` that
    is not marked (a user's) is neither reused nor deleted."""
    written = {item.path for item in outputs}
    wanted = written | {file.published for file in assets.files}
    shown = out
    check_writable(shown)
    out = out.resolve()
    staging = out.parent / f".{out.name}.staging-{os.getpid()}"
    spare = out.parent / f".{out.name}.spare"
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if out.is_dir():
            write_marker(out)  # ours (checked above): an empty folder from now on too
        clear_leftovers(out)
    except OSError as exc:
        raise _cannot_write(shown, exc) from None
    reused = ready = False
    try:
        reused = out.is_dir() and _claim(spare, staging)
        if reused:
            _prune(staging, wanted)
        else:
            if is_marked(spare):
                _delete_ours(spare)
            staging.mkdir()
        write_marker(staging)
        ready = True
        previous = out if out.is_dir() else None
        # A static file an output replaces (static/_redirects, merged into the aliases'
        # rules) is the output's to write.
        count = copy_static(staging, assets, previous, written) + write(staging, previous)
        if finish is not None:
            finish(staging, wanted)
    except BaseException as exc:
        # A reused spare goes back to being one (the next build puts it right).
        _keep_or_delete(staging, spare, reused)
        if isinstance(exc, OSError) and not ready:
            raise _cannot_write(shown, exc) from None
        raise
    if out.exists() and _exchange(staging, out):
        _keep_or_delete(staging, spare, True)
    else:
        if out.exists():
            out.rename(old)
        staging.rename(out)
        _keep_or_delete(old, spare, True)
    return count


def _cannot_write(out: Path, exc: OSError) -> OutputRefused:
    return OutputRefused(out, f"cannot be made or written ({os_reason(exc)}); choose another --out")


def _claim(spare: Path, staging: Path) -> bool:
    """Take the spare folder as this build's staging folder; False when there is none, when
    it is not ours (not marked: a user's folder of that name is never written into) or
    when another build took it first (a rename happens once)."""
    if not is_marked(spare):
        return False
    try:
        spare.rename(staging)
    except OSError:
        return False
    return True


def _keep_or_delete(previous_site: Path, spare: Path, keep: bool) -> None:
    """After the swap: keep the previous site (ours: a folder the build marked) as the
    next build's spare, or delete it. Nothing is renamed over whatever holds the spare's
    name (a user's folder, or a link, is left as it is)."""
    if keep and not os.path.lexists(spare):
        try:
            previous_site.rename(spare)
            return
        except OSError:
            pass
    _delete_ours(previous_site)


def _prune(folder: Path, wanted: set[str]) -> None:
    """Remove from ``folder`` every file that is not a ``wanted`` path, and every folder
    that holds none (a spare holds the site of two builds ago, and whatever a killed
    build left); links are removed, never followed."""
    wanted_dirs = set()
    for path in wanted:
        parent = path.rpartition("/")[0]
        while parent and parent not in wanted_dirs:
            wanted_dirs.add(parent)
            parent = parent.rpartition("/")[0]

    wanted = wanted | {MARKER}

    def prune(here: str, prefix: str) -> None:
        with os.scandir(here) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_symlink():
                    os.unlink(entry.path)
                elif entry.is_dir():
                    if rel in wanted_dirs:
                        prune(entry.path, rel + "/")
                    else:  # no file of the new site in it (or a file wanted in its place)
                        shutil.rmtree(entry.path, ignore_errors=True)
                elif rel not in wanted:
                    os.unlink(entry.path)

    prune(os.fspath(folder), "")
