"""The README and docs/ link to files and headings that exist: the README is a short guide
that sends readers into docs/, so a moved section must not leave a dead link behind."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO

DOCUMENTS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
_FENCED = re.compile(r"^```.*?^```", flags=re.M | re.S)


def _anchor(heading: str) -> str:
    """GitHub's anchor of a heading: lowercase, punctuation dropped, spaces as dashes."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(document: Path) -> set[str]:
    text = _FENCED.sub("", document.read_text(encoding="utf-8"))
    return {_anchor(heading) for heading in re.findall(r"^#+ (.*)$", text, flags=re.M)}


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_relative_link_leads_to_a_file_and_heading_that_exist(document: Path) -> None:
    text = _FENCED.sub("", document.read_text(encoding="utf-8"))
    dead = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        path, _, fragment = target.partition("#")
        destination = document.parent / path if path else document
        if not destination.exists():
            dead.append(f"{target}: no such file")
        elif fragment and destination.suffix == ".md" and fragment not in _anchors(destination):
            dead.append(f"{target}: no such heading")
    assert not dead, dead


def test_the_readme_is_a_short_guide() -> None:
    assert len((REPO / "README.md").read_text(encoding="utf-8").splitlines()) <= 350
