"""Writing files into the staging folder: rendered outputs (each worker process writes its own),
the published static files, and the outputs kept from the previous output folder, hard-linked
(copied where links are not possible) so that they keep their modification times."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from mot_blog.load.assets import AssetManifest

if TYPE_CHECKING:  # the renderer (and Jinja2) load once the parse workers run
    from mot_blog.render.jobs import Output


FileSignature = tuple[int, int, int]
"""Size, inode and modification time (ns) of a file."""


def _place_link(
    previous: str, target: str, made: set[str], signature: FileSignature | None = None
) -> None:
    """Make ``target`` the same file as ``previous``: nothing to do when it already is (a
    reused spare folder), else whatever is there is replaced by a link (or a copy).
    ``signature``: ``previous``'s, when the caller has just read it.

    Strings, not paths, and no system call that can be spared: a warm build places every
    page of the site this way (15,000 at 10,000 articles)."""
    try:
        have = os.stat(target, follow_symlinks=False)
    except FileNotFoundError:
        _make_parent(target, made)
    else:
        if signature is not None:
            if (have.st_size, have.st_ino, have.st_mtime_ns) == signature:
                return
        else:
            want = os.stat(previous)
            if (have.st_ino, have.st_dev) == (want.st_ino, want.st_dev):
                return
        os.unlink(target)
    _link_or_copy(previous, target)


def _link_or_copy(previous: str, target: str) -> None:
    try:
        os.link(previous, target)
    except OSError:
        shutil.copyfile(previous, target)


def copy_static(
    folder: Path, assets: AssetManifest, previous: Path | None, skip: Collection[str] = ()
) -> int:
    """The published static files into ``folder`` (their paths checked by
    :func:`check_paths`), but those published at a path of ``skip``; returns how many."""
    staging = os.fspath(folder)
    made = {staging}
    count = 0
    for file in assets.files:
        if file.published in skip:
            continue
        count += 1
        target = f"{staging}/{file.published}"
        old = previous / file.published if previous is not None else None
        # A hashed name is its content: the previous build's file is this one.
        if old is not None and file.published != file.name and old.is_file():
            _place_link(os.fspath(old), target, made)
        else:
            _make_parent(target, made)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(target)
            shutil.copyfile(file.source, target)
    return count


def link_kept(
    folder: Path,
    previous: Path | None,
    reuse: Iterable[str],
    signatures: Mapping[str, FileSignature] | None = None,
) -> int:
    """The ``reuse`` outputs of ``previous``, as they are, into ``folder``; returns how many.

    ``signatures``: size, inode and modification time of the ``reuse`` files, as the
    caller just checked them."""
    if previous is None:
        return 0
    signatures = signatures or {}
    staging, live = os.fspath(folder), os.fspath(previous)
    made = {staging}
    count = 0
    for path in reuse:
        _place_link(f"{live}/{path}", f"{staging}/{path}", made, signatures.get(path))
        count += 1
    return count


class OutputWriter:
    """Writes rendered outputs into a staging folder; one per process (the render workers
    write what they render, so pages never travel back to the parent process, nor wait
    in its memory)."""

    def __init__(self, folder: Path, previous: Path | None):
        self.folder = os.fspath(folder)
        self.previous = None if previous is None else os.fspath(previous)
        self._made = {self.folder}

    def write(self, item: Output) -> None:
        """Write one output (its path checked by :func:`check_paths`); the previous build's
        file is linked instead when its bytes are the same (it keeps its modification time)."""
        target = f"{self.folder}/{item.path}"
        old = None if self.previous is None else f"{self.previous}/{item.path}"
        if old is not None and _same_bytes(old, item.data):
            _place_link(old, target, self._made)
            return
        write_new_file(target, item.data, self._made)


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def write_new_file(target: str, data: bytes, made: set[str]) -> None:
    """Write ``data`` into a file made for it at ``target``, never into an existing one:
    in a reused spare folder that may be a hard link to the live site's file, so it is
    removed first. Created exclusively, so a new file (every file of a cold build) costs
    one ``open`` and no failed ``unlink``: half the time of writing a page."""
    for _attempt in range(3):
        try:
            handle = os.open(target, _NEW_FILE, 0o666)
        except FileExistsError:
            os.unlink(target)
        except FileNotFoundError:
            _make_parent(target, made)
        else:
            break
    else:
        handle = os.open(target, _NEW_FILE, 0o666)  # raises what keeps failing
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
    finally:
        os.close(handle)


def _make_parent(target: str, made: set[str]) -> None:
    """Make the folders above ``target`` that are missing, below the staging folder, which
    ``made`` holds from the start: that one is never made again (a worker of a killed
    build must not bring back the staging folder the next build cleared)."""
    parent = target.rpartition("/")[0]
    if parent in made:
        return
    try:
        os.mkdir(parent)
    except FileExistsError:  # it was there, or another worker made it
        pass
    except FileNotFoundError:
        _make_parent(parent, made)
        with contextlib.suppress(FileExistsError):
            os.mkdir(parent)
    made.add(parent)


def _same_bytes(path: str, data: bytes) -> bool:
    """Whether ``path`` holds exactly ``data`` (so it keeps its modification time)."""
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as file:
            return file.read() == data
    except OSError:
        return False


def write_outputs(outputs: Sequence[Output]) -> Callable[[Path, Path | None], int]:
    """A ``write`` for :func:`publish` that writes outputs already rendered (``check``)."""

    def write(staging: Path, previous: Path | None) -> int:
        writer = OutputWriter(staging, previous)
        for item in outputs:
            writer.write(item)
        return len(outputs)

    return write
