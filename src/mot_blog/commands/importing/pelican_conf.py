"""A Pelican site's settings, read from ``pelicanconf.py`` (and ``publishconf.py``, whose
``SITEURL`` is the published one) without running them: the source is another person's
folder, and its Python is not ours to run. Each top-level ``NAME = literal`` is read
(strings, numbers, lists, dicts...); ``from pelicanconf import *`` in ``publishconf.py``
is what it always says; anything computed is left out, named in the report when it is a
setting the import reads."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from mot_blog.commands.importing.model import ImportRefused, Notes
from mot_blog.commands.importing.sourcefiles import inside, read_text

READ = frozenset({
    "SITENAME", "SITEURL", "AUTHOR", "PATH", "TIMEZONE", "DEFAULT_LANG", "ARTICLE_PATHS",
    "PAGE_PATHS", "STATIC_PATHS", "ARTICLE_URL", "ARTICLE_LANG_URL", "ARTICLE_TRANSLATION_ID",
    "I18N_SUBSITES", "USE_FOLDER_AS_CATEGORY", "DEFAULT_CATEGORY", "MARKDOWN",
    "EXTRA_PATH_METADATA", "ARTICLE_EXCLUDES", "SLUGIFY_SOURCE",
})  # fmt: skip
DEFAULTS: dict[str, Any] = {
    "PATH": ".", "ARTICLE_PATHS": [""], "PAGE_PATHS": ["pages"], "STATIC_PATHS": ["images"],
    "ARTICLE_URL": "{slug}.html", "ARTICLE_LANG_URL": "{slug}-{lang}.html",
    "ARTICLE_TRANSLATION_ID": "slug", "DEFAULT_LANG": "en", "USE_FOLDER_AS_CATEGORY": True,
    "DEFAULT_CATEGORY": "misc", "I18N_SUBSITES": {}, "EXTRA_PATH_METADATA": {},
}  # fmt: skip


def settings(source: Path, notes: Notes) -> dict[str, Any]:
    """The settings of ``pelicanconf.py``, then ``publishconf.py``'s over them."""
    if not (source / "pelicanconf.py").is_file() or not inside(source, source / "pelicanconf.py"):
        raise ImportRefused(str(source), None, "no pelicanconf.py: not a Pelican site")
    found = dict(DEFAULTS)
    for name in ("pelicanconf.py", "publishconf.py"):
        if (source / name).is_file() and inside(source, source / name):
            found.update(_literals(source, name, notes))
    return found


def _literals(source: Path, name: str, notes: Notes) -> dict[str, Any]:
    text = read_text(source, name, notes) or ""
    try:
        tree = ast.parse(text, name)
    except SyntaxError as exc:
        raise ImportRefused(name, exc.lineno, f"not valid Python: {exc.msg}") from None
    values: dict[str, Any] = {}
    for node in tree.body:
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            continue
        target = node.targets[0]
        if not isinstance(target, ast.Name):
            continue
        try:
            values[target.id] = ast.literal_eval(node.value)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            if target.id in READ:
                notes.hand(
                    name,
                    node.lineno,
                    f"{target.id} is computed, not written as a value: not read (the default is used)",
                )
    return values
