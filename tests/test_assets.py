"""Static files: content-hashed names in sub-folders, one helper in templates."""

from __future__ import annotations

import re
from pathlib import Path

from listing_site import built, page

from mot_blog.build import THEME_DIR
from mot_blog.load.assets import HASH_LENGTH, published_name, scan_static
from mot_blog.load.sitefiles import Folder, inside


def manifest(static: Path, files: dict[str, bytes]):
    for rel, data in files.items():
        (static / rel).parent.mkdir(parents=True, exist_ok=True)
        (static / rel).write_bytes(data)
    return scan_static([Folder(static, "static", inside(static.parent))], "/", [])


def test_hashed_name_changes_when_the_content_changes(tmp_path: Path) -> None:
    before = manifest(tmp_path / "static", {"css/site.css": b"body { color: red }"}).url(
        "css/site.css"
    )
    after = manifest(tmp_path / "static", {"css/site.css": b"body { color: blue }"}).url(
        "css/site.css"
    )
    again = manifest(tmp_path / "static", {"css/site.css": b"body { color: blue }"}).url(
        "css/site.css"
    )
    assert re.fullmatch(rf"/css/site\.[0-9a-f]{{{HASH_LENGTH}}}\.css", before)
    assert before != after
    assert after == again


def test_top_level_static_files_keep_their_names(tmp_path: Path) -> None:
    assets = manifest(
        tmp_path / "static", {"favicon.ico": b"\x00\x01", "robots.txt": b"User-agent: *\n"}
    )
    assert assets.url("favicon.ico") == "/favicon.ico"
    assert assets.url("robots.txt") == "/robots.txt"
    assert published_name("images/a/b.svg", "0123456789abcdef") == "images/a/b.0123456789.svg"


def test_templates_reach_static_files_only_through_asset() -> None:
    # Any literal reference to a theme static file (css/, js/, images/...) outside asset('...').
    folders = sorted(p.name for p in (THEME_DIR / "static").iterdir() if p.is_dir())
    literal = re.compile(rf"""(?:src|href)=["']/?(?:{"|".join(folders)})/""")
    for template in sorted((THEME_DIR / "templates").rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        assert not literal.search(text), f"{template.name}: use asset('...') for static files"
    base = (THEME_DIR / "templates" / "base.html").read_text(encoding="utf-8")
    assert "asset('css/site.css')" in base and "asset('js/site.js')" in base


def test_built_pages_reference_hashed_files_that_exist(tmp_path: Path) -> None:
    out = built(tmp_path)
    p = page(out, "it/uno/")
    (stylesheet,) = p.find("link", rel="stylesheet")
    scripts = [a["src"] for a in p.find("script") if a.get("src")]
    for url in [stylesheet["href"], *scripts]:
        assert re.search(rf"\.[0-9a-f]{{{HASH_LENGTH}}}\.(css|js)$", str(url)), url
        assert (out / str(url).lstrip("/")).is_file(), url
    assert not (out / "css/site.css").exists()
