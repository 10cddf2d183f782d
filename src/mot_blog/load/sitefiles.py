"""Which files of the site (and of an installed theme) a build may read.

A build reads only what lies inside the site's folder, and for an installed theme's own
files (the engine's default theme's too) inside the theme's folder. A symbolic link is followed when its target stays
inside (a static file linking to another, a post linking to a file shared in the
site); a link that leads out (``static/env.txt -> /proc/self/environ``) is a
problem and is never opened, not even for a digest, so a link cannot publish the
build machine's environment or ``/etc/passwd`` (issue 15). Anything that is neither
a regular file nor a folder is refused the same way: a FIFO (opening one for
reading blocks until a writer comes, that is forever), a socket, a device; and
so are links to nothing, links that lead back to a folder holding them, and names
that are not UTF-8 (no page or problem line could name them).

Every reader of the site's files asks here: :func:`walk` lists a folder's files,
:func:`check_path` checks one path, :func:`read` reads what they accepted. The
checks cost nothing for plain files and folders: ``os.scandir`` gives each entry's
type with the folder's listing; only a symbolic link costs a ``realpath`` and a
``stat``, and a special file an ``lstat``.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mot_blog.errors import Problem

FILE = "file"
FOLDER = "folder"

_SPECIAL = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


@dataclass(frozen=True, slots=True)
class Inside:
    """The folder files must resolve into: the site's, or the theme's."""

    real: str
    """Its real path (links resolved), ending in a separator."""
    name: str
    """``site`` or ``theme``, as problems name it."""

    def holds(self, real: str) -> bool:
        """Whether the real path ``real`` is this folder or lies inside it."""
        return real.startswith(self.real) or real + os.sep == self.real


def inside(base: Path | str, name: str = "site") -> Inside:
    """The :class:`Inside` of the folder ``base`` (the site's root, or the theme)."""
    return Inside(os.path.join(os.path.realpath(base), ""), name)


@dataclass(frozen=True, slots=True)
class Folder:
    """A folder a reader lists: where it is, how problems name it, what it must stay in."""

    path: Path
    display: str
    """Its path in diagnostics: ``static``, ``(theme)/templates``."""
    bound: Inside
    """The folder its files must resolve into (:meth:`mot_blog.load.theme.Layer.folder`
    makes the folders of a search path)."""


def printable(name: str) -> str:
    """``name`` with the bytes of a file name that is not UTF-8 written as ``\\xff``
    (Python hands them over as lone surrogates, which no output stream can write)."""
    if name.isascii():
        return name
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _is_utf8(name: str) -> bool:
    if name.isascii():
        return True
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _special_kind(mode: int) -> str:
    return next((kind for test, kind in _SPECIAL if test(mode)), "a special file")


def unreadable(display: str, exc: OSError) -> Problem:
    """The problem of a file or folder the build may read but the system refuses."""
    hint = "; check its permissions" if exc.errno in (errno.EACCES, errno.EPERM) else ""
    return Problem(printable(display), None, f"cannot read it ({exc.strerror or exc}){hint}")


def _link_target(path: str, real: str) -> str:
    """What a problem shows of a link's target: as written when absolute (what ``ln -s``
    was given), else where it leads."""
    try:
        written = os.readlink(path)
    except OSError:
        return printable(real)
    return printable(written if os.path.isabs(written) else real)


def _resolved(path: str, display: str, bound: Inside) -> tuple[str | None, Problem | None, str]:
    """What a path that goes through a symbolic link leads to: (kind, problem, real path)."""
    real = os.path.realpath(path)
    shown = printable(display)
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        target = _link_target(path, real)
        message = f"symbolic link to nothing ({target}); remove it or point it at a file"
        return None, Problem(shown, None, message), real
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            target = _link_target(path, real)
            message = f"symbolic link that leads back to itself ({target}); remove it"
            return None, Problem(shown, None, message), real
        return None, unreadable(display, exc), real
    what = FOLDER if stat.S_ISDIR(mode) else "file"
    if not bound.holds(real):
        target = _link_target(path, real)
        message = (
            f"symbolic link to a {what} outside the {bound.name} ({target}); "
            f"copy the {what} into the {bound.name} instead"
        )
        return None, Problem(shown, None, message), real
    if stat.S_ISREG(mode):
        return FILE, None, real
    if stat.S_ISDIR(mode):
        return FOLDER, None, real
    message = f"symbolic link to {_special_kind(mode)}, not a regular file; remove it"
    return None, Problem(shown, None, message), real


def check_path(path: str, display: str, bound: Inside) -> tuple[str | None, Problem | None]:
    """What one path is: ``(FILE, None)``, ``(FOLDER, None)``, ``(None, None)`` when nothing
    is there, or ``(None, problem)`` when the build must not read it.

    The whole path is resolved, so a file reached through a linked folder
    (``templates/partials -> /etc``) is refused as well as a linked file."""
    try:
        mode = os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None, None
    except OSError as exc:
        return None, unreadable(display, exc)
    if not _is_utf8(display):
        return None, Problem(printable(display), None, "the name is not UTF-8; rename it")
    real = os.path.realpath(path)
    if stat.S_ISLNK(mode) or not bound.holds(real):
        kind, problem, _ = _resolved(path, display, bound)
        return kind, problem
    if stat.S_ISREG(mode):
        return FILE, None
    if stat.S_ISDIR(mode):
        return FOLDER, None
    return None, Problem(display, None, f"not a regular file ({_special_kind(mode)}); remove it")


def walk(
    folder: Path | str,
    display: str,
    bound: Inside,
    problems: list[Problem],
    skip: Callable[[str], bool] | None = None,
    holders: tuple[str, ...] = (),
) -> list[str]:
    """The regular files under ``folder`` (names relative to it, ``/``-separated, in no
    particular order) that the build may read; a problem per entry it must not.

    ``display``: how problems name ``folder`` (``static``, ``content/fr-FR``). ``skip``:
    names left out unseen (hidden files), at every depth. Links to folders inside
    ``bound`` are followed, unless they lead back to a folder that holds them (which
    would never end); ``holders``: real paths of folders that hold ``folder`` itself.
    A ``folder`` that is absent gives nothing; one that is a file, a problem."""
    path = os.fspath(folder)
    kind, problem = check_path(path, display, bound)
    if problem is not None:
        problems.append(problem)
        return []
    if kind is None:
        return []
    if kind == FILE:
        message = f"a file where the folder {printable(display)}/ belongs; move it out of the way"
        problems.append(Problem(printable(display), None, message))
        return []
    found: list[str] = []
    real = os.path.realpath(path)
    if _leads_back(real, holders):
        problems.append(Problem(printable(display), None, _LOOP.format(printable(real))))
        return []
    _walk(path, "", display, bound, (*holders, real), problems, skip, found)
    return found


_LOOP = "symbolic link to a folder that holds it ({}); remove it"


def _leads_back(real: str, chain: tuple[str, ...]) -> bool:
    """Whether a folder link to ``real`` leads to a folder being walked, or to one above it:
    walking it would reach the link again."""
    above = os.path.join(real, "")
    return any(held == real or held.startswith(above) for held in chain)


def _walk(
    folder: str,
    prefix: str,
    display: str,
    bound: Inside,
    chain: tuple[str, ...],
    problems: list[Problem],
    skip: Callable[[str], bool] | None,
    found: list[str],
) -> None:
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError as exc:
        problems.append(unreadable(f"{display}/{prefix}".rstrip("/"), exc))
        return
    for entry in entries:
        name = entry.name
        if skip is not None and skip(name):
            continue
        rel = prefix + name
        if not _is_utf8(name):
            problems.append(
                Problem(printable(f"{display}/{rel}"), None, "the name is not UTF-8; rename it")
            )
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                real = f"{chain[-1]}/{name}"
                _walk(entry.path, rel + "/", display, bound, (*chain, real), problems, skip, found)
                continue
            if entry.is_file(follow_symlinks=False):
                found.append(rel)
                continue
            mode = entry.stat(follow_symlinks=False).st_mode
        except OSError as exc:
            problems.append(unreadable(f"{display}/{rel}", exc))
            continue
        shown = f"{display}/{rel}"
        if not stat.S_ISLNK(mode):
            message = f"not a regular file ({_special_kind(mode)}); remove it"
            problems.append(Problem(printable(shown), None, message))
            continue
        kind, problem, real = _resolved(entry.path, shown, bound)
        if problem is not None:
            problems.append(problem)
        elif kind == FILE:
            found.append(rel)
        elif _leads_back(real, chain):
            problems.append(
                Problem(printable(shown), None, _LOOP.format(_link_target(entry.path, real)))
            )
        else:
            _walk(entry.path, rel + "/", display, bound, (*chain, real), problems, skip, found)


def read(path: Path | str, display: str, problems: list[Problem]) -> bytes | None:
    """The bytes of a file :func:`walk` or :func:`check_path` accepted; ``None`` with a
    problem when the system refuses them (permissions, a file gone since)."""
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError as exc:
        problems.append(unreadable(display, exc))
        return None
