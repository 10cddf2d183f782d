"""The import report: what the new site holds and what did not make it, as Markdown
(``import-report.md`` in the new site, and what ``mot-blog import`` prints)."""

from __future__ import annotations

from mot_blog.commands.importing.model import SECTIONS, ImportedSite
from mot_blog.commands.importing.writer import Planned

_WHY = {
    "Dropped": "Not in the new site, and why.",
    "Needs a hand": "What the new site needs someone to do.",
    "Changed on the way": "Turned into what mot-blog has: worth a look, nothing lost.",
}


def report(site: ImportedSite, planned: Planned, source_name: str) -> str:
    """The report's Markdown: posts per locale, translation groups, then each note as
    ``path:line: message`` (paths of the source, or of the new site for what it added)."""
    lines = [
        "# Import report",
        "",
        f"Imported from the {site.generator} site `{source_name}` by `mot-blog import`.",
        "",
        "## Posts",
        "",
        "| locale | prefix | posts | drafts |",
        "| --- | --- | --- | --- |",
    ]
    drafts = {
        loc.code: sum(1 for p in site.posts if p.locale == loc.code and p.front.get("draft"))
        for loc in site.locales
    }
    for loc in site.locales:
        count = len(planned.posts.get(loc.code, ()))
        lines.append(f"| {loc.code} | {loc.prefix} | {count} | {drafts[loc.code]} |")
    lines += ["", f"## Translation groups ({len(planned.groups)})", ""]
    if not planned.groups:
        lines.append("None: every post stands alone.")
    for key, members in planned.groups:
        lines.append(f"- `{key}`: " + ", ".join(f"`{m}`" for m in members))
    for section in SECTIONS:
        notes = [n for n in planned.notes if n.section == section]
        lines += ["", f"## {section} ({len(notes)})", "", _WHY[section], ""]
        lines += [f"- `{n.where}`: {n.message}" for n in notes] or ["Nothing."]
    return "\n".join(lines) + "\n"


def summary_lines(site: ImportedSite, planned: Planned) -> list[str]:
    """What the terminal shows: counts, then every note, one ``path:line: message`` each."""
    per_locale = ", ".join(f"{code} {len(files)}" for code, files in planned.posts.items())
    out = [f"posts: {per_locale}; translation groups: {len(planned.groups)}"]
    for section in SECTIONS:
        notes = [n for n in planned.notes if n.section == section]
        if notes:
            out.append(f"{section.lower()} ({len(notes)}):")
            out += [f"  {n.where}: {n.message}" for n in notes]
    return out
