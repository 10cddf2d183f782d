"""The image benchmark: a site of photographs (bench/make_images.py) built by mot-blog and by
Hugo, each making the same variants (widths 480, 960, 1600 and the original's below that,
in WebP and in the source's format), cold (every cache deleted) in rounds, then
mot-blog's warm build (every variant already in its cache)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import make_images
import peers
from timing import ColdBuild, Row, cold_builds, paired_ratio, timed

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def _variants(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.suffix in (".webp", ".jpg", ".png"))


def image_rows(work: Path, images: int, seed: int, repeat: int, hugo: bool) -> list[Row]:
    """Rows of the image benchmark (``images`` pictures), Hugo's when ``hugo``."""
    site = work / f"images-{images}"
    stamp = site / f".corpus-seed-{seed}"
    if not stamp.exists():
        make_images.write_site(site, images, seed)
        stamp.touch()
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    command = [sys.executable, "-m", "mot_blog", "build", "--site", str(site)]
    command += ["--out", str(site / "public"), "--quiet"]

    def clean() -> None:
        for name in (".mot-cache", "public", ".public.spare"):
            shutil.rmtree(site / name, ignore_errors=True)

    builds = {"mot-blog": ColdBuild(lambda: timed(command, env=env), clean)}
    target = work / f"hugo-images-{images}"
    if hugo:
        peers.prepare_hugo_images(site, target)
        builds["hugo"] = ColdBuild(
            lambda: timed(peers.hugo_command(target)), lambda: peers.hugo_clean(target)
        )
    cold_builds(builds, repeat)
    mine = builds["mot-blog"]
    made = _variants(site / "public") - images
    note = f"{made} variants of {images} pictures; {os.cpu_count()} cores"
    rows = [Row("mot-blog", images, "images, cold", made, mine.seconds, max(mine.peaks), note)]
    seconds, rss = timed(command, env=env)
    rows.append(Row("mot-blog", images, "images, warm (variants cached)", made, seconds, rss))
    if hugo:
        theirs = builds["hugo"]
        made = _variants(target / "public")  # Hugo publishes no original
        ratio = f"mot-blog / Hugo {mine.seconds / theirs.seconds:.2f}"
        ratio += paired_ratio(mine, theirs)
        rows.append(
            Row("hugo", images, "images, cold", made, theirs.seconds, max(theirs.peaks), ratio)
        )
        peers.hugo_clean(target)
    return rows
