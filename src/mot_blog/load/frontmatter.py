"""Split a post into its YAML front matter and Markdown body, and check the fields.

The result is a :class:`FrontMatter` of plain values; resolving authors, terms
and translation groups is :mod:`mot_blog.model.assemble`'s job, because it needs the
whole site. Every problem names the file's own line (not the YAML block's).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from mot_blog.errors import Problem, did_you_mean
from mot_blog.load.yamldoc import YamlDoc, kind_of, parse_yaml
from mot_blog.records import Record

FIELDS = {
    "title": "required, text",
    "date": "required, YYYY-MM-DD or an ISO 8601 date-time",
    "summary": "required, text: the card and meta description",
    "category": "required, one label (in the post's language) or term key",
    "tags": "optional, list of labels",
    "author": "optional, a key of content/authors.yaml",
    "image": "optional, path under static/",
    "image_alt": "required with image",
    "image_credit": "optional, who made the image",
    "translation_key": "optional, shared by the translations of one post",
    "slug": "optional, defaults to the file name",
    "draft": "optional, true keeps the post out of the build",
    "updated": "optional, date of the last real change",
    "translated_from": "optional, written by 'mot-blog new --translation-of'",
}
REQUIRED = ("title", "date", "summary", "category")


@dataclass(frozen=True, slots=True)
class FrontMatter(Record):
    """Checked front-matter values of one post."""

    title: str
    published: dt.datetime
    """Publication moment, timezone-aware (a bare date is midnight UTC)."""
    summary: str
    category: str
    tags: tuple[str, ...]
    author: str | None
    image: str | None
    image_alt: str | None
    image_credit: str | None
    translation_key: str | None
    slug: str | None
    draft: bool
    updated: dt.datetime | None
    translated_from: str | None
    lines: dict[str, int]
    """File line of each key, for later diagnostics."""


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


def _as_datetime(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    if isinstance(value, str):
        try:
            return _as_datetime(dt.datetime.fromisoformat(value.strip()))
        except ValueError:
            return None
    return None


def _text(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str | int | float):
        return str(value).strip() or None
    return None


def _bad_date(value: Any) -> str:
    """``bad date '2024-13-45'`` (text as written), or what else the value is."""
    if isinstance(value, str):
        return f"bad date {value!r}"
    return f"a date must be written as a date, not {kind_of(value)}"


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
                    f"unknown front-matter key '{key}'{did_you_mean(str(key), FIELDS)}",
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
        published = _as_datetime(date)
        if published is None:
            problems.append(
                Problem(
                    path,
                    line("date"),
                    f"{_bad_date(date)}; write it as YYYY-MM-DD, e.g. 2022-05-17",
                )
            )
    updated = None
    if data.get("updated") is not None:
        updated = _as_datetime(data["updated"])
        if updated is None:
            problems.append(
                Problem(
                    path, line("updated"), f"{_bad_date(data['updated'])}; write it as YYYY-MM-DD"
                )
            )
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

    values = {key: text(key) for key in FIELDS if key not in ("date", "updated", "tags", "draft")}
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
    if problems or published is None:
        return None, problems
    return (
        FrontMatter(
            title=values["title"] or "",
            published=published,
            summary=values["summary"] or "",
            category=values["category"] or "",
            tags=tuple(tags),
            author=values["author"],
            image=values["image"],
            image_alt=values["image_alt"],
            image_credit=values["image_credit"],
            translation_key=values["translation_key"],
            slug=values["slug"],
            draft=draft,
            updated=updated,
            translated_from=values["translated_from"],
            lines={str(k): doc.line_of(k) for k in data},
        ),
        [],
    )


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
