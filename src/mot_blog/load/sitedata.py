"""Site data files beside the posts: authors, publisher, term translations.

``content/authors.yaml``::

    brechtje-van-houtum:            # the key posts name in 'author:'
      name: Brechtje van Houtum
      avatar: images/authors/bvh.svg  # under static/
      links:                          # or a list of URLs (kinds told by their hosts)
        website: https://brechtje.example/
        mastodon: https://mastodon.social/@brechtje
      linkedin: https://www.linkedin.com/in/...   # the older spelling of links: {linkedin: ...}
      role: {fr-FR: ..., de-DE: ...}  # or one string for every locale
      bio: {fr-FR: ..., de-DE: ...}

(the kinds of links: :mod:`mot_blog.load.authorlinks`).

``content/publisher.yaml``: ``name``, ``logo``, ``url``, ``description`` (per locale).

``content/terms.yaml``: one key per category or tag, with its label per locale
(a string, or ``{label: ..., slug: ...}``), so that translated labels are one term::

    categories:
      customer-experience: {fr-FR: Expérience client, de-DE: Kundenerlebnis}
    tags:
      customer-journey: {fr-FR: parcours client, de-DE: Customer Journey}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from mot_blog.errors import Problem, did_you_mean
from mot_blog.load.assets import AssetManifest, static_name
from mot_blog.load.authorlinks import read_links, web_url
from mot_blog.load.yamldoc import YamlDoc, parse_yaml
from mot_blog.model.site import Author, Publisher
from mot_blog.model.urls import slug_form, slugify

_AUTHOR_KEYS = ("name", "avatar", "links", "linkedin", "role", "bio")
_PUBLISHER_KEYS = ("name", "logo", "url", "description")
_TERM_KINDS = {"categories": "category", "tags": "tag"}


@dataclass(frozen=True, slots=True)
class TermTable:
    """Translated labels of categories and tags."""

    labels: MappingProxyType[tuple[str, str, str], tuple[str, str]]
    """(kind, key, locale) -> (label, slug)."""
    keys: MappingProxyType[tuple[str, str, str], str]
    """(kind, locale, label or key, casefolded) -> key."""
    slugs: str = "unicode"
    """How a label becomes a slug (``slugs`` of site.yaml)."""

    def resolve(self, kind: str, locale: str, written: str) -> tuple[str, str, str]:
        """A label as written in a post -> (key, label, slug) in that locale."""
        key = self.keys.get((kind, locale, written.casefold()))
        if key is None:
            slug = slugify(written, self.slugs)
            return slug, written, slug
        label, slug = self.labels[(kind, key, locale)]
        return key, label, slug


_PARSED: dict[tuple[str, str], tuple[YamlDoc | None, tuple[Problem, ...]]] = {}
"""Each data file parsed so far in this process, by path and text (read, never changed,
by the loaders below). A terms table goes through PyYAML's pure-Python composer, 15 ms
at 200 terms: a build parses the data files while its parse workers run
(:func:`parse_data_files`), the dev server once per change of the file."""


def _parsed(text: str, path: str) -> tuple[YamlDoc | None, list[Problem]]:
    known = _PARSED.get((path, text))
    if known is None:
        doc, found = parse_yaml(text, path)
        known = _PARSED[(path, text)] = (doc, tuple(found))
    return known[0], list(known[1])


def parse_data_files(data: Mapping[str, bytes]) -> None:
    """Parse the site's data files (by name) ahead of the loaders below, which then find
    them parsed."""
    for name, raw in data.items():
        _load(name, raw, [])


def _load(
    name: str, raw: bytes | None, problems: list[Problem]
) -> tuple[YamlDoc | None, dict[str, Any]]:
    path = f"content/{name}"
    if raw is None:
        return None, {}
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(Problem(path, None, "not valid UTF-8; save the file as UTF-8"))
        return None, {}
    doc, found = _parsed(text, path)
    problems.extend(found)
    if doc is None or doc.data is None:
        return doc, {}
    if not isinstance(doc.data, dict):
        problems.append(Problem(path, 1, "must be a mapping"))
        return doc, {}
    return doc, doc.data


def _per_locale(
    value: Any, locales: tuple[str, ...], path: str, line: int, what: str, problems: list[Problem]
) -> MappingProxyType[str, str]:
    if value is None:
        return MappingProxyType({})
    if isinstance(value, str):
        return MappingProxyType({code: value for code in locales})
    if isinstance(value, dict):
        unknown = [k for k in value if k not in locales]
        if unknown:
            problems.append(
                Problem(
                    path,
                    line,
                    f"{what}: unknown locale '{unknown[0]}'{did_you_mean(str(unknown[0]), locales)}",
                )
            )
        return MappingProxyType({str(k): str(v) for k, v in value.items() if k in locales})
    problems.append(Problem(path, line, f"{what} must be text or a mapping locale -> text"))
    return MappingProxyType({})


def _unknown(
    mapping: dict,
    allowed: tuple[str, ...],
    doc: YamlDoc,
    path: str,
    at: tuple,
    problems: list[Problem],
) -> None:
    for key in mapping:
        if key not in allowed:
            problems.append(
                Problem(
                    path,
                    doc.line_of(*at, key),
                    f"unknown key '{key}'{did_you_mean(str(key), allowed)}",
                )
            )


def _asset(
    value: Any, assets: AssetManifest, path: str, line: int, problems: list[Problem]
) -> str | None:
    if value is None:
        return None
    url = assets.urls.get(static_name(str(value)))
    if url is None:
        problems.append(Problem(path, line, f"image '{value}' not found under static/"))
    return url


def load_authors(
    raw: bytes | None, locales: tuple[str, ...], assets: AssetManifest
) -> tuple[dict[str, Author], list[Problem]]:
    """Authors by key."""
    problems: list[Problem] = []
    doc, data = _load("authors.yaml", raw, problems)
    path = "content/authors.yaml"
    authors = {}
    for key, entry in data.items():
        assert doc is not None
        line = doc.line_of(key)
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            problems.append(Problem(path, line, f"author '{key}' needs at least 'name: ...'"))
            continue
        _unknown(entry, _AUTHOR_KEYS, doc, path, (key,), problems)
        authors[str(key)] = Author(
            key=str(key),
            name=entry["name"],
            avatar=_asset(entry.get("avatar"), assets, path, doc.line_of(key, "avatar"), problems),
            links=read_links(entry, key, doc, path, problems),
            roles=_per_locale(
                entry.get("role"), locales, path, doc.line_of(key, "role"), "role", problems
            ),
            bios=_per_locale(
                entry.get("bio"), locales, path, doc.line_of(key, "bio"), "bio", problems
            ),
        )
    return authors, problems


def load_publisher(
    raw: bytes | None, locales: tuple[str, ...], assets: AssetManifest, fallback_name: str
) -> tuple[Publisher, list[Problem]]:
    """The publisher's card (a bare card named after the site when the file is absent)."""
    problems: list[Problem] = []
    doc, data = _load("publisher.yaml", raw, problems)
    path = "content/publisher.yaml"
    if doc is None or not data:
        return Publisher(fallback_name, None, None, MappingProxyType({})), problems
    _unknown(data, _PUBLISHER_KEYS, doc, path, (), problems)
    return (
        Publisher(
            name=str(data.get("name") or fallback_name),
            logo=_asset(data.get("logo"), assets, path, doc.line_of("logo"), problems),
            url=web_url(data.get("url"), path, doc.line_of("url"), problems),
            descriptions=_per_locale(
                data.get("description"),
                locales,
                path,
                doc.line_of("description"),
                "description",
                problems,
            ),
        ),
        problems,
    )


def load_terms(
    raw: bytes | None, locales: tuple[str, ...], slugs: str = "unicode"
) -> tuple[TermTable, list[Problem]]:
    """Term translations (``slugs``: how labels become slugs, as site.yaml says)."""
    problems: list[Problem] = []
    doc, data = _load("terms.yaml", raw, problems)
    path = "content/terms.yaml"
    labels: dict[tuple[str, str, str], tuple[str, str]] = {}
    keys: dict[tuple[str, str, str], str] = {}
    for section, entries in data.items():
        assert doc is not None
        if section not in _TERM_KINDS:
            problems.append(
                Problem(
                    path,
                    doc.line_of(section),
                    f"unknown section '{section}'{did_you_mean(str(section), _TERM_KINDS)}",
                )
            )
            continue
        kind = _TERM_KINDS[section]
        if entries is not None and not isinstance(entries, dict):
            problems.append(
                Problem(
                    path, doc.line_of(section), f"'{section}' must map each term key to its labels"
                )
            )
            continue
        for key, per_locale in (entries or {}).items():
            line = doc.line_of(section, key)
            if slugify(str(key), slugs) != str(key):
                problems.append(
                    Problem(
                        path,
                        line,
                        f"term key '{key}' must be {slug_form(slugs)}, e.g. '{slugify(str(key), slugs)}'",
                    )
                )
                continue
            if not isinstance(per_locale, dict):
                problems.append(Problem(path, line, f"term '{key}' needs a label per locale"))
                continue
            for locale, value in per_locale.items():
                if locale not in locales:
                    problems.append(
                        Problem(
                            path,
                            doc.line_of(section, key, locale),
                            f"unknown locale '{locale}'{did_you_mean(str(locale), locales)}",
                        )
                    )
                    continue
                if isinstance(value, dict):
                    raw_label, raw_slug = value.get("label", ""), value.get("slug")
                else:
                    raw_label, raw_slug = value, None
                if not isinstance(raw_label, str | int | float) or not isinstance(
                    raw_slug, str | None
                ):
                    where = doc.line_of(section, key, locale)
                    problems.append(
                        Problem(path, where, f"term '{key}': label and slug must be text")
                    )
                    continue
                label = str(raw_label).strip()
                slug = slugify(raw_slug if raw_slug is not None else label, slugs)
                if raw_slug is not None and slug != raw_slug:
                    # The slug becomes a folder of the output: never '../x' or 'a/b'.
                    problems.append(
                        Problem(
                            path,
                            doc.line_of(section, key, locale, "slug"),
                            f"slug '{raw_slug}' must be {slug_form(slugs)}, e.g. '{slug}'",
                        )
                    )
                    continue
                if label and not slug:
                    problems.append(
                        Problem(
                            path,
                            doc.line_of(section, key, locale),
                            f"term '{key}': the label '{label}' in {locale} has no letters or "
                            f"digits a URL can use; write it as {{label: '{label}', slug: ...}}",
                        )
                    )
                    continue
                if not label:
                    problems.append(
                        Problem(
                            path,
                            doc.line_of(section, key, locale),
                            f"term '{key}' has an empty label in {locale}",
                        )
                    )
                    continue
                labels[(kind, str(key), locale)] = (label, slug)
                keys[(kind, locale, label.casefold())] = str(key)
                keys.setdefault((kind, locale, str(key).casefold()), str(key))
    return TermTable(MappingProxyType(labels), MappingProxyType(keys), slugs), problems
