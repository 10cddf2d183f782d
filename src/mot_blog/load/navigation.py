"""The links a locale's pages show around the posts: ``menu:`` (the header) and
``footer_links:`` (the footer) of a locale in site.yaml, and its ``copyright:`` line.

Each link is a label and a URL, or ``page:`` a translation key, which the model resolves to
that locale's translation of the post (:mod:`mot_blog.model.menus`); its title is then the
default label. Checked here, at their lines of site.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from mot_blog.errors import Problem
from mot_blog.load.settings import CONFIG_FILE, unknown_keys
from mot_blog.load.yamldoc import YamlDoc, kind_of

LINK_KEYS = {
    "label": "the text of the link (for a page: its title by default)",
    "url": "where it goes: a path of the site (/it/about/) or an http(s) or mailto URL",
    "page": "the translation key of a post: the link goes to this locale's translation",
}
LINK_LISTS = ("menu", "footer_links")
"""The settings of a locale that are lists of links."""
_SCHEMES = ("http", "https", "mailto")


@dataclass(frozen=True, slots=True)
class LinkConfig:
    """One link of a locale's menu or footer, as site.yaml writes it."""

    label: str
    """As written ('' for a page: its title stands in)."""
    url: str
    """As written: a path of the site (``/it/about/``), an absolute URL, or ''
    for a page."""
    page: str
    """The translation key of the post it links to, or ''."""
    line: int
    """Its line in site.yaml."""


def link_list(
    settings: dict, key: str, doc: YamlDoc, at: tuple, problems: list[Problem]
) -> tuple[LinkConfig, ...]:
    """The links under ``key`` of a locale's ``settings`` (at key path ``at`` of ``doc``),
    each checked: a mapping with ``label`` and ``url``, or ``page`` (and maybe ``label``)."""
    value = settings.get(key)
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.append(
            Problem(
                CONFIG_FILE,
                doc.line_of(*at, key),
                f"'{key}' must be a list of links such as '- {{label: Blog, url: /it/}}' "
                f"or '- {{page: about}}', not {kind_of(value)}",
            )
        )
        return ()
    links = []
    for index, item in enumerate(value):
        link = _link(item, key, doc, (*at, key, index), problems)
        if link is not None:
            links.append(link)
    return tuple(links)


def _link(
    item: Any, key: str, doc: YamlDoc, at: tuple, problems: list[Problem]
) -> LinkConfig | None:
    line = doc.line_of(*at)
    if not isinstance(item, dict):
        problems.append(
            Problem(
                CONFIG_FILE,
                line,
                f"an entry of '{key}' must be a mapping with label and url, or page, "
                f"not {kind_of(item)}",
            )
        )
        return None
    found = unknown_keys(item, LINK_KEYS, doc, CONFIG_FILE, at)
    texts = {}
    for name in LINK_KEYS:
        value = item.get(name)
        if value is None:
            texts[name] = ""
        elif isinstance(value, str) and value.strip():
            texts[name] = value.strip()
        else:
            what = "empty" if isinstance(value, str) else f"not text but {kind_of(value)}"
            found.append(
                Problem(CONFIG_FILE, doc.line_of(*at, name), f"'{name}' of a link is {what}")
            )
            texts[name] = ""
    label, url, page = texts["label"], texts["url"], texts["page"]
    if not found:
        if page and url:
            found.append(Problem(CONFIG_FILE, line, "a link has page or url, not both: remove one"))
        elif not page and not url:
            found.append(Problem(CONFIG_FILE, line, "a link needs a url (with a label) or a page"))
        elif url and not label:
            found.append(Problem(CONFIG_FILE, line, f"the link to '{url}' needs a label"))
        elif url:
            message = _url_problem(url)
            if message:
                found.append(Problem(CONFIG_FILE, doc.line_of(*at, "url"), message))
    problems += found
    return None if found else LinkConfig(label, url, page, line)


def _url_problem(url: str) -> str:
    """What is wrong with a link's URL, or ''."""
    if url.startswith("/") and not url.startswith("//"):
        return ""
    scheme = urlsplit(url).scheme.lower()
    if scheme in _SCHEMES and (scheme == "mailto" or urlsplit(url).netloc):
        return ""
    return (
        f"url '{url}' must be a path of the site starting with / (/it/about/) "
        "or an http, https or mailto URL"
    )


def copyright_line(settings: dict, doc: YamlDoc, at: tuple, problems: list[Problem]) -> str:
    """A locale's ``copyright:`` ('' when it has none: the theme writes © year and title)."""
    value = settings.get("copyright")
    if value is None:
        return ""
    if isinstance(value, str) and value.strip():
        return value.strip()
    what = "empty" if isinstance(value, str) else f"not text but {kind_of(value)}"
    problems.append(
        Problem(
            CONFIG_FILE,
            doc.line_of(*at, "copyright"),
            f"'copyright' is {what}; write it or remove the line",
        )
    )
    return ""
