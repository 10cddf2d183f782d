"""Reading the source site: its files, listed in a fixed order, and never anything outside it.

The source is another person's folder, perhaps a clone from anywhere: a symbolic link that
leads out of it (to ``/etc/passwd``, to ``~/.ssh``) is never followed nor copied into the
new site, and neither is anything but a regular file (a FIFO would block the import).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from mot_blog.commands.importing.model import Notes

SKIPPED_FOLDERS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__"})


def inside(root: Path, path: Path) -> bool:
    """Whether ``path``, links resolved, is ``root`` or below it."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a loop of links
        return False


def walk(root: Path, folder: str, notes: Notes, skip_dots: bool = True) -> list[str]:
    """The regular files below ``root/folder`` (``""``: the whole source), as paths relative
    to ``root`` with ``/``, sorted. Dot-files and folders are left out (``skip_dots``); a
    link leading out of the source and anything but a file is left out with a note."""
    base = root / folder if folder else root
    found: list[str] = []
    if not base.is_dir() or not inside(root, base):
        return found
    pending = [base]
    while pending:
        here = pending.pop()
        try:
            entries = sorted(os.scandir(here), key=lambda e: e.name)
        except OSError as exc:
            notes.dropped(_rel(root, here), None, f"cannot be read ({exc.strerror}); skipped")
            continue
        for entry in entries:
            if skip_dots and entry.name.startswith("."):
                continue
            path = Path(entry.path)
            rel = _rel(root, path)
            if entry.is_symlink() and not inside(root, path):
                notes.dropped(rel, None, "a symbolic link out of the source; not followed")
                continue
            try:
                mode = os.stat(path).st_mode
            except OSError:
                notes.dropped(rel, None, "a link to nothing; skipped")
                continue
            if stat.S_ISDIR(mode):
                if entry.name not in SKIPPED_FOLDERS:
                    pending.append(path)
            elif stat.S_ISREG(mode):
                found.append(rel)
            else:
                notes.dropped(rel, None, "not a regular file; skipped")
    return sorted(found)


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix() if path != root else "."


def read_text(root: Path, rel: str, notes: Notes) -> str | None:
    """The text of a source file: UTF-8 (a BOM allowed), line ends made ``\\n``; ``None``
    with a note when it is not UTF-8, cannot be read, or is a link out of ``root``."""
    if not inside(root, root / rel):
        notes.dropped(rel, None, "a symbolic link out of the source; not followed")
        return None
    try:
        raw = (root / rel).read_bytes()
    except OSError as exc:
        notes.dropped(rel, None, f"cannot be read ({exc.strerror}); skipped")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        notes.dropped(rel, line, "not UTF-8 text; skipped (save it as UTF-8 and import again)")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def stem_and_suffix(name: str) -> tuple[str, str]:
    """``a/b/post.it.md`` -> (``post.it``, ``.md``)."""
    base = name.rsplit("/", 1)[-1]
    stem, dot, suffix = base.rpartition(".")
    return (stem, "." + suffix) if dot and stem else (base, "")
