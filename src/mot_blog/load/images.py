"""Images: intrinsic sizes, resized variants, and the ``srcset`` that offers them.

Every image under ``static/`` gets its intrinsic width and height, so pages can
write ``width``/``height`` on ``<img>`` and the browser reserves the space before
the file arrives (no layout shift). SVG sizes come from the root element's
``width``/``height`` attributes, else its ``viewBox``.

Raster images (PNG, JPEG, WebP) also get resized variants, made with Pillow:
widths 480, 960 and 1600 that do not exceed the original (and the original width
itself when it is below 1600), each in the source format and in WebP. Pages offer
them with ``srcset``/``sizes`` (WebP in a ``<source>`` of a ``<picture>``), so a
phone downloads a 480-pixel WebP rather than a 3000-pixel PNG.

Encoding is the slow part, so it is split from measuring. :func:`prepare_images`
(the images stage, before the posts are parsed: pages need the sizes) reads each
file's header only, names its variants and lists what is not encoded yet as
:class:`EncodeTask` values, one per source image; the build encodes them once its
content has no problems (a failing build encodes nothing), over every core
(:func:`mot_blog.runner.tasks.run_all`: Pillow decodes, resizes and encodes
without holding Python's lock, so threads keep every core busy). Each task
decodes its source once (a JPEG at the smallest scale its largest variant
allows) and writes every variant from it.

Variants are cached between builds in ``<site>/.mot-cache/images/``, named by
the source's hash, the width and the format: an unchanged image is never
encoded twice, a changed one gets new names (and new published URLs, so caches
on the web never serve the old one). Each file is written under a temporary
name and renamed, so builds running at once (a dev server and a build) at
worst both encode a variant, and never read half of one.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import threading
import xml.etree.ElementTree as ElementTree
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import MappingProxyType

from mot_blog.errors import BuildFailed, Problem
from mot_blog.load.assets import HASH_LENGTH, AssetManifest, StaticFile
from mot_blog.load.theme import THEME_LABEL

WIDTHS = (480, 960, 1600)
"""Variant widths in CSS pixels of a full-width column on phone, tablet and desktop."""
RASTER = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".webp": "webp"}
MIME = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}
QUALITY = {"jpeg": 82, "webp": 80}
ENCODER_VERSION = "2"
"""Part of every cache key: bump it when the encoding settings change."""
CACHE_DIR = Path(".mot-cache") / "images"
_LENGTH = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(px)?\s*$")


@dataclass(frozen=True, slots=True)
class Variant:
    """One resized copy of an image."""

    url: str
    width: int
    format: str
    """``png``, ``jpeg`` or ``webp``."""


@dataclass(frozen=True, slots=True)
class ImageInfo:
    """What a page needs to show one image well."""

    width: int
    height: int
    variants: tuple[Variant, ...] = ()
    """Smallest first; empty for SVG (it scales by itself)."""

    def srcset(self, fmt: str) -> str:
        """``url 480w, url 960w`` of the variants in format ``fmt`` ('' when none)."""
        return ", ".join(f"{v.url} {v.width}w" for v in self.variants if v.format == fmt)

    @property
    def formats(self) -> tuple[str, ...]:
        """Formats of the variants, WebP first (what a ``<picture>`` offers first)."""
        found = {v.format for v in self.variants}
        return tuple(sorted(found, key=lambda f: (f != "webp", f)))

    def mime(self, fmt: str) -> str:
        """MIME type of a variant format (for ``<source type>``)."""
        return MIME[fmt]


ARTICLE_SIZES = "(min-width: 44rem) 42rem, 100vw"
"""``sizes`` of an image in an article's column (the theme's ``--measure``, 42rem)."""


def img_attributes(info: ImageInfo | None, sizes: str) -> dict[str, str]:
    """``width``, ``height`` and (with variants) ``srcset``/``sizes`` for an ``<img>``.

    The ``<img>`` offers the source's own format; WebP goes in :func:`webp_source`.
    """
    if info is None:
        return {}
    attributes = {"width": str(info.width), "height": str(info.height)}
    fallback = info.formats[-1] if info.formats else None
    if fallback is not None:
        attributes.update(srcset=info.srcset(fallback), sizes=sizes)
    return attributes


def webp_source(info: ImageInfo | None, sizes: str) -> dict[str, str] | None:
    """Attributes of the ``<source type="image/webp">`` of a ``<picture>``, or ``None``
    when there is no WebP to offer besides what the ``<img>`` already offers."""
    if info is None or len(info.formats) < 2 or info.formats[0] != "webp":
        return None
    return {"type": MIME["webp"], "srcset": info.srcset("webp"), "sizes": sizes}


def svg_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of an SVG from its root's attributes, else its ``viewBox``."""
    try:
        root = next(ElementTree.iterparse(io.BytesIO(data), events=("start",)))[1]
    except (ElementTree.ParseError, StopIteration):
        return None
    width, height = _length(root.get("width")), _length(root.get("height"))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        try:
            box_width, box_height = float(box[2]), float(box[3])
        except ValueError:
            box_width = box_height = 0.0
        if box_width > 0 and box_height > 0:
            if width and not height:
                height = width * box_height / box_width
            elif height and not width:
                width = height * box_width / box_height
            elif not width and not height:
                width, height = box_width, box_height
    if not width or not height:
        return None
    return round(width), round(height)


def _length(value: str | None) -> float | None:
    """An SVG length in user units; percentages and em sizes say nothing about the size."""
    match = _LENGTH.match(value or "")
    return float(match.group(1)) if match else None


def variant_widths(width: int) -> tuple[int, ...]:
    """The standard widths below ``width``, plus ``width`` itself up to the largest."""
    widths = [w for w in WIDTHS if w < width]
    widths.append(min(width, WIDTHS[-1]))
    return tuple(dict.fromkeys(widths))


def _variant_name(name: str, key: str, width: int, fmt: str) -> str:
    """``images/photo.png`` -> ``images/photo-480w.<hash>.webp`` (hash of the cache key)."""
    path = PurePosixPath(name)
    suffix = "jpg" if fmt == "jpeg" else fmt
    return str(path.with_name(f"{path.stem}-{width}w.{key[:HASH_LENGTH]}.{suffix}"))


@dataclass(frozen=True, slots=True)
class EncodeTask:
    """The variants of one image that the cache does not hold yet, made from one decode;
    calling it writes them (or raises :class:`BuildFailed` naming the image)."""

    source: Path
    display: str
    """The image as problems name it (``static/photos/a.jpg``)."""
    targets: tuple[tuple[int, str, Path], ...]
    """(width, format, cache file) of every variant of the image, largest first: each
    width is resized from the one before, so a variant has the same bytes whichever of
    them the cache already holds (those are not written again)."""

    def __call__(self) -> None:
        try:
            _encode(self.source, self.targets)
        except (OSError, ValueError) as exc:  # a file whose header read well, its data not
            message = f"cannot be decoded ({exc}); replace the file or remove it"
            raise BuildFailed([Problem(self.display, None, message)]) from None


_ORIENTATION = 0x0112
_TURNED = frozenset({5, 6, 7, 8})
"""EXIF orientations that swap width and height."""


def _orientation(opened: object) -> int:
    """The EXIF orientation of an opened image, read from its header only (a PNG's EXIF
    chunk may follow its pixels: Pillow would decode them to reach it)."""
    info = getattr(opened, "info", {})
    if getattr(opened, "format", "") == "PNG" and "exif" not in info:
        return 1
    try:
        return int(opened.getexif().get(_ORIENTATION, 1))  # type: ignore[attr-defined]
    except (TypeError, ValueError, SyntaxError):
        return 1


def _encode(source: Path, targets: tuple[tuple[int, str, Path], ...]) -> None:
    """Decode ``source`` once, write each target's variant (atomically, for the cache)."""
    from PIL import Image, ImageOps  # noqa: PLC0415 (see _raster)

    with Image.open(source) as opened:
        largest = max(width for width, _, _ in targets)
        width, height = opened.size
        if _orientation(opened) in _TURNED:  # the stored image is turned: its height shows as width
            wanted = (round(width * largest / height), largest)
        else:
            wanted = (largest, round(height * largest / width))
        # A JPEG decoded at 1/2, 1/4 or 1/8 of its size (still at least the largest
        # variant's): four to sixty-four times fewer pixels to decode and resize.
        opened.draft(None, wanted)
        image = ImageOps.exif_transpose(opened)
        for size, fmt, target in targets:  # largest first: each resized from the one before
            if image.width != size:
                height = max(1, round(image.height * size / image.width))
                image = image.resize((size, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
            if target.is_file():
                continue
            variant = image
            if fmt == "jpeg" and variant.mode not in ("RGB", "L"):
                variant = variant.convert("RGB")
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{target.name}.{os.getpid()}-{threading.get_ident()}")
            options = {"quality": QUALITY[fmt]} if fmt in QUALITY else {"optimize": True}
            variant.save(partial, format=fmt.upper(), **options)
            partial.replace(target)


def _raster(
    file: StaticFile, cache: Path, base_path: str, display: str
) -> tuple[ImageInfo, list[StaticFile], EncodeTask | None]:
    """Size (from the header), variants and the encoding still to do of one raster image."""
    # Pillow is imported by the sites that have raster images only (15 ms of every start).
    from PIL import Image  # noqa: PLC0415

    with Image.open(file.source) as opened:
        width, height = opened.size
        if _orientation(opened) in _TURNED:
            width, height = height, width
    source_format = RASTER[PurePosixPath(file.name).suffix.lower()]
    formats = tuple(dict.fromkeys(("webp", source_format)))
    missing = False
    variants, files, targets = [], [], []
    for size in variant_widths(width):
        for fmt in formats:
            key = hashlib.sha256(
                f"{file.digest}-{size}-{fmt}-{ENCODER_VERSION}".encode()
            ).hexdigest()
            cached = cache / f"{file.digest[:32]}-{size}w-v{ENCODER_VERSION}.{fmt}"
            targets.append((size, fmt, cached))
            missing = missing or not cached.is_file()
            name = _variant_name(file.name, key, size, fmt)
            # Beside the published file (a page bundle's is not where its name says).
            published = str(PurePosixPath(file.published).parent / PurePosixPath(name).name)
            files.append(StaticFile(cached, name, published, key))
            variants.append(Variant(base_path + published, size, fmt))
    targets.sort(key=lambda target: -target[0])
    task = EncodeTask(file.source, display, tuple(targets)) if missing else None
    return ImageInfo(width, height, tuple(variants)), files, task


def prepare_images(
    assets: AssetManifest, site_root: Path, base_path: str
) -> tuple[AssetManifest, Mapping[str, ImageInfo], tuple[EncodeTask, ...]]:
    """Sizes of every image, the manifest with the raster variants added, and the
    encoding still to do (nothing is encoded here: see the module docstring).

    Returns the new manifest, ``published URL -> ImageInfo`` and the tasks, largest
    source first (the longest task handed out last would leave a core working alone).
    A PNG/JPEG/WebP file Pillow cannot open is published as it is, without sizes or
    variants, and is not a build problem: Pillow may lack a codec (a WebP feature, say)
    that browsers have, and the page still shows the file.
    """
    cache = site_root / CACHE_DIR
    infos: dict[str, ImageInfo] = {}
    extra: list[StaticFile] = []
    tasks: list[tuple[int, EncodeTask]] = []
    for file in assets.files:
        suffix = PurePosixPath(file.name).suffix.lower()
        url = assets.urls[file.name]
        if suffix == ".svg":
            size = svg_size(file.source.read_bytes())
            if size is not None:
                infos[url] = ImageInfo(*size)
        elif suffix in RASTER:
            try:
                infos[url], files, task = _raster(file, cache, base_path, _display(file, site_root))
            except (OSError, ValueError):  # PIL.UnidentifiedImageError is an OSError
                continue
            extra += files
            if task is not None:
                tasks.append((infos[url].width * infos[url].height, task))
    urls = dict(assets.urls)
    urls.update({f.name: base_path + f.published for f in extra})
    manifest = AssetManifest(assets.files + tuple(extra), MappingProxyType(urls))
    tasks.sort(key=lambda sized: -sized[0])
    return manifest, MappingProxyType(infos), tuple(task for _, task in tasks)


def _display(file: StaticFile, site_root: Path) -> str:
    """A static file as problems name it: site-relative, or in the engine's theme."""
    try:
        return file.source.relative_to(site_root).as_posix()
    except ValueError:
        return f"{THEME_LABEL}static/{file.name}"
