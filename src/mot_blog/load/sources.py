"""Walk ``content/`` and classify its files; no parsing.

Layout: ``content/<locale-code>/**/*.md`` are posts of that locale; a folder below
the locale's that holds an ``index.md`` is a page bundle: that file is its post (the
folder's name its default slug), and every other file under the folder, at any depth, is
one of the post's files (:class:`Bundle`). ``content/authors.yaml``,
``content/publisher.yaml`` and ``content/terms.yaml`` are site data. Anything else is
reported, so that a post saved in the wrong folder is not silently left out.
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
TRANSLATIONS_DIR = "translations"
"""Posts translated in PO files: ``translations/<locale>/<translation_key>.po``."""
DATA_FILES = ("authors.yaml", "publisher.yaml", "terms.yaml")
BUNDLE_POST = "index.md"
"""The post of a page bundle, in the bundle's folder."""
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
class Bundle(Record):
    """A page bundle: a post that is a folder (``content/<locale>/<slug>/index.md``), with
    its files beside it."""

    folder: str
    """The folder, relative to the site root (``content/fr-FR/my-post``)."""
    locale: str
    files: tuple[str, ...]
    """Its files but the post, relative to the folder (``x.png``, ``images/y.svg``), sorted."""

    @property
    def post(self) -> str:
        """The bundle's post file, relative to the site root."""
        return f"{self.folder}/{BUNDLE_POST}"


@dataclass(frozen=True, slots=True)
class ContentTree:
    """Everything under ``content/``."""

    posts: tuple[SourceFile, ...]
    data: dict[str, bytes]
    """Site data files by name (``authors.yaml`` ...), absent when the file is."""
    known: dict[str, tuple[Signature, str]] = field(default_factory=dict)
    """Signature and digest of the post files whose digest the next read may trust."""
    bundles: tuple[Bundle, ...] = ()
    """The page bundles, by folder."""


def is_bundle_post(path: str) -> bool:
    """Whether a post file (site-relative path) is a page bundle's: an ``index.md`` in a
    folder below its locale's."""
    parts = path.split("/")
    return parts[-1] == BUNDLE_POST and len(parts) > 3


def post_stem(path: str) -> str:
    """A post file's default slug, from its site-relative path: the file name without
    ``.md``, or for a bundle's ``index.md`` the folder's name."""
    parts = path.split("/")
    return parts[-2] if is_bundle_post(path) else parts[-1][: -len(".md")]


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
    bundles: list[Bundle] = []
    for name, kind in _top_entries(content, bound, problems):
        rel = f"{CONTENT_DIR}/{name}"
        if kind == sitefiles.FILE and name in DATA_FILES:
            raw = sitefiles.read(f"{content}/{name}", rel, problems)
            if raw is not None:
                data[name] = raw
        elif kind == sitefiles.FOLDER and name in locale_codes:
            folder = f"{content}/{name}"
            files = sitefiles.walk(folder, rel, bound, problems, is_hidden, holders)
            paths, in_bundles = _classify(rel, name, files, problems)
            found += [(file_rel.split("/"), file_rel, name) for file_rel in paths]
            bundles += in_bundles
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
    bundles.sort(key=lambda bundle: bundle.folder.split("/"))
    return ContentTree(tuple(posts), data, trusted, tuple(bundles)), problems


def _classify(
    rel: str, locale: str, files: list[str], problems: list[Problem]
) -> tuple[list[str], list[Bundle]]:
    """The posts (site-relative paths) and page bundles among the ``files`` of a locale's
    folder ``rel``; a problem for each file that is neither a post nor a bundle's file.

    A bundle's folder is the outermost folder below the locale's holding an ``index.md``:
    a Markdown file deeper inside it would be a second post in one bundle."""
    marked = {file[: -len(BUNDLE_POST) - 1] for file in files if file.endswith("/" + BUNDLE_POST)}
    posts: list[str] = []
    members: dict[str, list[str]] = {}
    for file in files:
        parts = file.split("/")
        root = next(
            (above for n in range(1, len(parts)) if (above := "/".join(parts[:n])) in marked),
            None,
        )
        if root is None:
            if file.endswith(".md"):
                posts.append(f"{rel}/{file}")
            else:
                problems.append(Problem(f"{rel}/{file}", None, _NOT_A_POST.format(rel=rel)))
        elif file == f"{root}/{BUNDLE_POST}":
            posts.append(f"{rel}/{file}")
            members.setdefault(root, [])
        elif file.endswith(".md"):
            problems.append(Problem(f"{rel}/{file}", None, _NESTED.format(f"{rel}/{root}")))
        else:
            members.setdefault(root, []).append(file[len(root) + 1 :])
    bundles = [
        Bundle(f"{rel}/{root}", locale, tuple(sorted(names))) for root, names in members.items()
    ]
    return posts, bundles


_NOT_A_POST = (
    "neither a Markdown post (.md) nor a file of a page bundle; move it to static/, or into "
    "the folder of the post that shows it ({rel}/<slug>/index.md)"
)
_NESTED = (
    "a Markdown file inside the page bundle {0}/, whose post is its index.md; "
    "move it out of that folder"
)


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
        stem = post_stem(rel)
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
