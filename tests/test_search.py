"""Search per language: the build runs Pagefind into the output, or says how to install it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import MINIMAL_CONFIG, REPO, post, run_cli, write_site

from mot_blog.build import build
from mot_blog.model.assemble import BuildOptions
from mot_blog.publish import search
from mot_blog.serve.incremental import IncrementalBuilder

SEARCH_CONFIG = MINIMAL_CONFIG + "search: true\n"
FILES = {
    "site.yaml": SEARCH_CONFIG,
    "content/it-IT/ciao.md": post("Ciao", body="Il cavallo mangia la biada."),
    "content/nl-NL/hallo.md": post("Hallo", body="Het paard eet haver."),
}

# Runs the CLI with the ``pagefind`` package made unimportable and no binary on PATH:
# the situation of a reader who never installed it.
WITHOUT_PAGEFIND = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("pagefind", "pagefind_bin", "pagefind_bin_extended"):
            raise ImportError(name)
sys.meta_path.insert(0, Block())
from mot_blog.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_build_writes_a_search_index_per_language(site, tmp_path: Path) -> None:
    root = site(FILES)
    out = tmp_path / "out"
    result = run_cli("build", "--site", str(root), "--out", str(out))
    assert result.returncode == 0, result.stderr
    bundle = out / "pagefind"
    assert (bundle / "pagefind-ui.js").is_file()
    assert sorted(p.name.split("_")[0] for p in bundle.glob("pagefind.*.pf_meta")) == [
        "pagefind.it-it",
        "pagefind.nl-nl",
    ]
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["it-it", "nl-nl"]  # stable order: repeatable builds
    index = (out / "it/index.html").read_text()
    assert 'data-bundle="/pagefind/"' in index
    assert "Cerca negli articoli" in index
    assert "Zoek in de artikelen" in (out / "nl/index.html").read_text()
    assert "data-pagefind-body" in (out / "it/ciao/index.html").read_text()
    assert "pagefind-ui.js" not in (out / "it/ciao/index.html").read_text()
    assert not list(tmp_path.glob(".out.staging-*"))


def test_build_without_search_has_no_index_and_no_box(site, tmp_path: Path) -> None:
    root = site({**FILES, "site.yaml": MINIMAL_CONFIG})
    out = tmp_path / "out"
    assert run_cli("build", "--site", str(root), "--out", str(out)).returncode == 0
    assert not (out / "pagefind").exists()
    assert "data-search-ui" not in (out / "it/index.html").read_text()


def test_failed_indexing_leaves_the_previous_output_alone(site, tmp_path: Path) -> None:
    root = site({**FILES, "site.yaml": MINIMAL_CONFIG})
    out = tmp_path / "out"
    assert run_cli("build", "--site", str(root), "--out", str(out)).returncode == 0
    before = sorted(str(p.relative_to(out)) for p in out.rglob("*"))
    (root / "site.yaml").write_text(SEARCH_CONFIG, encoding="utf-8")
    # A Pagefind that fails: the index is made in the staging folder, so nothing is swapped in.
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "PAGEFIND_BINARY_PATH": "/bin/false"}
    result = subprocess.run(
        [sys.executable, "-m", "mot_blog", "build", "--site", str(root), "--out", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "site.yaml: Pagefind failed" in result.stderr
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*")) == before
    assert not list(tmp_path.glob(".out.*"))


def test_missing_pagefind_is_one_problem_saying_how_to_install(site, tmp_path: Path) -> None:
    root = site(FILES)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin"}
    env.pop("PAGEFIND_BINARY_PATH", None)
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_PAGEFIND, "build", "--site", str(root), "--out", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    problems = [line for line in result.stderr.splitlines() if "pagefind" in line.lower()]
    assert problems == [
        "site.yaml:9: search: true needs Pagefind, which is not installed: "
        "pip install 'pagefind[extended]'"
    ]
    assert not out.exists()


def _search_site(n: int = 3) -> dict[str, str]:
    files = {"site.yaml": SEARCH_CONFIG}
    for k in range(n):
        files[f"content/it-IT/a{k}.md"] = post(f"Ciao {k}", body=f"Il cavallo {k} mangia la biada.")
        files[f"content/nl-NL/b{k}.md"] = post(f"Hallo {k}", body=f"Het paard {k} eet haver.")
    return files


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _clean(root: Path, out: Path) -> dict[str, bytes]:
    build(root, out, BuildOptions(), cache=False, workers=1)
    return _files(out)


def test_a_warm_build_indexes_again_only_the_language_that_changed(tmp_path: Path) -> None:
    """The index of a warm build after an edit is the same bytes as a clean build's; the
    other language's index files are the last build's, linked, not made again."""
    root = write_site(tmp_path / "site", _search_site())
    out = tmp_path / "out"
    build(root, out, BuildOptions())
    assert _files(out) == _clean(root, tmp_path / "clean-0")  # and clean builds repeat
    dutch = {p.name: p.stat().st_ino for p in (out / "pagefind/fragment").glob("nl-nl_*")}
    italian = {p.name for p in (out / "pagefind/fragment").glob("it-it_*")}
    (root / "content/it-IT/a1.md").write_text(post("Ciao 1", body="Il gatto dorme al sole."))
    build(root, out, BuildOptions())
    assert _files(out) == _clean(root, tmp_path / "clean-1")
    assert {p.name: p.stat().st_ino for p in (out / "pagefind/fragment").glob("nl-nl_*")} == dutch
    assert {p.name for p in (out / "pagefind/fragment").glob("it-it_*")} != italian
    (root / "content/nl-NL/b3.md").write_text(post("Nieuw", body="Een nieuwe kat."))
    (root / "content/it-IT/a0.md").unlink()
    build(root, out, BuildOptions())
    assert _files(out) == _clean(root, tmp_path / "clean-2")
    entry = json.loads((out / "pagefind/pagefind-entry.json").read_text())
    assert {k: v["page_count"] for k, v in entry["languages"].items()} == {"it-it": 2, "nl-nl": 4}


def test_serve_edits_update_the_search_index_in_the_background(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", _search_site())
    out = tmp_path / "out"
    builder = IncrementalBuilder(root, out, BuildOptions(), workers=1)
    edited = root / "content/nl-NL/b2.md"
    edited.write_text(post("Hallo 2", body="De hond blaft naar de maan."))
    result = builder.rebuild([edited])
    assert "nl/b2/index.html" in result.changed_outputs
    builder.wait_for_search()
    assert builder.search is not None and builder.search.failure is None
    assert builder.search.indexer.redone == (("nl-NL", 0),)
    assert _files(out) == _clean(root, tmp_path / "clean")
    assert not list(out.glob(".pagefind-*")) and not (out / ".mot-blog-search").exists()
    builder.close()


def test_a_large_language_is_indexed_in_shards_and_an_edit_redoes_one(
    tmp_path: Path, monkeypatch
) -> None:
    """Past ``SHARD_PAGES`` articles a language is indexed in shards (a hash of the page's
    path picks its shard); an edit indexes its article's shard again and nothing else, and
    the bundle is still the same bytes as a clean build's. Listing pages (no
    ``data-pagefind-body``) are in no shard: Pagefind would not index them anyway."""
    monkeypatch.setattr(search, "SHARD_PAGES", 3)
    root = write_site(tmp_path / "site", _search_site(7))
    out = tmp_path / "out"
    builder = IncrementalBuilder(root, out, BuildOptions(), workers=1)  # a first, whole build
    assert _files(out) == _clean(root, tmp_path / "clean-0")
    bundle = out / "pagefind"
    listed = json.loads((bundle / "mot-blog-shards.json").read_text())
    assert listed == {"it-IT": ["shard-1/", "shard-2/"], "nl-NL": ["shard-1/", "shard-2/"]}
    counts = [
        json.loads((bundle / folder / "pagefind-entry.json").read_text())["languages"]
        for folder in ("", "shard-1", "shard-2")
    ]
    assert [sum(c["it-it"]["page_count"] for c in counts)] == [7]
    assert not list((bundle / "shard-1").glob("*.js")) and not list(bundle.glob("shard-*/wasm*"))
    edited = root / "content/it-IT/a4.md"
    edited.write_text(post("Ciao 4", body="Il gatto dorme al sole."))
    result = builder.rebuild([edited])
    assert "it/a4/index.html" in result.changed_outputs
    builder.wait_for_search()
    assert builder.search is not None and builder.search.failure is None
    assert builder.search.indexer.redone == (("it-IT", search.shard_of("it/a4/index.html", 3)),)
    builder.close()
    assert _files(out) == _clean(root, tmp_path / "clean-1")
    (root / "content/nl-NL/b5.md").unlink()  # a warm build: 6 pages in 2 shards, not 3
    build(root, out, BuildOptions())
    assert _files(out) == _clean(root, tmp_path / "clean-2")
    listed = json.loads((bundle / "mot-blog-shards.json").read_text())
    assert listed == {"it-IT": ["shard-1/", "shard-2/"], "nl-NL": ["shard-1/"]}
    assert not (bundle / "shard-2/pagefind-entry.json").read_text().count("nl-nl")


def test_the_pages_a_build_lists_are_the_pages_the_walk_finds(tmp_path: Path) -> None:
    """A build hands the indexer its outputs' paths instead of walking the staging folder:
    the same HTML files, hidden folders and the search bundle left out alike."""
    from mot_blog.runner.searching import html_files  # noqa: PLC0415

    files = [
        "index.html",
        "it/a/index.html",
        "it/a/card.png",
        "ja/記事/index.html",
        ".well-known/x.html",
        "it/.draft/index.html",
        "pagefind/ui.html",
        "it/pagefind/index.html",
    ]
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("<html></html>", encoding="utf-8")
    walked = html_files(tmp_path)
    assert sorted(walked) == [
        "index.html",
        "it/a/index.html",
        "it/pagefind/index.html",
        "ja/記事/index.html",
    ]
    assert html_files(tmp_path, [*files, "it/gone/index.html"]) == walked
