"""A deterministic image corpus: photograph-like JPEG and PNG files of 1-12 megapixels.

    python bench/make_images.py --images 300 --out /tmp/mot-bench-images [--seed 7]

writes a mot-blog site (``site.yaml``, one post per 20 images in ``content/it-IT/``,
``static/photos/photo-NNN.jpg|png``) whose build is dominated by image variants. The
pictures are not flat colours, which would compress to nothing: each is a smooth field
of colour (random values upscaled bicubically), a middle band of texture and a fine
grain, so that JPEG and WebP spend bytes on them as on photographs (a 12 MP JPEG at
quality 90 is several megabytes). One picture in five is a PNG (of at most 4 MP, as
screenshots and diagrams are), one in five is portrait.

The same arguments always give byte-identical files (each picture is drawn from its own
``random.Random((seed, number))``); Pillow only, which mot-blog depends on anyway.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from PIL import Image, ImageChops

SITE_YAML = """\
# Image benchmark site written by bench/make_images.py (images={images}, seed={seed}).
title:
  it-IT: Foto di prova
base_url: https://photos.example.test/
default_locale: it-IT
locales:
  it-IT:
    prefix: it
posts_per_page: 10
"""
PER_POST = 20


def picture(seed: int, number: int) -> tuple[str, bytes]:
    """(file name, bytes) of picture ``number``."""
    rng = random.Random(f"{seed}-{number}")
    png = rng.random() < 0.2
    megapixels = rng.uniform(1.0, 4.0 if png else 12.0)
    ratio = rng.choice((3 / 2, 4 / 3, 16 / 9))
    width = round((megapixels * 1e6 * ratio) ** 0.5)
    height = round(width / ratio)
    if rng.random() < 0.2:
        width, height = height, width

    def noise(mode: str, scale: int, resample: Image.Resampling) -> Image.Image:
        w, h = max(2, width // scale), max(2, height // scale)
        bands = len(mode)
        small = Image.frombytes(mode, (w, h), rng.randbytes(w * h * bands))
        return small.resize((width, height), resample)

    image = Image.blend(
        noise("RGB", 96, Image.Resampling.BICUBIC), noise("RGB", 12, Image.Resampling.BICUBIC), 0.3
    )
    grain = noise("L", 2, Image.Resampling.BILINEAR).convert("RGB")
    image = ImageChops.add(image, grain, scale=3.0, offset=-42)
    out = _Buffer()
    if png:
        image.save(out, format="PNG", compress_level=6)
    else:
        image.save(out, format="JPEG", quality=90)
    return f"photo-{number:03d}.{'png' if png else 'jpg'}", bytes(out.data)


class _Buffer:
    def __init__(self) -> None:
        self.data = bytearray()

    def write(self, chunk: bytes) -> int:
        self.data += chunk
        return len(chunk)


def _write_one(args: tuple[Path, int, int]) -> str:
    folder, seed, number = args
    name, data = picture(seed, number)
    (folder / name).write_bytes(data)
    return name


def write_site(out: Path, images: int, seed: int = 7) -> list[str]:
    """Write the image site into ``out`` (content/ and static/ replaced); the picture names."""
    for folder in ("content", "static"):
        shutil.rmtree(out / folder, ignore_errors=True)
    photos = out / "static" / "photos"
    photos.mkdir(parents=True)
    posts = out / "content" / "it-IT"
    posts.mkdir(parents=True)
    (out / "site.yaml").write_text(SITE_YAML.format(images=images, seed=seed), encoding="utf-8")
    jobs = [(photos, seed, n) for n in range(images)]
    with ProcessPoolExecutor(os.cpu_count()) as pool:
        names = list(pool.map(_write_one, jobs, chunksize=4))
    for start in range(0, images, PER_POST):
        number = start // PER_POST
        body = "\n\n".join(
            f"![Foto numero {n}](photos/{name})"
            for n, name in enumerate(names[start : start + PER_POST], start)
        )
        (posts / f"album-{number:03d}.md").write_text(
            f'---\ntitle: "Album {number}"\ndate: 2024-01-{1 + number % 28:02d}\n'
            f'summary: "Venti foto."\ncategory: Foto\n---\n\n{body}\n',
            encoding="utf-8",
        )
    return names


def main(argv: list[str] | None = None) -> None:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--images", type=int, default=300)
    parser.add_argument("--out", type=Path, required=True, help="site folder to write")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    names = write_site(args.out, args.images, args.seed)
    print(f"wrote {len(names)} pictures to {args.out}")


if __name__ == "__main__":
    main()
