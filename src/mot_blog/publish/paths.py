"""Output paths that stay inside the output folder: checked before anything is written."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from mot_blog.errors import BuildFailed, Problem
from mot_blog.load.assets import AssetManifest, display_name
from mot_blog.publish.folder import MARKER

if TYPE_CHECKING:  # the renderer (and Jinja2) load once the parse workers run
    pass


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


def check_paths(outputs: Iterable[tuple[str, str]], assets: AssetManifest) -> None:
    """Raise :class:`BuildFailed` naming every file whose output path is unsafe, before
    anything is written (a static file named ``a:b.svg`` or ``a\\b.css``, say).

    ``outputs``: (output path, the site file a problem with it is reported at)."""
    problems = []
    for file in assets.files:
        if not is_safe(file.published):
            problems.append(
                Problem(
                    display_name(file),
                    None,
                    "cannot be published under this name (':', '\\' and '..' are not allowed); "
                    "rename it",
                )
            )
        elif file.published == MARKER:
            problems.append(
                Problem(
                    display_name(file),
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
