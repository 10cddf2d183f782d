"""Images: sizes on every <img>, resized WebP/PNG variants with srcset, lazy loading, a cache."""

from __future__ import annotations

import io
import re
from pathlib import Path

from conftest import post, run_cli
from PIL import Image


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
