"""The only writer of the output folder.

A build is written beside the output folder into a staging folder, then the
two are swapped in one step (Linux ``renameat2(RENAME_EXCHANGE)``; two renames
elsewhere), so readers and a killed build only ever see the previous complete
site or the new complete one. Output paths are checked to stay inside the
folder, and the folder itself may not be the site, its content, ``/`` or the
home folder.

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
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from mot_blog.assets import AssetManifest
from mot_blog.errors import BuildFailed, Problem

if TYPE_CHECKING:  # the renderer (and Jinja2) load once the parse workers run
    from mot_blog.render import Output

FileSignature = tuple[int, int, int]
"""Size, inode and modification time (ns) of a file."""
_RENAME_EXCHANGE = 2
_REFUSED = "refusing to use this folder as output; choose e.g. --out public"
_AT_FDCWD = -100


def check_output_dir(out: Path, site_root: Path) -> None:
    """Refuse an output folder whose replacement would destroy something else."""
    out = out.resolve()
    root = site_root.resolve()
    forbidden = {
        Path("/"),
        Path.home().resolve(),
        root,
        root / "content",
        root / "static",
        root / "templates",
    }
    # The whole folder is replaced by each build: it must not hold anything else worth keeping.
    holds_a_site = (out / "content").exists() or (out / "site.yaml").exists()
    not_a_folder = out.exists() and not out.is_dir()
    if (
        out in forbidden
        or out in root.parents
        or (root / "content").is_relative_to(out)
        or holds_a_site
        or not_a_folder
    ):
        raise BuildFailed([Problem(str(out), None, _REFUSED)])


def safe_relative(path: str) -> PurePosixPath:
    """An output path that cannot leave the output folder (ValueError otherwise)."""
    if not is_safe(path):
        raise ValueError(f"unsafe output path {path!r}")
    return PurePosixPath(path)


def is_safe(path: str) -> bool:
    """Whether ``path`` is relative, names something and stays inside the folder (no
    ``..``, NUL, backslash or colon: the last two mean another folder elsewhere)."""
    if path.startswith("/") or "\x00" in path or "\\" in path or ":" in path:
        return False
    parts = [part for part in path.split("/") if part not in ("", ".")]
    return bool(parts) and ".." not in parts


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


def write_tree(
    folder: Path,
    outputs: Iterable[Output],
    assets: AssetManifest,
    previous: Path | None = None,
    reuse: Iterable[str] = (),
) -> int:
    """Write outputs and published static files into ``folder``; returns the file count.

    ``reuse``: output paths taken as they are from the ``previous`` output folder."""
    count = copy_kept(folder, assets, previous, reuse)
    writer = OutputWriter(folder, previous)
    for item in outputs:
        writer.write(item)
        count += 1
    return count


def copy_kept(
    folder: Path,
    assets: AssetManifest,
    previous: Path | None,
    reuse: Iterable[str],
    signatures: Mapping[str, FileSignature] | None = None,
) -> int:
    """The published static files, and the ``reuse`` outputs of ``previous``, into ``folder``.

    Every path must have been checked (:func:`check_paths`). ``signatures``: size, inode
    and modification time of the ``reuse`` files, as the caller just checked them."""
    signatures = signatures or {}
    count = 0
    staging = os.fspath(folder)
    made = {staging}
    for file in assets.files:
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
        count += 1
    if previous is not None:
        live = os.fspath(previous)
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
        _write_new_file(target, item.data, self._made)


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def _write_new_file(target: str, data: bytes, made: set[str]) -> None:
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


def check_paths(outputs: Iterable[tuple[str, str]], assets: AssetManifest) -> None:
    """Raise :class:`BuildFailed` naming every file whose output path is unsafe, before
    anything is written (a static file named ``a:b.svg`` or ``a\\b.css``, say).

    ``outputs``: (output path, the site file a problem with it is reported at)."""
    problems = []
    for file in assets.files:
        if not is_safe(file.published):
            problems.append(
                Problem(
                    f"static/{file.name}",
                    None,
                    "cannot be published under this name (':', '\\' and '..' are not allowed); "
                    "rename it",
                )
            )
    for path, where in outputs:
        if not is_safe(path):
            message = f"unsafe output path '{path}'; change the slug"
            problems.append(Problem(where, None, message))
    if problems:
        raise BuildFailed(problems)


def clear_leftovers(out: Path) -> None:
    """Delete the staging and old folders killed builds left beside ``out`` (never inside
    it, so never served); a build that finds nothing to change calls it too."""
    out = out.resolve()
    # The name is escaped: 'pub[1]' as a pattern would match and delete another folder's leftovers.
    name = glob.escape(out.name)
    for leftover in [*out.parent.glob(f".{name}.staging-*"), *out.parent.glob(f".{name}.old-*")]:
        if not _belongs_to_another_live_build(leftover):
            shutil.rmtree(leftover, ignore_errors=True)


def publish(
    out: Path,
    outputs: Iterable[Output],
    assets: AssetManifest,
    reuse: Iterable[str] = (),
    finish: Callable[[Path], None] | None = None,
) -> int:
    """Build the new site beside ``out`` and swap it in; returns the file count.

    ``reuse``: output paths whose file in the current ``out`` is taken as it is.

    ``finish(staging)`` runs on the complete staging folder before the swap (the
    search index), so what it adds is published in the same step as the pages.
    """
    outputs = list(outputs)
    check_paths(((item.path, (item.sources or (item.path,))[0]) for item in outputs), assets)

    def write(staging: Path, previous: Path | None) -> int:
        return write_tree(staging, outputs, assets, previous, reuse)

    return publish_with(out, write, finish)


def publish_with(
    out: Path,
    write: Callable[[Path, Path | None], int],
    finish: Callable[[Path], None] | None = None,
    wanted: set[str] | None = None,
) -> int:
    """:func:`publish`, with ``write(staging, previous)`` filling the staging folder (and
    returning its file count) in whatever way, e.g. from worker processes; every output
    path must have been checked (:func:`check_paths`) before.

    ``wanted``: every path the new site has (outputs and static files). With it, the
    folder the last swap took out of service (``.<out>.spare``, the site before the
    current one) is brought up to date and used as the staging folder, instead of a new
    one: files that did not change since are already there as hard links to the live
    site's, so a warm build does not make and delete a whole tree of links; files of
    neither site are removed first, and ``write`` replaces files, never writes into them.
    The swap stays one step; a killed build leaves at worst a spare that the next build
    puts right the same way."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}.staging-{os.getpid()}"
    spare = out.parent / f".{out.name}.spare"
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    clear_leftovers(out)
    reused = wanted is not None and out.is_dir() and _claim(spare, staging)
    if reused:
        assert wanted is not None
        _prune(staging, wanted)
    else:
        shutil.rmtree(spare, ignore_errors=True)
        staging.mkdir()
    try:
        count = write(staging, out if out.is_dir() else None)
        if finish is not None:
            finish(staging)
    except BaseException:
        # A reused spare goes back to being one (the next build puts it right).
        _keep_or_delete(staging, spare, reused)
        raise
    if out.exists() and _exchange(staging, out):
        _keep_or_delete(staging, spare, wanted is not None)
    else:
        if out.exists():
            out.rename(old)
        staging.rename(out)
        _keep_or_delete(old, spare, wanted is not None)
    return count


def _claim(spare: Path, staging: Path) -> bool:
    """Take the spare folder as this build's staging folder; False when there is none (or
    another build took it first: a rename happens once)."""
    try:
        spare.rename(staging)
    except OSError:
        return False
    return True


def _keep_or_delete(previous_site: Path, spare: Path, keep: bool) -> None:
    """After the swap: keep the previous site as the next build's spare, or delete it."""
    if keep and not spare.exists():
        try:
            previous_site.rename(spare)
            return
        except OSError:
            pass
    shutil.rmtree(previous_site, ignore_errors=True)


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
