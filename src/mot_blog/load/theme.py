"""Where a site's templates, catalogs and static files are looked for: the site, then its
theme, then the engine's default theme.

``theme:`` in ``site.yaml`` names the theme: a folder of the site (``theme: themes/paper``)
or an installed package's theme (``theme: paper``, an entry point of the group
:data:`GROUP` whose object is the theme's folder, or a module whose folder holds
``templates/``, ``static/`` and ``locales/``). The engine's own theme is registered the
same way, as ``default`` (:data:`BUILTIN`, and in ``pyproject.toml``), and found through
:func:`mot_blog.plugins.find`.

A theme extends the default theme: the default is the last folder of every search path,
so a theme holds only what it changes (a ``base.html``, a stylesheet, a catalog), and the
site overrides both, file by file. (Hugo's themes stand alone; ours cannot, since the
engine needs a template for every page kind it writes, and a theme that forgot one would
fail on the next engine version that adds a kind.)

Diagnostics name a theme's files by the theme: ``(theme)/templates/x.html`` for the default
theme, ``(theme paper)/templates/x.html`` for an installed one (no colon, so ``path:line:
message`` stays parseable), and by their path in the site for a theme folder of the site
(``themes/paper/templates/x.html``), whose files, like the site's, must stay in the site.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from mot_blog import plugins
from mot_blog.errors import Problem, did_you_mean
from mot_blog.load.settings import CONFIG_FILE
from mot_blog.load.sitefiles import FOLDER, Folder, Inside, check_path, inside

GROUP = "mot_blog.themes"
"""The entry point group of installed themes."""
BUILTIN = {"default": "mot_blog.theme"}
"""The engine's own themes, by name: ``module:attribute`` references (:mod:`mot_blog.plugins`)."""
THEME_DIR = Path(__file__).parent.parent / "theme"
"""The default theme's folder."""
THEME_LABEL = "(theme)/"
"""How diagnostics name a file of the default theme: ``(theme)/templates/base.html``."""
TEMPLATES_DIR = "templates"
STATIC_DIR = "static"
LOCALES_DIR = "locales"
"""The catalogs' folder, in a site and in a theme."""
THEME_PARTS = (TEMPLATES_DIR, STATIC_DIR, LOCALES_DIR)
"""What a theme's folder holds (one of them at least)."""
_SITE_FOLDERS = ("content", STATIC_DIR, TEMPLATES_DIR, LOCALES_DIR)
"""Folders of the site the build reads already: a theme is not one of them."""


@dataclass(frozen=True, slots=True)
class Layer:
    """One folder of a search path: the site, or a theme."""

    base: Path
    label: str
    """How diagnostics prefix its files' paths: ``""`` for the site, ``(theme)/``,
    ``(theme paper)/``, or ``themes/paper/`` for a theme folder of the site."""
    bound: Inside
    """The folder its files must resolve into (:mod:`~mot_blog.load.sitefiles`): the site
    for the site and a theme inside it, the theme's own folder for an installed one."""

    def folder(self, name: str) -> Folder:
        """Its folder ``name`` (``templates``...), as readers list it."""
        return Folder(self.base / name, self.label + name, self.bound)

    def whole(self) -> Folder:
        """The layer's folder itself (the input stamp hashes a theme whole)."""
        return Folder(self.base, self.label.rstrip("/") or ".", self.bound)


def site_layer(root: Path) -> Layer:
    """The site's own folders, first in every search path."""
    return Layer(root, "", inside(root))


def default_theme() -> Layer:
    """The engine's theme, found as any installed theme is (:func:`mot_blog.plugins.find`)."""
    folder = theme_folder(plugins.find(GROUP, "default", BUILTIN))
    assert folder is not None  # mot_blog.theme is a package
    return Layer(folder, THEME_LABEL, inside(folder, "theme"))


def default_themes() -> tuple[Layer, ...]:
    """The theme layers of a site without ``theme:``: the default theme alone."""
    return (default_theme(),)


def search_path(root: Path, themes: tuple[Layer, ...]) -> list[Layer]:
    """Where templates, catalogs and static files are looked for, first match first: the
    site, then ``themes`` (the site's theme, then the default: ``SiteConfig.themes``)."""
    return [site_layer(root), *themes]


def template_folders(root: Path, themes: tuple[Layer, ...]) -> list[Folder]:
    """The template folders of :func:`search_path`, in its order."""
    return [layer.folder(TEMPLATES_DIR) for layer in search_path(root, themes)]


def catalog_folders(root: Path, themes: tuple[Layer, ...]) -> list[Folder]:
    """The catalog folders of :func:`search_path`, in its order."""
    return [layer.folder(LOCALES_DIR) for layer in search_path(root, themes)]


def static_folders(root: Path, themes: tuple[Layer, ...]) -> list[Folder]:
    """The static folders, the default theme first: a later folder's file wins (the site's)."""
    return [layer.folder(STATIC_DIR) for layer in reversed(search_path(root, themes))]


def is_site_file(display: str) -> bool:
    """Whether a diagnostic path names a file of the site (not of an installed theme)."""
    return not display.startswith("(")


def theme_folder(value: Any) -> Path | None:
    """The folder an entry point's object stands for: a path, or a module's folder."""
    if isinstance(value, str | os.PathLike):
        return Path(value)
    if isinstance(value, ModuleType):
        if getattr(value, "__file__", None):
            return Path(str(value.__file__)).parent
        paths = list(getattr(value, "__path__", ()))  # a namespace package
        return Path(paths[0]) if paths else None
    return None


def resolve_themes(
    root: Path, value: Any, line: int | None, problems: list[Problem]
) -> tuple[Layer, ...]:
    """The theme layers that ``theme: value`` (at ``line`` of site.yaml) stands for: the
    theme, then the default one; the default alone, with a problem, when it is wrong."""
    default = default_theme()
    if value is None or value == "default":
        return (default,)
    if not isinstance(value, str) or not value.strip() or not value.isprintable():
        problems.append(Problem(CONFIG_FILE, line, f"'theme' {_FORM}"))
        return (default,)
    folder = _folder_named(root, value)
    if folder is not None:
        found = _site_theme(root, folder, line, problems)
    else:
        found = _installed_theme(root, value, line, problems)
    return (found, default) if found is not None else (default,)


_FORM = "must be a folder of the site (like themes/paper) or the name of an installed theme"


THEMES_FOLDER = "themes"
"""Where a bare ``theme: name`` is looked for in the site (``themes/name``, as Hugo's)."""


def _folder_named(root: Path, value: str) -> str | None:
    """The folder of the site that ``theme:`` names, if it names one: a path (``themes/paper``,
    ``./paper``), or a name the site has a folder of (``paper``, or ``themes/paper``); a
    folder of the site wins over an installed theme of the same name."""
    if any(mark in value for mark in ("/", "\\")) or value.startswith("."):
        return value
    for candidate in (value, f"{THEMES_FOLDER}/{value}"):
        if os.path.isdir(root / candidate):
            return candidate
    return None


def _site_theme(root: Path, value: str, line: int | None, problems: list[Problem]) -> Layer | None:
    relative = Path(os.path.normpath(value))
    if relative.is_absolute() or relative.parts[:1] == ("..",):
        problems.append(
            Problem(
                CONFIG_FILE,
                line,
                f"'theme' {value} is not inside the site; a build reads only the site's files: "
                "copy the theme into the site (like themes/paper), or install it as a package",
            )
        )
        return None
    folder = root / relative
    name = relative.as_posix().strip("/")
    kind, problem = check_path(str(folder), name, inside(root))
    if problem is not None:
        problems.append(Problem(CONFIG_FILE, line, f"'theme': {problem}"))
        return None
    if kind != FOLDER:
        siblings = _folders(folder.parent)
        hint = did_you_mean(folder.name, siblings)
        problems.append(Problem(CONFIG_FILE, line, f"'theme': no folder {name} in the site{hint}"))
        return None
    real, site = os.path.realpath(folder), os.path.realpath(root)
    taken = next((part for part in _SITE_FOLDERS if _within(real, os.path.join(site, part))), None)
    if real == site or taken is not None:
        if taken is None:
            where = "the site folder itself"
        elif real == os.path.join(site, taken):
            where = f"the site's {taken}/ folder"
        else:
            where = f"inside {taken}/"
        problems.append(
            Problem(
                CONFIG_FILE,
                line,
                f"'theme' {name} is {where}, which the build reads as the site's own; "
                "put the theme in a folder of its own, like themes/paper",
            )
        )
        return None
    if not _holds_a_theme(folder, problems, f"'theme' {name}", line):
        return None
    return Layer(folder, f"{name}/", inside(root))


def _installed_theme(
    root: Path, value: str, line: int | None, problems: list[Problem]
) -> Layer | None:
    try:
        loaded = plugins.find(GROUP, value, BUILTIN)
    except plugins.UnknownPart:
        choices = plugins.names(GROUP, BUILTIN)
        in_site = _folders(root / THEMES_FOLDER)  # theme: name finds themes/name too
        folders = [f"{THEMES_FOLDER}/{name}" for name in in_site]
        hint = did_you_mean(value, [*choices, *in_site])
        problems.append(
            Problem(
                CONFIG_FILE,
                line,
                f"no theme named '{value}'{hint}; installed: {', '.join(choices)}"
                + (f"; in the site: {', '.join(folders)}" if folders else "")
                + f"; a theme is an installed package (pip install it) or a folder of the "
                f"site (theme: themes/{value})",
            )
        )
        return None
    except Exception as exc:  # noqa: BLE001 (a broken package is the site's problem, in one line)
        from mot_blog.errors import describe  # noqa: PLC0415

        problems.append(
            Problem(CONFIG_FILE, line, f"the theme '{value}' did not load: {describe(exc)}")
        )
        return None
    folder = theme_folder(loaded)
    if folder is None:
        problems.append(
            Problem(
                CONFIG_FILE,
                line,
                f"the theme '{value}' is a {type(loaded).__name__}, not a folder or a module; "
                "its package's entry point must name one",
            )
        )
        return None
    if not _holds_a_theme(folder, problems, f"the theme '{value}' ({folder})", line):
        return None
    return Layer(folder, f"(theme {value})/", inside(folder, "theme"))


def _holds_a_theme(folder: Path, problems: list[Problem], what: str, line: int | None) -> bool:
    if any((folder / part).is_dir() for part in THEME_PARTS):
        return True
    problems.append(
        Problem(
            CONFIG_FILE,
            line,
            f"{what} has no templates/, static/ or locales/ folder; a theme holds one at least",
        )
    )
    return False


def _within(real: str, folder: str) -> bool:
    return real == folder or real.startswith(os.path.join(folder, ""))


def _folders(parent: Path) -> list[str]:
    try:
        return sorted(entry.name for entry in os.scandir(parent) if entry.is_dir())
    except OSError:
        return []
