"""Hugo sites: ``hugo.toml``/``config.toml`` (or YAML, JSON, or ``config/_default/``), the
languages they list, content per language folder (``contentDir``) or per file name
(``post.ja.md``), page bundles, and front matter in YAML, TOML or JSON.

Translations are linked as Hugo links them: by ``translationKey``, else by the file's path
below its language's content folder (the language suffix taken off), which is also how the
files of a bundle are shared: a bundle's files go with its first language's post, and
its translations fall back to them as Hugo's do. ``{{< ref >}}``/``{{< relref >}}`` become
links to the imported post; ``{{< highlight >}}`` a fenced block; other shortcodes are kept
as written, with a stand-in template for those the theme has not.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import yaml

from mot_blog.commands.importing import dates
from mot_blog.commands.importing.frontmatter import FrontMatterError, as_list, parse
from mot_blog.commands.importing.hugo_body import hugo_body, resolve_refs
from mot_blog.commands.importing.hugo_content import Page, content_pages
from mot_blog.commands.importing.hugo_i18n import hugo_messages
from mot_blog.commands.importing.model import (
    Author,
    CopiedFile,
    ImportedSite,
    ImportRefused,
    Locale,
    Notes,
    Post,
    Reference,
    Shortcode,
)  # fmt: skip
from mot_blog.commands.importing.sourcefiles import inside, read_text, walk
from mot_blog.model.urls import slugify

CONFIG_NAMES = (
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
)
NOT_CONVERTED = {
    "layouts": "Hugo templates are not converted: mot-blog's theme lays the pages out (shortcodes the posts call are listed below)",
    "themes": "a Hugo theme is not converted: mot-blog's theme lays the pages out",
    "archetypes": "Hugo's new-content templates: `mot-blog new` writes new posts",
    "data": "Hugo data files are read by Hugo templates only",
    "assets": "Hugo Pipes assets are not converted; copy what the posts show into static/",
}
IGNORED_KEYS = frozenset({
    "layout", "type", "weight", "menu", "menus", "outputs", "build", "cascade", "headless",
    "markup", "resources", "linktitle", "sitemap", "keywords", "toc", "comments", "isCJKLanguage",
    "iscjklanguage", "translationkey", "expirydate", "publishdate", "lastmod", "date", "title",
    "description", "summary", "categories", "tags", "aliases", "draft", "slug", "url", "author",
    "authors", "images", "image", "params",
})  # fmt: skip
"""Front-matter keys read below, or that mean only something to Hugo's templates."""


def read_site(source: Path, options: object) -> ImportedSite:
    """A Hugo site as an :class:`ImportedSite` (see the module docstring)."""
    notes = Notes()
    config, config_name = _config(source, notes)
    languages = _languages(config, config_name)
    default = str(config.get("defaultcontentlanguage") or next(iter(languages)))
    in_subdir = bool(config.get("defaultcontentlanguageinsubdir"))
    order = sorted(languages, key=lambda k: (k != default, languages[k].get("weight") or 0, k))
    locales = tuple(_locale(key, languages[key], config) for key in order)
    code_of = {key: loc.code for key, loc in zip(order, locales, strict=True)}
    pages = content_pages(source, config, languages, default, notes)
    references: list[Reference] = []
    shortcodes: dict[str, Shortcode] = {}
    authors: dict[str, str] = {}
    site_author = _site_author(config)
    posts: list[Post] = []
    static = list(_static(source, config, notes))
    for page in pages:
        if page.kind == "static":
            static.append(CopiedFile(page.path_key, source / page.rel, page.rel))
            continue
        post = _post(
            source, page, code_of, default, in_subdir, references, shortcodes, authors,
            site_author, notes,
        )  # fmt: skip
        if post is not None:
            posts.append(post)
    resolve_refs(posts, references)
    for folder, why in NOT_CONVERTED.items():
        if (source / folder).is_dir():
            notes.dropped(f"{folder}/", None, why)
    title = str(config.get("title") or source.name)
    return ImportedSite(
        "hugo", title, _base_url(config), locales, tuple(posts),
        authors=_authors(authors), static=tuple(static),
        references=tuple(references), shortcodes=tuple(shortcodes.values()),
        catalogs=hugo_messages(source, {k: v for k, v in code_of.items()}, notes),
        settings={"heading_ids": "hugo"}, notes=tuple(notes.items),
    )  # fmt: skip


def _lower(data: Any) -> Any:
    if isinstance(data, dict):
        return {
            str(k).lower(): _lower(v) if str(k).lower() != "params" else v for k, v in data.items()
        }
    return data


def _load(source: Path, rel: str, notes: Notes) -> dict[str, Any]:
    text = read_text(source, rel, notes)
    if text is None:
        raise ImportRefused(rel, None, "the configuration cannot be read")
    try:
        if rel.endswith(".toml"):
            data = tomllib.loads(text)
        elif rel.endswith(".json"):
            data = json.loads(text)
        else:
            data = yaml.safe_load(text) or {}
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, yaml.YAMLError) as exc:
        raise ImportRefused(
            rel, None, f"cannot read the configuration: {exc}".splitlines()[0]
        ) from None
    if not isinstance(data, dict):
        raise ImportRefused(rel, None, "the configuration is not a mapping")
    return _lower(data)


def _config(source: Path, notes: Notes) -> tuple[dict[str, Any], str]:
    for name in CONFIG_NAMES:
        if (source / name).is_file() and inside(source, source / name):
            return _load(source, name, notes), name
    folder = "config/_default"
    files = [
        f
        for f in walk(source, folder, notes)
        if f.rsplit(".", 1)[-1] in ("toml", "yaml", "yml", "json")
    ]
    if not files:
        raise ImportRefused(
            str(source), None, "no hugo.toml, config.toml or config/_default/: not a Hugo site"
        )
    config: dict[str, Any] = {}
    for rel in files:
        stem = rel.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower()
        data = _load(source, rel, notes)
        if stem in ("hugo", "config"):
            config.update(data)
        else:
            config[stem] = data
    return config, files[0]


def _languages(config: dict[str, Any], where: str) -> dict[str, dict[str, Any]]:
    found = config.get("languages")
    if not found:
        key = str(config.get("defaultcontentlanguage") or "en")
        return {key: {"title": config.get("title"), "languagecode": config.get("languagecode")}}
    if not isinstance(found, dict):
        raise ImportRefused(where, None, "'languages' is not a mapping of language keys")
    return {
        str(k): dict(v) if isinstance(v, dict) else {}
        for k, v in found.items()
        if not (isinstance(v, dict) and v.get("disabled"))
    }


def _locale(key: str, language: dict[str, Any], config: dict[str, Any]) -> Locale:
    code = str(language.get("locale") or language.get("languagecode") or key)
    parts = code.replace("_", "-").split("-")
    code = "-".join(
        [parts[0].lower(), *(p.upper() if len(p) == 2 else p.title() for p in parts[1:])]
    )
    return Locale(
        code,
        key.lower(),
        str(language.get("title") or ""),
        str(language.get("languagename") or language.get("label") or ""),
    )


def _base_url(config: dict[str, Any]) -> str:
    base = str(config.get("baseurl") or "")
    if not base.startswith(("http://", "https://")):
        base = "https://example.com/"
    return base if base.endswith("/") else base + "/"


def author_key(name: str) -> str:
    """The ``content/authors.yaml`` key of an author named ``name``."""
    return slugify(name, "ascii") or "author"


def _site_author(config: dict[str, Any]) -> str | None:
    params = config.get("params") or {}
    author = params.get("author") if isinstance(params, dict) else None
    if isinstance(author, dict) and author.get("name"):
        return str(author["name"])
    return str(author) if isinstance(author, str) and author.strip() else None


def _authors(names: dict[str, str]) -> tuple[Author, ...]:
    """Every author the posts name (by name: Hugo has no author records)."""
    return tuple(Author(key, name) for key, name in sorted(names.items()))


def _static(source: Path, config: dict[str, Any], notes: Notes) -> tuple[CopiedFile, ...]:
    folder = str(config.get("staticdir") or "static")
    return tuple(
        CopiedFile(rel[len(folder) + 1 :], source / rel, rel) for rel in walk(source, folder, notes)
    )


def _post(
    source: Path, page: Page, code_of: dict[str, str], default: str, in_subdir: bool,
    references: list[Reference], shortcodes: dict[str, Shortcode], authors: dict[str, str],
    site_author: str | None, notes: Notes,
) -> Post | None:  # fmt: skip
    text = read_text(source, page.rel, notes)
    if text is None:
        return None
    try:
        parsed = parse(text)
    except FrontMatterError as exc:
        notes.dropped(page.rel, exc.line, f"{exc}; the page is not imported")
        return None
    data, lines = parsed.data, parsed.lines
    where = page.rel
    if page.kind == "list":
        notes.dropped(
            where, None, "a section or home page (_index.md): mot-blog makes its own listings"
        )
        return None
    moment = None
    for key in ("date", "publishdate", "lastmod"):
        moment = dates.read_date(data.get(key))
        if moment is not None:
            break
    if moment is None:
        notes.dropped(
            where, None, "no date: a page, not a post (mot-blog publishes posts); not imported"
        )
        return None
    front: dict[str, Any] = {
        "title": str(data.get("title") or page.slug),
        "date": dates.date_text(moment),
    }
    updated = dates.later(dates.read_date(data.get("lastmod")), moment)
    if updated is not None:
        front["updated"] = dates.date_text(updated)
    if data.get("description") or data.get("summary"):
        front["summary"] = " ".join(str(data.get("description") or data.get("summary")).split())
    front["categories"] = as_list(data.get("categories"))
    front["tags"] = as_list(data.get("tags"))
    names = as_list(data.get("authors") or data.get("author")) or (
        [site_author] if site_author else []
    )
    if names:
        front["authors"] = [author_key(name) for name in names]
        authors.update({author_key(name): name for name in names})
    images = as_list(data.get("images") or data.get("image"))
    if images:
        front["image"] = images[0].lstrip("/")
    if data.get("draft") is True:
        front["draft"] = True
    if "expirydate" in data:
        notes.dropped(
            where, lines.get("expirydate"), "expiryDate: mot-blog does not unpublish posts by date"
        )
    slug = str(data.get("slug") or page.slug)
    old = _old_url(page, data, default, in_subdir)
    aliases = [old] + [_alias(a, old) for a in as_list(data.get("aliases"))]
    if data.get("url"):
        slug = str(data["url"]).rstrip("/").rsplit("/", 1)[-1] or slug
    front["aliases"] = list(dict.fromkeys(a for a in aliases if a))
    extra = dict(data.get("params") or {}) if isinstance(data.get("params"), dict) else {}
    for key, value in data.items():
        if key not in IGNORED_KEYS:
            extra[parsed.names.get(key, key)] = value
            notes.changed(
                where, lines.get(key), f"'{parsed.names.get(key, key)}' kept under extra:"
            )
        elif key in (
            "layout",
            "type",
            "weight",
            "menu",
            "outputs",
            "cascade",
            "build",
            "headless",
            "keywords",
            "linktitle",
        ):
            notes.dropped(
                where,
                lines.get(key),
                f"'{parsed.names.get(key, key)}': means something to Hugo's templates only",
            )
    if extra:
        front["extra"] = _plain(extra)
    body = hugo_body(
        source,
        page,
        parsed.body,
        parsed.body_line,
        references,
        shortcodes,
        code_of[page.lang],
        notes,
    )
    return Post(
        page.rel, code_of[page.lang], slug, page.group(data.get("translationkey")), front, body,
        files=page.files, lines=lines,
    )  # fmt: skip


def _plain(value: Any) -> Any:
    """TOML's dates and other values as YAML writes them."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def _old_url(page: Page, data: dict[str, Any], default: str, in_subdir: bool) -> str:
    """The page's URL on the Hugo site (the default permalinks): where its alias goes."""
    prefix = "" if page.lang == default and not in_subdir else f"/{page.lang}"
    if data.get("url"):
        url = "/" + str(data["url"]).strip("/")
        return url + ("/" if "." not in url.rsplit("/", 1)[-1] else "")
    folder = page.section_path
    slug = str(data.get("slug") or page.slug)
    return f"{prefix}/{folder + '/' if folder else ''}{slug}/".lower()


def _alias(alias: str, old: str) -> str:
    if alias.startswith("/"):
        return alias
    return old.rsplit("/", 2)[0] + "/" + alias  # relative: beside the page, as Hugo reads it
