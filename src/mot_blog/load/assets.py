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

from mot_blog.errors import Problem
from mot_blog.load.sitefiles import read, search_folder, walk
from mot_blog.load.theme import STATIC_DIR, THEME_DIR, THEME_LABEL

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
        return self.urls[static_name(name)]


def static_name(path: str) -> str:
    """A path as written for a file of ``static/`` (``/images/x.svg``, ``./images/x.svg``)
    -> its name under ``static/`` (``images/x.svg``)."""
    path = path.lstrip("/")
    while path.startswith("./"):
        path = path[2:]
    return path


def display_name(file: StaticFile) -> str:
    """How problems name a published file: its path in the site for a page bundle's file
    (its asset name after ``./``), else ``static/<name>`` (``(theme)/static/...``)."""
    if file.name.startswith("./"):
        return file.name[2:]
    theme = THEME_LABEL if file.source.is_relative_to(THEME_DIR) else ""
    return f"{theme}{STATIC_DIR}/{file.name}"


def published_name(name: str, digest: str) -> str:
    """``css/site.css`` -> ``css/site.<hash>.css``; top-level files keep their name."""
    path = PurePosixPath(name)
    if len(path.parts) == 1:
        return name
    return str(path.with_name(f"{path.stem}.{digest[:HASH_LENGTH]}{path.suffix}"))


def scan_static(folders: list[Path], base_path: str, problems: list[Problem]) -> AssetManifest:
    """Hash every file of the ``static`` folders (theme first; a later folder's file wins).

    Hidden files (``.name``) are left out; what :mod:`~mot_blog.load.sitefiles` refuses (a
    link out of the site, a FIFO...) is a problem in ``problems``, never read."""
    by_name: dict[str, StaticFile] = {}
    for static in folders:
        folder = search_folder(static)
        for name in sorted(walk(static, folder.display, folder.bound, problems, _is_hidden)):
            path = static / name
            raw = read(path, f"{folder.display}/{name}", problems)
            if raw is None:
                continue
            digest = hashlib.sha256(raw).hexdigest()
            by_name[name] = StaticFile(path, name, published_name(name, digest), digest)
    files = [by_name[name] for name in sorted(by_name)]
    urls = {f.name: base_path + f.published for f in files}
    return AssetManifest(tuple(files), MappingProxyType(urls))


def _is_hidden(name: str) -> bool:
    return name.startswith(".")
