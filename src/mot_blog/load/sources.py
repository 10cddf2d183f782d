"""Walk ``content/`` and classify its files; no parsing.

Layout: ``content/<locale-code>/**/*.md`` are posts of that locale;
``content/authors.yaml``, ``content/publisher.yaml`` and ``content/terms.yaml``
are site data. Anything else is reported, so that a post saved in the wrong
folder is not silently left out.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from mot_blog.errors import Problem
from mot_blog.load import sitefiles
from mot_blog.records import Record

CONTENT_DIR = "content"
DATA_FILES = ("authors.yaml", "publisher.yaml", "terms.yaml")
IGNORED_NAMES = {".DS_Store", "Thumbs.db"}

Signature = tuple[int, int, int, int, int]
"""Size, modification and status-change times (ns), inode and device of a file."""

Known = Mapping[str, tuple[Signature, str]]
"""Post files of an earlier read: signature and digest by site-relative path."""

_RACY_NS = 2_000_000_000
"""A file changed this close to its reading could change again within the same tick of a
coarse file clock without its signature showing it: its digest is not remembered."""


def content_digest(raw: bytes) -> str:
    """The digest that stands for a post file's bytes (in caches and stamps).

    SHA-256, which OpenSSL runs on the processor's SHA instructions (x86 SHA-NI, ARMv8):
    9 µs for an article's 8 KB where BLAKE2b took 21 µs, for every post of a cold build."""
    return hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True, slots=True)
class SourceFile(Record):
    """One post file, read (or known unchanged) but not parsed."""

    path: str
    """Path relative to the site root, with forward slashes (used in diagnostics)."""
    locale: str
    """Locale code, from the folder the file is in."""
    stem: str
    """File name without ``.md``: the default slug."""
    raw: bytes | None
    """The file's bytes; None when an earlier read knew them (see :func:`read_content`)."""
    digest: str = ""
    """:func:`content_digest` of the bytes."""
    origin: str = ""
    """The file's absolute path, where :meth:`content` reads bytes that were not read."""

    def __post_init__(self) -> None:
        if not self.digest and self.raw is not None:
            object.__setattr__(self, "digest", content_digest(self.raw))

    def content(self) -> bytes:
        """The file's bytes (read now when they were known unchanged)."""
        if self.raw is not None:
            return self.raw
        with open(self.origin, "rb") as file:
            return file.read()


@dataclass(frozen=True, slots=True)
class ContentTree:
    """Everything under ``content/``."""

    posts: tuple[SourceFile, ...]
    data: dict[str, bytes]
    """Site data files by name (``authors.yaml`` ...), absent when the file is."""
    known: dict[str, tuple[Signature, str]] = field(default_factory=dict)
    """Signature and digest of the post files whose digest the next read may trust."""


def is_hidden(name: str) -> bool:
    """Whether a file or folder of ``content/`` is left out unseen (dot files, editor
    backups, the files desktops leave behind)."""
    return name.startswith(".") or name.endswith("~") or name in IGNORED_NAMES


def read_content(
    root: Path, locale_codes: tuple[str, ...], known: Known | None = None
) -> tuple[ContentTree, list[Problem]]:
    """Read every post and data file under ``root/content`` (sorted, so builds are repeatable).

    Only what :mod:`~mot_blog.load.sitefiles` accepts is read: a link out of the site, a FIFO
    or a name that is not UTF-8 is a problem instead. ``known``: what an earlier read
    found (:attr:`ContentTree.known`): a post file whose size, times, inode and device
    are all as they were then is not read again, its digest is taken (a write changes
    the modification and status-change times, a restored file its status-change time
    at least); its bytes are read when needed."""
    content = os.fspath(root / CONTENT_DIR)
    bound = sitefiles.inside(root)
    problems: list[Problem] = []
    data: dict[str, bytes] = {}
    kind, problem = sitefiles.check_path(content, CONTENT_DIR, bound)
    if problem is not None:
        return ContentTree((), {}), [problem]
    if kind != sitefiles.FOLDER:
        message = "no content/ folder in the site" if kind is None else "not a folder"
        return ContentTree((), {}), [Problem(CONTENT_DIR, None, message + _CONTENT_HINT)]
    holders = (os.path.realpath(content),)
    found: list[tuple[list[str], str, str]] = []
    for name, kind in _top_entries(content, bound, problems):
        rel = f"{CONTENT_DIR}/{name}"
        if kind == sitefiles.FILE and name in DATA_FILES:
            raw = sitefiles.read(f"{content}/{name}", rel, problems)
            if raw is not None:
                data[name] = raw
        elif kind == sitefiles.FOLDER and name in locale_codes:
            folder = f"{content}/{name}"
            for file in sitefiles.walk(folder, rel, bound, problems, is_hidden, holders):
                file_rel = f"{rel}/{file}"
                if not file.endswith(".md"):
                    problems.append(
                        Problem(file_rel, None, "not a Markdown post (.md); move assets to static/")
                    )
                    continue
                found.append((file_rel.split("/"), file_rel, name))
        elif name in DATA_FILES:
            problems.append(
                Problem(rel, None, f"a folder where the data file {name} belongs; rename it")
            )
        elif name in locale_codes:
            problems.append(
                Problem(
                    rel, None, f"a file where the folder of the posts in {name} belongs; rename it"
                )
            )
        elif kind == sitefiles.FOLDER:
            problems.append(
                Problem(
                    rel,
                    None,
                    f"folder '{name}' is not a configured locale ("
                    + ", ".join(locale_codes)
                    + "); rename it or add the locale to site.yaml",
                )
            )
        else:
            problems.append(
                Problem(
                    rel,
                    None,
                    "unexpected file; posts go in content/<locale>/, data files are "
                    + ", ".join(DATA_FILES),
                )
            )
    found.sort()
    posts, trusted = _read_posts(os.fspath(root), found, known or {}, problems)
    problems.sort(key=lambda problem: problem.path.split("/"))
    return ContentTree(tuple(posts), data, trusted), problems


_CONTENT_HINT = "; posts go in content/<locale>/ (e.g. content/en-GB/first-post.md)"


def _top_entries(
    content: str, bound: sitefiles.Inside, problems: list[Problem]
) -> list[tuple[str, str]]:
    """The names and kinds (file or folder) of the entries of ``content/`` the build may
    read, sorted by name; a problem for each it must not."""
    entries = []
    try:
        with os.scandir(content) as listing:
            names = sorted(entry.name for entry in listing)
    except OSError as exc:
        problems.append(sitefiles.unreadable(CONTENT_DIR, exc))
        return []
    for name in names:
        if is_hidden(name):
            continue
        kind, problem = sitefiles.check_path(f"{content}/{name}", f"{CONTENT_DIR}/{name}", bound)
        if problem is not None:
            problems.append(problem)
        elif kind is not None:
            entries.append((name, kind))
    return entries


def _read_posts(
    root: str, found: list[tuple[list[str], str, str]], known: Known, problems: list[Problem]
) -> tuple[list[SourceFile], dict[str, tuple[Signature, str]]]:
    posts = []
    trusted: dict[str, tuple[Signature, str]] = {}
    recent = time.time_ns() - _RACY_NS
    for _parts, rel, locale in found:
        origin = f"{root}/{rel}"
        stem = rel.rpartition("/")[2][: -len(".md")]
        try:
            stat = os.stat(origin)
        except OSError as exc:  # gone since the folder was listed
            problems.append(sitefiles.unreadable(rel, exc))
            continue
        signature = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev)
        earlier = known.get(rel)
        if earlier is not None and earlier[0] == signature:
            post = SourceFile(rel, locale, stem, None, earlier[1], origin)
        else:
            raw = sitefiles.read(origin, rel, problems)
            if raw is None:
                continue
            post = SourceFile(rel, locale, stem, raw, origin=origin)
        posts.append(post)
        if max(stat.st_mtime_ns, stat.st_ctime_ns) < recent:
            trusted[rel] = (signature, post.digest)
    return posts, trusted
