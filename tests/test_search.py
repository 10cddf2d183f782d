"""Search per language: the build runs Pagefind into the output, or says how to install it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import MINIMAL_CONFIG, REPO, post, run_cli

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
