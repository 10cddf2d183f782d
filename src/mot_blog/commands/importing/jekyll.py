"""Jekyll sites: ``_config.yml``, posts (``_posts/YYYY-MM-DD-title.md``) per language in
``<lang>/_posts/``, ``_posts/<lang>/`` or by a ``lang:`` key (jekyll-polyglot's
``languages``/``default_lang``), drafts in ``_drafts/``, authors of ``_data/authors.yml``,
and the files Jekyll copies as they are (``assets/``...).

Translations are linked by a shared key (``ref``, ``lang_ref``, ``translation_key``,
``page_id``, ``translation_id``), else by the same ``permalink`` (jekyll-polyglot's way),
else by the same file name in the language folders. A post's old URL (its ``permalink``,
else the site's ``permalink`` pattern) becomes an alias.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from mot_blog.commands.importing import dates
from mot_blog.commands.importing.frontmatter import FrontMatterError, as_list, parse
from mot_blog.commands.importing.jekyll_liquid import convert
from mot_blog.commands.importing.model import (
    Author,
    CopiedFile,
    ImportedSite,
    ImportRefused,
    Locale,
    Notes,
    Post,
    Reference,
)  # fmt: skip
from mot_blog.commands.importing.sourcefiles import read_text, walk
from mot_blog.model.urls import slugify

MARKDOWN = (".md", ".markdown", ".mkd", ".mkdn", ".mdown")
PAGES = (".html", ".htm", ".xml", ".liquid", ".textile")
GROUP_KEYS = ("ref", "lang_ref", "translation_key", "translationkey", "page_id", "translation_id")
_LANG = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?$")
NOT_STATIC = frozenset(
    {
        "gemfile",
        "gemfile.lock",
        "readme.md",
        "license",
        "license.md",
        "cname",
        "vendor",
        "node_modules",
    }
)
NOT_CONVERTED = {
    "_layouts": "Jekyll layouts are not converted: mot-blog's theme lays the pages out",
    "_includes": "Jekyll includes are not converted (each post that used one is named below)",
    "_sass": "the Jekyll theme's Sass: mot-blog's theme has its own styles",
    "_plugins": "Ruby plugins do not run here",
    "_site": "the built Jekyll site: not read",
}
PERMALINKS = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
USED_KEYS = frozenset({
    "title", "date", "categories", "category", "tags", "tag", "author", "authors", "permalink",
    "published", "excerpt", "description", "summary", "image", "lang", "layout", "last_modified_at",
    "updated", "slug", "redirect_from", *GROUP_KEYS,
})  # fmt: skip


def read_site(source: Path, options: object) -> ImportedSite:
    """A Jekyll site as an :class:`ImportedSite` (see the module docstring)."""
    notes = Notes()
    config = _config(source, notes)
    zone = dates.zone(config.get("timezone"))
    polyglot = [str(x) for x in config.get("languages") or [] if isinstance(x, str)]
    files = walk(source, "", notes)
    posts_files = [f for f in files if "_posts/" in f or f.startswith("_drafts/")]
    found_langs = _folder_langs(posts_files)
    default = str(
        config.get("default_lang") or config.get("lang") or (polyglot or found_langs or ["en"])[0]
    )
    langs = list(dict.fromkeys([default, *polyglot, *found_langs]))
    locales = tuple(Locale(_code(lang), lang.lower().replace("_", "-")) for lang in langs)
    code_of = {lang: loc.code for lang, loc in zip(langs, locales, strict=True)}
    base_url = _base_url(config)
    origin, _, base_path = base_url.rstrip("/").partition("://")[2].partition("/")
    titles = {
        "site.title": str(config.get("title") or ""),
        "site.url": base_url.split("://")[0] + "://" + origin,
        "site.baseurl": f"/{base_path}" if base_path else "",
    }
    references: list[Reference] = []
    posts: list[Post] = []
    static = _static(source, files, langs, notes)
    static_names = frozenset(f.target for f in static)
    for rel in posts_files:
        if not rel.endswith(MARKDOWN):
            if rel.endswith(PAGES):
                notes.dropped(rel, None, "an HTML or Textile post: only Markdown is converted")
            continue
        post = _post(
            source, rel, config, langs, default, code_of, zone, titles, static_names,
            references, notes,
        )  # fmt: skip
        if post is not None:
            posts.append(post)
    _resolve(posts, references)
    for folder, why in NOT_CONVERTED.items():
        if (source / folder).is_dir():
            notes.dropped(f"{folder}/", None, why)
    return ImportedSite(
        "jekyll", str(config.get("title") or source.name), base_url, locales,
        tuple(posts), authors=_authors(source, notes), static=static,
        references=tuple(references), notes=tuple(notes.items),
    )  # fmt: skip


def _config(source: Path, notes: Notes) -> dict[str, Any]:
    for name in ("_config.yml", "_config.yaml"):
        if (source / name).is_file():
            text = read_text(source, name, notes)
            try:
                data = yaml.safe_load(text or "") or {}
            except yaml.YAMLError as exc:
                raise ImportRefused(
                    name, None, f"cannot read the configuration: {str(exc).splitlines()[0]}"
                ) from None
            if not isinstance(data, dict):
                raise ImportRefused(name, None, "the configuration is not a mapping")
            return data
    raise ImportRefused(str(source), None, "no _config.yml: not a Jekyll site")


def _code(lang: str) -> str:
    parts = lang.replace("_", "-").split("-")
    return "-".join(
        [parts[0].lower(), *(p.upper() if len(p) == 2 else p.title() for p in parts[1:])]
    )


def _folder_langs(files: list[str]) -> list[str]:
    """Languages the posts' folders name: ``pl/_posts/`` or ``_posts/pl/``."""
    found = []
    for rel in files:
        head, _, tail = rel.partition("_posts/")
        for part in (
            head.rstrip("/").rsplit("/", 1)[-1],
            tail.split("/", 1)[0] if "/" in tail else "",
        ):
            if part and _LANG.match(part):
                found.append(part)
    return sorted(set(found))


def _base_url(config: dict[str, Any]) -> str:
    url = str(config.get("url") or "https://example.com").rstrip("/")
    base = str(config.get("baseurl") or "").strip("/")
    if not url.startswith(("http://", "https://")):
        url = "https://example.com"
    return f"{url}/{base}/" if base else f"{url}/"


def _post(
    source: Path, rel: str, config: dict[str, Any], langs: list[str], default: str,
    code_of: dict[str, str], zone: dt.tzinfo | None, titles: dict[str, str],
    static_names: frozenset[str], references: list[Reference], notes: Notes,
) -> Post | None:  # fmt: skip
    text = read_text(source, rel, notes)
    if text is None:
        return None
    try:
        parsed = parse(text)
    except FrontMatterError as exc:
        notes.dropped(rel, exc.line, f"{exc}; the post is not imported")
        return None
    data, lines = parsed.data, parsed.lines
    name = rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    file_day, title_slug = dates.file_name_date(name)
    draft = rel.startswith("_drafts/") or data.get("published") is False
    moment = dates.read_date(data.get("date"), zone) or file_day
    if moment is None:
        notes.dropped(rel, lines.get("date"), "no date in the file name nor in date:; not imported")
        return None
    lang = str(data.get("lang") or _lang_of_path(rel, langs) or default)
    if lang not in code_of:
        notes.dropped(rel, lines.get("lang"), f"lang '{lang}' is not a language of the site")
        return None
    front: dict[str, Any] = {"title": str(data.get("title") or title_slug.replace("-", " "))}
    front["date"] = dates.date_text(moment)
    updated = dates.later(
        dates.read_date(data.get("last_modified_at") or data.get("updated"), zone), moment
    )
    if updated is not None:
        front["updated"] = dates.date_text(updated)
    summary = data.get("description") or data.get("excerpt") or data.get("summary")
    if summary:
        front["summary"] = " ".join(str(summary).split())
    folder_categories = (
        [p for p in rel.split("_posts/")[0].strip("/").split("/") if p and p != lang]
        if "_posts/" in rel
        else []
    )
    categories = as_list(
        data.get("categories") or data.get("category"),
        None if isinstance(data.get("categories"), str) else ",",
    )
    front["categories"] = [c for c in folder_categories + categories if c != lang]
    front["tags"] = as_list(data.get("tags") or data.get("tag"), None)
    authors = as_list(
        data.get("author") or data.get("authors"),
        None
        if isinstance(data.get("author"), str) and " " not in str(data.get("author")).strip()
        else ",",
    )
    if authors:
        front["authors"] = [slugify(a, "ascii") or a for a in authors]
    image = data.get("image")
    if isinstance(image, dict):
        image = image.get("path")
    if isinstance(image, str) and image and "://" not in image:
        front["image"] = (
            image.replace("{{ site.baseurl }}", "")
            .lstrip("/")
            .removeprefix(
                titles["site.baseurl"].lstrip("/") + "/" if titles["site.baseurl"] else ""
            )
        )
    if draft:
        front["draft"] = True
    url_categories = [p for p in rel.split("_posts/")[0].strip("/").split("/") if p] + categories
    old = _old_url(data, rel, config, moment, title_slug, url_categories, lang, default)
    front["aliases"] = [old, *as_list(data.get("redirect_from"))]
    group = next((f"key:{data[k]}" for k in GROUP_KEYS if data.get(k)), None)
    polyglot = bool(config.get("languages"))
    if group is None and data.get("permalink") and (data.get("lang") or polyglot):
        group = f"permalink:{data['permalink']}"
    group = group or f"name:{name}"
    for key in data:
        if key == "layout":
            notes.dropped(
                rel,
                lines.get(key),
                "'layout': a template of the Jekyll site; mot-blog's theme lays posts out",
            )
        elif key not in USED_KEYS:
            front.setdefault("extra", {})[parsed.names.get(key, key)] = _plain(data[key])
            notes.changed(rel, lines.get(key), f"'{parsed.names.get(key, key)}' kept under extra:")
    titles = {**titles, "page.title": front["title"]}
    body = convert(parsed.body, parsed.body_line, rel, code_of[lang], titles, references, notes)
    body = _static_paths(body, titles["site.baseurl"], static_names)
    return Post(
        rel, code_of[lang], str(data.get("slug") or title_slug), group, front, body, lines=lines
    )


_TARGET = re.compile(r"(\]\(|\ssrc=\"|\shref=\")(/[^\s)\"]+)")


def _static_paths(body: str, base_path: str, static_names: frozenset[str]) -> str:
    """``/blog/assets/x.png`` (a file Jekyll copied) as mot-blog names a file of
    ``static/``: ``assets/x.png``, published content-hashed."""

    def short(match: re.Match[str]) -> str:
        path = match.group(2)
        if base_path and path.startswith(base_path + "/"):
            path = path[len(base_path) :]
        name = path.lstrip("/")
        return match.group(1) + (name if name in static_names else match.group(2))

    return _TARGET.sub(short, body)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)


def _lang_of_path(rel: str, langs: list[str]) -> str | None:
    parts = rel.split("/")
    for part in parts[:-1]:
        if part in langs:
            return part
    return None


def _old_url(
    data: dict[str, Any], rel: str, config: dict[str, Any], moment: Any, title: str,
    categories: list[str], lang: str, default: str,
) -> str:  # fmt: skip
    """The post's URL on the Jekyll site: its ``permalink``, else the site's pattern."""
    written = data.get("permalink")
    pattern = str(written or config.get("permalink") or "date")
    pattern = PERMALINKS.get(pattern, pattern)
    day = moment if isinstance(moment, dt.date) else dt.date.today()
    values = {
        ":categories": "/".join(slugify(c, "ascii") for c in categories),
        ":year": f"{day.year:04d}", ":month": f"{day.month:02d}", ":day": f"{day.day:02d}",
        ":i_month": str(day.month), ":i_day": str(day.day), ":short_year": f"{day.year % 100:02d}",
        ":y_day": f"{day.timetuple().tm_yday:03d}", ":title": title, ":slug": slugify(title, "ascii"),
        ":output_ext": ".html", ":lang": lang,
    }  # fmt: skip
    url = pattern
    for key in sorted(values, key=len, reverse=True):
        url = url.replace(key, values[key])
    url = re.sub(r"/+", "/", "/" + url)
    if config.get("languages") and lang != default:
        url = f"/{lang}{url}"  # jekyll-polyglot puts other languages below their code
    return url


def _resolve(posts: list[Post], references: list[Reference]) -> None:
    """``{% post_url 2024-05-29-name %}`` and ``{% link _posts/x.md %}`` name a post by its
    file: made the imported post's source."""
    for index, ref in enumerate(references):
        wanted = ref.target.strip("/")
        for post in posts:
            stem = post.source.rsplit(".", 1)[0]
            if post.source == wanted or stem.endswith("/" + wanted) or stem == wanted:
                references[index] = Reference(
                    post.source, ref.locale, ref.fragment, ref.original, ref.path, ref.line
                )
                break


def _authors(source: Path, notes: Notes) -> tuple[Author, ...]:
    for rel in ("_data/authors.yml", "_data/authors.yaml"):
        if not (source / rel).is_file():
            continue
        text = read_text(source, rel, notes)
        try:
            data = yaml.safe_load(text or "") or {}
        except yaml.YAMLError:
            notes.dropped(rel, None, "cannot be read as YAML; authors not imported")
            return ()
        found = []
        for key, entry in sorted(data.items()) if isinstance(data, dict) else []:
            entry = entry if isinstance(entry, dict) else {"name": str(entry)}
            links = []
            for kind in ("website", "url", "github", "twitter", "mastodon", "linkedin", "bluesky"):
                value = entry.get(kind)
                if isinstance(value, str) and value.startswith(("http://", "https://")):
                    links.append(
                        ("website" if kind == "url" else "x" if kind == "twitter" else kind, value)
                    )
            found.append(
                Author(
                    slugify(str(key), "ascii") or str(key),
                    str(entry.get("name") or key),
                    tuple(links),
                    str(entry.get("bio") or ""),
                )
            )
        return tuple(found)
    return ()


def _static(
    source: Path, files: list[str], langs: list[str], notes: Notes
) -> tuple[CopiedFile, ...]:
    """The files Jekyll copies as they are: anything outside ``_`` folders that is not a
    page (Markdown or HTML, which are pages of their own, reported)."""
    copied = []
    for rel in files:
        top = rel.split("/", 1)[0]
        if top.startswith("_") or top.lower() in NOT_STATIC or (top in langs and "/" in rel):
            if top in langs and rel.endswith(MARKDOWN + PAGES) and "_posts/" not in rel:
                notes.dropped(rel, None, "a page, not a post: mot-blog publishes posts")
            continue
        if rel.endswith(MARKDOWN + PAGES):
            notes.dropped(rel, None, "a page, not a post: mot-blog publishes posts")
            continue
        if rel.endswith((".scss", ".sass")) or rel in ("Gemfile", "Gemfile.lock"):
            notes.dropped(
                rel, None, "a Sass style sheet of the Jekyll theme: mot-blog's theme has its own"
            )
            continue
        copied.append(CopiedFile(rel, source / rel, rel))
    return tuple(copied)
