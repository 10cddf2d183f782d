"""The dependency index: which inputs each output was made from.

This is the one place that says when an output must be rendered again.
An output's key is a digest of

* the **site-wide inputs**, which any page may read: the engine, ``site.yaml``,
  the data files (authors, publisher, terms), every template, every catalog,
  the published URL of every static file, the build options and the site plugins'
  installed versions; and
* the **posts it shows whole** (:attr:`Job.posts`: an article itself, a
  feed's entries): the fingerprint of each, which covers everything of the
  :class:`~mot_blog.model.site.Post` value (title, dates, URL, terms, author,
  image, body HTML...); for a job that does not list them (``None``), the
  fingerprint of every post of the site;
* the **posts it shows as cards** (:attr:`Job.cards`: a listing's cards, an
  article's translations and related posts, the sitemap's entries): their
  card fingerprint, the same without the body (:data:`BODY_FIELDS`), so an
  edit of an article's text re-renders the article and the feeds that carry
  it, not every listing that shows its card;
* the job's **facts** (:attr:`Job.facts`), such as the page counts behind a
  listing's alternates.

A warm build and ``serve`` both ask
:func:`job_keys` and re-render exactly the jobs whose key differs from the
last build's (:class:`OutputIndex`); the others are taken from the previous
output folder as they are. When every input file has the same bytes as at the
last build (:func:`input_stamp`) and no future-dated post has come due, the
build has nothing to do and stops after reading them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from mot_blog.errors import Problem
from mot_blog.load.assets import AssetManifest
from mot_blog.load.sitefiles import Folder, inside, read, walk
from mot_blog.load.sources import CONTENT_DIR, ContentTree
from mot_blog.model.site import Post, Site
from mot_blog.records import Record
from mot_blog.runner import cache

if TYPE_CHECKING:  # the renderer (and Jinja2) load once the parse workers run
    from mot_blog.render.jobs import Job

_WHOLE_SITE = "*"


def _files_under(folders: Iterable[Folder], suffix: str = "") -> list[bytes | str]:
    """The name and a digest of the bytes of every file (ending in ``suffix``) under
    ``folders``, for a digest. What :mod:`~mot_blog.load.sitefiles` refuses is not read: its
    problem line stands in for it (the stage that reads the folder reports it), so the digest
    still changes when such a file comes or goes."""
    parts: list[bytes | str] = []
    for folder in folders:
        path = folder.path
        refused: list[Problem] = []
        for name in sorted(walk(path, folder.display, folder.bound, refused)):
            if name.endswith(suffix):
                raw = read(path / name, f"{folder.display}/{name}", refused)
                if raw is not None:  # its digest: the bytes of every photograph held at once
                    parts += [name, cache.digest(raw)]  # made 560 MiB of 200 pictures
        parts += [str(problem) for problem in refused]
    return parts


def site_inputs_key(
    root: Path,
    data: Mapping[str, bytes],
    template_dirs: Sequence[Folder],
    catalog_dirs: Sequence[Folder],
    assets: AssetManifest,
    options: str,
) -> str:
    """Digest of the inputs every page may read (see the module docstring)."""
    config = (root / "site.yaml").read_bytes() if (root / "site.yaml").is_file() else b""
    parts: list[bytes | str] = [cache.engine_fingerprint(), config, options]
    for name in sorted(data):
        parts += [name, data[name]]
    parts += ["templates"] + _files_under(template_dirs)
    parts += ["catalogs"] + _files_under(catalog_dirs, ".po")
    parts += ["assets"] + [f"{name}={url}" for name, url in sorted(assets.urls.items())]
    return cache.digest(*parts)


BODY_FIELDS = frozenset(
    {"body_html", "word_count", "body_shows_image", "headings", "toc", "shortcodes"}
)
"""What an article page shows of a post and a card does not: a card fingerprint leaves them out.
(Cards show title, URL, dates, summary, image, category; reading time is not on them.)"""


class Fingerprint(NamedTuple):
    """A post's two fingerprints."""

    whole: str
    """Of every field."""
    card: str
    """Of every field but :data:`BODY_FIELDS`."""


def post_fingerprints(
    site: Site, known: dict[str, tuple[Post, Fingerprint]] | None = None
) -> dict[str, Fingerprint]:
    """The fingerprints of every post by source path.

    ``known``: fingerprints of an earlier pass, kept for the very same (unchanged,
    immutable) post objects and updated with this pass's."""
    if known is None:
        return _fingerprints(site.posts)
    result = {}
    unknown = []
    for post in site.posts:
        if post.source in known and known[post.source][0] is post:
            result[post.source] = known[post.source][1]
        else:
            unknown.append(post)
    fresh = _fingerprints(unknown)
    for post in unknown:
        result[post.source] = fresh[post.source]
        known[post.source] = (post, fresh[post.source])
    return result


def _fingerprints(posts: Iterable[Post]) -> dict[str, Fingerprint]:
    shared: dict[int, str] = {}  # authors and other values many posts hold: described once
    names = [f.name for f in dataclasses.fields(Post)]
    result = {}
    for post in posts:
        # SHA-256: it hashes the body on the processor's SHA instructions (content_digest)
        card = hashlib.sha256()
        body = hashlib.sha256()
        for name in names:
            value = getattr(post, name)
            text: str | None
            if isinstance(value, str):
                text = value
            else:
                text = shared.get(id(value))
                if text is None:
                    text = shared[id(value)] = repr(value)
            part = body if name in BODY_FIELDS else card
            part.update(b"\x00%d\x00" % len(text))
            part.update(text.encode())
        card_digest = card.hexdigest()
        body.update(card_digest.encode())
        result[post.source] = Fingerprint(body.hexdigest(), card_digest)
    return result


Remembered = Mapping[str, tuple[str, Fingerprint]]
"""Fingerprints by source path, each with the digest of the post file it was computed from."""


def remembered_fingerprints(
    site: Site, digests: Mapping[str, str], before: Remembered
) -> tuple[dict[str, Fingerprint], dict[str, tuple[str, Fingerprint]]]:
    """:func:`post_fingerprints`, taking from ``before`` the fingerprint of every post whose
    file has the digest it had then; returns them, and what to remember for the next build.

    ``before`` must come from a build with the same :func:`site_inputs_key`: a post is
    made from its own file and the site-wide inputs only (its relations to other posts
    are indexes of the site, not fields of the post)."""
    unknown = [p for p in site.posts if before.get(p.source, ("",))[0] != digests[p.source]]
    fresh = _fingerprints(unknown)
    result, now = {}, {}
    for post in site.posts:
        fingerprint = fresh.get(post.source) or before[post.source][1]
        result[post.source] = fingerprint
        now[post.source] = (digests[post.source], fingerprint)
    return result, now


def job_keys(
    jobs: Sequence[Job], site_key: str, fingerprints: Mapping[str, Fingerprint]
) -> list[str]:
    """The key of every job (same order).

    One string per job, hashed once: ``serve`` computes every key after each edit
    (15,000 at 10,000 articles), so this is kept to a join and a hash per job. The
    parts cannot run together: none holds a NUL (paths, hex digests, ``repr`` facts)."""
    whole = {source: f"{source}={fp.whole}" for source, fp in fingerprints.items()}
    card = {source: f"{source}~{fp.card}" for source, fp in fingerprints.items()}
    whole_site = cache.digest(*whole.values())
    keys = []
    blake2b = hashlib.blake2b
    for job in jobs:
        parts = [site_key, job.path, job.facts]
        if job.posts is None:
            parts += (_WHOLE_SITE, whole_site)
        else:
            parts += [whole[post.source] for post in job.posts]
        parts.append("cards")
        parts += [card[post.source] for post in job.cards]
        keys.append(blake2b("\x00".join(parts).encode(), digest_size=20).hexdigest())
    return keys


@dataclass(frozen=True, slots=True)
class Built(Record):
    """What the index remembers of one output."""

    key: str
    file: tuple[int, int, int]
    """:func:`file_signature` of the file it wrote."""


def file_signature(path: Path | str) -> tuple[int, int, int]:
    """Size, inode and modification time of a file: another build into the same folder
    (another site, even with outputs of the same sizes) or a hand edit changes it, while a
    file kept by hard link from the previous output keeps it."""
    stat = os.stat(path)
    return (stat.st_size, stat.st_ino, stat.st_mtime_ns)


INPUT_FOLDERS = ("content", "static", "templates", "locales", "translations")
"""Folders of a site whose every byte is an input (with ``site.yaml`` and the themes)."""


def input_stamp(root: Path, themes: Sequence[Folder], options: str, content: ContentTree) -> str:
    """Digest of every byte a build reads: ``site.yaml``, the content (as the sources stage
    read it, so it is read once), the site's other input folders, the themes' folders (the
    site's theme, then the default: :meth:`mot_blog.load.theme.Layer.whole`), the engine.

    Content hashes, not modification times: a file restored with an old time still counts."""
    parts: list[bytes | str] = [cache.engine_fingerprint(), options]
    config = root / "site.yaml"
    parts.append(config.read_bytes() if config.is_file() else b"")
    parts.append("content")
    for post in content.posts:
        parts += [post.path, post.digest]
    for name in sorted(content.data):
        parts += [name, content.data[name]]
    for bundle in content.bundles:  # (the walk of content/ accepted their files)
        refused: list[Problem] = []
        for name in bundle.files:
            display = f"{bundle.folder}/{name}"
            parts += [display, read(root / display, display, refused) or str(refused)]
    site = inside(root)
    folders = [Folder(root / name, name, site) for name in INPUT_FOLDERS if name != CONTENT_DIR]
    parts += _files_under(folders)
    parts += ["theme"] + _files_under(themes)
    return cache.digest(*parts)


@dataclass(frozen=True, slots=True)
class LastBuild:
    """What the index remembers of the whole last build."""

    stamp: str
    """:func:`input_stamp` of its inputs."""
    next_change: dt.datetime | None
    """When its first future-dated post becomes due (it must then be built again)."""
    pages: int
    files: int
    warnings: tuple[Problem, ...] = ()
    """The warnings it printed (a build that finds nothing changed prints them again)."""


class OutputIndex:
    """Key and size of every output of the last build into one output folder."""

    def __init__(self, folder: Path | None, out: Path):
        self.path = (
            None
            if folder is None
            else folder / f"outputs-{cache.digest(str(out.resolve()))[:16]}.pickle"
        )
        self.key = cache.digest(cache.engine_fingerprint(), str(out.resolve()))
        loaded = cache.read(self.path, self.key) if self.path else None
        self.built: dict[str, Built] = {}
        self.last: LastBuild | None = None
        if isinstance(loaded, tuple) and len(loaded) == 2:
            self.built, self.last = loaded

    def unchanged(self, out: Path, stamp: str, now: dt.datetime | None) -> bool:
        """Whether the last build read exactly these inputs and ``out`` still holds all it wrote."""
        last = self.last
        if (
            last is None
            or last.stamp != stamp
            or (last.next_change is not None and (now is None or now >= last.next_change))
        ):
            return False
        return all(self.reusable(out, path, built.key) for path, built in self.built.items())

    def reusable(self, out: Path, path: str, key: str) -> bool:
        """Whether ``out/path`` is still the file the last build made from inputs with ``key``.

        The file's signature catches a file replaced or changed since then."""
        built = self.built.get(path)
        if built is None or built.key != key:
            return False
        try:
            return file_signature(f"{os.fspath(out)}/{path}") == built.file
        except OSError:
            return False

    def save(self, built: dict[str, Built], last: LastBuild | None) -> None:
        """Remember this build's outputs (after the new output folder is in place)."""
        self.built, self.last = built, last
        if self.path is not None:
            cache.write(self.path, self.key, (built, last))

    def forget(self) -> None:
        """Drop the index (a failed or partial build leaves nothing to trust)."""
        self.built, self.last = {}, None
        if self.path is not None:
            self.path.unlink(missing_ok=True)
