"""``mot-blog status``: what is translated, what is stale, what is missing.

Posts: the files of ``content/`` grouped by ``translation_key`` (a post
without one is a group of its own). A translation records what it was made
from in ``translated_from: "<locale>:<hash>"`` (:mod:`mot_blog.model.origins`);
it is *stale* when the body of that locale's version no longer hashes to the
recorded value. ``mark_translated`` refreshes the record once the translator
has caught up, rewriting that one line and nothing else.

Catalogs: every ``.po`` file the build would read (site, then theme) for each
configured locale, with its untranslated and fuzzy messages, counting the
messages of the folder's ``messages.pot`` that the catalog does not hold yet.

This reads files leniently on purpose: a post with an unrelated front-matter
problem still has a status (the build reports the problem).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from mot_blog.errors import BuildFailed, Problem
from mot_blog.load.config import SiteConfig, load_config
from mot_blog.load.frontmatter import decode, split
from mot_blog.load.i18n import DOMAIN, LOCALES_DIR, find_catalogs, read_catalog, read_template
from mot_blog.load.sources import read_content
from mot_blog.load.theme import search_path
from mot_blog.load.yamldoc import parse_yaml
from mot_blog.model.origins import body_hash, format_origin, parse_origin

ORIGIN_KEY = "translated_from"

ORIGINAL = "original"
"""A version with no ``translated_from``: written in its own language."""
CURRENT = "current"
"""A translation whose source has not changed since."""
STALE = "stale"
"""A translation whose source body changed after it was made."""
BROKEN = "broken"
"""A translation whose record is malformed or names a locale the group lacks."""


@dataclass(frozen=True, slots=True)
class PostFile:
    """What status needs from one post file."""

    path: str
    locale: str
    group: str
    body: str
    origin: str | None
    """The raw ``translated_from`` value, when there is one."""
    origin_line: int | None


@dataclass(frozen=True, slots=True)
class Version:
    """One locale's version in a translation group."""

    locale: str
    path: str
    state: str
    detail: str
    source: str | None = None
    """The file it was translated from."""


@dataclass(frozen=True, slots=True)
class Group:
    """A translation group: its versions in locale order, and the locales it lacks."""

    key: str
    versions: tuple[Version, ...]
    missing: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CatalogStatus:
    """One ``.po`` file of one locale."""

    locale: str
    path: str
    messages: int
    untranslated: tuple[str, ...]
    fuzzy: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Report:
    """The whole translation report."""

    groups: tuple[Group, ...]
    catalogs: tuple[CatalogStatus, ...]
    problems: tuple[Problem, ...]

    @property
    def needs_work(self) -> bool:
        """What ``--strict`` fails on: stale or broken translations, catalog gaps, unreadable files.

        A post that exists in fewer locales than configured is listed but is
        not a failure: publishing a post in one language only is allowed
        (``untranslated`` in ``site.yaml`` decides how the others show it).
        """
        return bool(
            self.problems
            or any(v.state in (STALE, BROKEN) for g in self.groups for v in g.versions)
            or any(c.untranslated or c.fuzzy for c in self.catalogs)
        )

    def as_json(self) -> dict[str, object]:
        """The ``--format json`` shape."""
        return {
            "groups": [
                {
                    "key": g.key,
                    "versions": [
                        {
                            "locale": v.locale,
                            "path": v.path,
                            "state": v.state,
                            "detail": v.detail,
                            "source": v.source,
                        }
                        for v in g.versions
                    ],
                    "missing": list(g.missing),
                }
                for g in self.groups
            ],
            "catalogs": [
                {
                    "locale": c.locale,
                    "path": c.path,
                    "messages": c.messages,
                    "untranslated": list(c.untranslated),
                    "fuzzy": list(c.fuzzy),
                }
                for c in self.catalogs
            ],
            "problems": [
                {"path": p.path, "line": p.line, "message": p.message} for p in self.problems
            ],
            "needs_work": self.needs_work,
        }


# ---- posts ---------------------------------------------------------------------------------


def read_post(path: str, locale: str, raw: bytes) -> tuple[PostFile | None, list[Problem]]:
    """Group key, body hash and translation record of one post file."""
    text, problems = decode(raw, path)
    if text is None:
        return None, problems
    parts, problems = split(text, path)
    if parts is None:
        return None, problems
    doc, problems = parse_yaml(parts.yaml_text, path, parts.yaml_first_line)
    if doc is None:
        return None, problems
    data = doc.data if isinstance(doc.data, dict) else {}
    key = data.get("translation_key")
    origin = data.get(ORIGIN_KEY)
    return (
        PostFile(
            path=path,
            locale=locale,
            # As assemble does: the key, stripped; a post without one is a group of its own.
            group=str(key).strip() if isinstance(key, str | int) and str(key).strip() else path,
            body=parts.body,
            origin=None if origin is None else str(origin),
            origin_line=doc.key_lines.get((ORIGIN_KEY,)),
        ),
        [],
    )


def _version(post: PostFile, group: dict[str, PostFile]) -> Version:
    if post.origin is None:
        return Version(post.locale, post.path, ORIGINAL, "original")
    parsed = parse_origin(post.origin)
    if parsed is None:
        return Version(
            post.locale, post.path, BROKEN, f"{ORIGIN_KEY} '{post.origin}' is not '<locale>:<hash>'"
        )
    locale, digest = parsed
    source = group.get(locale)
    if source is None or source is post:
        return Version(
            post.locale,
            post.path,
            BROKEN,
            f"translated from {locale}, but the group has no other {locale} post",
        )
    if body_hash(source.body) != digest:
        return Version(
            post.locale, post.path, STALE, f"{locale} changed since it was translated", source.path
        )
    return Version(post.locale, post.path, CURRENT, f"up to date with {locale}", source.path)


def read_posts(root: Path, config: SiteConfig) -> tuple[list[PostFile], list[Problem]]:
    """Every post file of the site, read leniently."""
    codes = tuple(locale.code for locale in config.locales)
    tree, _layout_problems = read_content(root, codes)
    posts, problems = [], []
    for source in tree.posts:
        post, found = read_post(source.path, source.locale, source.content())
        problems += found
        if post is not None:
            posts.append(post)
    return posts, problems


def translation_groups(config: SiteConfig, posts: list[PostFile]) -> list[Group]:
    """Posts grouped by translation key, each version with its state."""
    codes = [locale.code for locale in config.locales]
    by_key: dict[str, dict[str, PostFile]] = defaultdict(dict)
    for post in posts:
        # Two posts of one locale in one group is a build problem; status shows the first.
        by_key[post.group].setdefault(post.locale, post)
    groups = []
    for key in sorted(by_key):
        members = by_key[key]
        versions = tuple(_version(members[code], members) for code in codes if code in members)
        groups.append(Group(key, versions, tuple(code for code in codes if code not in members)))
    return groups


# ---- catalogs -------------------------------------------------------------------------------


def _template_ids(base: Path, label: str) -> set[str]:
    """Msgids of a ``messages.pot`` (none when it is missing or unreadable)."""
    template = read_template(base, label)
    if template is None:
        return set()
    return {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}


def catalog_statuses(root: Path, config: SiteConfig) -> tuple[list[CatalogStatus], list[Problem]]:
    """Untranslated and fuzzy messages of every catalog, per configured locale."""
    statuses, problems = [], []
    for locale in config.locales:
        files = find_catalogs(locale, search_path(root))
        if not files and locale.babel.language != "en":
            problems.append(
                Problem(
                    f"{LOCALES_DIR}/{locale.gettext_dir}/LC_MESSAGES/{DOMAIN}.po",
                    None,
                    f"no catalog for {locale.code}: every UI string shows in English",
                )
            )
        for file in files:
            catalog, found = read_catalog(file, locale)
            problems += found
            if catalog is None:
                continue
            # <base>/locales/<name>/LC_MESSAGES/messages.po -> <base>/locales/messages.pot
            label = file.display[: file.display.index(LOCALES_DIR)]
            template = _template_ids(file.path.parents[3], label)
            messages = [m for m in catalog if m.id]
            held = {m.id if isinstance(m.id, str) else m.id[0] for m in messages}
            untranslated = [
                m.id if isinstance(m.id, str) else m.id[0]
                for m in messages
                if not m.fuzzy and not all(m.string if isinstance(m.string, tuple) else (m.string,))
            ]
            untranslated += sorted(template - held)
            fuzzy = [m.id if isinstance(m.id, str) else m.id[0] for m in messages if m.fuzzy]
            statuses.append(
                CatalogStatus(
                    locale.code,
                    file.display,
                    len(held | template),
                    tuple(untranslated),
                    tuple(fuzzy),
                )
            )
    return statuses, problems


def translation_report(root: Path) -> Report:
    """The report of ``mot-blog status`` (BuildFailed when ``site.yaml`` itself is unusable)."""
    config = load_config(root)
    posts, problems = read_posts(root, config)
    catalogs, found = catalog_statuses(root, config)
    problems += found
    return Report(
        tuple(translation_groups(config, posts)), tuple(catalogs), tuple(sorted(set(problems)))
    )


# ---- refreshing the record -----------------------------------------------------------------

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


# ---- the terminal table --------------------------------------------------------------------

_MARK = {ORIGINAL: "original", CURRENT: "up to date", STALE: "STALE", BROKEN: "BROKEN"}


def format_report(report: Report) -> str:
    """The report as aligned plain-text tables."""
    lines = ["Translations"]
    rows: list[tuple[str, ...]] = [("GROUP", "LOCALE", "STATE", "FILE / DETAIL")]
    for group in report.groups:
        for index, version in enumerate(group.versions):
            detail = (
                version.path if version.state == ORIGINAL else f"{version.path} ({version.detail})"
            )
            rows.append(
                (group.key if index == 0 else "", version.locale, _MARK[version.state], detail)
            )
        for code in group.missing:
            rows.append(("" if group.versions else group.key, code, "missing", "-"))
    lines += _table(rows)
    stale = sum(v.state == STALE for g in report.groups for v in g.versions)
    broken = sum(v.state == BROKEN for g in report.groups for v in g.versions)
    missing = sum(len(g.missing) for g in report.groups)
    lines.append(
        f"  {len(report.groups)} groups: {stale} stale, {broken} broken, "
        f"{missing} locale version(s) not written"
    )
    lines += ["", "Catalogs"]
    rows = [("LOCALE", "CATALOG", "MESSAGES", "UNTRANSLATED", "FUZZY")]
    for catalog in report.catalogs:
        rows.append(
            (
                catalog.locale,
                catalog.path,
                str(catalog.messages),
                str(len(catalog.untranslated)),
                str(len(catalog.fuzzy)),
            )
        )
    lines += _table(rows)
    for catalog in report.catalogs:
        lines += [f"  {catalog.path}: untranslated: {msgid}" for msgid in catalog.untranslated]
        lines += [f"  {catalog.path}: fuzzy: {msgid}" for msgid in catalog.fuzzy]
    if report.problems:
        lines += ["", "Problems"] + [f"  {problem}" for problem in report.problems]
    return "\n".join(lines)


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  "
        + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
