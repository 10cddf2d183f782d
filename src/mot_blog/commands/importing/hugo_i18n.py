"""Hugo's ``i18n/<lang>.toml`` (or YAML, JSON) strings mapped onto the theme's catalog
messages where they mean the same; the others are named in the report (mot-blog's theme
does not show them)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import yaml

from mot_blog.commands.importing.model import Message, Notes
from mot_blog.commands.importing.sourcefiles import read_text, walk

SAME_MEANING = {
    "related": "Related articles",
    "relatedposts": "Related articles",
    "relatedarticles": "Related articles",
    "tags": "Tags",
    "tag": "Tag",
    "category": "Category",
    "toc": "Contents",
    "tableofcontents": "Contents",
    "contents": "Contents",
    "pagenotfound": "Page not found",
    "notfound": "Page not found",
    "newerposts": "Newer articles",
    "olderposts": "Older articles",
    "skiptocontent": "Skip to content",
    "backtoblog": "Back to the blog",
    "copy": "Copy",
    "copied": "Copied",
    "language": "Language",
    "note": "Note",
    "tip": "Tip",
    "important": "Important",
    "warning": "Warning",
    "caution": "Caution",
    "details": "Details",
}
"""Hugo i18n ids (lowercase, as Hugo reads them) -> the theme's msgid of that meaning."""


def _entries(data: Any) -> dict[str, str]:
    """id -> its (singular) text, from any of Hugo's forms: ``id = "x"``, ``[id] other =
    "x"`` and the older list ``[[i18n]] id = ... translation = ...``."""
    found: dict[str, str] = {}
    if isinstance(data, list):
        for item in data:
            if isinstance(item, dict) and "id" in item:
                text = item.get("translation")
                text = text.get("one") or text.get("other") if isinstance(text, dict) else text
                if isinstance(text, str):
                    found[str(item["id"]).lower()] = text
        return found
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, dict):
                value = value.get("one") or value.get("other")
            if isinstance(value, str):
                found[str(key).lower()] = value
    return found


def hugo_messages(
    source: Path, code_of: dict[str, str], notes: Notes
) -> dict[str, tuple[Message, ...]]:
    """Locale code -> the theme's messages the site's ``i18n/`` files translate."""
    catalogs: dict[str, tuple[Message, ...]] = {}
    for rel in walk(source, "i18n", notes):
        name, _, ext = rel.rsplit("/", 1)[-1].rpartition(".")
        code = code_of.get(name) or code_of.get(name.lower())
        if code is None:
            notes.dropped(rel, None, f"strings of '{name}', not a language of the site")
            continue
        text = read_text(source, rel, notes)
        if text is None:
            continue
        try:
            data = (
                tomllib.loads(text) if ext == "toml" else json.loads(text) if ext == "json"
                else yaml.safe_load(text)
            )  # fmt: skip
        except (tomllib.TOMLDecodeError, json.JSONDecodeError, yaml.YAMLError) as exc:
            notes.dropped(rel, None, f"cannot be read ({str(exc).splitlines()[0]})")
            continue
        messages: dict[str, Message] = {}
        unmapped: list[str] = []
        for key, value in sorted(_entries(data).items()):
            msgid = SAME_MEANING.get(key.replace("_", "").replace("-", ""))
            if msgid is None or "{{" in value:
                unmapped.append(key)
            elif value != msgid:  # the same words as the theme's: nothing to translate
                messages.setdefault(msgid, Message(msgid, (value,)))
        if messages:
            notes.changed(
                rel,
                None,
                f"{len(messages)} string{'s' if len(messages) != 1 else ''} became the theme's messages in locales/{code.replace('-', '_')}/",
            )
        if unmapped:
            notes.dropped(rel, None, f"strings the theme has no message for: {', '.join(unmapped)}")
        if messages:
            catalogs[code] = tuple(messages[k] for k in sorted(messages))
    return catalogs
