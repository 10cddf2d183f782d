"""The forms of single front-matter values: date-times, old URLs (``aliases:``), the
canonical URL, and the list of authors. Each check gives the value or a message saying
what is wrong and how to write it; :mod:`mot_blog.load.frontmatter` puts the message at
the value's line.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from mot_blog.load.yamldoc import kind_of

DATE_HINT = (
    "write it as YYYY-MM-DD, e.g. 2022-05-17, "
    "or YYYY-MM-DD HH:MM[:SS] [+ZZZZ], e.g. 2022-05-17 9:30 +0200"
)

_DATE_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[Tt ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6})\d*)?)?"
    r"\s*(?:([Zz])|([+-])(\d{2}):?(\d{2})?)?)?"
)
"""``2024-05-29``, ``2024-05-29 9:00``, ``2024-05-29 09:00:00 +0000``,
``2024-05-29T09:00:00.5Z``: a date, optionally a time of one- or two-digit hours, with or
without seconds, and a zone (``Z``, ``+02``, ``+0200`` or ``+02:00``, a space before it
allowed, as Jekyll writes it)."""


def as_datetime(value: Any) -> dt.datetime | None:
    """A front-matter date as a timezone-aware moment (a bare date is midnight UTC, a time
    without a zone is UTC), or ``None`` when it is no date. YAML reads some forms as dates
    itself (``2024-05-29``, ``2024-05-29 09:00:00 +02:00``) and leaves the others as text
    (``2024-05-29 9:00:00 +0000``, ``2024-05-29 09:00``): both are taken."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    if not isinstance(value, str):
        return None
    text = value.strip()
    match = _DATE_TIME.fullmatch(text)
    if match is None:
        try:  # the other ISO 8601 forms Python reads (2024-W22-3, 20240529T0900...)
            return as_datetime(dt.datetime.fromisoformat(text))
        except ValueError:
            return None
    year, month, day, hour, minute, second, fraction, utc, sign, zone_h, zone_m = match.groups()
    zone = dt.UTC
    if sign is not None:
        offset = dt.timedelta(hours=int(zone_h), minutes=int(zone_m or 0))
        if offset >= dt.timedelta(hours=24):
            return None
        zone = dt.timezone(-offset if sign == "-" else offset)
    try:
        return dt.datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            int((fraction or "0").ljust(6, "0")),
            tzinfo=zone,
        )
    except ValueError:  # 2024-13-45, 25:00
        return None


def bad_date(value: Any) -> str:
    """``bad date '2024-13-45'`` (text as written), or what else the value is, and the hint."""
    if isinstance(value, str):
        return f"bad date {value!r}; {DATE_HINT}"
    return f"a date must be written as a date, not {kind_of(value)}; {DATE_HINT}"


def canonical_problem(value: str) -> str | None:
    """What is wrong with a ``canonical_url`` (``None``: nothing): it must be an absolute
    http(s) URL with a host, written as a page may hold it (no spaces or quotes)."""
    try:
        parts = urlsplit(value)
    except ValueError:  # 'http://[oops'
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        return (
            f"canonical_url '{value}' must be an absolute http(s) URL, "
            "e.g. https://example.com/where-it-was-first-published/"
        )
    bad = next((c for c in value if c.isspace() or c in "\"'<>\\" or not c.isprintable()), None)
    if bad is not None:
        return f"canonical_url '{value}' holds {bad!r}; percent-encode it (%20 for a space)"
    return None


ALIAS_FILE = re.compile(r"[^/]*\.[A-Za-z0-9]+")
"""A last segment with an extension (``old-slug.html``): the alias is that file; any
other alias is a folder (``/2019/05/old-slug/`` -> ``2019/05/old-slug/index.html``)."""


def alias_path(value: Any) -> tuple[str | None, str]:
    """An old URL of a post (``aliases:``) as ``(path, "")``: the path below the site's
    base path, decoded (``2019/05/café/`` for a folder, ``old-slug.html`` for a file), or
    ``(None, message)``. Site-relative only: no scheme, host, query or fragment, no ``.``,
    ``..`` or empty segment, no segment starting with ``.``, no backslash or colon."""
    if not isinstance(value, str) or not value.strip():
        return None, f"an alias must be a site-relative URL, not {kind_of(value)}"
    text = value.strip()
    shown = f"alias '{text}'"
    try:
        parts = urlsplit(text)
    except ValueError:
        parts = None
    if parts is None or parts.scheme or parts.netloc or text.startswith("//"):
        return None, (
            f"{shown} must be a path on this site, e.g. /2019/05/old-slug/ or old-slug.html "
            "(no https:// or host)"
        )
    if "?" in text or "#" in text:
        return None, f"{shown} has a query or fragment ('?', '#'); give the path only"
    if any(c.isspace() or not c.isprintable() for c in text):
        return None, f"{shown} holds a space or control character; write a space as %20"
    if re.search(r"%(2[fF]|5[cC]|00)", text):
        return None, f"{shown} holds an encoded '/', '\\' or NUL; write the path itself"
    if re.search(r"%(?![0-9A-Fa-f]{2})", text):
        return None, f"{shown} has a '%' that is not a percent-encoding like %20; write it as %25"
    try:
        path = unquote(text, errors="strict") if "%" in text else text
    except UnicodeDecodeError:
        return None, f"{shown} has percent-encodings that are not UTF-8 text"
    if "\\" in path or ":" in path:
        return None, f"{shown} holds a '\\' or ':', which no output file may have in its name"
    segments = path.strip("/").split("/")
    if segments == [""]:
        return None, f"{shown} is the site's root page; give the old post's own path"
    if any(segment in ("", ".", "..") for segment in segments):
        return None, f"{shown} has an empty, '.' or '..' segment; write the path it leads to"
    if any(segment.startswith(".") for segment in segments):
        return None, f"{shown} has a segment starting with '.'; such files are not published"
    inner = "/".join(segments)
    if not path.endswith("/") and ALIAS_FILE.fullmatch(segments[-1]):
        return inner, ""
    return inner + "/", ""


def alias_url(base_path: str, path: str) -> str:
    """The URL of an alias's path (:func:`alias_path`): under the base path, percent-encoded
    as a browser sends it (``/blog/2019/caf%C3%A9/``)."""
    return base_path + quote(path, safe="/!$&'()*+,;=@~-._")


def alias_output(path: str) -> str:
    """The output file of an alias's path: ``x/index.html`` for a folder, else the file."""
    return path + "index.html" if path.endswith("/") else path


def names(value: Any) -> tuple[list[str], list[tuple[int, str]]]:
    """``authors:`` (a list of author keys; one key alone is a list of one) as the keys in
    order, and ``(index, message)`` for each item that is no key or repeats one."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        return [], [(-1, f"'authors' must be a list of author keys, not {kind_of(value)}")]
    keys: list[str] = []
    problems: list[tuple[int, str]] = []
    for index, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            problems.append(
                (index, f"an author must be a key of authors.yaml, not {kind_of(item)}")
            )
        elif item.strip() in keys:
            problems.append((index, f"author '{item.strip()}' is listed twice; keep one"))
        else:
            keys.append(item.strip())
    if not keys and not problems:
        problems.append((-1, "'authors' is empty; list author keys or remove it"))
    return keys, problems
