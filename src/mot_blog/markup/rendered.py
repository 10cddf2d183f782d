"""What a Markdown engine gives for one post body: its HTML and what the body uses, names
and says about itself (the same shape whichever engine wrote it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from mot_blog.records import Record


class Heading(NamedTuple):
    """A heading of the body, for a table of contents (a named tuple: a body has a dozen,
    and a frozen data class took a fifth of the writer's time to make them)."""

    level: int
    text: str
    """Its text as a reader reads it (no markup)."""
    id: str


@dataclass(frozen=True, slots=True)
class Note(Record):
    """Something the engine found in the body that the editor should hear about."""

    line: int | None
    """0-based line in the body (None: not known; the problem names the body's first line)."""
    message: str
    warning: bool = False
    """A warning does not stop the build (:func:`mot_blog.errors.warning`)."""


@dataclass(frozen=True, slots=True)
class Rendered(Record):
    """A post body rendered to HTML."""

    html: str
    word_count: int
    images: tuple[str, ...]
    """Relative image paths the body uses (under ``static/``), in order."""
    links: tuple[str, ...]
    """Every link target, as written."""
    unsafe_links: tuple[str, ...]
    """``javascript:``-style links that were removed."""
    headings: tuple[Heading, ...] = ()
    """Every heading, in order (the table of contents picks its levels)."""
    notes: tuple[Note, ...] = ()
    """Problems and warnings at their lines: math that does not convert, a code block's
    unknown language."""
    lead: str = ""
    """The summary taken from the body (:mod:`mot_blog.markup.summary`) for a post whose
    front matter has none (set by :func:`~mot_blog.markup.posts.parse_post`; else empty)."""
