"""``mot-blog new``: start a post, or a linked translation of one.

A new post is written as ``content/<locale>/<slug>.md`` with every required
front-matter key, and ``draft: true``: the summary is a ``TODO:`` for the
editor to replace (a published post whose summary still starts with ``TODO:``
is a build error), and the draft flag keeps a half-written post out of
``mot-blog build`` until the editor removes it (``mot-blog serve --drafts``
shows it while writing).

With ``--translation-of`` the new file is linked to its source: the same
``translation_key`` (one is added to the source when it has none, changing
nothing else in that file), the same date, image and author, the category and
tags translated through ``content/terms.yaml``, and ``translated_from``
recording the source's locale and body hash (:mod:`mot_blog.model.origins`).
The source's summary, image description and body are copied as the text to
translate.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from mot_blog.errors import Problem, did_you_mean
from mot_blog.load.config import SiteConfig, load_config
from mot_blog.load.frontmatter import FrontMatter, read_front_matter, split
from mot_blog.load.sitedata import TermTable, load_terms
from mot_blog.load.sitefiles import inside, read, walk
from mot_blog.load.sources import CONTENT_DIR, is_hidden, post_stem
from mot_blog.load.yamldoc import parse_yaml
from mot_blog.model.origins import format_origin
from mot_blog.model.urls import reserved_slugs, slugify

SUMMARY_TODO = "TODO: one or two sentences for the post's card and search results"
"""The summary a new post starts with; ``build`` rejects it in a published post."""


class NewPostError(Exception):
    """A one-line reason ``new`` wrote nothing, with the CLI exit code (1 or 2)."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True, slots=True)
class NewPost:
    """What the command line asked for."""

    title: str
    locale: str | None = None
    """Locale code; the site's default locale when None."""
    translation_of: Path | None = None
    author: str | None = None
    category: str | None = None


@dataclass(frozen=True, slots=True)
class Written:
    """What ``new`` wrote."""

    path: Path
    notes: tuple[str, ...]
    """Things the editor should know (a term without a translation...)."""
    source_changed: Path | None = None
    """The source post, when a translation key had to be added to it."""


@dataclass(frozen=True, slots=True)
class _Existing:
    path: Path
    rel: str
    locale: str
    meta: FrontMatter
    body: str
    raw: bytes


def _rel(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _read_posts(root: Path, locale: str) -> list[_Existing]:
    """The locale's posts whose front matter reads without problems."""
    folder = root / CONTENT_DIR / locale
    posts = []
    skipped: list[Problem] = []  # what the build reports: links out of the site, FIFOs...
    for name in sorted(walk(folder, f"{CONTENT_DIR}/{locale}", inside(root), skipped, is_hidden)):
        if not name.endswith(".md"):
            continue
        path = folder / name
        raw = read(path, str(path), skipped)
        if raw is None:
            continue
        rel = _rel(root, path)
        meta, body, _, problems = read_front_matter(raw, rel)
        if meta is not None and not problems:
            posts.append(_Existing(path, rel, locale, meta, body, raw))
    return posts


def _slug_of(post: _Existing, mode: str) -> str:
    return slugify(post.meta.slug or post_stem(post.rel), mode)


def _yaml_line(key: str, value: Any) -> str:
    """``key: value`` in YAML, quoted only where YAML needs it; lists as ``[a, b]``."""
    options: dict[str, Any] = {"allow_unicode": True, "width": 1_000_000}
    if isinstance(value, list):
        flow = yaml.safe_dump(value, default_flow_style=True, **options).strip()
        return f"{key}: {flow}"
    dumped = yaml.safe_dump({key: value}, default_flow_style=False, **options)
    return dumped.rstrip("\n").removesuffix("\n...")


def _author_keys(root: Path) -> list[str]:
    path = root / CONTENT_DIR / "authors.yaml"
    if not path.is_file():
        return []
    doc, _ = parse_yaml(path.read_text(encoding="utf-8-sig"), "content/authors.yaml")
    data = doc.data if doc is not None else None
    return [str(key) for key in data] if isinstance(data, dict) else []


def _check_author(root: Path, author: str | None) -> None:
    if author is None:
        return
    keys = _author_keys(root)
    if author not in keys:
        # A first name or a prefix of the key is the usual slip: suggest it too.
        hint = did_you_mean(author, keys) or next(
            (f" (did you mean '{key}'?)" for key in keys if key.startswith(author)), ""
        )
        raise NewPostError(
            f"unknown author '{author}'{hint}; use a key of content/authors.yaml",
            2,
        )


def _terms(root: Path, config: SiteConfig) -> TermTable:
    path = root / CONTENT_DIR / "terms.yaml"
    raw = path.read_bytes() if path.is_file() else None
    table, _ = load_terms(raw, tuple(locale.code for locale in config.locales), config.slugs)
    return table


def _translate_term(
    terms: TermTable, kind: str, label: str, source: str, target: str, notes: list[str]
) -> str:
    key = terms.keys.get((kind, source, label.casefold()))
    translated = terms.labels.get((kind, key, target)) if key is not None else None
    if translated is None:
        notes.append(
            f"{kind} '{label}' has no {target} label in content/terms.yaml; "
            "kept as written: translate it there or in the new file"
        )
        return label
    return translated[0]


def _source_post(root: Path, path: Path, config: SiteConfig) -> _Existing:
    candidates = [path, root / path]
    found = next((p for p in candidates if p.is_file()), None)
    if found is None:
        raise NewPostError(f"{path}: no such post to translate", 2)
    rel = _rel(root, found)
    parts = rel.split("/")
    codes = [locale.code for locale in config.locales]
    if (
        len(parts) < 3
        or parts[0] != CONTENT_DIR
        or parts[1] not in codes
        or not rel.endswith(".md")
    ):
        raise NewPostError(f"{path}: not a post of this site (content/<locale>/....md)", 2)
    raw = found.read_bytes()
    meta, body, _, problems = read_front_matter(raw, rel)
    if meta is None or problems:
        first = problems[0] if problems else f"{rel}: cannot read it"
        raise NewPostError(f"{first} (fix the source before translating it)", 1)
    return _Existing(found, rel, parts[1], meta, body, raw)


def _source_date(source: _Existing) -> Any:
    """The source's ``date`` exactly as its YAML says it (a date or a date-time)."""
    text = source.raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    parts, _ = split(text, source.rel)
    assert parts is not None  # read_front_matter accepted the file
    doc, _ = parse_yaml(parts.yaml_text, source.rel, parts.yaml_first_line)
    assert doc is not None
    return doc.data["date"]


def add_translation_key(raw: bytes, key: str) -> bytes:
    """``raw`` with a ``translation_key`` line before the closing ``---``, all else unchanged."""
    lines = raw.splitlines(keepends=True)
    newline = (
        b"\r\n" if lines[0].endswith(b"\r\n") else b"\r" if lines[0].endswith(b"\r") else b"\n"
    )
    for index in range(1, len(lines)):
        if lines[index].strip() in (b"---", b"..."):
            added = _yaml_line("translation_key", key).encode("utf-8") + newline
            return b"".join(lines[:index]) + added + b"".join(lines[index:])
    raise ValueError("front matter is not closed")


def _replace_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` over ``path`` in one step (an editor with the file open sees old or new)."""
    temp = path.with_name(f".{path.name}.mot-blog-new")
    temp.write_bytes(data)
    os.chmod(temp, path.stat().st_mode & 0o7777)
    os.replace(temp, path)


def _most_used_category(posts: list[_Existing]) -> str | None:
    counts = Counter(post.meta.category for post in posts if post.meta.category is not None)
    if not counts:
        return None
    return min(counts, key=lambda label: (-counts[label], label.casefold()))


def new_post(root: Path, request: NewPost, today: dt.date | None = None) -> Written:
    """Write the new post (never over an existing file); raise :class:`NewPostError`."""
    config = load_config(root)
    codes = [locale.code for locale in config.locales]
    locale = request.locale or config.default_locale
    if locale not in codes:
        raise NewPostError(
            f"unknown locale '{locale}'{did_you_mean(locale, codes)}; "
            f"site.yaml has {', '.join(codes)}",
            2,
        )
    title = request.title.strip()
    slug = slugify(title, config.slugs)
    if not slug:
        raise NewPostError(
            f"cannot make a file name from the title {request.title!r}; use letters or digits", 2
        )
    if slug in reserved_slugs(config.locale(locale)):
        raise NewPostError(
            f"'{slug}' is reserved for listings in {locale}; choose another title", 2
        )
    target = root / CONTENT_DIR / locale / f"{slug}.md"
    target_rel = _rel(root, target)
    if target.exists():
        raise NewPostError(f"{target_rel} already exists; refusing to overwrite it", 1)
    _check_author(root, request.author)
    posts = _read_posts(root, locale)
    clash = next((post for post in posts if _slug_of(post, config.slugs) == slug), None)
    if clash is not None:
        raise NewPostError(f"{clash.rel} already has the slug '{slug}'; choose another title", 1)

    notes: list[str] = []
    fields: dict[str, Any] = {"title": title}
    source_changed = None
    if request.translation_of is None:
        category = request.category or _most_used_category(posts)
        if category is None and locale not in config.default_category:
            notes.append(f"no category: no post in {locale} has one (pass --category to give one)")
        known = {post.meta.category for post in posts if post.meta.category} | {
            label
            for (kind, _, code), (label, _) in _terms(root, config).labels.items()
            if kind == "category" and code == locale
        }
        if category is not None and category not in known:
            notes.append(f"category '{category}' is new in {locale}{did_you_mean(category, known)}")
        fields |= {
            "date": today or dt.date.today(),
            "summary": SUMMARY_TODO,
            "category": category,
            "author": request.author,
            "translation_key": slug,
        }
        body = ""
    else:
        source = _source_post(root, request.translation_of, config)
        if source.locale == locale:
            raise NewPostError(
                f"{source.rel} is already in {locale}; pass the --locale to translate into", 2
            )
        meta = source.meta
        key = meta.translation_key or _slug_of(source, config.slugs)
        existing = next((post for post in posts if post.meta.translation_key == key), None)
        if existing is not None:
            raise NewPostError(f"{existing.rel} already translates {source.rel} into {locale}", 1)
        terms = _terms(root, config)
        fields |= {
            "date": _source_date(source),
            # (a summary taken from the body is taken from the translated body in turn)
            "summary": meta.summary,
            "category": request.category
            or (
                _translate_term(terms, "category", meta.category, source.locale, locale, notes)
                if meta.category is not None
                else None
            ),
            "tags": [
                _translate_term(terms, "tag", tag, source.locale, locale, notes)
                for tag in meta.tags
            ]
            or None,
            "author": request.author or (meta.author if len(meta.authors) == 1 else None),
            "authors": None if request.author or len(meta.authors) < 2 else list(meta.authors),
            "image": meta.image,
            "image_alt": meta.image_alt,
            "image_credit": meta.image_credit,
            "translation_key": key,
            "translated_from": format_origin(source.locale, source.body),
        }
        body = source.body.strip("\n")
        if meta.translation_key is None:
            _replace_bytes(source.path, add_translation_key(source.raw, key))
            source_changed = source.path
    lines = [_yaml_line(name, value) for name, value in fields.items() if value is not None]
    lines += [
        "# Remove 'draft: true' once the summary and the text are ready to publish.",
        "draft: true",
    ]
    text = "---\n" + "\n".join(lines) + "\n---\n\n" + (body + "\n" if body else "")
    meta_check, _, _, problems = read_front_matter(text.encode("utf-8"), target_rel)
    if meta_check is None or problems:  # a bug here, not the user's: say so plainly
        raise NewPostError(
            f"internal error: the new post would not build: {problems[0] if problems else '?'}", 1
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8", newline="\n") as file:
            file.write(text)
    except FileExistsError:
        raise NewPostError(f"{target_rel} already exists; refusing to overwrite it", 1) from None
    return Written(target, tuple(notes), source_changed)
