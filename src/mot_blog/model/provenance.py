"""How a translation was made: ``translated_by``, ``reviewed`` and ``translator`` of its
front matter, resolved against the site's authors.

``translated_by`` is ``human`` (the default) or ``machine``; ``reviewed`` defaults to true
for a human translation and to false for a machine one, whose page then says it has not
been reviewed and stays out of the hreflang alternates and the sitemap until it is
(:attr:`~mot_blog.model.site.Provenance.awaiting_review`). ``translator`` is a key of
``content/authors.yaml`` or a name as it is shown: a value written like a key (lowercase
letters, digits, dashes, underscores and dots, no space) must be one, so that a mistyped key
is a problem with a did-you-mean rather than a name shown on the page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from mot_blog.errors import Problem, did_you_mean
from mot_blog.load.frontmatter import FrontMatter
from mot_blog.model.site import Author, Provenance, Translator

MACHINE = "machine"
_KEY_LIKE = re.compile(r"[a-z0-9][a-z0-9_.-]*")
"""What an author key looks like: a translator written so must name one."""


def provenance(
    meta: FrontMatter, path: str, authors: Mapping[str, Author], problems: list[Problem]
) -> Provenance | None:
    """The :class:`~mot_blog.model.site.Provenance` of a post (``None`` when its front matter
    says nothing of being a translation); an unknown author key as ``translator`` is a
    problem at its line."""
    if (
        meta.translated_from is None
        and meta.translated_by is None
        and meta.reviewed is None
        and meta.translator is None
    ):
        return None
    machine = meta.translated_by == MACHINE
    reviewed = (not machine) if meta.reviewed is None else meta.reviewed
    return Provenance(machine, reviewed, _translator(meta, path, authors, problems))


def _translator(
    meta: FrontMatter, path: str, authors: Mapping[str, Author], problems: list[Problem]
) -> Translator | None:
    written = meta.translator
    if written is None:
        return None
    author = authors.get(written)
    if author is not None:
        return Translator(author.name, author)
    if _KEY_LIKE.fullmatch(written):
        problems.append(
            Problem(
                path,
                meta.lines.get("translator"),
                f"unknown translator '{written}'{did_you_mean(written, authors)}; add it to "
                "content/authors.yaml, or write the translator's name as it is shown "
                "(translator: Ada Rossi)",
            )
        )
        return None
    return Translator(written)
