"""``mot-blog status --diff FILE``: what changed in a stale translation's source since the
version the translation was made from, block by block.

The old version is the newest commit of the source file whose body hashes to the
translation's ``translated_from`` (:mod:`mot_blog.commands.status.history`). Both bodies
are cut into blocks as the engine's parser reads them (:mod:`mot_blog.markup.blocks`:
paragraphs, headings, list items, table cells, quotes, code) and the two lists of blocks
are compared, so a reflowed list or a moved blank line is not a change and a change is
shown as the whole paragraph it is in, with the line it is on now.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from mot_blog.commands.status.history import NoHistory, OldVersion, find_version
from mot_blog.commands.status.report import (
    CURRENT,
    ORIGIN_KEY,
    STALE,
    read_posts,
    version_state,
)
from mot_blog.errors import BuildFailed, Problem
from mot_blog.load.config import load_config
from mot_blog.load.frontmatter import decode, split
from mot_blog.markup.blocks import Run, runs
from mot_blog.model.origins import parse_origin

NEWLINE = b"\n"
SIMILAR = 0.5
"""How alike two blocks' texts must be (difflib's ratio) to be shown as one block changed."""


@dataclass(frozen=True, slots=True)
class SourceDiff:
    """What ``--diff`` prints: a headline and the changed blocks, or one line saying why not."""

    lines: tuple[str, ...]
    stale: bool
    """False when there is nothing to show (the translation is up to date)."""


def _refuse(path: str, line: int | None, message: str) -> BuildFailed:
    return BuildFailed([Problem(path, line, message)])


def source_diff(root: Path, file: Path) -> SourceDiff:
    """The source's changes since the version ``file`` was translated from.

    Raises :class:`BuildFailed` with one problem line when ``file`` is not a post of the
    site, not a translation, or when the version it was made from is not in the site's
    git history (or the site has none).
    """
    config = load_config(root)
    posts, _problems = read_posts(root, config)
    if not file.exists() and (root / file).exists():
        file = root / file  # written relative to the site rather than to the working folder
    try:
        rel = file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise _refuse(
            str(file), None, "not a file of this site; pass a post under content/"
        ) from None
    post = next((p for p in posts if p.path == rel), None)
    if post is None:
        raise _refuse(rel, None, "not a readable post of this site (see 'mot-blog build')")
    if post.origin is None:
        raise _refuse(
            rel, None, f"not a translation (no {ORIGIN_KEY}): there is no source to compare with"
        )
    members = {p.locale: p for p in posts if p.group == post.group}
    version = version_state(post, members)
    if version.state == CURRENT:
        return SourceDiff((f"{rel}: up to date with {version.source}; nothing changed",), False)
    if version.state != STALE or version.source is None:
        raise _refuse(rel, post.origin_line, version.detail)
    parsed = parse_origin(post.origin)
    assert parsed is not None  # (a malformed record is BROKEN, refused above)
    source = members[parsed[0]]
    try:
        old = find_version(root, source.path, parsed[1])
    except NoHistory as exc:
        raise _refuse(
            rel,
            post.origin_line,
            f"the version of {source.path} it was translated from cannot be read: "
            f"{exc} (the diff needs the site's git history)",
        ) from None
    if old is None:
        raise _refuse(
            rel,
            post.origin_line,
            f"no commit of {source.path} has the body it was translated from "
            f"({ORIGIN_KEY}: {post.origin}); was that version ever committed?",
        )
    return SourceDiff(tuple(_report(root, rel, source.path, old)), True)


def _report(root: Path, rel: str, source_path: str, old: OldVersion) -> list[str]:
    text, _ = decode((root / source_path).read_bytes(), source_path)
    parts = split(text, source_path)[0] if text is not None else None
    if parts is None:  # (read_posts read it a moment ago: changed since)
        raise _refuse(source_path, None, "cannot be read any more")
    lines = [
        f"{rel} was translated from {source_path} as of commit {old.commit[:10]} "
        f"({old.date}, {old.subject!r}); changed since:"
    ]
    lines += block_diff(old.body, parts.body, source_path, parts.body_first_line)
    return lines


def _texts(body: str) -> tuple[list[Run], list[str], bytes]:
    data = body.encode()
    found = runs(body)
    return found, [data[r.start : r.end].decode() for r in found], data


def block_diff(old: str, new: str, path: str, first_line: int) -> list[str]:
    """The blocks that differ between two bodies: ``-`` removed, ``+`` added, each block
    under a ``path:line: kind`` line (the line in the current file; a removed block
    names where it would have been). ``first_line`` is the file line ``new`` starts on."""
    old_runs, old_texts, _ = _texts(old)
    new_runs, new_texts, new_data = _texts(new)

    def where(index: int) -> str:
        at = new_runs[index].start if index < len(new_runs) else len(new_data)
        return f"{path}:{first_line + new_data.count(NEWLINE, 0, at)}"

    def similar(a: int, b: int) -> bool:
        if old_runs[a].kind != new_runs[b].kind:
            return False
        return difflib.SequenceMatcher(a=old_texts[a], b=new_texts[b]).ratio() >= SIMILAR

    out: list[str] = []
    matcher = difflib.SequenceMatcher(a=old_texts, b=new_texts, autojunk=False)
    for tag, a, a_end, b, b_end in matcher.get_opcodes():
        if tag == "equal":
            continue
        # Within a stretch of differing blocks, a block is "changed" when a block of the
        # same kind with mostly the same words stands in its place; the rest were added
        # or removed (a paragraph rewritten next to a new list item is not "a paragraph
        # that became a list item").
        while a < a_end or b < b_end:
            if a < a_end and b < b_end and similar(a, b):
                out.append(f"{where(b)}: {new_runs[b].kind} changed{_section(new_runs[b])}")
                out += _quoted("- ", old_texts[a]) + _quoted("+ ", new_texts[b])
                a, b = a + 1, b + 1
            elif b < b_end and (a == a_end or any(similar(a, k) for k in range(b + 1, b_end))):
                out.append(f"{where(b)}: {new_runs[b].kind} added{_section(new_runs[b])}")
                out += _quoted("+ ", new_texts[b])
                b += 1
            else:
                out.append(f"{where(b)}: {old_runs[a].kind} removed{_section(old_runs[a])}")
                out += _quoted("- ", old_texts[a])
                a += 1
    return out or ["  (no block changed: only blank lines or spacing)"]


def _section(run: Run) -> str:
    return f" (under '{run.heading}')" if run.heading and run.kind != "heading" else ""


def _quoted(mark: str, text: str) -> list[str]:
    return [f"  {mark}{line}".rstrip() for line in text.splitlines() or [""]]
