"""Which files of a Hugo site's content are pages, in which language, in which
translation group, and which files each page bundle holds (no front matter read here but
what the caller passes)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mot_blog.commands.importing.model import CopiedFile, Notes
from mot_blog.commands.importing.sourcefiles import walk

MARKDOWN = (".md", ".markdown", ".mdown")
OTHER_MARKUP = (".adoc", ".asciidoc", ".rst", ".org", ".pandoc", ".pdc", ".html", ".htm")


@dataclass(frozen=True, slots=True)
class Page:
    """A content file of the Hugo site."""

    rel: str
    """Its path in the source."""
    lang: str
    """Its language's key in the Hugo configuration."""
    kind: str
    """``page``, or ``list`` for a section's ``_index.md``."""
    slug: str
    """Its file name (a bundle's: its folder's), the language suffix taken off."""
    section_path: str
    """Its folder below its language's content folder (a bundle's: the bundle's parent)."""
    path_key: str
    """What links translations without a ``translationKey``: the path below the
    language's content folder, language suffix and extension taken off."""
    files: tuple[CopiedFile, ...] = ()

    def group(self, translation_key: Any) -> str:
        """Its translation group: its ``translationKey``, else its path."""
        return f"key:{translation_key}" if translation_key else f"path:{self.path_key}"


def _split_lang(name: str, languages: dict[str, Any]) -> tuple[str, str | None]:
    """``about.ja`` -> (``about``, ``ja``) when ``ja`` is a language of the site."""
    stem, dot, suffix = name.rpartition(".")
    if dot and suffix in languages:
        return stem, suffix
    return name, None


def content_pages(
    source: Path, config: dict[str, Any], languages: dict[str, dict[str, Any]], default: str,
    notes: Notes,
) -> list[Page]:  # fmt: skip
    """The pages of every language, in a fixed order."""
    main = str(config.get("contentdir") or "content").strip("/")
    roots: dict[str, str] = {}
    for key in languages:
        roots.setdefault(str(languages[key].get("contentdir") or main).strip("/"), key)
    if default in languages and not languages[default].get("contentdir"):
        roots[main] = default
    pages: list[Page] = []
    for root, root_lang in sorted(roots.items()):
        pages += _pages(source, root, root_lang, languages, default, notes)
    return pages


def _pages(
    source: Path, root: str, root_lang: str, languages: dict[str, Any], default: str, notes: Notes
) -> list[Page]:
    files = [rel[len(root) + 1 :] for rel in walk(source, root, notes)]
    bundles = set()
    for rel in files:
        folder, _, name = rel.rpartition("/")
        stem, ext = name.rsplit(".", 1) if "." in name else (name, "")
        if f".{ext}" in MARKDOWN and _split_lang(stem, languages)[0] == "index":
            bundles.add(folder)
    pages: list[Page] = []
    owned: dict[str, list[str]] = {b: [] for b in bundles}
    for rel in files:
        folder, _, name = rel.rpartition("/")
        stem, dot, ext = name.rpartition(".")
        ext = f".{ext}" if dot else ""
        bundle = _bundle_of(rel, bundles)
        base, lang = _split_lang(stem if dot else name, languages)
        if ext in MARKDOWN and (bundle is None or (folder == bundle and base == "index")):
            lang = lang or root_lang
            if base == "_index":
                pages.append(Page(f"{root}/{rel}", lang, "list", folder, folder, rel))
                continue
            if bundle is not None:
                parent, _, slug = bundle.rpartition("/")
                pages.append(Page(f"{root}/{rel}", lang, "page", slug, parent, f"bundle:{bundle}"))
            else:
                key = f"{folder}/{base}" if folder else base
                pages.append(Page(f"{root}/{rel}", lang, "page", base, folder, key))
        elif bundle is not None:
            owned[bundle].append(rel)
        elif ext in OTHER_MARKUP:
            notes.dropped(
                f"{root}/{rel}",
                None,
                f"a {ext[1:]} page: only Markdown is converted; convert it by hand",
            )
        elif ext in MARKDOWN:
            notes.dropped(
                f"{root}/{rel}",
                None,
                "a second Markdown file inside a page bundle: a resource mot-blog does not publish",
            )
        else:
            notes.changed(
                f"{root}/{rel}",
                None,
                f"a file of content/ outside any bundle: copied to static/{rel}",
            )
            pages.append(Page(f"{root}/{rel}", root_lang, "static", name, folder, rel))
    return _share_bundle_files(source, root, pages, owned, languages, default)


def _bundle_of(rel: str, bundles: set[str]) -> str | None:
    folder = rel.rpartition("/")[0]
    while True:
        if folder in bundles:
            return folder
        if not folder:
            return None
        folder = folder.rpartition("/")[0]


def _share_bundle_files(
    source: Path, root: str, pages: list[Page], owned: dict[str, list[str]],
    languages: dict[str, Any], default: str,
) -> list[Page]:  # fmt: skip
    """A bundle's files go with its first language's page (Hugo's translations of a bundle
    fall back to them, as mot-blog's do); a file named for a language (``x.ja.png``) with
    that language's page."""
    order = [default, *sorted(k for k in languages if k != default)]
    done: list[Page] = []
    for page in pages:
        if not page.path_key.startswith("bundle:"):
            done.append(page)
            continue
        bundle = page.path_key[len("bundle:") :]
        siblings = sorted(
            (p for p in pages if p.path_key == page.path_key), key=lambda p: order.index(p.lang)
        )
        first = siblings[0] is page
        files = []
        for rel in owned[bundle]:
            name = rel[len(bundle) + 1 :]
            stem, dot, ext = name.rpartition(".")
            _, lang = _split_lang(stem, languages) if dot else (name, None)
            if lang == page.lang or (lang is None and first):
                files.append(CopiedFile(name, source / root / rel, f"{root}/{rel}"))
        done.append(
            Page(
                page.rel,
                page.lang,
                page.kind,
                page.slug,
                page.section_path,
                page.path_key,
                tuple(files),
            )
        )
    return done
