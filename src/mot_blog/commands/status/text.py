"""A status report as the terminal shows it: a table per translation group, then the catalogs."""

from __future__ import annotations

from mot_blog.commands.status.report import BROKEN, CURRENT, ORIGINAL, STALE, Report

_MARK = {ORIGINAL: "original", CURRENT: "up to date", STALE: "STALE", BROKEN: "BROKEN"}


def format_report(report: Report) -> str:
    """The report as aligned plain-text tables."""
    lines = ["Translations"]
    rows: list[tuple[str, ...]] = [("GROUP", "LOCALE", "STATE", "FILE / DETAIL")]
    for group in report.groups:
        for index, version in enumerate(group.versions):
            detail = (
                version.path if version.state == ORIGINAL else f"{version.path} ({version.detail})"
            )
            if version.machine:
                review = "awaiting review" if version.awaiting_review else "reviewed"
                detail += f" [machine translation, {review}]"
            rows.append(
                (group.key if index == 0 else "", version.locale, _MARK[version.state], detail)
            )
        for code in group.missing:
            rows.append(("" if group.versions else group.key, code, "missing", "-"))
    lines += _table(rows)
    stale = sum(v.state == STALE for g in report.groups for v in g.versions)
    broken = sum(v.state == BROKEN for g in report.groups for v in g.versions)
    missing = sum(len(g.missing) for g in report.groups)
    machine = sum(v.machine for g in report.groups for v in g.versions)
    waiting = sum(v.awaiting_review for g in report.groups for v in g.versions)
    lines.append(
        f"  {len(report.groups)} groups: {stale} stale, {broken} broken, "
        f"{missing} locale version(s) not written, {machine} machine translation(s), "
        f"{waiting} awaiting review"
    )
    lines += ["", "Catalogs"]
    rows = [("LOCALE", "CATALOG", "MESSAGES", "UNTRANSLATED", "FUZZY")]
    for catalog in report.catalogs:
        rows.append(
            (
                catalog.locale,
                catalog.path,
                str(catalog.messages),
                str(len(catalog.untranslated)),
                str(len(catalog.fuzzy)),
            )
        )
    lines += _table(rows)
    for catalog in report.catalogs:
        lines += [f"  {catalog.path}: untranslated: {msgid}" for msgid in catalog.untranslated]
        lines += [f"  {catalog.path}: fuzzy: {msgid}" for msgid in catalog.fuzzy]
    if report.problems:
        lines += ["", "Problems"] + [f"  {problem}" for problem in report.problems]
    return "\n".join(lines)


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  "
        + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
