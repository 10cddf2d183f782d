"""The ``plugins:`` of site.yaml: the site plugins a site turns on, by name, each loaded
and checked here, so that a name that is not installed, or a plugin that does not load,
is a problem at its line of site.yaml before anything is read::

    plugins: [reading-list, mastodon-share]
"""

from __future__ import annotations

from typing import Any

from mot_blog.errors import Problem
from mot_blog.load.settings import CONFIG_FILE
from mot_blog.load.yamldoc import YamlDoc, kind_of
from mot_blog.plugins import CORE, PluginFailed, UnknownPart, load_plugin


def plugin_settings(value: Any, doc: YamlDoc, problems: list[Problem]) -> tuple[str, ...]:
    """The names of ``plugins:`` (``value``), each an installed site plugin that loads;
    problems into ``problems``, at their lines."""
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.append(
            Problem(
                CONFIG_FILE,
                doc.line_of("plugins"),
                f"'plugins' must be a list of plugin names, not {kind_of(value)}",
            )
        )
        return ()
    names: list[str] = []
    for index, name in enumerate(value):
        line = doc.line_of("plugins", index)
        if not isinstance(name, str) or not name.strip():
            message = f"a plugin is named by text, not {kind_of(name)}"
        elif name.strip() == CORE:
            message = f"the '{CORE}' plugin is the engine's own and always on; remove it"
        elif name.strip() in names:
            message = f"the plugin '{name.strip()}' is listed twice; list it once"
        else:
            failed = _load_problem(name.strip())
            if failed is None:
                names.append(name.strip())
                continue
            message = failed
        problems.append(Problem(CONFIG_FILE, line, message))
    return tuple(names)


def _load_problem(name: str) -> str | None:
    """What keeps the plugin ``name`` from loading, or ``None``."""
    try:
        load_plugin(name)
    except (UnknownPart, PluginFailed) as exc:
        return str(exc)
    return None
