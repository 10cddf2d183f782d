"""Images: sizes on every <img>, resized WebP/PNG variants with srcset, lazy loading, a cache."""

from __future__ import annotations

import io
import random
import re
from pathlib import Path

from conftest import post, run_cli, write_site
from PIL import Image

from mot_blog.build import build
from mot_blog.model.assemble import BuildOptions


def png(width: int, height: int, color: str = "#0b5cad") -> bytes:
    """A PNG of the given size, made here so the test needs no binary fixture."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format="PNG")
    return buffer.getvalue()


BODY = "Testo.\n\n![Un grafico](images/chart.png)\n\nAltro.\n\n![Un logo](images/logo.svg)\n"
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 150">'
    '<rect width="300" height="150"/></svg>'
)


def _build(site, tmp_path: Path, files: dict) -> Path:
    root = site(files)
    out = tmp_path / "out"
    result = run_cli("build", "--site", str(root), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def _tags(html: str, name: str) -> list[str]:
    return re.findall(rf"<{name}\b[^>]*>", html)


def test_raster_images_get_variants_srcset_and_sizes(site, tmp_path: Path) -> None:
    out = _build(
        site,
        tmp_path,
        {
            "content/it-IT/grafico.md": post("Grafico", body=BODY),
            "static/images/chart.png": png(1200, 600),
            "static/images/logo.svg": SVG,
        },
    )
    published = sorted(p.name for p in (out / "images").iterdir())
    for width in (480, 960, 1200):
        assert any(re.fullmatch(rf"chart-{width}w\.[0-9a-f]{{10}}\.webp", n) for n in published)
        assert any(re.fullmatch(rf"chart-{width}w\.[0-9a-f]{{10}}\.png", n) for n in published)
    assert not any("1600w" in name for name in published)  # never wider than the original
    webp = next((out / "images").glob("chart-480w.*.webp"))
    with Image.open(webp) as variant:
        assert (variant.format, variant.size) == ("WEBP", (480, 240))

    html = (out / "it/grafico/index.html").read_text()
    chart, logo = _tags(html, "img")[:2]
    assert 'width="1200"' in chart and 'height="600"' in chart
    assert re.search(
        r'srcset="/images/chart-480w\.\w+\.png 480w, /images/chart-960w\.\w+\.png 960w, '
        r'/images/chart-1200w\.\w+\.png 1200w"',
        chart,
    )
    assert 'sizes="(min-width: 44rem) 42rem, 100vw"' in chart
    source = _tags(html, "source")
    assert len(source) == 1 and 'type="image/webp"' in source[0] and "chart-480w." in source[0]
    assert "<picture><source" in html
    # the first image of the page loads at once, the rest lazily
    assert 'loading="eager"' in chart and 'fetchpriority="high"' in chart
    assert 'loading="lazy"' in logo
    # SVG: size from the viewBox, no variants
    assert 'width="300"' in logo and 'height="150"' in logo and "srcset" not in logo


def test_hero_is_eager_and_body_images_lazy_below_it(site, tmp_path: Path) -> None:
    out = _build(
        site,
        tmp_path,
        {
            "content/it-IT/foto.md": post(
                "Foto", image="images/hero.png", image_alt="Una foto", body=BODY
            ),
            "static/images/hero.png": png(2000, 1000),
            "static/images/chart.png": png(300, 200),
            "static/images/logo.svg": SVG,
        },
    )
    html = (out / "it/foto/index.html").read_text()
    hero, chart, logo = _tags(html, "img")[:3]
    assert "/images/hero." in hero and 'fetchpriority="high"' in hero and "loading" not in hero
    assert 'width="2000"' in hero and "hero-1600w." in hero and "hero-2000w" not in html
    assert 'loading="lazy"' in chart and 'loading="lazy"' in logo
    assert 'width="300"' in chart and "chart-300w." in chart and "chart-480w" not in html


def test_variants_are_cached_between_builds(site, tmp_path: Path) -> None:
    files = {
        "content/it-IT/grafico.md": post("Grafico", body=BODY),
        "static/images/chart.png": png(1000, 500),
        "static/images/logo.svg": SVG,
    }
    out = _build(site, tmp_path, files)
    cache = tmp_path / "site/.mot-cache/images"
    first = {p.name: p.stat().st_mtime_ns for p in cache.iterdir() if p.is_file()}
    assert len(first) == 6  # 480, 960, 1000 x PNG, WebP (cards/ holds the social cards)
    _build(site, tmp_path, files)
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir() if p.is_file()} == first
    (tmp_path / "site/static/images/chart.png").write_bytes(png(1000, 500, "#c2410c"))
    out = _build(site, tmp_path, files | {"static/images/chart.png": png(1000, 500, "#c2410c")})
    assert len([p for p in cache.iterdir() if p.is_file()]) == 12
    assert len([p for p in (out / "images").iterdir() if p.name.startswith("chart-")]) == 6


def test_unreadable_image_is_published_as_it_is(site, tmp_path: Path) -> None:
    out = _build(
        site,
        tmp_path,
        {
            "content/it-IT/grafico.md": post("Grafico", body="![Rotto](images/broken.png)"),
            "static/images/broken.png": b"not a png at all",
        },
    )
    assert [p.name for p in (out / "images").glob("broken*")] == [
        next((out / "images").glob("broken.*.png")).name
    ]
    img = _tags((out / "it/grafico/index.html").read_text(), "img")[0]
    assert "/images/broken." in img and "width" not in img and "srcset" not in img


def noisy(width: int, height: int, fmt: str, seed: int, orientation: int = 1) -> bytes:
    """A picture that compresses like a photograph (noise), with an EXIF orientation."""
    rng = random.Random(seed)
    small = Image.frombytes(
        "RGB", (width // 8, height // 8), rng.randbytes(width * height * 3 // 64)
    )
    image = small.resize((width, height), Image.Resampling.BICUBIC)
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = orientation
    image.save(buffer, format=fmt, exif=exif.tobytes())
    return buffer.getvalue()


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


PICTURES = {
    "static/photos/a.jpg": noisy(2400, 1600, "JPEG", 1),
    "static/photos/b.jpg": noisy(1800, 1200, "JPEG", 2, orientation=6),  # shown 1200 x 1800
    "static/photos/c.png": noisy(1000, 700, "PNG", 3),
    "static/photos/d.webp": noisy(700, 500, "WEBP", 4),
    "content/it-IT/foto.md": post(
        "Foto", body="\n\n".join(f"![Foto {n}](photos/{n})" for n in ("a.jpg", "b.jpg", "c.png"))
    ),
}


def test_variants_encoded_over_every_core_equal_a_one_process_build(tmp_path: Path) -> None:
    """The cached runner encodes in threads; a build with no cache in one process encodes
    one image after the other, each into its own site's cache: the same files come out."""
    parallel, serial = (write_site(tmp_path / name, PICTURES) for name in ("parallel", "serial"))
    build(parallel, tmp_path / "out-parallel", BuildOptions(), workers=2)
    build(serial, tmp_path / "out-serial", BuildOptions(), cache=False, workers=1)
    assert _tree(tmp_path / "out-parallel") == _tree(tmp_path / "out-serial")
    # three widths in two formats of a, b and c; d is a WebP: two widths in one format
    # (the social cards have a folder of their own there)
    assert len(list((parallel / ".mot-cache/images").glob("*-v*.*"))) == 3 * 2 * 3 + 2
    html = (tmp_path / "out-parallel/it/foto/index.html").read_text()
    turned = next(tag for tag in _tags(html, "img") if "/photos/b." in tag)
    assert 'width="1200"' in turned and 'height="1800"' in turned
    with Image.open(next((tmp_path / "out-parallel/photos").glob("b-960w.*.webp"))) as variant:
        assert variant.size == (960, 1440)  # turned as the EXIF orientation says


def test_a_failing_build_encodes_no_image(site, tmp_path: Path) -> None:
    root = site({**PICTURES, "content/it-IT/rotto.md": "---\ntitle: [\n---\n"})
    result = run_cli("build", "--site", str(root), "--out", str(tmp_path / "out"))
    assert result.returncode == 1 and "content/it-IT/rotto.md" in result.stderr
    assert not list((root / ".mot-cache/images").glob("*"))
    (root / "content/it-IT/rotto.md").unlink()
    assert run_cli("build", "--site", str(root), "--out", str(tmp_path / "out")).returncode == 0
    assert len(list((root / ".mot-cache/images").glob("*-v*.*"))) == 20


def test_an_image_whose_data_is_damaged_is_one_problem_naming_it(site, tmp_path: Path) -> None:
    whole = noisy(1200, 800, "JPEG", 5)
    root = site({"static/photos/cut.jpg": whole[: len(whole) // 3], "content/it-IT/a.md": post()})
    result = run_cli("build", "--site", str(root), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "static/photos/cut.jpg: cannot be decoded" in result.stderr
    assert "replace the file or remove it" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_variant_missing_from_the_cache_is_made_again_with_the_same_bytes(
    tmp_path: Path,
) -> None:
    root = write_site(tmp_path / "site", PICTURES)
    build(root, tmp_path / "out", BuildOptions())
    cache = root / ".mot-cache/images"
    before = _tree(cache)
    lost = sorted(name for name in before if "-960w-" in name)
    for name in lost:
        (cache / name).unlink()
    build(root, tmp_path / "elsewhere", BuildOptions())  # not "nothing changed": another output
    assert _tree(cache) == before
