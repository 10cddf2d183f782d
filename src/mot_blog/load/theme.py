"""Where a site's templates, catalogs and static files are looked for: the site, then the theme.

The engine's theme (``src/mot_blog/theme/``) is the last folder of every search path; a
site overrides it file by file. Diagnostics name a theme file ``(theme)/templates/x.html``.
"""

from __future__ import annotations

from pathlib import Path

THEME_DIR = Path(__file__).parent.parent / "theme"
THEME_LABEL = "(theme)/"
"""How diagnostics name a file of the engine's theme: ``(theme)/templates/base.html``
(no colon, so ``path:line: message`` stays parseable)."""
TEMPLATES_DIR = "templates"
STATIC_DIR = "static"
LOCALES_DIR = "locales"
"""The catalogs' folder, in a site and in the theme."""


def search_path(root: Path) -> list[tuple[Path, str]]:
    """Where templates, catalogs and static files are looked for, with the label
    diagnostics give each folder's files: the site, then the theme."""
    return [(root, ""), (THEME_DIR, THEME_LABEL)]


def template_folders(root: Path) -> list[Path]:
    """The template folders of :func:`search_path`, in its order."""
    return [base / TEMPLATES_DIR for base, _ in search_path(root)]


def catalog_folders(root: Path) -> list[Path]:
    """The catalog folders of :func:`search_path`, in its order."""
    return [base / LOCALES_DIR for base, _ in search_path(root)]


def static_folders(root: Path) -> list[Path]:
    """The static folders, theme first: a later folder's file wins (the site's)."""
    return [base / STATIC_DIR for base, _ in reversed(search_path(root))]
