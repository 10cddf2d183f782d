"""What a translation was made from.

A translation records, in its front matter, the locale of its source and a hash
of the source's body at the moment it was translated::

    translated_from: fr-FR:3f2a1b4c5d6e7f80

``mot-blog new --translation-of`` writes it; ``mot-blog status`` compares it with
the source's current body to tell which translations are stale.
"""

from __future__ import annotations

import hashlib

HASH_LENGTH = 16


def body_hash(body: str) -> str:
    """Hash of a post body, insensitive to line endings and surrounding blank lines."""
    normalized = body.replace("\r\n", "\n").replace("\r", "\n").strip()
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def format_origin(locale: str, body: str) -> str:
    """The ``translated_from`` value for a translation of ``body`` written in ``locale``."""
    return f"{locale}:{body_hash(body)}"


def parse_origin(value: str) -> tuple[str, str] | None:
    """``(locale, hash)`` from a ``translated_from`` value, or None when malformed."""
    locale, sep, digest = value.rpartition(":")
    if not sep or not locale or len(digest) != HASH_LENGTH:
        return None
    return locale, digest
