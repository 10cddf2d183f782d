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

Site plugins (group :data:`PLUGINS`) are the one extension point a site turns on by name,
in site.yaml's ``plugins:``; they add Jinja filters and globals, values to page contexts
and extra output files (docs/plugins.md). The engine's own filters, globals, share links
and ``robots.txt`` are the ``core`` site plugin, always on.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from mot_blog.errors import describe, did_you_mean


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


PLUGINS = "mot_blog.plugins"
"""The group of site plugins, which a site turns on by name (``plugins:`` in site.yaml)."""

CORE = "core"
BUILTIN_PLUGINS = {CORE: "mot_blog.render.core"}
"""The engine's own site plugin, always on: its Jinja filters and globals, the share links
of an article's context, ``robots.txt`` (:mod:`mot_blog.render.core`)."""

PLUGIN_PARTS = ("filters", "globals", "page_context", "outputs")
"""What a site plugin may have (docs/plugins.md): each attribute optional."""


class PluginFailed(Exception):
    """A site plugin that does not load, or whose parts have the wrong form; the message
    names the plugin and what to do."""


@dataclass(frozen=True, slots=True)
class SitePlugin:
    """One site plugin as the build uses it: its parts, read once when it loads.

    ``filters`` and ``globals`` are mappings (name -> callable, name -> value) or
    functions giving one per locale's environment; ``page_context`` and ``outputs`` are
    functions or ``None`` (the plugin has none). docs/plugins.md gives their signatures."""

    name: str
    version: str
    """The installed distribution's version ('' for the engine's own): part of the cache keys."""
    filters: Any = None
    globals: Any = None
    page_context: Callable[..., Any] | None = None
    outputs: Callable[..., Any] | None = None


@functools.cache
def load_plugin(name: str) -> SitePlugin:
    """The site plugin ``name`` (the core, or an installed package's entry point of
    :data:`PLUGINS`), loaded and its parts checked, once per process (an upgrade takes a
    new process: the next build, or a restarted ``serve``). Raises :class:`UnknownPart`
    naming the choices, or :class:`PluginFailed` when it does not load or a part has the
    wrong form."""
    if name in BUILTIN_PLUGINS:
        value, version = _load(BUILTIN_PLUGINS[name]), ""
    else:
        points = installed(PLUGINS)
        points.pop(CORE, None)  # (declared in the engine's pyproject as well, found above)
        if name not in points:
            choices = sorted(points)
            raise UnknownPart(
                f"no plugin named '{name}'{did_you_mean(name, choices)}; installed: "
                f"{', '.join(choices) or 'none'} (pip install the package that provides it)"
            )
        try:
            value = points[name].load()
        except Exception as exc:  # noqa: BLE001 (any error of a plugin's import is its)
            raise PluginFailed(
                f"the plugin '{name}' does not load ({describe(exc)}); fix or upgrade it, "
                "or remove it from 'plugins'"
            ) from None
        dist = points[name].dist
        version = dist.version if dist is not None else ""
    parts = {part: getattr(value, part, None) for part in PLUGIN_PARTS}
    for part in ("filters", "globals"):
        if parts[part] is not None and not isinstance(parts[part], Mapping | Callable):
            raise PluginFailed(
                f"the plugin '{name}' has '{part}' that is neither a mapping nor a function "
                f"(a {type(parts[part]).__name__}); fix or upgrade it, or remove it from 'plugins'"
            )
    for part in ("page_context", "outputs"):
        if parts[part] is not None and not callable(parts[part]):
            raise PluginFailed(
                f"the plugin '{name}' has '{part}' that is not a function "
                f"(a {type(parts[part]).__name__}); fix or upgrade it, or remove it from 'plugins'"
            )
    return SitePlugin(name, version, **parts)


def site_plugins(names: tuple[str, ...]) -> tuple[SitePlugin, ...]:
    """The core, then the site plugins ``names`` (site.yaml's ``plugins:``, which the
    config stage checked and loaded)."""
    return tuple(load_plugin(name) for name in (CORE, *names))


def plugins_key(names: tuple[str, ...]) -> str:
    """The site plugins ``names`` with their installed versions, for the build cache's keys
    (an upgraded plugin renders every page again): '' when there are none. The versions
    are those read when each loaded (:func:`load_plugin`: the config stage loads them),
    so this reads no package metadata again."""
    if not names:
        return ""
    return "plugins " + " ".join(f"{name}=={load_plugin(name).version}" for name in names)
