"""The Markdown settings of site.yaml: ``markdown:`` (engine, extensions and their options),
``math:`` and ``heading_ids:``, checked into a
:class:`~mot_blog.markup.engine.MarkdownSettings`, every problem at its line::

    markdown:
      engine: python-markdown          # or pulldown-cmark (the default), or a plugin's
      extensions: [toc, pymdownx.superfences]
      extension_configs:
        toc: {permalink: true}
    math: true                         # $…$ and $$…$$ become MathML
    heading_ids: github                # default | github | hugo
"""

from __future__ import annotations

from typing import Any

from mot_blog.errors import Problem, did_you_mean
from mot_blog.load.settings import CONFIG_FILE, unknown_keys
from mot_blog.load.yamldoc import YamlDoc, kind_of
from mot_blog.markup.engine import DEFAULT_ENGINE, MarkdownSettings
from mot_blog.markup.text import HEADING_IDS
from mot_blog.plugins import UnknownPart

MARKDOWN_KEYS = {
    "engine": "pulldown-cmark (the default) or python-markdown",
    "extensions": "Python-Markdown extensions, by the names Python-Markdown takes",
    "extension_configs": "options of each extension: a mapping extension -> options",
}


def markdown_settings(
    data: dict[str, Any], doc: YamlDoc, problems: list[Problem]
) -> MarkdownSettings:
    """``markdown``, ``math`` and ``heading_ids`` of site.yaml (``data``); problems into
    ``problems``, at their lines."""

    def problem(path: tuple[Any, ...], message: str) -> None:
        problems.append(Problem(CONFIG_FILE, doc.line_of(*path), message))

    math = data.get("math")
    if math is None:
        math = False
    elif not isinstance(math, bool):
        problem(("math",), "'math' must be true or false")
        math = False
    heading_ids = data.get("heading_ids")
    if heading_ids is None:
        heading_ids = "default"
    elif not isinstance(heading_ids, str) or heading_ids not in HEADING_IDS:
        hint = did_you_mean(heading_ids, HEADING_IDS) if isinstance(heading_ids, str) else ""
        problem(("heading_ids",), f"'heading_ids' must be 'default', 'github' or 'hugo'{hint}")
        heading_ids = "default"
    section = data.get("markdown")
    if section is None:
        return MarkdownSettings(math=math, heading_ids=heading_ids)
    if not isinstance(section, dict):
        problem(
            ("markdown",), f"'markdown' must be a mapping (engine: ...), not {kind_of(section)}"
        )
        return MarkdownSettings(math=math, heading_ids=heading_ids)
    problems += unknown_keys(section, MARKDOWN_KEYS, doc, CONFIG_FILE, ("markdown",))
    engine = section.get("engine")
    if engine is None:
        engine = DEFAULT_ENGINE
    elif not isinstance(engine, str) or not engine.strip():
        problem(("markdown", "engine"), "'engine' must be the name of a Markdown engine")
        engine = DEFAULT_ENGINE
    extensions = _extensions(section.get("extensions"), problem)
    configs = _configs(section.get("extension_configs"), problem)
    settings = MarkdownSettings(engine, extensions, configs, math, heading_ids)
    _check_engine(settings, problem)
    return settings


def _extensions(value: Any, problem: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        problem(("markdown", "extensions"), "'extensions' must be a list of extension names")
        return ()
    names = []
    for index, name in enumerate(value):
        if isinstance(name, str) and name.strip():
            names.append(name.strip())
        else:
            problem(
                ("markdown", "extensions", index),
                f"an extension is named by text, not {kind_of(name)}",
            )
    return tuple(names)


def _configs(value: Any, problem: Any) -> dict[str, dict[str, Any]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        problem(
            ("markdown", "extension_configs"),
            "'extension_configs' must map each extension to its options",
        )
        return {}
    configs = {}
    for name, options in value.items():
        if isinstance(options, dict):
            configs[str(name)] = options
        elif options is not None:
            problem(
                ("markdown", "extension_configs", name),
                f"the options of '{name}' must be a mapping (option: value), not {kind_of(options)}",
            )
    return configs


def _check_engine(settings: MarkdownSettings, problem: Any) -> None:
    """The engine exists, and takes these settings (its extensions load)."""
    from mot_blog.markup.renderer import engine_class  # noqa: PLC0415 (loads the engine)

    try:
        engine = engine_class(settings.engine)
    except UnknownPart as exc:
        problem(("markdown", "engine"), f"{exc}")
        return
    except Exception as exc:  # a plugin that does not import
        from mot_blog.errors import describe  # noqa: PLC0415

        problem(
            ("markdown", "engine"),
            f"the Markdown engine '{settings.engine}' does not load ({describe(exc)})",
        )
        return
    for path, message in engine.settings_problems(settings):
        problem(("markdown", *path), message)
