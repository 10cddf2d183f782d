"""Running an import: the importer, the plan, the report, the new site on disk."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mot_blog import plugins
from mot_blog.commands.importing.model import ImportedSite, ImportRefused
from mot_blog.commands.importing.report import report, summary_lines
from mot_blog.commands.importing.writer import plan_site

GROUP = "mot_blog.importers"
BUILTIN = {
    "hugo": "mot_blog.commands.importing.hugo:read_site",
    "jekyll": "mot_blog.commands.importing.jekyll:read_site",
    "pelican": "mot_blog.commands.importing.pelican:read_site",
    "wordpress": "mot_blog.commands.importing.wordpress:read_site",
}
"""The engine's importers: ``read_site(source: Path, options: ImportOptions) -> ImportedSite``."""
REPORT = "import-report.md"


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """What an importer may be told besides the source folder."""

    uploads: Path | None = None
    """WordPress: a copy of ``wp-content/uploads`` (nothing is downloaded)."""


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import wrote."""

    dest: Path
    summary: tuple[str, ...]
    site: ImportedSite


def import_site(generator: str, source: Path, dest: Path, options: ImportOptions) -> Imported:
    """Read ``source`` with the importer ``generator`` and write the new site at ``dest``.
    Raises :class:`ImportRefused` (one line) when the source cannot be imported or
    ``dest`` is taken; nothing is written then."""
    _check_dest(dest)
    try:
        reader: Any = plugins.find(GROUP, generator, BUILTIN)
    except plugins.UnknownPart as exc:
        raise ImportRefused(generator, None, str(exc)) from None
    if not source.exists():
        raise ImportRefused(str(source), None, "no such file or folder")
    source = source.resolve()
    site: ImportedSite = reader(source, options)
    if not site.posts:
        raise ImportRefused(
            str(source), None, f"no posts found in this {generator} site; is it the site's folder?"
        )
    planned = plan_site(site)
    texts = dict(planned.texts)
    texts[REPORT] = report(site, planned, source.name)
    _write(dest, texts, planned.copies)
    return Imported(dest, tuple(summary_lines(site, planned)), site)


def _check_dest(dest: Path) -> None:
    if os.path.lexists(dest):
        if dest.is_symlink() or not dest.is_dir():
            raise ImportRefused(
                str(dest), None, "is not a folder; give --site a new or empty folder"
            )
        if any(dest.iterdir()):
            raise ImportRefused(
                str(dest),
                None,
                "is not empty; import into a new or empty folder (nothing was written)",
            )
    elif not dest.parent.is_dir():
        raise ImportRefused(str(dest), None, f"its parent folder {dest.parent} does not exist")


def _write(dest: Path, texts: dict[str, str], copies: Any) -> None:
    """Everything into a staging folder beside ``dest``, then moved to ``dest``."""
    dest = dest.absolute()
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.importing-", dir=dest.parent))
    try:
        for rel in [*texts, *copies]:  # the writer checked them; never write outside
            if not (staging / rel).resolve().is_relative_to(staging.resolve()):
                raise ImportRefused(rel, None, "a path outside the new site; nothing written")
        for rel, text in texts.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
        for rel, source in copies.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, path, follow_symlinks=True)
        os.chmod(staging, 0o777 & ~_umask())
        if dest.is_dir():
            dest.rmdir()  # empty (checked): replaced by the staged site
        os.replace(staging, dest)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
