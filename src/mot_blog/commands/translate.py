"""``mot-blog translate extract|update``: the PO files of posts for translators.

``extract --locale L [POST...]`` writes ``translations/L/<translation_key>.po`` for each
post named (by default: each original post of another locale that has no version in L
yet), with an empty msgstr per segment (:mod:`mot_blog.markup.po_posts`); it never
replaces a file that exists. ``update --locale L [POST...]`` brings existing PO files
up to date with their sources' current text, as gettext's ``msgmerge`` does (Babel's
``Catalog.update``): an unchanged segment keeps its translation, a changed one keeps
its old translation marked fuzzy (with the previous source text beside it), a new one
is untranslated, a removed one stays at the end as an obsolete entry.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path

from babel.core import Locale
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from mot_blog.errors import BuildFailed, Problem
from mot_blog.load.bundles import translation_key_of
from mot_blog.load.config import SiteConfig, load_config
from mot_blog.load.sources import TRANSLATIONS_DIR, SourceFile, read_content
from mot_blog.markup.po_posts import FIELDS, SourcePost, read_source
from mot_blog.markup.segments import Segment

_ORIGIN = b"\ntranslated_from:"


@dataclass(frozen=True, slots=True)
class Written:
    """One PO file written, and what is in it."""

    path: str
    entries: int
    fuzzy: int
    untranslated: int


def _comments(segment: Segment) -> list[str]:
    notes = [segment.kind]
    if segment.pieces:
        notes.append("Keep each <n>, </n> and {n} as it is; they stand for:")
        notes += [f"{token} {markup!r}" for token, markup in segment.pieces.items()]
    return notes


def post_catalog(source: SourcePost, locale: Locale, key: str, project: str) -> Catalog:
    """A catalog with one untranslated entry per segment of ``source``."""
    header = (
        f"# {locale.english_name} translation of {source.path}.\n"
        "# Written by 'mot-blog translate extract'; after the source changes,\n"
        "# 'mot-blog translate update' marks the entries whose text changed as fuzzy.\n"
        "# Keep each <n>, </n> and {n}: they stand for the source's markup."
    )
    catalog = Catalog(
        locale=locale, domain=key, project=project, fuzzy=False, header_comment=header
    )
    for name, (text, line) in source.fields.items():
        catalog.add(text, "", [(source.path, line)], auto_comments=[FIELDS[name]])
    for segment in source.segments:
        line = source.body_first_line + segment.line
        catalog.add(segment.text, "", [(source.path, line)], auto_comments=_comments(segment))
    return catalog


def _posts(root: Path, config: SiteConfig) -> list[SourceFile]:
    tree, problems = read_content(root, tuple(locale.code for locale in config.locales))
    if problems:
        raise BuildFailed(problems)
    return list(tree.posts)


def _chosen(
    root: Path, posts: list[SourceFile], locale: str, named: list[Path], update: bool
) -> list[tuple[SourceFile, str]]:
    """The posts to write a PO file of, each with its translation key."""
    keys = {post.path: translation_key_of(post.content(), post.path) for post in posts}
    # The translations in Markdown the locale has, by key: a PO file beside one would be a
    # second translation of the post (a problem at the next build).
    have = {keys[p.path]: p.path for p in posts if p.locale == locale and keys[p.path]}
    if not named:
        folder = root / TRANSLATIONS_DIR / locale
        chosen = [
            post
            for post in posts
            if post.locale != locale
            and keys[post.path]
            and _ORIGIN not in post.content().split(b"\n---", 1)[0]
            and keys[post.path] not in have
            and (folder / f"{keys[post.path]}.po").exists() == update
        ]
        return [(post, str(keys[post.path])) for post in chosen]
    by_path = {post.path: post for post in posts}
    out = []
    for file in named:
        if not file.exists() and (root / file).exists():
            file = root / file  # written relative to the site rather than to the working folder
        try:
            rel = file.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            raise BuildFailed([Problem(str(file), None, "not a file of this site")]) from None
        post = by_path.get(rel)
        if post is None:
            raise BuildFailed([Problem(rel, None, "not a post of this site (under content/)")])
        if post.locale == locale:
            raise BuildFailed(
                [Problem(rel, None, f"is a {locale} post already; name the post to translate")]
            )
        key = keys[rel]
        if not key:
            raise BuildFailed(
                [
                    Problem(
                        rel,
                        1,
                        "has no translation_key; add one (the PO file is named after it, "
                        "and the translation joins the post by it)",
                    )
                ]
            )
        if key in have and not update:
            raise BuildFailed(
                [
                    Problem(
                        rel,
                        None,
                        f"has a {locale} translation already, {have[key]}; translate in that "
                        "file, or delete it before extracting a PO file",
                    )
                ]
            )
        out.append((post, key))
    return out


def translate(root: Path, locale_code: str, named: list[Path], *, update: bool) -> list[Written]:
    """Write (``update=False``) or update the PO files of ``named`` (or of every post that
    needs one) for ``locale_code``; what was written, in order."""
    config = load_config(root)
    locale = next((lc for lc in config.locales if lc.code == locale_code), None)
    if locale is None:
        codes = ", ".join(lc.code for lc in config.locales)
        raise BuildFailed(
            [Problem("site.yaml", None, f"no locale {locale_code} (the site has: {codes})")]
        )
    posts = _posts(root, config)
    written = []
    for post, key in _chosen(root, posts, locale_code, named, update):
        rel = f"{TRANSLATIONS_DIR}/{locale_code}/{key}.po"
        path = root / rel
        source, problems = read_source(post.content(), post.path)
        if source is None:
            raise BuildFailed(problems)
        template = post_catalog(source, locale.babel, key, config.title(locale_code))
        if not update:
            if path.exists():
                raise BuildFailed(
                    [Problem(rel, None, "exists; run 'mot-blog translate update' to refresh it")]
                )
            catalog = template
        else:
            if not path.exists():
                raise BuildFailed(
                    [Problem(rel, None, "does not exist; 'mot-blog translate extract' writes it")]
                )
            try:
                catalog = read_po(io.BytesIO(path.read_bytes()), abort_invalid=True)
            except Exception as exc:  # noqa: BLE001 (Babel raises several kinds)
                raise BuildFailed([Problem(rel, None, f"not a readable PO file: {exc}")]) from None
            catalog.update(template, update_creation_date=False)
        _write(path, catalog)
        messages = [m for m in catalog if m.id]
        written.append(
            Written(
                rel,
                len(messages),
                sum(m.fuzzy for m in messages),
                sum(not m.string for m in messages),
            )
        )
    return written


def _write(path: Path, catalog: Catalog) -> None:
    """Write the PO file whole or not at all (a new file, renamed over the old one)."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, include_previous=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(buffer.getvalue())
    os.replace(temporary, path)
