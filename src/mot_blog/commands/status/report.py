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

A post translated in a PO file (``translations/<locale>/<key>.po``, :mod:`mot_blog.markup.po_posts`)
is one more version of its group, read as the build reads it: *current* when every entry is
translated and none is fuzzy, *stale* while some show an older text's translation or the
source's own words (the source changed since, or the translator has not finished).

This reads files leniently on purpose: a post with an unrelated front-matter
problem still has a status (the build reports the problem).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from mot_blog.commands.status.catalogs import CatalogStatus, catalog_statuses
from mot_blog.errors import Problem
from mot_blog.load.config import SiteConfig, load_config
from mot_blog.load.fields import as_datetime
from mot_blog.load.frontmatter import decode, split
from mot_blog.load.sources import read_content
from mot_blog.load.yamldoc import parse_yaml
from mot_blog.markup.po_posts import PoProgress, po_translations
from mot_blog.model.origins import body_hash, parse_origin

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
    machine: bool = False
    """``translated_by: machine``."""
    po: PoProgress | None = None
    """For a post translated in a PO file: how far that translation is."""
    reviewed: bool = True
    """``reviewed:`` (default: true for a human translation, false for a machine one)."""
    modified: dt.datetime | None = None
    """Its last change as its front matter says (``updated``, else ``date``), if readable."""


@dataclass(frozen=True, slots=True)
class Version:
    """One locale's version in a translation group."""

    locale: str
    path: str
    state: str
    detail: str
    source: str | None = None
    """The file it was translated from."""
    line: int | None = None
    """The line of its ``translated_from``, when it has one."""
    machine: bool = False
    """A machine translation (``translated_by: machine``)."""
    awaiting_review: bool = False
    """A machine translation nobody has reviewed yet (``reviewed: true`` not written)."""
    since: dt.datetime | None = None
    """For a stale translation: when its source last changed, as the source's front matter
    says (``updated``, else ``date``); the stale age counts from it."""


@dataclass(frozen=True, slots=True)
class Group:
    """A translation group: its versions in locale order, and the locales it lacks."""

    key: str
    versions: tuple[Version, ...]
    missing: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Report:
    """The whole translation report."""

    groups: tuple[Group, ...]
    catalogs: tuple[CatalogStatus, ...]
    problems: tuple[Problem, ...]
    locales: tuple[str, ...] = ()
    """The configured locale codes, in order."""
    title: str = ""
    """The site's title in its default locale."""

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

    def as_problems(self, strict: bool = False) -> list[Problem]:
        """What needs work as problem lines (``--format github``): the unreadable files,
        each stale or broken translation at its ``translated_from`` line, each catalog gap.
        The last two are warnings, unless ``strict`` (they fail the command then)."""
        problems = list(self.problems)
        for group in self.groups:
            for v in group.versions:
                if v.state in (STALE, BROKEN):
                    message = f"{v.state} translation: {v.detail}"
                    if v.state == STALE:
                        mark = f"mot-blog status --mark-translated {v.path}"
                        message += f"; bring it up to date, then: {mark}"
                    problems.append(Problem(v.path, v.line, message, warning=not strict))
        for c in self.catalogs:
            for kind, msgids in (("untranslated", c.untranslated), ("fuzzy", c.fuzzy)):
                problems += [
                    Problem(c.path, None, f"{c.locale}: {kind}: {msgid}", warning=not strict)
                    for msgid in msgids
                ]
        return problems

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
                            "machine": v.machine,
                            "awaiting_review": v.awaiting_review,
                            "stale_since": v.since.isoformat() if v.since else None,
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
    machine = data.get("translated_by") == "machine"
    reviewed = data.get("reviewed")
    return (
        PostFile(
            path=path,
            locale=locale,
            # As assemble does: the key, stripped; a post without one is a group of its own.
            group=str(key).strip() if isinstance(key, str | int) and str(key).strip() else path,
            body=parts.body,
            origin=None if origin is None else str(origin),
            origin_line=doc.key_lines.get((ORIGIN_KEY,)),
            machine=machine,
            reviewed=reviewed if isinstance(reviewed, bool) else not machine,
            modified=as_datetime(data.get("updated")) or as_datetime(data.get("date")),
        ),
        [],
    )


def version_state(post: PostFile, group: dict[str, PostFile]) -> Version:
    """The state of ``post`` among the versions of its group (by locale)."""
    version = _state(post, group)
    if not post.machine:
        return version
    return replace(version, machine=True, awaiting_review=not post.reviewed)


def _state(post: PostFile, group: dict[str, PostFile]) -> Version:
    if post.po is not None:
        return _po_state(post, post.po, group)
    if post.origin is None:
        return Version(post.locale, post.path, ORIGINAL, "original")
    parsed = parse_origin(post.origin)
    if parsed is None:
        return Version(
            post.locale,
            post.path,
            BROKEN,
            f"{ORIGIN_KEY} '{post.origin}' is not '<locale>:<hash>'",
            line=post.origin_line,
        )
    locale, digest = parsed
    source = group.get(locale)
    if source is None or source is post:
        return Version(
            post.locale,
            post.path,
            BROKEN,
            f"translated from {locale}, but the group has no other {locale} post",
            line=post.origin_line,
        )
    if body_hash(source.body) != digest:
        detail = f"{locale} changed since it was translated"
        return Version(
            post.locale,
            post.path,
            STALE,
            detail,
            source.path,
            post.origin_line,
            since=source.modified,
        )
    return Version(post.locale, post.path, CURRENT, f"up to date with {locale}", source.path)


def _po_state(post: PostFile, progress: PoProgress, group: dict[str, PostFile]) -> Version:
    source = next((p for p in group.values() if p.path == progress.source), None)
    left = [
        f"{count} {what}"
        for count, what in ((progress.fuzzy, "fuzzy"), (progress.untranslated, "untranslated"))
        if count
    ]
    if left:
        detail = f"{' and '.join(left)} entries in its PO file"
        since = source.modified if source is not None else None
        return Version(post.locale, post.path, STALE, detail, progress.source, since=since)
    return Version(
        post.locale, post.path, CURRENT, "every entry of its PO file translated", progress.source
    )


def read_posts(root: Path, config: SiteConfig) -> tuple[list[PostFile], list[Problem]]:
    """Every post file of the site, and every PO translation the build would publish, read
    leniently (the build reports the PO files' problems)."""
    codes = tuple(locale.code for locale in config.locales)
    tree, _layout_problems = read_content(root, codes)
    progress: dict[str, PoProgress] = {}
    tree = po_translations(root, tree, codes, config.default_locale, [], progress)
    posts, problems = [], []
    for source in tree.posts:
        post, found = read_post(source.path, source.locale, source.content())
        problems += found
        if post is not None:
            posts.append(replace(post, po=progress.get(source.path)))
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
        versions = tuple(version_state(members[code], members) for code in codes if code in members)
        groups.append(Group(key, versions, tuple(code for code in codes if code not in members)))
    return groups


def translation_report(root: Path) -> Report:
    """The report of ``mot-blog status`` (BuildFailed when ``site.yaml`` itself is unusable)."""
    config = load_config(root)
    posts, problems = read_posts(root, config)
    catalogs, found = catalog_statuses(root, config)
    problems += found
    return Report(
        tuple(translation_groups(config, posts)),
        tuple(catalogs),
        tuple(sorted(set(problems))),
        tuple(locale.code for locale in config.locales),
        config.title(config.default_locale),
    )
