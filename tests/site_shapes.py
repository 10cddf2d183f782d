"""File-system shapes a site can take: links in and out, FIFOs, sockets, unreadable files.

Shared by ``test_site_files.py`` (one test per shape) and ``test_bad_site_shapes.py``
(Hypothesis combines them).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

SHAPES = (
    "link-out-file",
    "link-out-folder",
    "link-out-fifo",
    "link-in-file",
    "link-in-folder",
    "link-to-nothing",
    "link-to-itself",
    "link-to-parent",
    "fifo",
    "socket",
    "folder-named-like-a-file",
    "file-where-a-folder-is",
    "unreadable",
    "not-utf8-name",
    "empty-file",
)
"""What :func:`make_shape` can put at a path."""


def make_shape(shape: str, path: Path, outside: Path, inside: Path) -> None:
    """Put ``shape`` at ``path`` (replacing what is there). ``outside``: a folder beside the
    site holding ``secret.txt``, ``pipe`` (a FIFO) and ``folder/``; ``inside``: a regular
    file of the site that links may point at."""
    _clear(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if shape == "link-out-file":
        path.symlink_to(outside / "secret.txt")
    elif shape == "link-out-folder":
        path.symlink_to(outside / "folder", target_is_directory=True)
    elif shape == "link-out-fifo":
        path.symlink_to(outside / "pipe")
    elif shape == "link-in-file":
        path.symlink_to(os.path.relpath(inside, path.parent))
    elif shape == "link-in-folder":
        path.symlink_to(os.path.relpath(inside.parent, path.parent), target_is_directory=True)
    elif shape == "link-to-nothing":
        path.symlink_to(path.parent / "nothing-here")
    elif shape == "link-to-itself":
        path.symlink_to(path.name)
    elif shape == "link-to-parent":
        path.symlink_to("..", target_is_directory=True)
    elif shape == "fifo":
        os.mkfifo(path)
    elif shape == "socket":
        folder = Path(tempfile.mkdtemp(prefix="mot-"))  # a socket's path is at most 107 bytes
        with socket.socket(socket.AF_UNIX) as server:
            server.bind(str(folder / "s"))
            os.replace(folder / "s", path)
        folder.rmdir()
    elif shape == "folder-named-like-a-file":
        path.mkdir()
    elif shape == "file-where-a-folder-is":
        path.write_text("not a folder", encoding="utf-8")
    elif shape == "unreadable":
        path.write_text("---\ntitle: x\n---\n", encoding="utf-8")
        path.chmod(0)
    elif shape == "not-utf8-name":
        with open(os.path.join(os.fsencode(path.parent), b"\xff" + os.fsencode(path.name)), "wb"):
            pass
    elif shape == "empty-file":
        path.write_bytes(b"")
    else:
        raise ValueError(shape)


def _clear(path: Path) -> None:
    if path.is_symlink() or path.is_file() or (path.exists() and not path.is_dir()):
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def make_outside(folder: Path, secret: str) -> Path:
    """The folder beside a site that :func:`make_shape`'s links out point into."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "secret.txt").write_text(secret, encoding="utf-8")
    (folder / "folder").mkdir(exist_ok=True)
    (folder / "folder" / "secret.md").write_text(secret, encoding="utf-8")
    if not (folder / "pipe").exists():
        os.mkfifo(folder / "pipe")
    return folder


def make_readable(root: Path) -> None:
    """Give back every mode :func:`make_shape` took away (so the folder can be deleted)."""
    for base, folders, files in os.walk(root):
        for name in folders + files:
            path = os.path.join(base, name)
            if not os.path.islink(path):
                os.chmod(path, 0o755)


@contextlib.contextmanager
def reads_checked_even_as_root() -> Iterator[None]:
    """Root reads a file whatever its mode: for this thread (and the processes it forks),
    drop the capabilities that allow it, so that a mode of 000 makes a file unreadable.

    Capabilities are per thread, and dropping them from the effective set only (they stay
    permitted) can be undone: the test process gets them back afterwards."""
    if os.geteuid() != 0:
        yield
        return
    libc = ctypes.CDLL(None, use_errno=True)
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this thread
    data = (ctypes.c_uint32 * 6)()
    if libc.capget(header, data) != 0:
        pytest.skip("capget failed: cannot make a file unreadable for root")
    saved = data[0]
    data[0] &= ~((1 << 1) | (1 << 2))  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
    if libc.capset(header, data) != 0:
        pytest.skip("capset failed: cannot make a file unreadable for root")
    try:
        yield
    finally:
        data[0] = saved
        assert libc.capset(header, data) == 0


class Hung(Exception):
    """The build did not return in time (it opened a FIFO, say)."""


@contextlib.contextmanager
def returns_within(seconds: int) -> Iterator[None]:
    """Raise :class:`Hung` in the block after ``seconds``: a blocking ``open()`` of a FIFO
    is interrupted by the signal (PEP 475 retries it only when the handler returns)."""

    def hung(signum: int, frame: object) -> None:
        raise Hung(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
