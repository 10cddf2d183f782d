"""Dates as other generators write them, into the forms mot-blog's front matter takes.

Read: YAML's and TOML's own dates and date-times; text in ISO 8601 and the forms around it
(``2024-05-29``, ``2024-05-29 9:00``, ``2024-05-29 09:00:00 +0000`` as Jekyll writes it,
``2024-05-29T09:00:00Z``, ``2024/05/29 09:00``), RFC 2822 as feeds write it (``Wed, 29 May
2024 09:00:00 +0000``), and a date at the start of a file name (``2024-05-29-title.md``). A
time without a zone is in the source site's time zone when it names one (Jekyll's
``timezone``, Pelican's ``TIMEZONE``), else UTC, as mot-blog reads it.

Written: ``2024-05-29`` for a date alone, ``2024-05-29 09:00:00 +0200`` for a moment.
"""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_DATE = re.compile(
    r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})"
    r"(?:(?:[Tt]|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6})\d*)?)?"
    r"\s*(?:([Zz]|UTC|GMT)|([+-])(\d{2}):?(\d{2})?)?)?"
)
_FILE_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)$")

Moment = dt.date | dt.datetime
"""A date alone, or a date-time (aware, or naive when the source gave no zone)."""


def zone(name: object) -> dt.tzinfo | None:
    """The time zone an IANA name names (``Europe/Rome``), or ``None``."""
    if not isinstance(name, str) or not name.strip():
        return None
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        return None


def read_date(value: object, local: dt.tzinfo | None = None) -> Moment | None:
    """A date or date-time from a front-matter value (``None``: none could be read). A
    date-time without a zone is taken in ``local`` when given."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        return value
    elif isinstance(value, str):
        parsed = _from_text(value.strip())
        if parsed is None:
            return None
        if not isinstance(parsed, dt.datetime):
            return parsed
        moment = parsed
    else:
        return None
    if moment.tzinfo is None and local is not None:
        moment = moment.replace(tzinfo=local)
    return moment


def _from_text(text: str) -> Moment | None:
    match = _DATE.fullmatch(text)
    if match is not None:
        year, month, day, hour, minute, second, fraction, utc, sign, zone_h, zone_m = match.groups()
        try:
            if hour is None:
                return dt.date(int(year), int(month), int(day))
            tz: dt.tzinfo | None = dt.UTC if utc else None
            if sign is not None:
                offset = dt.timedelta(hours=int(zone_h), minutes=int(zone_m or 0))
                tz = dt.timezone(-offset if sign == "-" else offset)
            return dt.datetime(
                int(year),
                int(month),
                int(day),
                int(hour),
                int(minute),
                int(second or 0),
                int((fraction or "0").ljust(6, "0")),
                tzinfo=tz,
            )
        except ValueError:
            return None
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def file_name_date(stem: str) -> tuple[dt.date | None, str]:
    """``2024-05-29-my-title`` -> (that date, ``my-title``); a name without a date is
    ``(None, name)``."""
    match = _FILE_DATE.match(stem)
    if match is None:
        return None, stem
    try:
        day = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None, stem
    return day, match.group(4)


def date_text(moment: Moment) -> str:
    """A date as mot-blog's front matter takes it: ``2024-05-29`` or
    ``2024-05-29 09:00:00 +0200`` (a time without a zone is written as UTC)."""
    if not isinstance(moment, dt.datetime):
        return moment.isoformat()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    offset = moment.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{moment.strftime('%Y-%m-%d %H:%M:%S')} {sign}{hours:02d}{rest:02d}"


def as_moment(moment: Moment) -> dt.datetime:
    """A date or date-time as an aware moment, as mot-blog reads it (a date is midnight UTC,
    a time without a zone is UTC): to compare ``updated`` with ``date``."""
    if not isinstance(moment, dt.datetime):
        return dt.datetime(moment.year, moment.month, moment.day, tzinfo=dt.UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def later(updated: Moment | None, published: Moment) -> Moment | None:
    """``updated`` when it is after ``published`` (mot-blog's ``updated`` may not be
    before ``date``, and the same moment says nothing), else ``None``."""
    if updated is None or as_moment(updated) <= as_moment(published):
        return None
    return updated
