"""An :class:`~mot_blog.commands.importing.model.ImportedSite` as the files of a mot-blog site.

Everything is decided here, the same way for every importer: each post's slug (unique in
its locale, never a listing's segment), its file (``content/<locale>/<slug>.md``, or a
bundle folder when it has files), its ``translation_key`` (only for groups of more than
one post), links between posts (``mot-import-ref:N``) made the linked post's URL in the
linking post's language, ``content/authors.yaml``, ``content/terms.yaml``,
``templates/shortcodes/`` and ``site.yaml``. Nothing touches the disk:
:func:`plan_site` gives texts and the source files to copy, in a fixed order, so that the
same source always gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mot_blog.commands.importing.model import REF, ImportedSite, Note, Notes, Post
from mot_blog.commands.importing.terms import grouped_terms
from mot_blog.commands.importing.texts import (
    authors_yaml,
    front_matter,
    po_catalog,
    shortcode_template,
    site_yaml,
    terms_yaml,
)
from mot_blog.load.theme import THEME_DIR
from mot_blog.model.urls import slugify

KEY_ORDER = (
    "title", "date", "updated", "summary", "category", "tags", "author", "authors", "image",
    "image_alt", "image_credit", "translation_key", "draft", "aliases", "canonical_url",
    "extra",
)  # fmt: skip
"""mot-blog's front-matter keys in the order an imported post writes them."""
RESERVED = frozenset({"category", "tag", "page", "feed.xml", "404.html", "authors"})
_REF = re.compile(re.escape(REF) + r"(\d+)")


@dataclass(frozen=True, slots=True)
class Planned:
    """The new site: texts to write and source files to copy, by path below the site."""

    texts: Mapping[str, str]
    copies: Mapping[str, Path]
    notes: tuple[Note, ...]
    posts: Mapping[str, tuple[str, ...]]
    """Locale -> the new site's post files, for the report."""
    groups: tuple[tuple[str, tuple[str, ...]], ...]
    """Translation key -> the post files of its group."""


def plan_site(site: ImportedSite) -> Planned:
    """The files of the new site for ``site``, and what was noted on the way."""
    notes = Notes()
    notes.items.extend(site.notes)
    codes = [locale.code for locale in site.locales]
    posts = sorted(site.posts, key=lambda p: (codes.index(p.locale), p.source, p.line))
    slugs = _slugs(posts, notes)
    keys = _group_keys(posts, slugs, codes, notes)
    files = {id(post): _post_path(post, slugs[id(post)]) for post in posts}
    base_path = "/" + site.base_url.split("://", 1)[-1].partition("/")[2]
    base_path = base_path if base_path.endswith("/") else base_path + "/"
    prefixes = {locale.code: locale.prefix for locale in site.locales}
    texts: dict[str, str] = {}
    copies: dict[str, Path] = {}
    by_source = {post.source: post for post in posts}
    in_group: dict[tuple[str, str], Post] = {}
    for post in posts:
        if keys.get(id(post)):
            in_group[(keys[id(post)], post.locale)] = post

    def url_of(ref_index: int, post: Post) -> str:
        ref = site.references[ref_index]
        target = by_source.get(ref.target)
        if target is None:
            notes.hand(
                ref.path or _file(post),
                ref.line,
                f"link to '{ref.original}': no imported post is that file; written as that path, fix it by hand",
            )
            return ref.original
        if target.locale != ref.locale and keys.get(id(target)):
            target = in_group.get((keys[id(target)], ref.locale), target)
        slug = slugs[id(target)]
        return f"{base_path}{prefixes[target.locale]}/{slug}/{ref.fragment}"

    taken = _taken_aliases(posts, slugs, prefixes, notes)
    for post in posts:
        body = _REF.sub(lambda m, p=post: url_of(int(m.group(1)), p), post.body)  # type: ignore[misc]
        front = _front(post, keys.get(id(post)), taken, notes)
        path = files[id(post)]
        texts[path] = front_matter(front) + "\n" + body.strip("\n") + "\n"
        folder = path.rsplit("/", 1)[0]
        for copied in post.files:
            copies[f"{folder}/{copied.target}"] = copied.source
    for copied in site.static:
        copies[f"static/{copied.target}"] = copied.source
    texts["site.yaml"] = site_yaml(site)
    if site.authors:
        texts["content/authors.yaml"] = authors_yaml(site)
    terms = grouped_terms(posts, keys, codes, site.terms, notes)
    if terms:
        texts["content/terms.yaml"] = terms_yaml(terms)
    for shortcode in sorted(site.shortcodes, key=lambda s: s.name):
        texts[f"templates/shortcodes/{shortcode.name}.html"] = shortcode_template(shortcode)
        if shortcode.original:
            texts[f"import-originals/shortcodes/{shortcode.name}.html"] = shortcode.original
    for code, messages in sorted(site.catalogs.items()):
        if messages:
            texts[f"locales/{code.replace('-', '_')}/LC_MESSAGES/messages.po"] = po_catalog(
                code, messages
            )
    for locale in site.locales:
        language = locale.code.split("-")[0].lower()
        has = (THEME_DIR / "locales" / language).is_dir() or language == "en"
        if not has:
            notes.hand(
                "site.yaml", None,
                f"locale {locale.code}: the theme has no catalog of its messages in this language; "
                f"start one (pybabel init -l {language}, see docs/languages.md) and translate it, "
                "or its pages show the theme's words in English",
            )  # fmt: skip
    posts_by_locale = {
        code: tuple(files[id(p)] for p in posts if p.locale == code) for code in codes
    }
    groups: dict[str, list[str]] = {}
    for post in posts:
        if keys.get(id(post)):
            groups.setdefault(keys[id(post)], []).append(files[id(post)])
    return Planned(
        dict(sorted((k, v) for k, v in texts.items() if _safe(k, notes))),
        dict(sorted((k, v) for k, v in copies.items() if _safe(k, notes))),
        tuple(sorted(set(notes.items), key=_note_order)),
        posts_by_locale,
        tuple(sorted((key, tuple(members)) for key, members in groups.items())),
    )


def _alias_key(alias: object) -> str:
    text = "/" + str(alias).strip("/")
    return text if "." in text.rsplit("/", 1)[-1] else text + "/"


def _taken_aliases(
    posts: list[Post], slugs: dict[int, str], prefixes: dict[str, str], notes: Notes
) -> set[str]:
    """Old URLs two posts claim (the source site wrote one over the other), or that are a
    new post's URL: kept by neither, with a note."""
    urls = {f"/{prefixes[p.locale]}/{slugs[id(p)]}/" for p in posts}
    claimed: dict[str, list[Post]] = {}
    for post in posts:
        for alias in dict.fromkeys(_alias_key(a) for a in post.front.get("aliases") or ()):
            claimed.setdefault(alias, []).append(post)
    taken = set()
    for alias, owners in sorted(claimed.items()):
        if len(owners) > 1 or alias in urls:
            taken.add(alias)
            why = (
                "is the URL of a new post" if alias in urls
                else f"is the old URL of {len(owners)} posts ({', '.join(p.source for p in owners)})"
            )  # fmt: skip
            first = owners[0]
            notes.dropped(
                _file(first),
                first.lines.get("aliases", first.line),
                f"old URL {alias} {why}: no redirect from it",
            )
    return taken


def _safe(rel: str, notes: Notes) -> bool:
    """Whether ``rel`` is a path inside the new site (a source's settings may name
    ``../../x`` as where a file goes: such a file is not written, and noted)."""
    parts = rel.split("/")
    if (
        rel.startswith("/")
        or "\\" in rel
        or "\x00" in rel
        or any(p in ("", ".", "..") for p in parts)
    ):
        notes.dropped(
            rel, None, "a path outside the new site (from the source's settings); not written"
        )
        return False
    return True


def _file(post: Post) -> str:
    """The source file a note about ``post`` names (a WXR item's ``export.xml#45`` is in
    ``export.xml``, at the post's line)."""
    return post.source.split("#", 1)[0]


def _note_order(note: Note) -> tuple[str, str, int, str]:
    return (note.section, note.path, note.line or 0, note.message)


def _slugs(posts: list[Post], notes: Notes) -> dict[int, str]:
    taken: dict[str, set[str]] = {}
    slugs: dict[int, str] = {}
    for post in posts:
        wanted = slugify(post.slug) or slugify(str(post.front.get("title", ""))) or "post"
        used = taken.setdefault(post.locale, set())
        slug, n = wanted, 1
        while slug in used or slug in RESERVED:
            n += 1
            slug = f"{wanted}-{n}"
        if slug != wanted:
            notes.changed(
                _file(post),
                post.line,
                f"slug '{wanted}' is taken in {post.locale}; the post is '{slug}'",
            )
        used.add(slug)
        slugs[id(post)] = slug
    return slugs


def _group_keys(
    posts: list[Post], slugs: dict[int, str], codes: list[str], notes: Notes
) -> dict[int, str]:
    """Each post's ``translation_key``: groups of posts in more than one locale, one post
    per locale (a second post of a locale in a group is left out of it, with a note)."""
    members: dict[str, list[Post]] = {}
    for post in posts:
        if post.group:
            members.setdefault(post.group, []).append(post)
    keys: dict[int, str] = {}
    used: set[str] = set()
    for group in sorted(
        members, key=lambda g: (codes.index(members[g][0].locale), members[g][0].source)
    ):
        kept: dict[str, Post] = {}
        for post in members[group]:
            if post.locale in kept:
                notes.hand(
                    _file(post),
                    post.line,
                    f"a second {post.locale} post of translation group '{group}' (with {kept[post.locale].source}); imported as a post of its own",
                )
            else:
                kept[post.locale] = post
        if len(kept) < 2:
            continue
        first = next(iter(kept.values()))
        wanted = slugify(group.rpartition(":")[2], "ascii") or slugs[id(first)]
        key, n = wanted, 1
        while key in used:
            n += 1
            key = f"{wanted}-{n}"
        used.add(key)
        for post in kept.values():
            keys[id(post)] = key
    return keys


def _post_path(post: Post, slug: str) -> str:
    if post.files:
        return f"content/{post.locale}/{slug}/index.md"
    return f"content/{post.locale}/{slug}.md"


def _front(post: Post, key: str | None, taken: set[str], notes: Notes) -> dict[str, Any]:
    """The front matter to write: the importer's, with several categories made one (the
    others become tags), keys mot-blog does not have moved under ``extra:``, aliases
    another post claims left out (``taken``)."""
    front = dict(post.front)
    aliases = [a for a in front.get("aliases") or () if _alias_key(a) not in taken]
    front["aliases"] = list(dict.fromkeys(aliases))
    extra = dict(front.pop("extra", None) or {})
    categories = [str(c) for c in front.pop("categories", None) or [] if str(c).strip()]
    if categories and "category" not in front:
        front["category"] = categories[0]
        if len(categories) > 1:
            tags = list(front.get("tags") or [])
            front["tags"] = tags + [c for c in categories[1:] if c not in tags]
            notes.changed(
                _file(post),
                post.lines.get("categories", post.line),
                f"categories {categories[1:]} became tags (a post has one category)",
            )
    if front.get("tags"):
        front["tags"] = list(dict.fromkeys(str(t) for t in front["tags"]))
    else:
        front.pop("tags", None)
    if front.get("image") and not front.get("image_alt"):
        front["image_alt"] = str(front.get("title", ""))
        notes.hand(
            _file(post),
            post.lines.get("image", post.lines.get("images", post.line)),
            "the post's image has no description: image_alt is its title; write what the picture shows",
        )
    if key:
        front["translation_key"] = key
    for name in [k for k in front if k not in KEY_ORDER]:
        extra[name] = front.pop(name)
        notes.changed(
            _file(post),
            post.lines.get(name, post.line),
            f"'{name}' kept under extra: (mot-blog has no such key)",
        )
    if extra:
        front["extra"] = extra
    kept = {k: front[k] for k in KEY_ORDER if front.get(k) not in (None, "", [], {}, False)}
    return kept
