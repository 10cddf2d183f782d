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
import itertools
import os
import shutil
import stat
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Protocol

from mot_blog.errors import BuildFailed, Problem
from mot_blog.load.assets import AssetManifest

if TYPE_CHECKING:  # the renderer (and Jinja2) load once the parse workers run
    from mot_blog.render.jobs import Output

FileSignature = tuple[int, int, int]
"""Size, inode and modification time (ns) of a file."""
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100

MARKER = ".mot-blog-output"
"""The file at the top of every output folder a build writes: a folder that holds it
belongs to mot-blog (each build replaces it whole)."""
MARKER_TEXT = (
    b"This folder is written by mot-blog and replaced whole at each build:"
    b" keep your own files in the site's static/ folder.\n"
)
_MARKER_SIGNATURE = b"This folder is written by mot-blog"
"""How a marker starts (the rest of its text may change from version to version)."""
COUNT_UP_TO = 1000
"""A refused folder's files are counted up to this many ("over 1,000 files")."""
_LONGEST_SUFFIX = len(".staging-4294967295") + 1
"""What the staging folder's name adds to the output folder's (a dot, a pid)."""


_READ_FOLDERS = ("content", "static", "templates", "locales")
"""The site's folders a build reads: no output goes inside them."""


class OutputRefused(BuildFailed):
    """The output folder cannot be used; one problem, the whole story (nothing was built,
    nothing moved)."""

    def __init__(self, out: Path, message: str):
        super().__init__([Problem(str(out), None, message)])

    def __str__(self) -> str:
        return str(self.problems[0])

    def __reduce__(self):  # noqa: ANN204 (pickle protocol)
        problem = self.problems[0]
        return (OutputRefused, (Path(problem.path), problem.message))


def check_output_dir(out: Path, site_root: Path) -> None:
    """Refuse (:class:`OutputRefused`) an output folder whose replacement would destroy
    something else: the site or a folder above it, the home or root folder, a folder
    holding a site, a file, a folder that cannot be made, and any folder that is neither
    empty nor marked as an earlier build's output (:func:`is_marked`)."""
    resolved = out.resolve()
    root = site_root.resolve()
    named = {
        Path("/"): "the root folder",
        Path.home().resolve(): "your home folder",
        root: "the site folder",
        root / "content": "the site's content folder",
        root / "static": "the site's static folder",
        root / "templates": "the site's templates folder",
    }
    reason = named.get(resolved)
    if reason is None and (resolved in root.parents or (root / "content").is_relative_to(resolved)):
        reason = "a folder that holds the site"
    for read in _READ_FOLDERS:
        if reason is None and resolved.is_relative_to(root / read):
            # the next build would read the output as part of the site
            reason = f"a folder inside the site's {read}/ (the build reads it)"
    if reason is None and _holds_a_site(resolved):
        reason = "a folder that holds a site (content/ or site.yaml)"
    if reason is not None:
        raise OutputRefused(out, f"refusing to write into {reason}; choose e.g. --out public")
    check_writable(out)


def _holds_a_site(folder: Path) -> bool:
    try:
        return (folder / "content").exists() or (folder / "site.yaml").exists()
    except OSError:
        return False


def check_writable(out: Path) -> None:
    """Refuse an output folder that is not ours (:func:`is_marked`, or empty), or that
    cannot be made where it is; nothing is written."""
    resolved = out.resolve()
    try:
        info = os.stat(resolved)
    except (FileNotFoundError, NotADirectoryError):  # absent, or under a file
        _check_can_be_made(out, resolved)
        return
    except OSError as exc:
        raise OutputRefused(out, f"cannot be used as output ({_reason(exc)})") from None
    if not stat.S_ISDIR(info.st_mode):
        raise OutputRefused(
            out, "refusing to write into a file (the output is a folder); choose e.g. --out public"
        )
    if is_marked(resolved):
        return
    try:
        files, folders, example = _contents(resolved)
    except OSError as exc:
        raise OutputRefused(
            out,
            f"refusing to write into a folder mot-blog cannot read ({_reason(exc)}); "
            "choose an empty folder",
        ) from None
    if files == 0 and folders == 0:
        return
    if files:
        held = f"{_count(files)} file{'s' if files != 1 else ''}, e.g. {example}"
    else:
        held = f"{_count(folders)} folder{'s' if folders != 1 else ''}, e.g. {example}/"
    raise OutputRefused(
        out,
        f"refusing to write into a folder mot-blog did not create (it holds {held}); "
        "choose an empty folder, or delete this one yourself",
    )


def _count(number: int) -> str:
    return f"over {COUNT_UP_TO:,}" if number > COUNT_UP_TO else str(number)


def _contents(folder: Path) -> tuple[int, int, str | None]:
    """Files and folders under ``folder`` (each counted up to a bound: past
    :data:`COUNT_UP_TO` it stops), and one file to name, a shallow one, else a folder;
    links are counted, never followed."""
    files = folders = 0
    example: str | None = None
    pending = [(os.fspath(folder), "")]
    while pending and files <= COUNT_UP_TO and folders <= COUNT_UP_TO:
        here, prefix = pending.pop()
        with os.scandir(here) as listing:  # up to the bound: a huge folder is not read whole
            entries = sorted(itertools.islice(listing, COUNT_UP_TO + 1), key=lambda e: e.name)
        below = []
        for entry in entries:
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                folders += 1
                below.append((entry.path, rel + "/"))
            else:
                files += 1
                if example is None or example.endswith("/"):
                    example = rel
        if example is None and below:
            example = below[0][1]
        pending.extend(reversed(below))
    if example is not None and files == 0:
        example = example.rstrip("/")
    return files, folders, example


def _check_can_be_made(out: Path, resolved: Path) -> None:
    """An absent output folder: its nearest existing parent must be a folder this process
    can write into, and its name short enough for the staging folder's name beside it."""
    parent = resolved.parent
    while True:
        try:
            info = os.stat(parent)
            break
        except (FileNotFoundError, NotADirectoryError):
            parent = parent.parent
        except OSError as exc:
            raise OutputRefused(out, f"cannot be made here ({_reason(exc)})") from None
    if not stat.S_ISDIR(info.st_mode):
        raise OutputRefused(
            out, f"cannot be made here: {parent} is a file, not a folder; choose another --out"
        )
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputRefused(
            out, f"cannot be made here: {parent} is not writable; choose another --out"
        )
    try:
        longest = os.pathconf(parent, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        longest = 255
    too_long = [
        part
        for part in resolved.relative_to(parent).parts
        if len(os.fsencode(part)) + _LONGEST_SUFFIX > longest
    ]
    if too_long:
        raise OutputRefused(
            out,
            f"cannot be made here: a folder name of {len(os.fsencode(too_long[0]))} bytes is "
            f"too long (at most {longest - _LONGEST_SUFFIX}); choose a shorter --out",
        )


def _reason(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__).lower()


def is_marked(folder: Path | str) -> bool:
    """Whether ``folder`` is an output folder an earlier build wrote: a real folder (not a
    link) whose :data:`MARKER` is a regular file starting as the marker does."""
    try:
        if not stat.S_ISDIR(os.lstat(folder).st_mode):
            return False
        path = os.path.join(folder, MARKER)
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        with open(path, "rb") as file:
            return file.read(len(_MARKER_SIGNATURE)) == _MARKER_SIGNATURE
    except (OSError, ValueError):
        return False


def write_marker(folder: Path) -> None:
    """Mark ``folder`` as a build's output (:data:`MARKER`), unless it already is."""
    path = os.path.join(folder, MARKER)
    try:
        with open(path, "rb") as file:
            if file.read(len(MARKER_TEXT) + 1) == MARKER_TEXT:
                return
    except OSError:
        pass
    _write_new_file(path, MARKER_TEXT, {os.fspath(folder)})


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


def copy_static(folder: Path, assets: AssetManifest, previous: Path | None) -> int:
    """The published static files into ``folder`` (their paths checked by
    :func:`check_paths`); returns how many."""
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
    return len(assets.files)


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
        elif file.published == MARKER:
            problems.append(
                Problem(
                    f"static/{file.name}",
                    None,
                    "this name is the output folder's marker (every build writes it); rename it",
                )
            )
    for path, where in outputs:
        if not is_safe(path):
            message = f"unsafe output path '{path}'; change the slug"
            problems.append(Problem(where, None, message))
        elif path == MARKER:
            problems.append(Problem(where, None, f"'{path}' is reserved; change the slug"))
    if problems:
        raise BuildFailed(problems)


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
    finish: Callable[[Path], None] | None = None,
) -> int:
    """Make the new site beside ``out`` and swap it in; returns its file count.

    The published static files are placed first, then ``write(staging, previous)``
    writes ``outputs`` into the staging folder (and returns their count) in whatever
    way, e.g. from worker processes, ``previous`` being the current ``out`` (or None);
    every output path must have been checked (:func:`check_paths`) before.
    ``finish(staging)`` runs on the complete staging folder before the swap (the search
    index), so what it adds is published in the same step as the pages.

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
    wanted = {item.path for item in outputs} | {file.published for file in assets.files}
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
        count = copy_static(staging, assets, previous) + write(staging, previous)
        if finish is not None:
            finish(staging)
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
    return OutputRefused(out, f"cannot be made or written ({_reason(exc)}); choose another --out")


def write_outputs(outputs: Sequence[Output]) -> Callable[[Path, Path | None], int]:
    """A ``write`` for :func:`publish` that writes outputs already rendered (``check``)."""

    def write(staging: Path, previous: Path | None) -> int:
        writer = OutputWriter(staging, previous)
        for item in outputs:
            writer.write(item)
        return len(outputs)

    return write


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
