"""Full-text search per language with Pagefind.

When ``search: true`` is set in ``site.yaml`` the build runs Pagefind over the
staging folder after every page is written and before the folder is swapped in,
so the search index is part of the same atomic output as the pages it indexes.
Pagefind reads each page's language from ``<html lang>`` and writes one index per
language, so the Italian blog finds Italian articles and the Dutch blog Dutch
ones; only the element marked ``data-pagefind-body`` (the article body) is
indexed. Pagefind's files (the index, ``pagefind.js``, its UI files) are served
from the output folder, so search works offline and loads nothing from elsewhere.

The theme's search box (``partials/search.html`` + ``js/search.js``) is in the
page's HTML and uses Pagefind's own library, ``pagefind.js``, rather than its
ready-made UI: the ready-made UI is drawn by a 120 kB script after the page has
painted, which moved the cards below it (layout shift) and cost the index pages
their Lighthouse performance score; it also left some of its strings outside the
theme's catalogs.

Pagefind is an optional dependency (``pip install 'pagefind[extended]'``): a site
without ``search: true`` never needs it. Its extended build is the one that segments
Chinese and Japanese text into words; the ``pagefind`` package runs it when installed.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from mot_blog.errors import BuildFailed, Problem
from mot_blog.load.config import SiteConfig
from mot_blog.model.urls import SEARCH_DIR

INSTALL_HINT = "pip install 'pagefind[extended]'"


def pagefind_binary() -> Path | None:
    """The Pagefind executable the ``pagefind`` Python package finds, or ``None``."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    binary = get_executable()
    return binary if binary is not None and binary.is_file() else None


def _config_line(root: Path) -> int | None:
    """Line of ``search:`` in ``site.yaml``, so the problem points at the setting."""
    try:
        lines = (root / "site.yaml").read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for number, line in enumerate(lines, start=1):
        if line.startswith("search:"):
            return number
    return None


def check_search(config: SiteConfig) -> list[Problem]:
    """One problem when search is on but Pagefind is not installed; checked before
    anything is written, so a failing build leaves the previous output alone."""
    if not config.search or pagefind_binary() is not None:
        return []
    return [
        Problem(
            "site.yaml",
            _config_line(config.root),
            f"search: true needs Pagefind, which is not installed: {INSTALL_HINT}",
        )
    ]


def index_site(folder: Path) -> None:
    """Run Pagefind over the built site in ``folder`` (writes ``folder/pagefind/``)."""
    binary = pagefind_binary()
    if binary is None:
        problem = Problem("site.yaml", None, f"Pagefind is not installed: {INSTALL_HINT}")
        raise BuildFailed([problem])
    result = subprocess.run(
        [str(binary), "--site", str(folder), "--output-subdir", SEARCH_DIR, "--quiet"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        last = detail[-1] if detail else "no output"
        raise BuildFailed([Problem("site.yaml", None, f"Pagefind failed: {last}")])
    _sort_entry(folder / SEARCH_DIR / "pagefind-entry.json")


def _sort_entry(entry: Path) -> None:
    """Write Pagefind's entry file with its languages in a stable order.

    Pagefind lists them in hash-map order, which changes from run to run; sorted,
    two builds of the same site are byte-identical (what a deploy diff relies on).
    """
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["languages"] = dict(sorted(data.get("languages", {}).items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
