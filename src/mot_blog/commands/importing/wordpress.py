"""WordPress sites, from the WXR file WordPress exports (Tools > Export): posts, their
categories and tags, authors, dates, drafts and scheduled posts, featured images (files of
an ``--uploads`` copy of ``wp-content/uploads``: nothing is downloaded), old permalinks
as aliases, and the languages and translation groups of WPML (the ``_wpml_import_*``
post meta of WPML Export and Import) or Polylang (its ``language`` and
``post_translations`` taxonomies). The HTML becomes Markdown (:mod:`.wp_html`).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from mot_blog.commands.importing import dates
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
from mot_blog.commands.importing.wp_html import to_markdown
from mot_blog.commands.importing.wxr import Export, Item, read_export
from mot_blog.model.urls import slugify

UPLOADS = "/wp-content/uploads/"
_SERIALIZED_LOCALE = re.compile(r's:6:"locale";s:\d+:"([^"]+)"')
_SERIALIZED_PAIR = re.compile(r's:\d+:"([^"]+)";i:(\d+);')


def read_site(source: Path, options: Any) -> ImportedSite:
    """A WordPress export as an :class:`ImportedSite`: ``source`` is the WXR file, or a
    folder holding one (the first ``*.xml``, by name)."""
    notes = Notes()
    folder, name = _export_file(source, notes)
    text = read_text(folder, name, notes)
    if text is None:
        raise ImportRefused(name, None, "cannot be read as UTF-8 text")
    export = read_export(text, name)
    uploads = _uploads(options.uploads, notes) if getattr(options, "uploads", None) else {}
    items = export.items
    by_id = {i.fields.get("post_id", ""): i for i in items}
    posts_items = [i for i in items if i.fields.get("post_type") == "post"]
    for kind, count in sorted(Counter(i.fields.get("post_type", "?") for i in items).items()):
        if kind == "page":
            notes.dropped(
                name,
                None,
                f"{count} page{'s' if count != 1 else ''}: mot-blog publishes posts (each page is named below)",
            )
        elif kind not in ("post", "attachment"):
            notes.dropped(
                name,
                None,
                f"{count} item{'s' if count != 1 else ''} of type '{kind}' (menus, blocks, custom types): not imported",
            )
    for item in items:
        if item.fields.get("post_type") == "page":
            notes.dropped(name, item.line, f"page '{item.fields.get('title', '')}': not imported")
    languages = _languages(export, posts_items)
    default = _default_language(export, posts_items, languages)
    order = [default, *sorted(k for k in {lang for lang, _ in languages.values()} if k != default)]
    locale_codes = _locale_codes(export, order)
    locales = tuple(Locale(locale_codes[lang], lang.lower()) for lang in order)
    base = (export.base_url or export.link or "https://example.com").rstrip("/")
    old_urls = {
        _path(i.fields.get("link", ""), base): i
        for i in posts_items
        if "?" not in i.fields.get("link", "")
    }
    files: dict[str, CopiedFile] = {}

    def url_of(url: str) -> tuple[str, str, str] | None:
        if not url.startswith((base, "/")) or url.startswith("//"):
            return None
        path = _path(url, base)
        item = old_urls.get(path) or old_urls.get(path.rstrip("/") + "/")
        if item is not None:
            fragment = url.partition("#")[2]
            return ("post", _source(name, item), f"#{fragment}" if fragment else "")
        if UPLOADS in url:
            new = _upload(url.split(UPLOADS, 1)[1].split("?")[0], uploads, files)
            return ("file", new, "") if new else None
        return None

    references: list[Reference] = []
    posts: list[Post] = []
    authors: dict[str, str] = {}
    for item in posts_items:
        post = _post(
            item,
            name,
            languages,
            default,
            locale_codes,
            base,
            by_id,
            uploads,
            files,
            url_of,
            references,
            authors,
            export,
            notes,
        )
        if post is not None:
            posts.append(post)
    if not uploads and any(UPLOADS in (i.fields.get("content") or "") for i in posts_items):
        notes.hand(
            name,
            None,
            "the posts show images of wp-content/uploads: they stay on the old site; import again with --uploads DIR (a copy of wp-content/uploads) to bring them in",
        )
    return ImportedSite(
        "wordpress", export.title or "Blog", base + "/", locales, tuple(posts),
        authors=tuple(Author(k, v) for k, v in sorted(authors.items())),
        static=tuple(files[k] for k in sorted(files)), references=tuple(references),
        notes=tuple(notes.items),
    )  # fmt: skip


def _export_file(source: Path, notes: Notes) -> tuple[Path, str]:
    if source.is_file():
        return source.parent, source.name
    found = [f for f in walk(source, "", notes) if f.endswith(".xml") and "/" not in f]
    if not found:
        raise ImportRefused(
            str(source),
            None,
            "no WXR file (*.xml): give the file WordPress exported (Tools > Export)",
        )
    return source, found[0]


def _uploads(folder: Path, notes: Notes) -> dict[str, Path]:
    """The files of the uploads copy, by their path below ``wp-content/uploads``."""
    folder = folder.resolve()
    if not folder.is_dir():
        raise ImportRefused(str(folder), None, "--uploads: no such folder")
    return {rel: folder / rel for rel in walk(folder, "", notes)}


def _upload(rel: str, uploads: dict[str, Path], files: dict[str, CopiedFile]) -> str | None:
    """``2024/05/map-300x200.png`` -> ``uploads/2024/05/map-300x200.png`` (the file, else the
    full-size original WordPress resized it from), copied into ``static/``."""
    rel = unquote(rel)
    candidates = [rel, re.sub(r"-\d+x\d+(\.\w+)$", r"\1", rel)]
    for name in candidates:
        if name in uploads:
            target = f"uploads/{name}"
            files[target] = CopiedFile(target, uploads[name], f"wp-content/uploads/{name}")
            return target
    return None


def _path(url: str, base: str) -> str:
    """An old URL as a path of the site (``/2024/05/29/first-trip/``)."""
    if url.startswith(base):
        url = url[len(base) :]
    path = unquote(urlsplit(url).path) or "/"
    return "/" + path.lstrip("/")


def _languages(export: Export, items: list[Item]) -> dict[str, tuple[str, str | None]]:
    """Post id -> (language, translation group), from WPML or Polylang data."""
    found: dict[str, tuple[str, str | None]] = {}
    polylang_groups: dict[str, str] = {}
    for term in export.terms:
        if term.get("term_taxonomy") == "post_translations":
            for _, post_id in _SERIALIZED_PAIR.findall(term.get("term_description", "")):
                polylang_groups[post_id] = term.get("term_slug", "")
    for item in items:
        post_id = item.fields.get("post_id", "")
        wpml = item.meta.get("_wpml_import_language_code")
        if wpml:
            found[post_id] = (wpml, item.meta.get("_wpml_import_translation_group") or None)
            continue
        lang = next((nice for domain, nice, _ in item.terms if domain == "language"), None)
        group = next(
            (nice for domain, nice, _ in item.terms if domain == "post_translations"), None
        )
        if lang:
            found[post_id] = (lang, group or polylang_groups.get(post_id))
    if not found:
        lang = (export.language or "en").split("-")[0].lower()
        found = {i.fields.get("post_id", ""): (lang, None) for i in items}
    return found


def _default_language(
    export: Export, items: list[Item], languages: dict[str, tuple[str, str | None]]
) -> str:
    """The site's language (the channel's ``<language>``) when posts are in it, else the
    language of the most posts that translate none (WPML's source language unset)."""
    langs = {lang for lang, _ in languages.values()}
    channel = (export.language or "").lower()
    for lang in sorted(langs):
        if channel == lang.lower() or channel.split("-")[0] == lang.lower():
            return lang
    originals = Counter(
        languages[i.fields.get("post_id", "")][0]
        for i in items
        if not i.meta.get("_wpml_import_source_language_code")
        and i.fields.get("post_id", "") in languages
    )
    return (
        sorted(originals.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        if originals
        else sorted(langs)[0]
    )


def _locale_codes(export: Export, order: list[str]) -> dict[str, str]:
    """Language slug -> BCP 47 code: Polylang's locale (``en_GB``), else the slug."""
    codes = {}
    for term in export.terms:
        if term.get("term_taxonomy") == "language":
            locale = _SERIALIZED_LOCALE.search(term.get("term_description", ""))
            if locale:
                codes[term.get("term_slug", "")] = locale.group(1)
    result = {}
    for lang in order:
        parts = codes.get(lang, lang).replace("_", "-").split("-")
        result[lang] = "-".join(
            [parts[0].lower(), *(p.upper() if len(p) == 2 else p.title() for p in parts[1:])]
        )
    return result


def _post(
    item: Item, name: str, languages: dict[str, tuple[str, str | None]], default: str,
    codes: dict[str, str], base: str, by_id: dict[str, Item], uploads: dict[str, Path],
    files: dict[str, CopiedFile], url_of: Any, references: list[Reference],
    authors: dict[str, str], export: Export, notes: Notes,
) -> Post | None:  # fmt: skip
    f = item.fields
    title = f.get("title") or "(untitled)"
    status = f.get("status", "publish")
    if status in ("trash", "auto-draft", "inherit"):
        notes.dropped(name, item.line, f"post '{title}' ({status}): not imported")
        return None
    gmt = f.get("post_date_gmt", "")
    moment = (
        dates.read_date(gmt.replace(" ", "T") + "Z") if gmt and not gmt.startswith("0000") else None
    )
    moment = moment or dates.read_date(f.get("post_date", ""))
    if moment is None:
        notes.dropped(name, item.line, f"post '{title}': no date that can be read; not imported")
        return None
    lang, group = languages.get(f.get("post_id", ""), (default, None))
    front: dict[str, Any] = {"title": title, "date": dates.date_text(moment)}
    modified = f.get("post_modified_gmt", "")
    updated = (
        dates.read_date(modified.replace(" ", "T") + "Z")
        if modified and not modified.startswith("0000")
        else None
    )
    later = dates.later(updated, moment) if status == "publish" else None
    if later is not None:
        front["updated"] = dates.date_text(later)
    summary = _text(f.get("excerpt", "")) or _text(item.meta.get("_yoast_wpseo_metadesc", ""))
    if summary:
        front["summary"] = summary
    categories = [
        label
        for domain, nice, label in item.terms
        if domain == "category" and nice != "uncategorized"
    ]
    front["categories"] = categories
    if any(domain == "category" and nice == "uncategorized" for domain, nice, _ in item.terms):
        notes.changed(
            name,
            item.line,
            f"post '{title}': WordPress's default category Uncategorized left out (a post may have none)",
        )
    front["tags"] = [label for domain, _, label in item.terms if domain == "post_tag"]
    login = f.get("creator", "")
    if login:
        key = slugify(login, "ascii") or "author"
        authors[key] = export.authors.get(login, login)
        front["authors"] = [key]
    thumb = by_id.get(item.meta.get("_thumbnail_id", ""))
    if thumb is not None:
        attached = (
            thumb.meta.get("_wp_attached_file")
            or thumb.fields.get("attachment_url", "").split(UPLOADS, 1)[-1]
        )
        image = _upload(attached, uploads, files) if uploads else None
        if image is None:
            notes.hand(
                name,
                item.line,
                f"post '{title}': its featured image {attached} is not in --uploads; not imported",
            )
        else:
            front["image"] = image
            alt = thumb.meta.get("_wp_attachment_image_alt", "")
            if alt:
                front["image_alt"] = alt
    if status in ("draft", "pending", "private"):
        front["draft"] = True
        if status == "private":
            notes.hand(name, item.line, f"post '{title}' was private: imported as a draft")
    elif status == "future":
        notes.changed(
            name,
            item.line,
            f"post '{title}' is scheduled: it is published at its date ({front['date']})",
        )
    link = f.get("link", "")
    if link and "?" not in link and status in ("publish", "future"):
        front["aliases"] = [_path(link, base)]
    canonical = item.meta.get("_yoast_wpseo_canonical", "")
    if canonical.startswith(("http://", "https://")):
        front["canonical_url"] = canonical
    if item.comments:
        notes.dropped(
            name,
            item.line,
            f"post '{title}': {item.comments} comment{'s' if item.comments != 1 else ''} not imported (mot-blog has none)",
        )
    body = to_markdown(
        f.get("content", ""), name, item.line, codes[lang], url_of, references, notes
    )
    slug = unquote(f.get("post_name", "")) or title
    return Post(
        _source(name, item),
        codes[lang],
        slug,
        f"wp:{group}" if group else None,
        front,
        body,
        line=item.line,
    )


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _source(name: str, item: Item) -> str:
    """A post's :attr:`Post.source`: the export and the item's line (``export.xml#45``)."""
    return f"{name}#{item.line}"
