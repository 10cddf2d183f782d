"""Split a post into its YAML front matter and Markdown body, and check the fields.

The result is a :class:`FrontMatter` of plain values; resolving authors, terms
and translation groups is :mod:`mot_blog.model.assemble`'s job, because it needs the
whole site. Every problem names the file's own line (not the YAML block's).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mot_blog.errors import Problem, did_you_mean
from mot_blog.load import fields
from mot_blog.load.frozen import EMPTY, FrozenMap, freeze
from mot_blog.load.yamldoc import YamlDoc, kind_of, parse_yaml
from mot_blog.records import Record

FIELDS = {
    "title": "required, text",
    "date": "required, YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS] [+ZZZZ]",
    "summary": "optional, text: the card and meta description (default: from the first paragraph)",
    "category": "optional, one label (in the post's language) or term key",
    "tags": "optional, list of labels",
    "author": "optional, a key of content/authors.yaml",
    "authors": "optional, a list of keys of content/authors.yaml (instead of 'author')",
    "image": "optional, path under static/",
    "image_alt": "required with image",
    "image_credit": "optional, who made the image",
    "translation_key": "optional, shared by the translations of one post",
    "slug": "optional, defaults to the file name",
    "draft": "optional, true keeps the post out of the build",
    "updated": "optional, date of the last real change",
    "translated_from": "optional, written by 'mot-blog new --translation-of'",
    "aliases": "optional, old URLs of the post (site-relative), each redirecting here",
    "canonical_url": "optional, absolute URL where the post was first published",
    "extra": "optional, a mapping of site-specific values that templates read",
    "toc": "optional, true or false: a table of contents (default: toc in site.yaml)",
    "translated_by": "optional, 'human' (the default) or 'machine': how this translation was made",
    "reviewed": "optional, true or false: whether a person has reviewed this translation "
    "(default: true for a human translation, false for a machine one)",
    "translator": "optional, who translated it: a key of content/authors.yaml, or a name",
}
TRANSLATED_BY = ("human", "machine")
"""The values of ``translated_by``."""
REQUIRED = ("title", "date")
_OWN_CHECKS = frozenset(
    {"date", "updated", "tags", "draft", "author", "authors", "aliases", "extra", "toc", "reviewed"}
)
"""Keys checked by their own code below; the others are plain text."""


@dataclass(frozen=True, slots=True)
class FrontMatter(Record):
    """Checked front-matter values of one post."""

    title: str
    published: dt.datetime
    """Publication moment, timezone-aware (a bare date is midnight UTC)."""
    summary: str | None
    """As written; ``None``: taken from the body (:mod:`mot_blog.markup.summary`)."""
    category: str | None
    """As written; ``None``: the site's ``default_category``, if any."""
    tags: tuple[str, ...]
    authors: tuple[str, ...]
    """Author keys, in order (``author: a`` is a list of one)."""
    image: str | None
    image_alt: str | None
    image_credit: str | None
    translation_key: str | None
    slug: str | None
    draft: bool
    updated: dt.datetime | None
    translated_from: str | None
    aliases: tuple[str, ...]
    """Old URLs, as paths below the base path (:func:`mot_blog.load.fields.alias_path`)."""
    canonical_url: str | None
    extra: FrozenMap
    """The ``extra:`` mapping, read-only (:mod:`mot_blog.load.frozen`)."""
    lines: dict[str, int]
    """File line of each key (``authors.1``, ``aliases.0``: of a list's items), for later
    diagnostics."""
    toc: bool | None = None
    """Whether the post shows a table of contents (None: as site.yaml's ``toc`` says)."""
    translated_by: str | None = None
    """``human`` or ``machine`` (None: not said; :mod:`mot_blog.model.provenance`)."""
    reviewed: bool | None = None
    """Whether a person reviewed the translation (None: not said)."""
    translator: str | None = None
    """Who translated it, as written: an author key or a name."""

    @property
    def author(self) -> str | None:
        """The first author's key, or ``None``."""
        return self.authors[0] if self.authors else None


@dataclass(frozen=True, slots=True)
class SplitPost:
    """A post file split in two."""

    yaml_text: str
    yaml_first_line: int
    body: str
    body_first_line: int


def decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Bytes to text: UTF-8 (a BOM is allowed), CRLF and CR turned into LF."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(path, line, "not valid UTF-8; save the file as UTF-8")]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, [Problem(path, line, "contains a NUL character; remove it")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def split(text: str, path: str) -> tuple[SplitPost | None, list[Problem]]:
    """Find the ``---`` delimited block at the top of ``text``."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, [
            Problem(
                path, 1, "no front matter; start the file with a '---' line, then title, date..."
            )
        ]
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return (
                SplitPost(
                    yaml_text="\n".join(lines[1:index]),
                    yaml_first_line=2,
                    body="\n".join(lines[index + 1 :]),
                    body_first_line=index + 2,
                ),
                [],
            )
    return None, [Problem(path, 1, "front matter is not closed; add a '---' line after it")]


def _text(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str | int | float):
        return str(value).strip() or None
    return None


def check(doc: YamlDoc, path: str) -> tuple[FrontMatter | None, list[Problem]]:
    """Check the parsed front matter of one post."""
    data = doc.data
    if not isinstance(data, dict):
        kind = kind_of(data)
        return None, [
            Problem(path, doc.first_line, f"front matter is {kind}; it must be 'key: value' lines")
        ]
    problems: list[Problem] = []

    def line(key: str) -> int:
        return doc.line_of(key)

    for key in data:
        if key not in FIELDS:
            problems.append(
                Problem(
                    path,
                    line(key),
                    f"unknown front-matter key '{key}'{did_you_mean(str(key), FIELDS)}; "
                    "put site-specific keys under extra:",
                )
            )
    for key in REQUIRED:
        value = data.get(key)
        if value is None:
            problems.append(
                Problem(path, doc.first_line, f"missing required key '{key}' ({FIELDS[key]})")
            )
        elif isinstance(value, str) and not value.strip():
            problems.append(Problem(path, line(key), f"'{key}' is empty ({FIELDS[key]})"))

    def text(key: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        result = _text(value)
        if result is None and isinstance(value, str):
            if key not in REQUIRED:  # (a required one is reported above)
                problems.append(
                    Problem(path, line(key), f"'{key}' is empty; give it a value or remove it")
                )
        elif result is None:
            problems.append(Problem(path, line(key), f"'{key}' must be text, not {kind_of(value)}"))
        return result

    published = None
    date = data.get("date")
    if date is not None and not (isinstance(date, str) and not date.strip()):
        published = fields.as_datetime(date)
        if published is None:
            problems.append(Problem(path, line("date"), fields.bad_date(date)))
    updated = None
    if data.get("updated") is not None:
        updated = fields.as_datetime(data["updated"])
        if updated is None:
            problems.append(Problem(path, line("updated"), fields.bad_date(data["updated"])))
        elif published is not None and updated < published:
            problems.append(Problem(path, line("updated"), "'updated' is before 'date'"))

    raw_tags = data.get("tags") or []
    if isinstance(raw_tags, str):
        raw_tags = [raw_tags]
    tags: list[str] = []
    if not isinstance(raw_tags, list):
        problems.append(Problem(path, line("tags"), "'tags' must be a list, e.g. [a, b]"))
    else:
        for index, tag in enumerate(raw_tags):
            label = _text(tag)
            if label is None:
                problems.append(
                    Problem(
                        path, doc.line_of("tags", index), f"a tag must be text, not {kind_of(tag)}"
                    )
                )
            elif label not in tags:
                tags.append(label)

    draft = data.get("draft", False)
    if not isinstance(draft, bool):
        problems.append(Problem(path, line("draft"), "'draft' must be true or false"))
        draft = False

    toc = data.get("toc")
    if toc is not None and not isinstance(toc, bool):
        problems.append(Problem(path, line("toc"), "'toc' must be true or false"))
    reviewed = data.get("reviewed")
    if reviewed is not None and not isinstance(reviewed, bool):
        problems.append(Problem(path, line("reviewed"), "'reviewed' must be true or false"))

    values = {key: text(key) for key in FIELDS if key not in _OWN_CHECKS}
    if not draft and (values["summary"] or "").startswith("TODO:"):
        # 'mot-blog new' writes a TODO summary into a draft; publishing it is a mistake.
        problems.append(
            Problem(
                path, line("summary"), "the summary is still a TODO; write it before publishing"
            )
        )
    if values["image"] and not values["image_alt"]:
        problems.append(
            Problem(
                path,
                line("image"),
                "'image' needs 'image_alt': describe the picture for readers who cannot see it",
            )
        )
    if values["translated_by"] not in (None, *TRANSLATED_BY):
        problems.append(
            Problem(
                path,
                line("translated_by"),
                f"'translated_by' must be 'human' or 'machine', not '{values['translated_by']}'",
            )
        )
    canonical = values["canonical_url"]
    if canonical is not None and (wrong := fields.canonical_problem(canonical)) is not None:
        problems.append(Problem(path, line("canonical_url"), wrong))
    authors = _authors(doc, path, problems, text)
    aliases = _aliases(doc, path, problems)
    extra = _extra(doc, path, problems)
    if problems or published is None:
        return None, problems
    lines = {str(k): doc.line_of(k) for k in data}
    for key in ("authors", "aliases"):
        if isinstance(data.get(key), list):
            lines.update({f"{key}.{i}": doc.line_of(key, i) for i in range(len(data[key]))})
    return (
        FrontMatter(
            title=values["title"] or "",
            published=published,
            summary=values["summary"],
            category=values["category"],
            tags=tuple(tags),
            authors=authors,
            image=values["image"],
            image_alt=values["image_alt"],
            image_credit=values["image_credit"],
            translation_key=values["translation_key"],
            slug=values["slug"],
            draft=draft,
            updated=updated,
            translated_from=values["translated_from"],
            aliases=aliases,
            canonical_url=canonical,
            extra=extra,
            lines=lines,
            toc=toc,
            translated_by=values["translated_by"],
            reviewed=reviewed,
            translator=values["translator"],
        ),
        [],
    )


def _authors(
    doc: YamlDoc, path: str, problems: list[Problem], text: Callable[[str], str | None]
) -> tuple[str, ...]:
    """``author: a`` or ``authors: [a, b]`` (not both) as the keys in order."""
    data = doc.data
    if "authors" not in data:
        author = text("author")
        return (author,) if author else ()
    if "author" in data:
        problems.append(
            Problem(
                path,
                doc.line_of("authors"),
                "'author' and 'authors' are both set; keep one ('authors: [a, b]' lists several)",
            )
        )
    keys, wrong = fields.names(data["authors"])
    for index, message in wrong:
        at = doc.line_of("authors", index) if index >= 0 else doc.line_of("authors")
        problems.append(Problem(path, at, message))
    return tuple(keys)


def _aliases(doc: YamlDoc, path: str, problems: list[Problem]) -> tuple[str, ...]:
    """``aliases:`` (a list of old URLs; one alone is a list of one), each checked."""
    value = doc.data.get("aliases")
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        problems.append(
            Problem(
                path,
                doc.line_of("aliases"),
                f"'aliases' must be a list of old URLs, e.g. [/2019/05/old-slug/], "
                f"not {kind_of(value)}",
            )
        )
        return ()
    found: dict[str, str] = {}  # path -> as written
    for index, item in enumerate(items):
        at = doc.line_of("aliases", index) if isinstance(value, list) else doc.line_of("aliases")
        alias, message = fields.alias_path(item)
        if alias is None:
            problems.append(Problem(path, at, message))
        elif alias in found:
            same = "is listed twice" if found[alias] == item else f"is '{found[alias]}' again"
            problems.append(Problem(path, at, f"alias '{item}' {same}; keep one"))
        else:
            found[alias] = item
    return tuple(found)


def _extra(doc: YamlDoc, path: str, problems: list[Problem]) -> FrozenMap:
    """``extra:``: any mapping, frozen (an empty ``extra:`` is an empty mapping)."""
    value = doc.data.get("extra")
    if value is None:
        return EMPTY
    if not isinstance(value, dict):
        problems.append(
            Problem(
                path,
                doc.line_of("extra"),
                f"'extra' must be a mapping of your own keys (extra: {{series: ...}}), "
                f"not {kind_of(value)}",
            )
        )
        return EMPTY
    return freeze(value)


def read_front_matter(raw: bytes, path: str) -> tuple[FrontMatter | None, str, int, list[Problem]]:
    """Decode, split, parse and check one post; returns (front matter, body, body line, problems)."""
    text, problems = decode(raw, path)
    if text is None:
        return None, "", 1, problems
    parts, problems = split(text, path)
    if parts is None:
        return None, "", 1, problems
    doc, problems = parse_yaml(parts.yaml_text, path, parts.yaml_first_line)
    if doc is None:
        return None, parts.body, parts.body_first_line, problems
    meta, check_problems = check(doc, path)
    return meta, parts.body, parts.body_first_line, problems + check_problems
