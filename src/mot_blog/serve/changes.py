"""What a rebuild changed: a snapshot of the served folder (a file's signature standing for
its bytes when it kept them), and the pages and files that differ, as the terminal names them."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from mot_blog.runner.depindex import file_signature

SHOWN_PAGES = 6
"""How many changed page URLs a rebuild line names before saying 'and N more'."""


@dataclass(frozen=True, slots=True)
class FileState:
    """One output file as a snapshot knows it."""

    signature: tuple[int, int, int]
    """Size, inode and modification time (:func:`mot_blog.runner.depindex.file_signature`)."""
    digest: str
    """A hash of its bytes."""


def file_state(path: Path, known: FileState | None = None) -> FileState:
    """``path``'s state; its bytes are not read again when its signature is ``known``'s."""
    signature = file_signature(path)
    if known is not None and known.signature == signature:
        return known
    return FileState(signature, hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest())


def snapshot(folder: Path, known: Mapping[str, FileState] | None = None) -> dict[str, FileState]:
    """Every file under ``folder`` (relative POSIX path) with its state.

    ``known``: the previous snapshot. A full build hard-links every page it did
    not change from the previous output, keeping its signature, so only the
    pages it wrote are read and hashed again (at 10,000 pages, seconds saved)."""
    known = known or {}
    files = {}
    for directory, _, names in os.walk(folder):
        base = Path(directory)
        prefix = base.relative_to(folder).as_posix()
        for name in names:
            rel = name if prefix == "." else f"{prefix}/{name}"
            try:
                files[rel] = file_state(base / name, known.get(rel))
            except OSError:  # a dangling symlink someone put there: not a file of the build
                continue
    return files


def digests(files: Mapping[str, FileState]) -> dict[str, str]:
    """A snapshot's hashes by path (what :func:`compare` compares)."""
    return {path: state.digest for path, state in files.items()}


@dataclass(frozen=True, slots=True)
class Changes:
    """Files that differ between two builds."""

    pages: tuple[str, ...]
    """Site-relative URLs of added, changed or removed HTML pages (``it/foo/``)."""
    files: tuple[str, ...]
    """Output paths of every other added, changed or removed file."""

    def __bool__(self) -> bool:
        return bool(self.pages or self.files)

    def summary(self) -> str:
        """``3 pages changed (it/foo/, it/, nl/foo/)``, ``1 file changed (css/site.css)``..."""
        parts = []
        for items, noun in ((self.pages, "page"), (self.files, "file")):
            if not items:
                continue
            shown = ", ".join(items[:SHOWN_PAGES])
            more = f", and {len(items) - SHOWN_PAGES} more" if len(items) > SHOWN_PAGES else ""
            parts.append(
                f"{len(items)} {noun}{'s' if len(items) != 1 else ''} changed ({shown}{more})"
            )
        return "; ".join(parts) or "nothing changed"


def _page_url(path: str) -> str:
    if path == "index.html":
        return "/"
    if path.endswith("/index.html"):
        return path[: -len("index.html")]
    return path


def compare(old: Mapping[str, str], new: Mapping[str, str]) -> Changes:
    """What differs between two snapshots' hashes (:func:`digests`)."""
    return changes_of(path for path in old.keys() | new.keys() if old.get(path) != new.get(path))


def changes_of(paths: Iterable[str]) -> Changes:
    """The changes made by writing or removing these output paths."""
    differing = sorted(paths)
    pages = [p for p in differing if p.endswith(".html")]
    # The shortest URLs first: the locale index before its articles reads best.
    pages.sort(key=lambda p: (p.count("/"), p))
    return Changes(
        tuple(_page_url(p) for p in pages), tuple(p for p in differing if not p.endswith(".html"))
    )
