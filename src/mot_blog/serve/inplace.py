"""Changing a served output folder in place, file by file: a changed output rewritten
atomically, a gone one removed with the folders it leaves empty."""

from __future__ import annotations

import os
from pathlib import Path

from mot_blog.publish.paths import safe_relative


def _replace(out: Path, path: str, data: bytes) -> bool:
    """Write ``out/path`` atomically when its bytes change; whether it did."""
    target = out / safe_relative(path)
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return False
    except OSError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(target)
    return True


def _remove(out: Path, path: str) -> bool:
    """Remove an output that no longer exists, and the folders that removing it left
    empty (a deleted post's ``it/slug/``, a tag's ``it/tag/x/page/2/``), up to ``out``
    but never ``out`` itself; whether there was one."""
    target = out / safe_relative(path)
    if not target.is_file():
        return False
    target.unlink()
    folder = target.parent
    while folder != out and folder.is_relative_to(out):
        try:
            folder.rmdir()  # only an empty folder goes
        except OSError:
            break
        folder = folder.parent
    return True
