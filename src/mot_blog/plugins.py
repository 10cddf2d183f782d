"""Extension points: named parts an installed Python package can add to the engine.

Each extension point is a group of named objects: the engine's own, listed in code as
``module:attribute`` references (so a build imports only what it uses), and those of
installed packages, declared as Python entry points of the group (the packaging
system's plugin mechanism, as MkDocs' ``mkdocs.plugins`` and Pelican's plugins use it)::

    # a plugin's pyproject.toml
    [project.entry-points."mot_blog.markdown"]
    mistune = "mot_blog_mistune:MistuneEngine"

The engine's own parts go through the same lookup as a plugin's, so every extension point
has a first user. Installed packages are searched only when a site names a part the engine
does not have (reading every installed distribution's metadata takes 10-20 ms, a build's
whole start-up).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

from mot_blog.errors import did_you_mean


class UnknownPart(LookupError):
    """No part of that name in the group; the message names the choices."""


def _load(reference: str) -> Any:
    module, _, attribute = reference.partition(":")
    value: Any = importlib.import_module(module)
    for name in attribute.split(".") if attribute else ():
        value = getattr(value, name)
    return value


def installed(group: str) -> dict[str, Any]:
    """The entry points installed packages declare in ``group``, by name (not loaded)."""
    from importlib.metadata import entry_points  # noqa: PLC0415 (see the module docstring)

    return {point.name: point for point in entry_points(group=group)}


def find(group: str, name: str, builtin: Mapping[str, str]) -> Any:
    """The part ``name`` of ``group``: the engine's own (``builtin``: name ->
    ``module:attribute``), else an installed package's entry point. Raises
    :class:`UnknownPart` naming the choices when there is neither."""
    if name in builtin:
        return _load(builtin[name])
    points = installed(group)
    if name in points:
        return points[name].load()
    choices = sorted({*builtin, *points})
    raise UnknownPart(
        f"no {group.rpartition('.')[2]} named '{name}'{did_you_mean(name, choices)}; "
        f"available: {', '.join(choices)} (a plugin adds more: pip install it)"
    )


def names(group: str, builtin: Mapping[str, str]) -> list[str]:
    """Every name of ``group``: the engine's own, then the installed packages'."""
    return sorted({*builtin, *installed(group)})
