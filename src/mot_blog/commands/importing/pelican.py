"""Pelican sites: Markdown articles with Python-Markdown's ``Key: value`` metadata (or a
YAML block), in any language (``Lang:``, the i18n_subsites plugin's ``I18N_SUBSITES``),
linked as translations by ``ARTICLE_TRANSLATION_ID`` (Pelican's default: the slug).

``{static}``/``{attach}`` links become the files of ``static/`` (``STATIC_PATHS``),
``{filename}`` links the imported post in the reader's language, ``{tag}``, ``{category}``
and ``{index}`` the new site's listings. The old URL (``ARTICLE_URL``, or
``ARTICLE_LANG_URL`` for a language other than ``DEFAULT_LANG``) becomes an alias.
reStructuredText and HTML articles are listed in the report, not converted.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import string
from pathlib import Path
from typing import Any

from mot_blog.commands.importing import dates
from mot_blog.commands.importing.frontmatter import FrontMatterError, as_list, parse
from mot_blog.commands.importing.model import (
    REF,
    Author,
    CopiedFile,
    ImportedSite,
    Locale,
    Notes,
    Post,
    Reference,
)  # fmt: skip
from mot_blog.commands.importing.pelican_conf import settings
from mot_blog.commands.importing.sourcefiles import read_text, walk
from mot_blog.model.urls import slugify

MARKDOWN = (".md", ".markdown", ".mkd", ".mdown")
NOT_CONVERTED = {".rst": "reStructuredText", ".html": "HTML", ".htm": "HTML", ".ipynb": "Jupyter"}
OWN_OUTPUTS = frozenset({"robots.txt", "sitemap.xml", "404.html"})
USED = frozenset({
    "title", "date", "modified", "category", "tags", "author", "authors", "slug", "summary",
    "lang", "translation", "status",
})  # fmt: skip
_CODEHILITE = re.compile(
    r"^(?: {4}|\t)(?::::|#!)([\w+-]+)[^\n]*\n((?:(?: {4}|\t)[^\n]*\n|[ \t]*\n)*)", re.M
)
_LINK = re.compile(
    r"(?:\{(static|attach|filename|tag|category|author|index)\}|\|(static|attach|filename|tag|category|author|index)\|)([^\s)\"'>]*)"
)


def read_site(source: Path, options: object) -> ImportedSite:
    """A Pelican site as an :class:`ImportedSite` (see the module docstring)."""
    notes = Notes()
    conf = settings(source, notes)
    zone = dates.zone(conf.get("TIMEZONE"))
    root = str(conf["PATH"]).strip("/").removeprefix("./").strip(".")
    files = [rel[len(root) + 1 :] if root else rel for rel in walk(source, root, notes)]
    statics = [str(p).strip("/") for p in conf["STATIC_PATHS"] or []]
    pages = [str(p).strip("/") for p in conf["PAGE_PATHS"] or []]
    static: list[CopiedFile] = []
    articles: list[str] = []
    for rel in files:
        where = f"{root}/{rel}" if root else rel
        if any(rel == s or rel.startswith(s + "/") for s in statics if s):
            target = (conf["EXTRA_PATH_METADATA"].get(rel) or {}).get("path", rel)
            if target in OWN_OUTPUTS:
                notes.dropped(where, None, f"published as {target}, which mot-blog writes itself")
            else:
                static.append(CopiedFile(target, source / where, where))
        elif any(rel.startswith(p + "/") for p in pages if p):
            notes.dropped(where, None, "a Pelican page, not an article: mot-blog publishes posts")
        elif rel.endswith(MARKDOWN):
            articles.append(rel)
        elif "." + rel.rsplit(".", 1)[-1] in NOT_CONVERTED:
            kind = NOT_CONVERTED["." + rel.rsplit(".", 1)[-1]]
            notes.dropped(
                where,
                None,
                f"a {kind} article: not converted (only Markdown is); convert it to Markdown and import again, or add it by hand",
            )
        elif rel.rsplit("/", 1)[-1] != "pelicanconf.py":
            notes.dropped(where, None, "not in STATIC_PATHS: Pelican does not publish it")
    default = str(conf["DEFAULT_LANG"])
    posts: list[Post] = []
    langs = [default, *map(str, conf["I18N_SUBSITES"])]
    authors: dict[str, str] = {}
    references: list[Reference] = []
    static_names = frozenset(f.target for f in static)
    for rel in articles:
        post = _post(
            source, root, rel, conf, default, zone, static_names, references, authors, notes
        )
        if post is not None:
            posts.append(post)
            langs.append(post.locale)
    langs = list(dict.fromkeys(langs))
    subsites = conf["I18N_SUBSITES"]
    locales = tuple(
        Locale(
            lang,
            lang.lower(),
            str((subsites.get(lang) or {}).get("SITENAME") or conf.get("SITENAME") or ""),
        )
        for lang in langs
    )
    _check_markdown(conf, notes)
    if conf.get("THEME"):
        notes.dropped(
            "pelicanconf.py",
            None,
            f"THEME {conf['THEME']}: a Pelican theme is not converted; mot-blog's theme lays the pages out",
        )
    if conf.get("PLUGINS"):
        notes.hand(
            "pelicanconf.py",
            None,
            f"PLUGINS {', '.join(map(str, conf['PLUGINS']))}: Pelican plugins do not run here; check what they added to the posts",
        )
    return ImportedSite(
        "pelican", str(conf.get("SITENAME") or source.name), _base_url(conf), locales,
        tuple(posts), authors=tuple(Author(k, v) for k, v in sorted(authors.items())),
        static=tuple(static), references=tuple(references),
        settings={"markdown": {"engine": "python-markdown"}}, notes=tuple(notes.items),
    )  # fmt: skip


def _base_url(conf: dict[str, Any]) -> str:
    url = str(conf.get("SITEURL") or "")
    if not url.startswith(("http://", "https://")):
        url = "https://example.com"
    return url.rstrip("/") + "/"


def _check_markdown(conf: dict[str, Any], notes: Notes) -> None:
    """Python-Markdown extensions the site configured beyond Pelican's own (``extra``,
    ``codehilite``, ``meta``, ``toc``, which mot-blog's engine does its own way)."""
    markdown = conf.get("MARKDOWN") or {}
    configs = markdown.get("extension_configs") if isinstance(markdown, dict) else None
    own = (
        "markdown.extensions.extra",
        "markdown.extensions.codehilite",
        "markdown.extensions.meta",
        "markdown.extensions.toc",
    )
    for name in sorted(configs or {}):
        if name not in own and name.split(".")[-1] not in ("extra", "codehilite", "meta", "toc"):
            notes.hand(
                "pelicanconf.py",
                None,
                f"Markdown extension {name}: add it to markdown.extensions in site.yaml if the posts need it",
            )


def _post(
    source: Path, root: str, rel: str, conf: dict[str, Any], default: str, zone: dt.tzinfo | None,
    static_names: frozenset[str], references: list[Reference], authors: dict[str, str],
    notes: Notes,
) -> Post | None:  # fmt: skip
    where = f"{root}/{rel}" if root else rel
    text = read_text(source, where, notes)
    if text is None:
        return None
    try:
        parsed = parse(text, meta_lines=True)
    except FrontMatterError as exc:
        notes.dropped(where, exc.line, f"{exc}; the article is not imported")
        return None
    data, lines = parsed.data, parsed.lines
    if not data.get("title"):
        notes.dropped(where, None, "no Title: Pelican skips it too")
        return None
    moment = dates.read_date(data.get("date"), zone)
    if moment is None:
        notes.dropped(
            where, lines.get("date"), "no Date (or one that cannot be read): not imported"
        )
        return None
    lang = str(data.get("lang") or default)
    title = str(data["title"])
    slug = str(data.get("slug") or slugify(title, "ascii"))
    front: dict[str, Any] = {"title": title, "date": dates.date_text(moment)}
    updated = dates.later(dates.read_date(data.get("modified"), zone), moment)
    if updated is not None:
        front["updated"] = dates.date_text(updated)
    if data.get("summary"):
        front["summary"] = " ".join(re.sub(r"<[^>]+>", "", str(data["summary"])).split())
    folder = rel.rpartition("/")[0]
    category = data.get("category") or (
        folder.split("/")[0] if folder and conf["USE_FOLDER_AS_CATEGORY"] else None
    )
    if category:
        front["category"] = str(category)
    front["tags"] = as_list(data.get("tags"))
    raw_authors = data.get("authors") or data.get("author") or conf.get("AUTHOR")
    separator = ";" if ";" in str(raw_authors or "") else ","
    names = as_list(raw_authors, separator)
    if names:
        front["authors"] = [slugify(n, "ascii") or n for n in names]
        authors.update({slugify(n, "ascii") or n: n for n in names})
    status = str(data.get("status") or "published").lower()
    if status == "draft":
        front["draft"] = True
    elif status == "hidden":
        front["draft"] = True
        notes.hand(
            where,
            lines.get("status"),
            "Status: hidden (published, listed nowhere): imported as a draft; mot-blog lists every post it publishes",
        )
    old = _old_url(conf, data, slug, lang, default, moment, category, notes, where)
    if old:
        front["aliases"] = [old]
    for key in data:
        if key in ("save_as", "url", "template"):
            notes.dropped(
                where,
                lines.get(key),
                f"'{parsed.names.get(key, key)}': Pelican's own output setting",
            )
        elif key not in USED:
            front.setdefault("extra", {})[key] = data[key]  # Pelican reads keys lowercased
            notes.changed(
                where,
                lines.get(key),
                f"'{parsed.names.get(key, key)}' kept under extra: as '{key}'",
            )
    base_path = "/" + _base_url(conf).split("://", 1)[1].partition("/")[2]
    body = _links(
        parsed.body, parsed.body_line, where, (root, rel, base_path), lang, static_names,
        references, notes,
    )  # fmt: skip
    group = _group(conf, data, slug, lang)
    return Post(where, lang, slug, group, front, body, lines=lines)


def _group(conf: dict[str, Any], data: dict[str, Any], slug: str, lang: str) -> str | None:
    """Pelican's translation id: the values of ``ARTICLE_TRANSLATION_ID``'s keys."""
    keys = conf["ARTICLE_TRANSLATION_ID"]
    if not keys:
        return None
    keys = [keys] if isinstance(keys, str) else list(keys)
    values = {**{k.lower(): str(v) for k, v in data.items()}, "slug": slug, "lang": lang}
    return "id:" + "/".join(values.get(str(k).lower(), "") for k in keys)


class _Format(string.Formatter):
    """``ARTICLE_URL``'s ``{slug}``, ``{date:%Y}``..., and no attribute or index access."""

    def get_field(self, field_name: str, args: Any, kwargs: Any) -> Any:
        if not field_name.isidentifier():
            raise KeyError(field_name)
        return super().get_field(field_name, args, kwargs)


def _old_url(
    conf: dict[str, Any], data: dict[str, Any], slug: str, lang: str, default: str, moment: Any,
    category: Any, notes: Notes, where: str,
) -> str | None:  # fmt: skip
    pattern = str(data.get("url") or conf["ARTICLE_URL" if lang == default else "ARTICLE_LANG_URL"])
    day = (
        moment
        if isinstance(moment, dt.datetime)
        else dt.datetime(moment.year, moment.month, moment.day)
    )
    fields = {
        "slug": slug,
        "lang": lang,
        "date": day,
        "category": slugify(str(category or ""), "ascii"),
    }
    try:
        url = _Format().format(pattern, **fields)
    except (KeyError, ValueError, IndexError):
        notes.hand(
            where,
            None,
            f"its old URL ({pattern}) cannot be worked out: add it under aliases: by hand",
        )
        return None
    return "/" + url.lstrip("/")


def _links(
    body: str, first_line: int, where: str, place: tuple[str, str, str], lang: str,
    static_names: frozenset[str], references: list[Reference], notes: Notes,
) -> str:  # fmt: skip
    """``{static}``, ``{attach}``, ``{filename}`` (and the older ``|static|``...) links;
    ``place``: the content folder, the article's path in it, the new site's base path."""
    root, rel, base_path = place
    folder = rel.rpartition("/")[0]

    def target(path: str) -> str:
        path = path.split("#", 1)[0]
        joined = path.lstrip("/") if path.startswith("/") else posixpath.join(folder, path)
        return posixpath.normpath(joined) if joined else ""

    def link(match: re.Match[str]) -> str:
        kind = match.group(1) or match.group(2)
        path = match.group(3)
        line = first_line + body.count("\n", 0, match.start())
        if kind in ("static", "attach"):
            name = target(path)
            if name in static_names:
                return name
            notes.hand(
                where,
                line,
                f"{{{kind}}}{path}: no such file in STATIC_PATHS; the link is left as {path}",
            )
            return path
        if kind == "filename":
            fragment = "#" + path.split("#", 1)[1] if "#" in path else ""
            source = f"{root}/{target(path)}" if root else target(path)
            references.append(Reference(source, lang, fragment, path, where, line))
            return f"{REF}{len(references) - 1}"
        home = f"{base_path}{lang.lower()}/"
        notes.changed(where, line, f"{{{kind}}}{path}: linked to the new site's listing")
        if kind == "index":
            return home
        if kind == "author":
            return home  # mot-blog has no author listings: the blog's first page
        return f"{home}{'tag' if kind == 'tag' else 'category'}/{slugify(path)}/"

    body = _LINK.sub(link, body)

    def fenced(match: re.Match[str]) -> str:
        code = re.sub(r"^(?: {4}|\t)", "", match.group(2), flags=re.M).rstrip("\n")
        trailing = match.group(2)[len(match.group(2).rstrip("\n")) :]
        return f"```{match.group(1)}\n{code}\n```\n" + trailing[1:]

    return _CODEHILITE.sub(fenced, body)
