"""What an importer reads a site into: a small model of a blog, neutral of the generator it
came from, which :mod:`mot_blog.commands.importing.writer` turns into a mot-blog site.

Front matter is already in mot-blog's keys (docs/configuration.md), with two allowances the
writer settles for every importer alike: ``categories`` may list several (mot-blog keeps
one: the others become tags), and ``slug`` may be anything (the writer makes it a slug,
unique in its locale). Links to other posts are written into bodies as
``mot-import-ref:N`` (:data:`REF`), the N-th of :attr:`ImportedSite.references`: only the
writer knows each post's final URL.

Every note of the report names the *source's* file and line (``content/posts/a.md:7``),
the path relative to the source folder.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REF = "mot-import-ref:"
"""What starts a link to another post in an imported body: ``mot-import-ref:3``."""

DROPPED = "Dropped"
HAND = "Needs a hand"
CHANGED = "Changed on the way"
SECTIONS = (DROPPED, HAND, CHANGED)
"""The sections of the report, in order: what is not in the new site (and why), what the
new site needs someone to do, and what was turned into something else."""


@dataclass(frozen=True, slots=True, order=True)
class Note:
    """One line of the report: ``path:line: message`` in one of :data:`SECTIONS`."""

    section: str
    path: str
    line: int | None
    message: str

    @property
    def where(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"


class Notes:
    """The notes an importer collects while it reads (and the writer while it writes)."""

    def __init__(self) -> None:
        self.items: list[Note] = []

    def dropped(self, path: str, line: int | None, message: str) -> None:
        """Something of the source that is not in the new site, and why."""
        self.items.append(Note(DROPPED, path, line, message))

    def hand(self, path: str, line: int | None, message: str) -> None:
        """Something the new site needs a person to do."""
        self.items.append(Note(HAND, path, line, message))

    def changed(self, path: str, line: int | None, message: str) -> None:
        """Something turned into what mot-blog has (worth a look, nothing lost)."""
        self.items.append(Note(CHANGED, path, line, message))


@dataclass(frozen=True, slots=True)
class Locale:
    """A language of the imported site."""

    code: str
    """BCP 47 (``pl-PL``): the content folder's name."""
    prefix: str
    """First URL segment of its pages."""
    title: str = ""
    """The site's title in this language, when the source gives one."""
    name: str = ""
    """Its name as the source gives it (``site.yaml`` gets it when CLDR's differs)."""


@dataclass(frozen=True, slots=True)
class CopiedFile:
    """A file of the source copied into the new site."""

    target: str
    """Where it goes: below ``static/``, or below its post's bundle folder."""
    source: Path
    """The file in the source (absolute)."""
    origin: str = ""
    """Its path in the source, for the report."""


@dataclass(frozen=True, slots=True)
class Post:
    """One post, in one locale."""

    source: str
    """Its file in the source (relative), for the report and :class:`Reference`; posts of
    one file (a WXR export's items) add ``#`` and their line: ``export.xml#45``."""
    locale: str
    slug: str
    """What its URL's last segment should be (the writer makes it a unique slug)."""
    group: str | None
    """Its translation group: posts that share one are translations of each other."""
    front: Mapping[str, Any]
    """Front matter in mot-blog's keys (see the module docstring), in writing order."""
    body: str
    files: tuple[CopiedFile, ...] = ()
    """Its page bundle's files (none: a plain post file)."""
    line: int = 1
    """Where the post starts in its source file (WXR items share one file)."""
    lines: Mapping[str, int] = field(default_factory=dict)
    """Source line of front-matter keys, for notes about them."""


@dataclass(frozen=True, slots=True)
class Reference:
    """A link from a body to another post (``mot-import-ref:N`` in the body)."""

    target: str
    """The linked post's :attr:`Post.source`."""
    locale: str
    """The linking post's locale: its translation there is linked, when there is one."""
    fragment: str = ""
    """``#anchor``, kept."""
    original: str = ""
    """The link as the source wrote it, written back when the target is not imported."""
    path: str = ""
    line: int | None = None
    """Where the link is, for the note when the target is not found."""


@dataclass(frozen=True, slots=True)
class Author:
    """An author of ``content/authors.yaml``."""

    key: str
    name: str
    links: tuple[tuple[str, str], ...] = ()
    """(kind, URL), as ``links:`` takes them."""
    bio: str = ""
    avatar: str | None = None
    """A path below ``static/`` (the file among :attr:`ImportedSite.static`)."""


@dataclass(frozen=True, slots=True)
class Term:
    """A category or tag whose labels differ between locales: one term of
    ``content/terms.yaml`` (labels equal in every locale need no entry)."""

    kind: str
    """``categories`` or ``tags``."""
    key: str
    labels: tuple[tuple[str, str], ...]
    """(locale, label)."""


@dataclass(frozen=True, slots=True)
class Message:
    """A UI string of the source that means one of the theme's messages."""

    msgid: str
    msgstr: tuple[str, ...]
    """One text, or one per plural form of the locale's catalog."""
    msgid_plural: str = ""


@dataclass(frozen=True, slots=True)
class Shortcode:
    """A shortcode the content calls that neither the theme nor the site has: the writer
    writes a template that shows only its inner text, with the source's template (when
    there is one) in a comment for someone to rewrite."""

    name: str
    inner: bool
    """Its calls have inner text."""
    original: str = ""
    """The source's own template (a Go template, for Hugo), kept in the comment."""
    origin: str = ""


@dataclass(frozen=True, slots=True)
class ImportedSite:
    """A whole blog read from another generator's files."""

    generator: str
    """``hugo``, ``jekyll``, ``pelican``, ``wordpress``, or a plugin's name."""
    title: str
    base_url: str
    locales: tuple[Locale, ...]
    """The first is the default locale."""
    posts: tuple[Post, ...]
    authors: tuple[Author, ...] = ()
    terms: tuple[Term, ...] = ()
    static: tuple[CopiedFile, ...] = ()
    references: tuple[Reference, ...] = ()
    catalogs: Mapping[str, tuple[Message, ...]] = field(default_factory=dict)
    """Locale code -> the theme's messages the source translates."""
    shortcodes: tuple[Shortcode, ...] = ()
    settings: Mapping[str, Any] = field(default_factory=dict)
    """More keys of ``site.yaml`` (``heading_ids``, ``math``...)."""
    notes: tuple[Note, ...] = ()


class ImportRefused(Exception):
    """The source cannot be imported at all (not a site of that kind, an unreadable
    configuration): one line, ``path:line: message``."""

    def __init__(self, path: str, line: int | None, message: str):
        super().__init__(message)
        self.path, self.line, self.message = path, line, message

    def __str__(self) -> str:
        return (
            f"{self.path}:{self.line}: {self.message}"
            if self.line
            else f"{self.path}: {self.message}"
        )
