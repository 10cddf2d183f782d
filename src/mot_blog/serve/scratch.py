"""The dev server's own temporary folder, marked with its owner's process so that the next
``serve`` removes the folder of one that was killed (and only such folders)."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

TEMP_PREFIX = "mot-blog-serve-"
"""The temporary folders of ``mot-blog serve``: ``mot-blog-serve-<pid>-<random>``."""
OWNER_FILE = ".mot-blog-serve"
"""In a server's temporary folder: who made it (``mot-blog serve <pid> <start time>``)."""
_OWNER_SIGNATURE = "mot-blog serve"


def _start_time(pid: int) -> str:
    """When process ``pid`` started (clock ticks since boot, Linux); '' where unknown.
    With the pid it names one process: a pid is reused, its start time is not."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as file:
            return file.read().rpartition(b")")[2].split()[19].decode()
    except (OSError, IndexError, UnicodeDecodeError):
        return ""


def _alive(pid: int, started: str) -> bool:
    """Whether the process that wrote an owner file runs still."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # another user's process (or a pid this system cannot have): keep
    now = _start_time(pid)
    return not (started and now and now != started)


def make_temporary_folder() -> Path:
    """A new temporary folder for a server's output, its owner file written first; the
    folders of killed servers are removed before (:func:`clear_dead_folders`)."""
    clear_dead_folders()
    pid = os.getpid()
    folder = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{pid}-"))
    (folder / OWNER_FILE).write_text(
        f"{_OWNER_SIGNATURE} {pid} {_start_time(pid) or '-'}\n", encoding="ascii"
    )
    return folder


def clear_dead_folders(parent: Path | None = None) -> list[Path]:
    """Remove the temporary folders of servers that were killed: each a folder of this
    user (not a link), named ``mot-blog-serve-*``, holding an owner file whose process
    is gone. Returns those removed."""
    parent = Path(tempfile.gettempdir()) if parent is None else parent
    removed: list[Path] = []
    try:
        candidates = list(parent.glob(f"{TEMP_PREFIX}*"))
    except OSError:
        return removed
    for folder in candidates:
        owner = _dead_owner(folder)
        if owner is not None:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _dead_owner(folder: Path) -> int | None:
    """The pid of the killed server that made ``folder``; None when it is not a server's
    folder of this user, or its server still runs."""
    try:
        info = os.lstat(folder)
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
            return None
        owner = os.lstat(folder / OWNER_FILE)
        if not stat.S_ISREG(owner.st_mode) or owner.st_uid != os.getuid() or owner.st_size > 200:
            return None
        words = (folder / OWNER_FILE).read_text(encoding="ascii").split()
    except (OSError, UnicodeDecodeError, AttributeError):  # AttributeError: no getuid
        return None
    if len(words) != 4 or " ".join(words[:2]) != _OWNER_SIGNATURE or not words[2].isdigit():
        return None
    pid = int(words[2])
    if pid == os.getpid() or _alive(pid, "" if words[3] == "-" else words[3]):
        return None
    return pid
