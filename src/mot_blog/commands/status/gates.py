"""``mot-blog status`` as a gate for CI: ``--min-coverage PCT [--locale L]`` and
``--max-stale-days N`` fail with one line per locale or post that does not meet them.

A locale's coverage is the share of the site's posts (translation groups) it has a version
of that readers can take as one: the original, or a translation (up to date or stale) that
is not a machine translation awaiting review; a broken record does not count. A stale
translation's age counts from its source's last change as the source's front matter says it
(``updated``, else ``date``): a source edited without ``updated:`` reads as stale since its
publication, which errs on the side of catching up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mot_blog.commands.status.report import BROKEN, STALE, Report, Version


@dataclass(frozen=True, slots=True)
class Coverage:
    """How much of the site one locale has."""

    locale: str
    covered: int
    """Posts it has a version of that counts (the module docstring says which)."""
    total: int
    stale: int
    awaiting_review: int

    @property
    def percent(self) -> float:
        """``covered`` of ``total``, in percent (100 for a site without posts)."""
        return 100.0 * self.covered / self.total if self.total else 100.0


@dataclass(frozen=True, slots=True)
class StaleVersion:
    """A stale translation and how long it has been so."""

    version: Version
    days: int | None
    """Whole days since the source's last change; ``None``: its front matter has no date."""


def counts(version: Version) -> bool:
    """Whether a version counts toward its locale's coverage."""
    return version.state != BROKEN and not version.awaiting_review


def coverages(report: Report) -> list[Coverage]:
    """The coverage of every configured locale, in locale order."""
    result = []
    for code in report.locales:
        mine = [v for g in report.groups for v in g.versions if v.locale == code]
        result.append(
            Coverage(
                code,
                sum(counts(v) for v in mine),
                len(report.groups),
                sum(v.state == STALE for v in mine),
                sum(v.awaiting_review for v in mine),
            )
        )
    return result


def stale_versions(report: Report, now: dt.datetime) -> list[StaleVersion]:
    """Every stale translation, the longest stale first (unknown ages first of all)."""
    found = []
    for group in report.groups:
        for version in group.versions:
            if version.state == STALE:
                days = None if version.since is None else max(0, (now - version.since).days)
                found.append(StaleVersion(version, days))
    return sorted(found, key=lambda s: (-1 if s.days is None else -s.days, s.version.path))


def coverage_failures(report: Report, minimum: float, locales: list[str]) -> list[str]:
    """A line per locale of ``locales`` (all when empty) whose coverage is below ``minimum``."""
    lines = []
    for item in coverages(report):
        if locales and item.locale not in locales:
            continue
        if item.percent < minimum:
            lines.append(
                f"{item.locale}: {item.percent:.0f}% translated ({item.covered} of "
                f"{item.total} posts), below --min-coverage {minimum:g}%"
            )
    return lines


def stale_failures(report: Report, maximum: int, now: dt.datetime) -> list[str]:
    """A line per translation stale for more than ``maximum`` days (or for a time its
    source does not say)."""
    lines = []
    for item in stale_versions(report, now):
        version, since = item.version, item.version.since
        if item.days is None or since is None:
            lines.append(
                f"{version.path}: stale, and its source {version.source} has no date to count "
                "from; give it a valid 'updated:'"
            )
        elif item.days > maximum:
            lines.append(
                f"{version.path}: stale for {item.days} days ({version.source} changed on "
                f"{since.date().isoformat()}), over --max-stale-days {maximum}"
            )
    return lines
