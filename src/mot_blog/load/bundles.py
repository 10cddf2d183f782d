"""Page bundles: a post's own files, published with it, and where a post looks for the files
it names.

A bundle is a post that is a folder, ``content/<locale>/<folder>/index.md``, with its files
beside it at any depth (:class:`~mot_blog.load.sources.Bundle`). Each file is published
under the locale's prefix and the folder's path below the locale's folder, content-hashed
like a file of ``static/`` (:func:`bundle_files`)::

    content/fr-FR/my-post/images/x.png  ->  /fr/my-post/images/x.<hash>.png

that is beside the page, whose slug is the folder's name unless its front matter sets
another. In the asset table (:attr:`~mot_blog.load.assets.AssetManifest.urls`) a bundle
file's name is its path in the site after ``./`` (``./content/fr-FR/my-post/x.png``): no
name of ``static/`` starts so, and a post never names a file that way (``./x.png`` is
``x.png``).

A post names a file as ``x.png`` or ``./x.png`` (in Markdown, raw HTML, front matter and
shortcode arguments), looked for (:meth:`BundleIndex.folders_for`) in

1. its own bundle, when it is one;
2. its original's bundle, when it is a translation: the post of its translation group
   (``translation_key``) in the locale its ``translated_from`` names, else the group's
   bundle in the default locale, else in the first locale of ``site.yaml`` that has one
   (so a translation may show its original's pictures without a copy, as Hugo falls back);
3. ``static/``.

The groups are known before any post is parsed: the ``translation_key`` line of each
bundle's front matter is read here (:func:`translation_key_of`), a quick look at a few
bytes, and the parse of every post depends on the result (:meth:`BundleIndex.key`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import MappingProxyType

from mot_blog.errors import Problem
from mot_blog.load.assets import HASH_LENGTH, AssetManifest, StaticFile
from mot_blog.load.flatyaml import parse_flat
from mot_blog.load.frontmatter import read_front_matter
from mot_blog.load.sitefiles import read
from mot_blog.load.sources import BUNDLE_POST, CONTENT_DIR, Bundle, ContentTree, is_bundle_post

PREFIX = "./"
"""What starts the asset-table name of a bundle's file (see the module docstring)."""


def bundle_name(folder: str, file: str = "") -> str:
    """The asset-table name of ``file`` in the bundle ``folder`` (the folder's own prefix,
    ending in ``/``, when ``file`` is empty)."""
    return f"{PREFIX}{folder}/{file}"


def published_path(bundle: Bundle, file: str, digest: str, prefix: str) -> str:
    """Where a bundle's file is published in the output folder: the locale's ``prefix``,
    the folder's path below the locale's, the file's with its content hash."""
    below = bundle.folder.split("/", 2)[2]
    path = PurePosixPath(f"{prefix}/{below}/{file}")
    return str(path.with_name(f"{path.stem}.{digest[:HASH_LENGTH]}{path.suffix}"))


def bundle_files(
    root: Path,
    bundles: Sequence[Bundle],
    prefixes: Mapping[str, str],
    base_path: str,
    problems: list[Problem],
) -> AssetManifest:
    """Every file of every bundle, read and hashed (through :mod:`~mot_blog.load.sitefiles`,
    whose walk of ``content/`` listed them), as an asset table of their own.
    ``prefixes``: the URL prefix of each locale."""
    files = []
    for bundle in bundles:
        for name in bundle.files:
            display = f"{bundle.folder}/{name}"
            raw = read(root / display, display, problems)
            if raw is None:
                continue
            digest = hashlib.sha256(raw).hexdigest()
            published = published_path(bundle, name, digest, prefixes[bundle.locale])
            files.append(
                StaticFile(root / display, bundle_name(bundle.folder, name), published, digest)
            )
    urls = {file.name: base_path + file.published for file in files}
    return AssetManifest(tuple(files), MappingProxyType(urls))


def with_bundle_files(assets: AssetManifest, bundles: AssetManifest) -> AssetManifest:
    """The static files' asset table with the bundles' files added."""
    if not bundles.files:
        return assets
    urls = {**assets.urls, **bundles.urls}
    return AssetManifest(assets.files + bundles.files, MappingProxyType(urls))


@dataclass(frozen=True, slots=True)
class BundleIndex:
    """The bundles as the parse stage sees them: each bundle post's folder, and the
    bundles of each translation group."""

    own: Mapping[str, str] = field(default_factory=dict)
    """Post path -> the asset-table prefix of its bundle (``./content/fr-FR/x/``)."""
    groups: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    """``translation_key`` -> (locale, bundle prefix) of the group's bundles: the default
    locale's first, then in the order of ``site.yaml``."""
    keys: Mapping[str, str | None] = field(default_factory=dict)
    """Post path -> the ``translation_key`` its front matter gave when indexed."""
    default: str = ""
    """The default locale: its posts are originals (unless ``translated_from`` says otherwise)."""

    def key(self) -> str:
        """Digest of the index: part of the parse cache's key (a bundle that moves, or
        joins another group, re-parses every post)."""
        text = repr((sorted(self.own.items()), sorted(self.groups.items()), self.default))
        return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()

    def folders_for(
        self,
        path: str,
        locale: str,
        translation_key: str | None,
        translated_from: str | None,
    ) -> tuple[str, ...]:
        """The bundle prefixes where the post at ``path`` looks for the files it names,
        in order: its own bundle, then its original's (see the module docstring)."""
        found = []
        own = self.own.get(path)
        if own is not None:
            found.append(own)
        group = self.groups.get(translation_key, ()) if translation_key else ()
        source = (translated_from or "").partition(":")[0]
        original = None
        if source:
            original = next((at for code, at in group if code == source), None)
        elif group and locale != self.default:
            original = group[0][1]
        if original is not None and original != own:
            found.append(original)
        return tuple(found)


_KEY_LINE = re.compile(rb"^translation_key:[^\n]*", re.MULTILINE)
_memo: dict[str, str | None] = {}
"""Translation keys by post digest (the dev server indexes the same posts after every edit)."""


def translation_key_of(raw: bytes, path: str) -> str | None:
    """The ``translation_key`` of a post's front matter, as the parse stage will read it
    (None: none, or a front matter the parse stage will report)."""
    end = raw.find(b"\n---", 3)
    head = raw[: end if end >= 0 else len(raw)]
    match = _KEY_LINE.search(head)
    if match is None:
        return None
    try:
        line = match.group().decode("utf-8").rstrip("\r")  # (a CRLF file)
    except UnicodeDecodeError:
        return None
    doc = parse_flat(line, 1)
    value = doc.data.get("translation_key") if doc is not None else None
    if doc is None:  # not a plain one-line value: what the whole front matter says
        meta = read_front_matter(raw, path)[0]
        return meta.translation_key if meta is not None else None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return str(value).strip() or None


def index_bundles(tree: ContentTree, locale_order: Sequence[str]) -> BundleIndex:
    """The :class:`BundleIndex` of the bundles of ``tree``; ``locale_order``: the default
    locale, then the others as ``site.yaml`` lists them."""
    if not tree.bundles:
        return BundleIndex()
    by_path = {source.path: source for source in tree.posts}
    rank = {code: n for n, code in enumerate(locale_order)}
    own: dict[str, str] = {}
    keys: dict[str, str | None] = {}
    members: dict[str, list[tuple[str, str]]] = {}
    for bundle in tree.bundles:
        source = by_path.get(bundle.post)
        if source is None:  # unreadable: the sources stage reported it
            continue
        prefix = bundle_name(bundle.folder)
        own[bundle.post] = prefix
        if source.digest not in _memo:
            _memo[source.digest] = translation_key_of(source.content(), source.path)
        key = keys[bundle.post] = _memo[source.digest]
        if key is not None:
            members.setdefault(key, []).append((bundle.locale, prefix))
    groups = {
        key: tuple(sorted(found, key=lambda item: rank.get(item[0], len(rank))))
        for key, found in members.items()
    }
    return BundleIndex(
        MappingProxyType(own), MappingProxyType(groups), MappingProxyType(keys), locale_order[0]
    )


def is_content_path(name: str) -> bool:
    """Whether an asset-table name is a bundle's file (``./content/...``)."""
    return name.startswith(PREFIX + CONTENT_DIR + "/")


def keeps_bundles(root: Path, rel: str, known: bool, index: BundleIndex) -> bool:
    """Whether a change of the post file ``rel`` (site-relative; ``known``: a post of the
    last read) leaves the bundles as they were: a bundle's post edited in its translation
    group, or a post outside any bundle. A bundle made or removed, a Markdown file inside
    one, or a bundle's post moved to another group changes which files are whose."""
    parts = rel.split("/")
    holders = [root.joinpath(*parts[:n]) for n in range(3, len(parts))]
    bundled = [folder for folder in holders if (folder / BUNDLE_POST).is_file()]
    if not is_bundle_post(rel):
        return not bundled
    path = root / rel
    if not known or not path.is_file() or len(bundled) != 1:
        return False
    return index.keys.get(rel) == translation_key_of(path.read_bytes(), rel)
