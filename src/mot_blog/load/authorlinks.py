"""An author's links (``links:`` in ``content/authors.yaml``): which kinds the theme knows,
how a kind is recognised from a URL, and what each is called.

``links:`` is a mapping kind -> URL (``github: https://github.com/ada``), or a list of
URLs whose kind is recognised from the host (``https://bsky.app/profile/ada`` is Bluesky; a
URL whose path is ``/@name`` on another host is Mastodon; anything else is a website). A
mapping's kind may also be one of the site's own (``ORCID: https://orcid.org/...``): it is
shown with a plain link icon and named as written.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from mot_blog.errors import Problem, did_you_mean, warning
from mot_blog.load.yamldoc import YamlDoc, kind_of
from mot_blog.model.site import AuthorLink
from mot_blog.model.urls import slugify

KINDS = {
    "website": "",
    "email": "",
    "github": "GitHub",
    "gitlab": "GitLab",
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "x": "X",
    "linkedin": "LinkedIn",
    "instagram": "Instagram",
    "facebook": "Facebook",
    "youtube": "YouTube",
    "threads": "Threads",
}
"""Every kind the theme draws an icon for, with the network's name (``website`` and
``email`` are named by their own messages, in the page's language)."""

SPELLINGS = {"twitter": "x", "web": "website", "homepage": "website", "mail": "email"}
"""Other names of a known kind, accepted as keys of ``links:``."""

_HOSTS = {
    "github.com": "github",
    "gitlab.com": "gitlab",
    "bsky.app": "bluesky",
    "x.com": "x",
    "twitter.com": "x",
    "linkedin.com": "linkedin",
    "instagram.com": "instagram",
    "facebook.com": "facebook",
    "youtube.com": "youtube",
    "youtu.be": "youtube",
    "threads.net": "threads",
    "threads.com": "threads",
}
_FEDIVERSE_PROFILE = re.compile(r"/@[^/@]+/?")
_ADDRESS = re.compile(r"[^@\s:/]+@[^@\s:/]+")


def known_kind(key: str) -> str | None:
    """The kind a ``links:`` key names (``GitHub``, ``twitter``), or ``None`` for a kind of
    the site's own."""
    name = key.strip().lower()
    name = SPELLINGS.get(name, name)
    return name if name in KINDS else None


def kind_of_url(url: str) -> str:
    """The kind of a link given without one (a ``links:`` list item), from its URL."""
    if url.lower().startswith("mailto:") or _ADDRESS.fullmatch(url):
        return "email"
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    for known, kind in _HOSTS.items():
        if host == known or host.endswith("." + known):
            return kind
    if _FEDIVERSE_PROFILE.fullmatch(parts.path):
        return "mastodon"
    return "website"


def network_name(kind: str, written: str) -> str:
    """What a link is called in "Ada Rossi on ...": the network's name, or for a kind of the
    site's own the key as written."""
    return KINDS.get(kind, written.strip())


def web_url(value: Any, path: str, line: int, problems: list[Problem]) -> str | None:
    """``value`` when it is an http(s) URL (``None`` stays ``None``), else a problem."""
    if value is None:
        return None
    try:
        scheme = urlsplit(value).scheme if isinstance(value, str) else ""
    except ValueError:  # 'http://[oops': urlsplit raises on a malformed host
        scheme = ""
    if scheme not in ("http", "https"):
        problems.append(Problem(path, line, f"'{value}' must be an http(s) URL"))
        return None
    return value


def _email(value: Any, path: str, line: int, problems: list[Problem]) -> str | None:
    """A ``mailto:`` URL, from one or from a bare address."""
    if isinstance(value, str) and value.lower().startswith("mailto:") and "@" in value:
        return value
    if isinstance(value, str) and _ADDRESS.fullmatch(value):
        return f"mailto:{value}"
    problems.append(Problem(path, line, f"'{value}' must be an e-mail address (ada@example.com)"))
    return None


def read_links(
    entry: dict, key: Any, doc: YamlDoc, path: str, problems: list[Problem]
) -> tuple[AuthorLink, ...]:
    """An author's ``linkedin:`` and ``links:`` (a mapping kind -> URL, or a list of URLs),
    checked: http(s) URLs (``mailto:`` or an address for ``email``), none given twice. A
    mapping's key close to a known kind but not one (``githb``) is a warning."""
    written: list[tuple[str, str, Any, int]] = []  # (kind, as written, URL, line)
    if entry.get("linkedin") is not None:
        written.append(("linkedin", "linkedin", entry["linkedin"], doc.line_of(key, "linkedin")))
    value = entry.get("links")
    if isinstance(value, dict):
        for name, url in value.items():
            line = doc.line_of(key, "links", name)
            kind = known_kind(str(name))
            if kind is None:
                kind = slugify(str(name)) or "link"
                hint = did_you_mean(str(name).lower(), KINDS)
                if hint:
                    problems.append(
                        warning(
                            path,
                            line,
                            f"link kind '{name}'{hint} is not one the theme knows; "
                            "it is shown with a plain link icon",
                        )
                    )
            written.append((kind, str(name), url, line))
    elif isinstance(value, list):
        for index, url in enumerate(value):
            line = doc.line_of(key, "links", index)
            if not isinstance(url, str):
                problems.append(Problem(path, line, f"a link must be a URL, not {kind_of(url)}"))
                continue
            kind = kind_of_url(url)
            written.append((kind, kind, url, line))
    elif value is not None:
        problems.append(
            Problem(
                path,
                doc.line_of(key, "links"),
                "'links' must map each kind to its URL (github: https://...) or list URLs",
            )
        )
    links: list[AuthorLink] = []
    seen: dict[str, int] = {}
    for kind, name, url, line in written:
        checked = (
            _email(url, path, line, problems)
            if kind == "email"
            else web_url(url, path, line, problems)
        )
        if checked is None:
            continue
        if checked in seen:
            problems.append(
                Problem(path, line, f"link '{checked}' is given twice (also line {seen[checked]})")
            )
            continue
        seen[checked] = line
        links.append(AuthorLink(kind, checked, network_name(kind, name)))
    return tuple(links)
