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
from mot_blog.load.sitefiles import Folder, read, walk
from mot_blog.load.theme import STATIC_DIR

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
    display: str = ""
    """Its path in diagnostics (``static/x.css``, ``(theme)/static/css/site.css``); ``""``
    for a file the build made (an image variant) and a page bundle's: :func:`display_name`
    names every file."""


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
    (its asset name after ``./``), else the path its static folder gives it
    (:attr:`StaticFile.display`: ``static/x.css``, ``(theme)/static/css/site.css``,
    ``themes/paper/static/...``), else ``static/<name>`` (a file the build made)."""
    if file.name.startswith("./"):
        return file.name[2:]
    return file.display or f"{STATIC_DIR}/{file.name}"


def published_name(name: str, digest: str) -> str:
    """``css/site.css`` -> ``css/site.<hash>.css``; top-level files keep their name."""
    path = PurePosixPath(name)
    if len(path.parts) == 1:
        return name
    return str(path.with_name(f"{path.stem}.{digest[:HASH_LENGTH]}{path.suffix}"))


def scan_static(folders: list[Folder], base_path: str, problems: list[Problem]) -> AssetManifest:
    """Hash every file of the ``static`` folders (the default theme's first; a later folder's
    file wins: :func:`mot_blog.load.theme.static_folders`).

    Hidden files (``.name``) are left out; what :mod:`~mot_blog.load.sitefiles` refuses (a
    link out of the site, a FIFO...) is a problem in ``problems``, never read."""
    by_name: dict[str, StaticFile] = {}
    for folder in folders:
        static = folder.path
        for name in sorted(walk(static, folder.display, folder.bound, problems, _is_hidden)):
            path = static / name
            display = f"{folder.display}/{name}"
            raw = read(path, display, problems)
            if raw is None:
                continue
            digest = hashlib.sha256(raw).hexdigest()
            published = published_name(name, digest)
            by_name[name] = StaticFile(path, name, published, digest, display)
    files = [by_name[name] for name in sorted(by_name)]
    urls = {f.name: base_path + f.published for f in files}
    return AssetManifest(tuple(files), MappingProxyType(urls))


def _is_hidden(name: str) -> bool:
    return name.startswith(".")
