"""Drafts and scheduled posts stay out of pages, listings, feeds and the sitemap,
unless the build asks for them (--drafts / --future)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli
from listing_site import build_site, front, listing_files, write

HIDDEN = {
    # A draft in the (otherwise empty) "Bozze" category and a post dated after NOW (2024-06-01).
    "content/it-IT/bozza.md": front("Bozza segreta", "2024-01-20", category="Bozze", draft="true"),
    "content/it-IT/domani.md": front("Post programmato", "2024-07-01", tags="[servizio clienti]"),
}


def everything(out: Path) -> str:
    """Every text file of the output, concatenated."""
    return "\n".join(
        p.read_text(encoding="utf-8")
        for p in sorted(out.rglob("*"))
        if p.suffix in (".html", ".xml", ".txt")
    )


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    return write(tmp_path_factory.mktemp("drafts") / "site", {**listing_files(), **HIDDEN})


def test_drafts_and_future_posts_leave_no_trace(root: Path, tmp_path: Path) -> None:
    out = build_site(root, tmp_path / "out")
    assert not (out / "it/bozza").exists() and not (out / "it/domani").exists()
    assert not (out / "it/categoria/bozze").exists()
    text = everything(out)
    for needle in ("Bozza segreta", "Post programmato", "/it/bozza/", "/it/domani/", "bozze"):
        assert needle not in text, needle


def test_drafts_flag_includes_drafts_everywhere(root: Path, tmp_path: Path) -> None:
    out = build_site(root, tmp_path / "out", drafts=True)
    assert (out / "it/bozza/index.html").is_file()
    assert "Bozza segreta" in (out / "it/index.html").read_text()
    assert "Bozza segreta" in (out / "it/categoria/bozze/index.html").read_text()
    assert "/it/bozza/" in (out / "it/feed.xml").read_text()
    assert "Bozza segreta" in (out / "it/categoria/bozze/feed.xml").read_text()
    assert "https://blog.example.test/it/bozza/" in (out / "sitemap.xml").read_text()
    assert not (out / "it/domani").exists()


def test_future_flag_includes_scheduled_posts_everywhere(root: Path, tmp_path: Path) -> None:
    out = build_site(root, tmp_path / "out", future=True)
    assert (out / "it/domani/index.html").is_file()
    assert "Post programmato" in (out / "it/index.html").read_text()
    assert "Post programmato" in (out / "it/tag/servizio-clienti/index.html").read_text()
    assert "/it/domani/" in (out / "it/feed.xml").read_text()
    assert "https://blog.example.test/it/domani/" in (out / "sitemap.xml").read_text()
    assert not (out / "it/bozza").exists()


def test_cli_flags_reach_the_build(root: Path, tmp_path: Path) -> None:
    plain = run_cli("build", "--site", str(root), "--out", str(tmp_path / "plain"))
    assert plain.returncode == 0, plain.stderr
    assert not (tmp_path / "plain/it/bozza").exists()
    both = run_cli(
        "build", "--site", str(root), "--out", str(tmp_path / "both"), "--drafts", "--future"
    )
    assert both.returncode == 0, both.stderr
    assert (tmp_path / "both/it/bozza/index.html").is_file()
    assert (tmp_path / "both/it/domani/index.html").is_file()
