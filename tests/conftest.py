"""Shared helpers: write small sites inline, build them, parse the output."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
MANY_LANGUAGES = REPO / "tests" / "data" / "many-languages"
"""The fixture site of nine languages in five scripts (its site.yaml says what it holds)."""

MINIMAL_CONFIG = """\
title: Test Blog
base_url: https://blog.example.test/
default_locale: it-IT
locales:
  it-IT: {prefix: it, related_heading: Articoli correlati}
  nl-NL: {prefix: nl, related_heading: Gerelateerde artikelen}
posts_per_page: 2
related_count: 2
"""


def post(
    title: str = "Titolo",
    date: str = "2024-01-02",
    summary: str | None = "Un riassunto.",
    category: str | None = "Notizie",
    **fields: str,
) -> str:
    """A post file: front matter from keyword arguments (values written as given; a
    ``summary`` or ``category`` of ``None`` is left out), body from ``body``."""
    body = fields.pop("body", "Un paragrafo.")
    lines = [f"title: {title!r}", f"date: {date}"]
    lines += [f"{key}: {value}" for key, value in (("summary", summary), ("category", category))]
    lines = [line for line in lines if not line.endswith(": None")]
    lines += [f"{key}: {value}" for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n"


def write_site(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` (relative path -> text or bytes) under ``root``; a site.yaml by default."""
    files = {"site.yaml": MINIMAL_CONFIG, **files}
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(
                textwrap.dedent(content) if rel.endswith((".yaml", ".po")) else content,
                encoding="utf-8",
            )
    return root


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``mot-blog`` as a user would, in a subprocess."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    env.pop("PYTHONUNBUFFERED", None)  # buffered output, as usual: the program must flush it
    return subprocess.run(
        [sys.executable, "-m", "mot_blog", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def site(tmp_path: Path):
    """Factory: ``site({...files})`` writes a site and returns its folder."""

    def make(files: dict[str, str | bytes]) -> Path:
        return write_site(tmp_path / "site", files)

    return make
