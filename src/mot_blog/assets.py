"""Static files: which exist, and under which published name.

Files in sub-folders of ``static/`` (``css/``, ``js/``, ``images/`` ...) are
published under a content-hashed name (``css/site.1a2b3c4d5e.css``), so a host
can cache them forever and a changed file is always fetched anew. Files at the
top of ``static/`` (``favicon.ico``, ``robots.txt`` ...) keep their names,
because other software asks for them by name. Templates reach every asset
through one helper, ``asset('css/site.css')``, and Markdown images through the
same manifest.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import MappingProxyType

STATIC_DIR = "static"
HASH_LENGTH = 10


@dataclass(frozen=True, slots=True)
class StaticFile:
    """One file of ``static/``."""

    source: Path
    name: str
    """Path under ``static/``, forward slashes (what templates and Markdown write)."""
    published: str
    """Path inside the output folder."""
    digest: str


@dataclass(frozen=True, slots=True)
class AssetManifest:
    """Every static file by its name under ``static/``."""

    files: tuple[StaticFile, ...]
    urls: MappingProxyType[str, str]
    """Name under ``static/`` -> site-relative URL."""

    def url(self, name: str) -> str:
        """URL of ``static/<name>``; KeyError names the missing file."""
        return self.urls[name.lstrip("/")]


def published_name(name: str, digest: str) -> str:
    """``css/site.css`` -> ``css/site.<hash>.css``; top-level files keep their name."""
    path = PurePosixPath(name)
    if len(path.parts) == 1:
        return name
    return str(path.with_name(f"{path.stem}.{digest[:HASH_LENGTH]}{path.suffix}"))


def scan_static(folders: list[Path], base_path: str) -> AssetManifest:
    """Hash every file of the ``static`` folders (theme first; a later folder's file wins)."""
    by_name: dict[str, StaticFile] = {}
    for static in folders:
        if not static.is_dir():
            continue
        for path in sorted(static.rglob("*")):
            rel = path.relative_to(static)
            if not path.is_file() or any(part.startswith(".") for part in rel.parts):
                continue
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            name = rel.as_posix()
            by_name[name] = StaticFile(path, name, published_name(name, digest), digest)
    files = [by_name[name] for name in sorted(by_name)]
    urls = {f.name: base_path + f.published for f in files}
    return AssetManifest(tuple(files), MappingProxyType(urls))
