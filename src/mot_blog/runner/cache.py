"""The build cache in ``<site>/.mot-cache/``: never trusted, always checked.

Each cache file is written whole (temporary file, then rename) as::

    mot-blog cache <FORMAT>\\n
    <key>\\n                       what the content was computed from (engine, settings)
    <length and CRC-32 of the payload>\\n
    <payload: a pickle>

and is read back only when the header, the key and the checksum all match;
anything else (a truncated file, another engine version, random bytes, a
pickle that fails to load) counts as no cache and the build computes from
scratch. The engine's fingerprint covers its version, the versions of the
libraries that shape the output and the bytes of its own source files, so an
edited engine never reads what an older one wrote.

:class:`ParseCache` keeps each post's parse (front matter and rendered
Markdown) by the hash of its file, with the published URL of every static
file the parse looked up, so a post is parsed again when its file or one of
those URLs changes, and never otherwise.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
import sys
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mot_blog import __version__
from mot_blog.errors import Problem
from mot_blog.load.sources import SourceFile
from mot_blog.markup.posts import ParsedPost
from mot_blog.records import Record

CACHE_DIR = ".mot-cache"
FORMAT = 4
_MAGIC = f"mot-blog cache {FORMAT}\n".encode()
_LIBRARIES = (
    "pyromark",
    "nh3",
    "jinja2",
    "yaml",
    "babel",
    "markupsafe",
    "pygments",
    "markdown",
    "latex2mathml",
)
"""The libraries whose output the cached results hold (by module name)."""
_engine: str | None = None


def digest(*parts: bytes | str) -> str:
    """A hex digest of several values (length-prefixed, so parts cannot run together)."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def engine_fingerprint() -> str:
    """The engine as an input: its version, its libraries' files, its own source bytes.

    A library counts by its package file's size and modification time, as Python's own
    bytecode cache judges a source file: an upgrade rewrites the file. The file is found
    without importing the library: this runs before anything else of a build, and
    importing Jinja2 here (33 ms) held back the parse workers, which do not need it.
    (``importlib.metadata`` would name the versions exactly, and took 20 ms to import.)"""
    global _engine
    if _engine is None:
        package = Path(__file__).parent.parent
        parts: list[bytes | str] = [__version__, sys.version]
        for name in _LIBRARIES:
            try:
                spec = importlib.util.find_spec(name)
                stat = os.stat(spec.origin or "") if spec is not None else None
            except (ImportError, OSError, ValueError):
                stat = None
            if stat is None:
                parts.append(f"{name}=?")
            else:
                parts.append(f"{name}={stat.st_size} {stat.st_mtime_ns}")
        for path in sorted(package.rglob("*.py")):
            parts += [path.relative_to(package).as_posix(), path.read_bytes()]
        _engine = digest(*parts)
    return _engine


def _checksum(payload: bytes | memoryview) -> bytes:
    """The payload's length and CRC-32: what tells a damaged or truncated file (a cache
    is not a defence against someone who may write it: they could write any pickle and
    its checksum). Five times faster than BLAKE2b, which took 0.28 s to check the parse
    cache of 10,000 articles (100 MB) in every warm build."""
    return b"%d:%08x" % (len(payload), zlib.crc32(payload))


def read(path: Path, key: str) -> Any | None:
    """The object stored at ``path`` under ``key``, or None when absent, foreign or damaged."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(_MAGIC):
        return None
    header_end = len(_MAGIC)
    key_end = data.find(b"\n", header_end)
    sum_end = data.find(b"\n", key_end + 1)
    if key_end < 0 or sum_end < 0 or data[header_end:key_end] != key.encode():
        return None
    payload = memoryview(data)[sum_end + 1 :]
    if _checksum(payload) != data[key_end + 1 : sum_end]:
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # noqa: BLE001 (a damaged cache is no cache, whatever the error)
        return None


def write(path: Path, key: str, value: Any) -> None:
    """Store ``value`` at ``path`` under ``key``, atomically; a failure only loses the cache."""
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    header = _MAGIC + key.encode() + b"\n" + _checksum(payload) + b"\n"
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with temporary.open("wb") as handle:
            handle.write(header)
            handle.write(payload)
        temporary.replace(path)
    except OSError:
        temporary.unlink(missing_ok=True)


def read_memo(folder: Path | None, name: str) -> dict[Any, Any] | None:
    """A table the last build kept for this one (``<folder>/<name>.pickle``): ``{}`` when
    there is none (or it is foreign or damaged), None without a cache folder."""
    if folder is None:
        return None
    table = read(folder / f"{name}.pickle", engine_fingerprint())
    return table if isinstance(table, dict) else {}


def save_memo(folder: Path | None, name: str, before: Any, now: dict[Any, Any]) -> None:
    """Keep this build's table for the next (written only when it changed)."""
    if folder is not None and now != before:
        write(folder / f"{name}.pickle", engine_fingerprint(), now)


class RecordingUrls(Mapping[str, str]):
    """The asset-URL table, remembering every name a parse looked up (found or not)."""

    def __init__(self, urls: Mapping[str, str]):
        self._urls = urls
        self.looked_up: dict[str, str | None] = {}

    def __getitem__(self, name: str) -> str:
        self.looked_up[name] = self._urls.get(name)
        return self._urls[name]

    def get(self, name: str, default: Any = None) -> Any:
        self.looked_up[name] = self._urls.get(name)
        return self._urls.get(name, default)

    def __contains__(self, name: object) -> bool:
        if isinstance(name, str):
            self.looked_up[name] = self._urls.get(name)
        return name in self._urls

    def __iter__(self) -> Iterator[str]:
        return iter(self._urls)

    def __len__(self) -> int:
        return len(self._urls)


@dataclass(frozen=True, slots=True)
class ParseEntry(Record):
    """One cached parse, without the source bytes it came from."""

    raw: str
    """Digest of the file's bytes."""
    looked_up: tuple[tuple[str, str | None], ...]
    """Static-file names the parse asked for and the URL each had (None: missing)."""
    post: ParsedPost | None
    problems: tuple[Problem, ...]


SHARDS = 16
"""Parse-cache files: an edit rewrites the sixteenth of the cache that holds its post."""


def _shard(source_path: str) -> str:
    return f"{hashlib.blake2b(source_path.encode(), digest_size=1).digest()[0] % SHARDS:02d}"


class ParseCache:
    """Parsed posts by source path, loaded from and saved to :data:`SHARDS` cache files
    (by a hash of the post's path), so that saving after an edit rewrites one of them."""

    def __init__(self, folder: Path | None, settings: str):
        """``folder`` None: remember nothing between builds. ``settings``: what else shapes a parse."""
        self.folder = folder
        self.key = digest(engine_fingerprint(), settings)
        self.entries: dict[str, ParseEntry] = {}
        if folder is not None:
            for shard in range(SHARDS):
                loaded = read(folder / f"parsed-{shard:02d}.pickle", self.key)
                if isinstance(loaded, dict):
                    self.entries.update(loaded)
        self.hits = 0
        self._changed: set[str] = set()
        """Shards with a new, changed or forgotten entry."""

    def get(
        self, source: SourceFile, urls: Mapping[str, str]
    ) -> tuple[ParsedPost | None, list[Problem]] | None:
        """The cached parse of ``source``, when it is still what parsing would give."""
        entry = self.entries.get(source.path)
        if entry is None or entry.raw != source.digest:
            return None
        if any(urls.get(name) != url for name, url in entry.looked_up):
            return None
        self.hits += 1
        post = entry.post
        if post is not None:
            post = ParsedPost(source, *post.parts())
        return post, list(entry.problems)

    def put(
        self,
        source: SourceFile,
        looked_up: Mapping[str, str | None],
        post: ParsedPost | None,
        problems: list[Problem],
    ) -> None:
        """Remember a fresh parse (without the file's bytes, which the next build reads anyway)."""
        stored = None
        if post is not None:
            empty = SourceFile(source.path, source.locale, source.stem, None)
            stored = ParsedPost(empty, *post.parts())
        self.entries[source.path] = ParseEntry(
            source.digest, tuple(sorted(looked_up.items())), stored, tuple(problems)
        )
        self._changed.add(_shard(source.path))

    def keep_only(self, paths: set[str]) -> None:
        """Forget deleted posts."""
        for path in set(self.entries) - paths:
            del self.entries[path]
            self._changed.add(_shard(path))

    @property
    def pending(self) -> bool:
        """Whether :meth:`save` has anything to write."""
        return self.folder is not None and bool(self._changed)

    def save(self) -> None:
        """Write the cache files whose entries changed."""
        if self.folder is None or not self._changed:
            return
        shards: dict[str, dict[str, ParseEntry]] = {name: {} for name in self._changed}
        for path, entry in self.entries.items():
            shard = shards.get(_shard(path))
            if shard is not None:
                shard[path] = entry
        for name, entries in shards.items():
            write(self.folder / f"parsed-{name}.pickle", self.key, entries)
        self._changed.clear()
