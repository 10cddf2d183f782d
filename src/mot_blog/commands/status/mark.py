"""``mot-blog status --mark-translated``: record that a translation caught up with its source,
rewriting that one front-matter line and no other byte."""

from __future__ import annotations

import re
from pathlib import Path

from mot_blog.commands.status.report import ORIGIN_KEY, read_posts
from mot_blog.errors import BuildFailed, Problem
from mot_blog.load.config import load_config
from mot_blog.model.origins import format_origin, parse_origin

_ORIGIN_LINE = re.compile(rb"^" + ORIGIN_KEY.encode() + rb"\s*:")


def mark_translated(root: Path, file: Path) -> str:
    """Record that ``file`` now translates its source's current body; returns the new value.

    Only the ``translated_from`` line changes (it is added before the closing
    ``---`` when missing); every other byte of the file stays as it was. The
    source is the locale the old record names, else the default locale's version.
    """
    config = load_config(root)
    posts, _problems = read_posts(root, config)
    if not file.exists() and (root / file).exists():
        file = root / file  # written relative to the site rather than to the working folder
    try:
        rel = file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise BuildFailed(
            [Problem(str(file), None, "not a file of this site; pass a post under content/")]
        ) from None
    post = next((p for p in posts if p.path == rel), None)
    if post is None:
        raise BuildFailed(
            [Problem(rel, None, "not a readable post of this site (see 'mot-blog build')")]
        )
    members = {p.locale: p for p in posts if p.group == post.group}
    parsed = parse_origin(post.origin) if post.origin else None
    others = [code for code in members if code != post.locale]
    if parsed:
        locale = parsed[0]
    elif config.default_locale in others or len(others) != 1:
        locale = config.default_locale
    else:
        locale = others[0]  # a pair: the other version is the source
    source = members.get(locale)
    if source is None or source is post:
        hint = (
            f" (the group has: {', '.join(others)})"
            if others
            else " (give both the same translation_key)"
        )
        raise BuildFailed(
            [
                Problem(
                    rel,
                    post.origin_line,
                    f"no {locale} version to mark it as translated from{hint}",
                )
            ]
        )
    value = format_origin(source.locale, source.body)
    raw = (root / rel).read_bytes()
    (root / rel).write_bytes(_with_origin(raw, value, post.origin_line))
    return value


def _with_origin(raw: bytes, value: str, line: int | None) -> bytes:
    lines = raw.splitlines(keepends=True)
    new = f'{ORIGIN_KEY}: "{value}"'.encode()
    if line is not None:
        index = line - 1
        old = lines[index]
        if _ORIGIN_LINE.match(old):
            lines[index] = new + old[len(old.rstrip(b"\r\n")) :]
            return b"".join(lines)
    # No record yet: add one just before the closing '---' (after the opening one).
    ending = lines[0][len(lines[0].rstrip(b"\r\n")) :] or b"\n"
    for index in range(1, len(lines)):
        if lines[index].strip() in (b"---", b"..."):
            lines.insert(index, new + ending)
            return b"".join(lines)
    raise ValueError("front matter is not closed")
