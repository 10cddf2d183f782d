"""The files a post names, as that post sees them: its page bundle's, its original's, then
``static/``'s (:mod:`mot_blog.load.bundles` says the order), and the raw HTML that names them.

:class:`PostFiles` is the asset-URL table the Markdown engine is handed for one post: a
name as the post writes it (``x.png``, ``./images/x.png``, ``images/x.svg``) is looked up
where the post looks for files, and every lookup goes through the site's table, so the
parse cache (which records them) knows what the parse read. :func:`rewrite_raw_urls` gives
the ``src``, ``href``, ``srcset`` and ``poster`` of the body's raw HTML the published URL
of the file they name, as Markdown images and links get theirs.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Mapping
from html import escape, unescape
from typing import Any

from mot_blog.load.assets import static_name
from mot_blog.load.bundles import PREFIX

_TAG = re.compile(r"<[A-Za-z][^<>]*>")
_URL_ATTRIBUTE = re.compile(
    r"(\s(?:src|href|poster|srcset)\s*=\s*)(\"[^\"]*\"|'[^']*')", re.IGNORECASE
)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_UNSEEN: Any = object()
RAW_URL_HINTS = ("src=", "href=", "poster=", "srcset=", "SRC=", "HREF=")
"""What a body's source holds when its raw HTML may name a file (the quick test)."""


class PostFiles(Mapping[str, str]):
    """The site's asset-URL table (name -> published URL) as one post sees it."""

    def __init__(self, urls: Mapping[str, str], folders: tuple[str, ...]):
        """``folders``: the asset-table prefixes of the bundles the post looks in, in order."""
        self._urls = urls
        self.folders = folders
        self.found: dict[str, str | None] = {}
        """Each name asked for, as written -> its asset-table name (None: not found)."""

    def name_of(self, written: str) -> str | None:
        """The asset-table name of the file ``written`` names (None: there is none)."""
        found = self.found.get(written, _UNSEEN)
        if found is not _UNSEEN:
            return found
        plain = not written.startswith(("/", ".")) and "#" not in written and "?" not in written
        if plain and not self.folders:  # a name of static/ as it is (most names): one lookup
            name = written if self._urls.get(written) is not None else None
            self.found[written] = name
            return name
        name = None
        path = written.split("#", 1)[0].split("?", 1)[0]
        if not path.startswith("/"):
            inside = posixpath.normpath(static_name(path))
            if not inside.startswith("../") and inside not in (".", ".."):
                for folder in self.folders:
                    if self._urls.get(folder + inside) is not None:
                        name = folder + inside
                        break
        if name is None:
            candidate = static_name(path)
            if candidate and not candidate.startswith(PREFIX) and self._urls.get(candidate):
                name = candidate
        self.found[written] = name
        return name

    def __getitem__(self, written: str) -> str:
        name = self.name_of(written)
        if name is None:
            raise KeyError(written)
        return self._urls[name]

    def get(self, written: str, default: Any = None) -> Any:
        name = self.name_of(written)
        return default if name is None else self._urls[name]

    def __contains__(self, written: object) -> bool:
        return isinstance(written, str) and self.name_of(written) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._urls)

    def __len__(self) -> int:
        return len(self._urls)

    def bundle_files(self) -> tuple[str, ...]:
        """The asset-table names of the bundles' files the post named, sorted."""
        if not self.folders:  # (then it named none)
            return ()
        return tuple(sorted({n for n in self.found.values() if n and n.startswith(PREFIX)}))


def may_name_files(body: str) -> bool:
    """The quick test on a body's Markdown: could its raw HTML name a file? (``=`` first,
    one character, which prose seldom holds: a ``memchr``.)"""
    return "=" in body and any(hint in body for hint in RAW_URL_HINTS)


def rewrite_raw_urls(html: str, files: PostFiles) -> str:
    """``html`` with each ``src``, ``href``, ``poster`` and ``srcset`` of its tags that
    names a file of the post's bundles or of ``static/`` turned into the file's published
    URL (a Markdown image or link already has its own; text never changes: in HTML it
    holds no tag)."""

    def url(written: str) -> str:
        if not written or _SCHEME.match(written) or written.startswith(("#", "//")):
            return written
        found = files.get(written)
        if found is None:
            return written
        rest = written[len(written.split("#", 1)[0].split("?", 1)[0]) :]
        return found + rest

    def attribute(match: re.Match[str]) -> str:
        quoted = match.group(2)
        value = unescape(quoted[1:-1])
        if match.group(1).strip().lower().startswith("srcset"):
            new = ", ".join(_srcset_part(part, url) for part in value.split(","))
        else:
            new = url(value)
        if new == value:
            return match.group()
        return f'{match.group(1)}"{escape(new)}"'

    def tag(match: re.Match[str]) -> str:
        return _URL_ATTRIBUTE.sub(attribute, match.group())

    return _TAG.sub(tag, html)


def _srcset_part(part: str, url: Any) -> str:
    pieces = part.strip().split(None, 1)
    if not pieces:
        return part.strip()
    return " ".join([url(pieces[0]), *pieces[1:]])
