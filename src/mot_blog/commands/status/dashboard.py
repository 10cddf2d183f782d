"""``mot-blog status --format html --out FILE``: the translation report as one
self-contained HTML page (its style inline, nothing loaded from anywhere): coverage per
locale as bars, stale translations by age with the command that shows what changed,
machine translations awaiting review, and the catalogs' gaps.

The file is written only where that is safe: never over anything but a regular file (a
folder, a link, a device), never into a build's output folder (the folder marked by
:data:`~mot_blog.publish.folder.MARKER`, which the next build replaces), and atomically
(a temporary file in the same folder, renamed over the old one), so that a failed write
leaves the previous dashboard as it was.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import tempfile
from html import escape
from pathlib import Path

from mot_blog.commands.status.gates import coverages, stale_versions
from mot_blog.commands.status.report import Report
from mot_blog.publish.folder import MARKER

STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 56rem;
  padding: 0 1rem; color: #1d1d1f; background: #fff; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-block-start: 2rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: start; padding: 0.3rem 0.5rem; border-block-end: 1px solid #ddd;
  vertical-align: top; }
.bar { inline-size: 100%; min-inline-size: 8rem; block-size: 0.9rem; background: #eee;
  border-radius: 0.45rem; overflow: hidden; }
.bar span { display: block; block-size: 100%; background: #2a7d4f; }
.low .bar span { background: #c0392b; }
.num { text-align: end; font-variant-numeric: tabular-nums; white-space: nowrap; }
code { font-size: 0.9em; background: #f4f4f4; padding: 0 0.25rem; border-radius: 0.2rem; }
.none { color: #666; }
@media (prefers-color-scheme: dark) {
  body { color: #eee; background: #161618; } th, td { border-color: #333; }
  .bar { background: #333; } code { background: #26262a; } .none { color: #aaa; }
}
"""
LOW = 50.0
"""Coverage below this many percent shows as a red bar."""


def dashboard_html(report: Report, now: dt.datetime) -> str:
    """The dashboard page of ``report`` (``now``: what stale ages count to)."""
    title = f"Translation status · {report.title}" if report.title else "Translation status"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{STYLE}</style></head>",
        "<body>",
        f"<h1>{escape(title)}</h1>",
        f"<p>Made by <code>mot-blog status</code> on {now.date().isoformat()}: "
        f"{len(report.groups)} post(s), {len(report.locales)} locale(s).</p>",
    ]
    parts += _coverage(report)
    parts += _stale(report, now)
    parts += _review(report)
    parts += _catalogs(report)
    if report.problems:
        parts.append("<h2>Problems</h2><ul>")
        parts += [f"<li><code>{escape(str(problem))}</code></li>" for problem in report.problems]
        parts.append("</ul>")
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def _coverage(report: Report) -> list[str]:
    rows = [
        "<h2>Coverage</h2>",
        "<table><thead><tr><th>Locale</th><th>Translated</th><th class=num>%</th>"
        "<th class=num>Posts</th><th class=num>Stale</th><th class=num>Awaiting review</th>"
        "</tr></thead><tbody>",
    ]
    for item in coverages(report):
        percent = item.percent
        low = ' class="low"' if percent < LOW else ""
        rows.append(
            f"<tr{low}><td><code>{escape(item.locale)}</code></td>"
            f'<td><div class="bar" role="img" aria-label="{percent:.0f}%">'
            f'<span style="inline-size: {percent:.1f}%"></span></div></td>'
            f"<td class=num>{percent:.0f}%</td><td class=num>{item.covered} / {item.total}</td>"
            f"<td class=num>{item.stale}</td><td class=num>{item.awaiting_review}</td></tr>"
        )
    rows.append("</tbody></table>")
    return rows


def _stale(report: Report, now: dt.datetime) -> list[str]:
    found = stale_versions(report, now)
    rows = ["<h2>Stale translations, longest stale first</h2>"]
    if not found:
        return [*rows, '<p class="none">None: every translation is up to date.</p>']
    rows.append(
        "<table><thead><tr><th>Translation</th><th>Source</th><th class=num>Days</th>"
        "<th>What changed</th></tr></thead><tbody>"
    )
    for item in found:
        version = item.version
        days = "?" if item.days is None else str(item.days)
        rows.append(
            f"<tr><td><code>{escape(version.path)}</code></td>"
            f"<td><code>{escape(version.source or '')}</code></td><td class=num>{days}</td>"
            f"<td><code>mot-blog status --diff {escape(version.path)}</code></td></tr>"
        )
    rows.append("</tbody></table>")
    return rows


def _review(report: Report) -> list[str]:
    waiting = [v for g in report.groups for v in g.versions if v.awaiting_review]
    rows = ["<h2>Machine translations awaiting review</h2>"]
    if not waiting:
        return [*rows, '<p class="none">None.</p>']
    rows.append("<ul>")
    rows += [
        f"<li><code>{escape(v.path)}</code> ({escape(v.locale)}): once read through, "
        "write <code>reviewed: true</code></li>"
        for v in waiting
    ]
    rows.append("</ul>")
    return rows


def _catalogs(report: Report) -> list[str]:
    gaps = [c for c in report.catalogs if c.untranslated or c.fuzzy]
    rows = ["<h2>Catalog gaps</h2>"]
    if not gaps:
        return [*rows, '<p class="none">None: every catalog is complete.</p>']
    rows.append(
        "<table><thead><tr><th>Locale</th><th>Catalog</th><th class=num>Untranslated</th>"
        "<th class=num>Fuzzy</th></tr></thead><tbody>"
    )
    for catalog in gaps:
        messages = [f"<li>{escape(m)}</li>" for m in catalog.untranslated]
        messages += [f"<li>{escape(m)} (fuzzy)</li>" for m in catalog.fuzzy]
        rows.append(
            f"<tr><td><code>{escape(catalog.locale)}</code></td><td><code>"
            f"{escape(catalog.path)}</code><details><summary>Messages</summary><ul>"
            f"{''.join(messages)}</ul></details></td>"
            f"<td class=num>{len(catalog.untranslated)}</td>"
            f"<td class=num>{len(catalog.fuzzy)}</td></tr>"
        )
    rows.append("</tbody></table>")
    return rows


class Refused(Exception):
    """The dashboard's path is not one to write (a usage problem: one line, exit 2)."""


def refusal(path: Path) -> str | None:
    """Why the dashboard may not be written at ``path``, or ``None``."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        return f"{path}: is not a regular file (a folder, a link or a device); --out names a file"
    parent = path.parent.resolve()
    if not parent.is_dir():
        return f"{path}: its folder {parent} does not exist"
    for folder in (parent, *parent.parents):
        if (folder / MARKER).exists():
            return (
                f"{path}: is inside the build's output folder {folder}, which the next build "
                "replaces; write the dashboard elsewhere"
            )
    return None


def write_dashboard(path: Path, text: str) -> None:
    """Write the dashboard at ``path`` atomically; :class:`Refused` where it may not go."""
    reason = refusal(path)
    if reason is not None:
        raise Refused(reason)
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644  # keep an old one's
    handle, temporary = tempfile.mkstemp(prefix=".status-", suffix=".html", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
