"""Posts translated in PO files: ``translations/<locale>/<translation_key>.po``.

The catalog of a post (:func:`post_catalog`) has one entry per segment of its source
(:mod:`mot_blog.markup.segments`), and its title, summary and image alt text, each with
the source's ``path:line`` as reference. The build (:func:`po_translations`, right after
the sources stage) turns each PO file into one more post file of its locale: the
source's front matter with the translated fields, the source's body with each segment
translated, so that the rest of the build sees an ordinary translation.

An entry counts as translated when it has a msgstr. A fuzzy entry (``mot-blog translate
update`` after the source changed) still has the translation of the older source text:
the page keeps that text until the translator confirms or corrects it, rather than
switching that paragraph to the source's language. An entry without a msgstr shows the
source's text. A PO file none of whose entries is translated is not published.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from mot_blog.errors import Problem, warning
from mot_blog.load import sitefiles
from mot_blog.load.bundles import translation_key_of
from mot_blog.load.frontmatter import decode, split
from mot_blog.load.sources import TRANSLATIONS_DIR, ContentTree, SourceFile
from mot_blog.load.yamldoc import parse_yaml
from mot_blog.markup.segments import (
    TOKEN,
    Segment,
    placeholder_problem,
    segments,
    translated_body,
)

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog, Message

FIELDS = {"title": "title", "summary": "summary", "image_alt": "image alt"}
"""Front-matter keys translated, and what an entry's comment calls them."""
DROPPED = ("translated_from", "aliases", "canonical_url")
"""Front-matter keys of the source a PO translation does not take: they say where the
source came from and which old URLs lead to it, not to the translation."""


@dataclass(frozen=True, slots=True)
class SourcePost:
    """A post cut into what a translator translates."""

    path: str
    yaml_text: str
    fields: Mapping[str, tuple[str, int]]
    """Translated front-matter keys: their text and file line."""
    body: str
    body_first_line: int
    segments: tuple[Segment, ...]


def read_source(raw: bytes, path: str) -> tuple[SourcePost | None, list[Problem]]:
    """The segments of a post file (None, with its problems, when it cannot be read)."""
    text, problems = decode(raw, path)
    if text is None:
        return None, problems
    parts, problems = split(text, path)
    if parts is None:
        return None, problems
    doc, problems = parse_yaml(parts.yaml_text, path, parts.yaml_first_line)
    if doc is None or not isinstance(doc.data, dict):
        return None, problems or [Problem(path, 1, "the front matter is not a mapping")]
    fields = {
        key: (value.strip(), doc.key_lines.get((key,), 1))
        for key in FIELDS
        if isinstance(value := doc.data.get(key), str) and value.strip()
    }
    found = tuple(segments(parts.body))
    return SourcePost(path, parts.yaml_text, fields, parts.body, parts.body_first_line, found), []


def _with_fields(yaml_text: str, values: Mapping[str, str]) -> str:
    """The front matter without the keys of ``DROPPED`` and with ``values`` for theirs
    (each written as a JSON string, which YAML reads as a double-quoted scalar)."""
    replaced = set(values) | set(DROPPED)
    kept, skipping = [], False
    for line in yaml_text.split("\n"):
        if line[:1] not in (" ", "\t", ""):  # a top-level key (its value may go on below)
            skipping = line.split(":", 1)[0].strip() in replaced
        if not skipping:
            kept.append(line)
    kept += [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in values.items()]
    return "\n".join(kept)


@dataclass(frozen=True, slots=True)
class _Entries:
    """The translated entries of one PO file, checked as they are used."""

    path: str
    messages: Mapping[str, Message]
    problems: list[Problem]
    used: set[str]
    fuzzy: set[str]
    untranslated: set[str]

    def get(self, segment: Segment | None, text: str) -> str | None:
        message = self.messages.get(text)
        string = message.string if message is not None else None
        if not isinstance(string, str) or not string.strip():
            self.untranslated.add(text)
            return None
        assert message is not None
        why = placeholder_problem(segment, string) if segment is not None else None
        if why is None and segment is None and TOKEN.search(string):
            why = "the translation has a placeholder, which the source text does not"
        if why is not None:
            if message.fuzzy:  # an older text's translation: its placeholders may differ
                self.untranslated.add(text)
                return None
            self.problems.append(Problem(self.path, message.lineno, f"{why}: '{text}'"))
            return None
        (self.fuzzy if message.fuzzy else self.used).add(text)
        return string.strip()


@dataclass(frozen=True, slots=True)
class PoProgress:
    """How far a published PO translation is (what ``mot-blog status`` shows of it)."""

    source: str
    """The post file it translates."""
    fuzzy: int
    """Entries marked fuzzy: they show the translation of an older source text."""
    untranslated: int
    """Segments of the source without a translation (they show the source's text)."""


def translated_post(
    source: SourcePost, catalog: Catalog, path: str, problems: list[Problem]
) -> tuple[bytes, int, int] | None:
    """The post file a PO translation stands for, with its counts of fuzzy and untranslated
    entries; None when it translates nothing."""
    messages = {m.id: m for m in catalog if m.id and isinstance(m.id, str)}
    entries = _Entries(path, messages, [], set(), set(), set())
    values = {
        name: string
        for name, (text, _line) in source.fields.items()
        if (string := entries.get(None, text)) is not None
    }
    body = translated_body(source.body, list(source.segments), lambda s: entries.get(s, s.text))
    problems += entries.problems
    if entries.problems:
        return None
    if not entries.used and not entries.fuzzy:
        problems.append(warning(path, None, "no entry is translated yet: not published"))
        return None
    notes = []
    if entries.fuzzy:
        notes.append(f"{len(entries.fuzzy)} fuzzy entries show the older text's translation")
    if entries.untranslated:
        notes.append(f"{len(entries.untranslated)} untranslated entries show the source's text")
    if notes:
        problems.append(warning(path, None, "; ".join(notes)))
    yaml_text = _with_fields(source.yaml_text, values)
    text = f"---\n{yaml_text}\n---\n{body}".encode()
    return text, len(entries.fuzzy), len(entries.untranslated)


_PO_NAME = re.compile(r"[^/]+\.po")


def po_translations(
    root: Path,
    tree: ContentTree,
    locales: Sequence[str],
    default: str,
    problems: list[Problem],
    progress: dict[str, PoProgress] | None = None,
) -> ContentTree:
    """``tree`` with a post file for each PO translation under ``translations/`` (the
    sources stage's last step); ``progress`` is given each published one's, by its path."""
    folder = sitefiles.Folder(root / TRANSLATIONS_DIR, TRANSLATIONS_DIR, sitefiles.inside(root))
    keys = {post.path: translation_key_of(post.content(), post.path) for post in tree.posts}
    added = []
    for locale in locales:
        display = f"{TRANSLATIONS_DIR}/{locale}"
        names = sitefiles.walk(folder.path / locale, display, folder.bound, problems)
        for name in sorted(n for n in names if _PO_NAME.fullmatch(n)):
            path = f"{display}/{name}"
            post = _po_post(root, tree, keys, locale, default, path, problems, progress)
            if post is not None:
                added.append(post)
    return replace(tree, posts=tree.posts + tuple(added)) if added else tree


def _po_post(
    root: Path,
    tree: ContentTree,
    keys: Mapping[str, str | None],
    locale: str,
    default: str,
    path: str,
    problems: list[Problem],
    progress: dict[str, PoProgress] | None = None,
) -> SourceFile | None:
    key = path.rsplit("/", 1)[1][: -len(".po")]
    group = [post for post in tree.posts if keys.get(post.path) == key]
    written = [post.path for post in group if post.locale == locale]
    if written:
        problems.append(
            Problem(
                path,
                None,
                f"translated twice: by this file and by {written[0]}; keep one of the two",
            )
        )
        return None
    raw = sitefiles.read(root / path, path, problems)
    if raw is None:
        return None
    from babel.messages.pofile import PoFileError, read_po  # noqa: PLC0415 (see above)

    try:
        catalog = read_po(io.BytesIO(raw), locale=None, abort_invalid=True)
    except (PoFileError, ValueError, UnicodeDecodeError) as exc:
        problems.append(Problem(path, _error_line(exc), f"not a readable PO file: {exc}"))
        return None
    named = {location[0] for message in catalog for location in message.locations}
    sources = sorted(
        (post for post in group if post.locale != locale),
        key=lambda post: (post.path not in named, post.locale != default, post.path),
    )
    if not sources:
        problems.append(
            Problem(
                path,
                None,
                f"no post of another locale has translation_key '{key}' (the file's name)",
            )
        )
        return None
    original = sources[0]
    source, _found = read_source(original.content(), original.path)
    if source is None:
        return None  # (the parse stage reports the source's problems)
    made = translated_post(source, catalog, path, problems)
    if made is None:
        return None
    text, fuzzy, untranslated = made
    if progress is not None:
        progress[path] = PoProgress(original.path, fuzzy, untranslated)
    return SourceFile(path, locale, original.stem, text)


def _error_line(exc: Exception) -> int | None:
    match = re.search(r"line (\d+)", str(exc))
    return int(match.group(1)) if match else None
