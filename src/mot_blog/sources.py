"""Walk ``content/`` and classify its files; no parsing.

Layout: ``content/<locale-code>/**/*.md`` are posts of that locale;
``content/authors.yaml``, ``content/publisher.yaml`` and ``content/terms.yaml``
are site data. Anything else is reported, so that a post saved in the wrong
folder is not silently left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mot_blog.errors import Problem

CONTENT_DIR = "content"
DATA_FILES = ("authors.yaml", "publisher.yaml", "terms.yaml")
IGNORED_NAMES = {".DS_Store", "Thumbs.db"}


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One post file, read but not parsed."""

    path: str
    """Path relative to the site root, with forward slashes (used in diagnostics)."""
    locale: str
    """Locale code, from the folder the file is in."""
    stem: str
    """File name without ``.md``: the default slug."""
    raw: bytes


@dataclass(frozen=True, slots=True)
class ContentTree:
    """Everything under ``content/``."""

    posts: tuple[SourceFile, ...]
    data: dict[str, bytes]
    """Site data files by name (``authors.yaml`` ...), absent when the file is."""


def _is_hidden(path: Path) -> bool:
    return path.name.startswith(".") or path.name.endswith("~") or path.name in IGNORED_NAMES


def read_content(root: Path, locale_codes: tuple[str, ...]) -> tuple[ContentTree, list[Problem]]:
    """Read every post and data file under ``root/content`` (sorted, so builds are repeatable)."""
    content = root / CONTENT_DIR
    problems: list[Problem] = []
    posts: list[SourceFile] = []
    data: dict[str, bytes] = {}
    if not content.is_dir():
        return ContentTree((), {}), [Problem(CONTENT_DIR, None, "no content/ folder in the site")]
    for entry in sorted(content.iterdir()):
        rel = f"{CONTENT_DIR}/{entry.name}"
        if _is_hidden(entry):
            continue
        if entry.is_file() and entry.name in DATA_FILES:
            data[entry.name] = entry.read_bytes()
        elif entry.is_dir() and entry.name in locale_codes:
            for file in sorted(entry.rglob("*")):
                if (
                    not file.is_file()
                    or any(_is_hidden(p) for p in file.relative_to(entry).parents if p.name)
                    or _is_hidden(file)
                ):
                    continue
                file_rel = file.relative_to(root).as_posix()
                if file.suffix != ".md":
                    problems.append(
                        Problem(file_rel, None, "not a Markdown post (.md); move assets to static/")
                    )
                    continue
                posts.append(SourceFile(file_rel, entry.name, file.stem, file.read_bytes()))
        elif entry.is_dir():
            problems.append(
                Problem(
                    rel,
                    None,
                    f"folder '{entry.name}' is not a configured locale ("
                    + ", ".join(locale_codes)
                    + "); rename it or add the locale to site.yaml",
                )
            )
        else:
            problems.append(
                Problem(
                    rel,
                    None,
                    "unexpected file; posts go in content/<locale>/, data files are "
                    + ", ".join(DATA_FILES),
                )
            )
    return ContentTree(tuple(posts), data), problems
