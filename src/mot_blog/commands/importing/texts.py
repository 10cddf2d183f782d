"""The text files of an imported site: front matter, ``site.yaml``,
``content/authors.yaml``, ``content/terms.yaml``, stand-in shortcode templates and the
catalog of the theme's messages the source had translated (what
:mod:`mot_blog.commands.importing.writer` decides, written out)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml

from mot_blog.commands.importing.model import ImportedSite, Term


def front_matter(front: Mapping[str, Any]) -> str:
    """A YAML front-matter block: dates as mot-blog writes them, unquoted."""
    lines = ["---"]
    for key, value in front.items():
        if key in ("date", "updated"):
            lines.append(f"{key}: {value}")
        elif isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
            lines.append(f"{key}: " + dump(value, flow=True).rstrip("\n"))
        else:
            lines.append(dump({key: value}, flow=False).rstrip("\n"))
    lines.append("---")
    return "\n".join(lines) + "\n"


def dump(value: Any, flow: bool | None = None) -> str:
    """``value`` as YAML, every script written as itself, keys in their order."""
    text = yaml.safe_dump(
        value, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=flow
    )
    return text.removesuffix("...\n")


def site_yaml(site: ImportedSite) -> str:
    titles = {loc.code: loc.title for loc in site.locales if loc.title}
    title: Any = site.title
    if len(set(titles.values())) > 1:
        title = {loc.code: loc.title or site.title for loc in site.locales}
    config: dict[str, Any] = {
        "title": title,
        "base_url": site.base_url,
        "default_locale": site.locales[0].code,
        "locales": {
            loc.code: {"prefix": loc.prefix} | ({"name": loc.name} if loc.name else {})
            for loc in site.locales
        },
    }
    config.update(site.settings)
    head = f"# Imported from a {site.generator} site by mot-blog import (see import-report.md).\n"
    return head + dump(config, flow=False)


def authors_yaml(site: ImportedSite) -> str:
    data: dict[str, Any] = {}
    for author in sorted(site.authors, key=lambda a: a.key):
        entry: dict[str, Any] = {"name": author.name}
        if author.avatar:
            entry["avatar"] = author.avatar
        if author.bio:
            entry["bio"] = author.bio
        if author.links:
            entry["links"] = dict(author.links)
        data[author.key] = entry
    return dump(data, flow=False)


def terms_yaml(terms: tuple[Term, ...]) -> str:
    data: dict[str, dict[str, Any]] = {}
    for term in sorted(terms, key=lambda t: (t.kind, t.key)):
        data.setdefault(term.kind, {})[term.key] = dict(term.labels)
    return dump(data, flow=False)


def shortcode_template(shortcode: Any) -> str:
    """A template that shows the call's inner text rendered (or nothing), until someone
    writes the real one; the source's own template is kept beside the site, not here
    (the word for inner text in a template decides whether its calls take one)."""
    kept = f"import-originals/shortcodes/{shortcode.name}.html"
    lines = [
        f"{{# Shortcode '{shortcode.name}', written by mot-blog import as a stand-in: "
        + ("it shows the text between its tags." if shortcode.inner else "it shows nothing.")
        + " Rewrite it as a Jinja template (docs/markdown.md, Shortcodes)"
        + (f"; the source's template is in {kept}." if shortcode.original else "."),
        "#}" + ("{{ inner_html }}" if shortcode.inner else ""),
    ]
    return "\n".join(lines) + "\n"


def po_catalog(code: str, messages: Any) -> str:
    out = [
        "# The theme's messages the imported site translated (mot-blog import).",
        'msgid ""',
        'msgstr ""',
        f'"Language: {code.replace("-", "_")}\\n"',
        '"MIME-Version: 1.0\\n"',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        "",
    ]
    for message in sorted(messages, key=lambda m: m.msgid):
        out.append(f"msgid {_po_text(message.msgid)}")
        if message.msgid_plural:
            out.append(f"msgid_plural {_po_text(message.msgid_plural)}")
            out += [f"msgstr[{i}] {_po_text(t)}" for i, t in enumerate(message.msgstr)]
        else:
            out.append(f"msgstr {_po_text(message.msgstr[0])}")
        out.append("")
    return "\n".join(out)


def _po_text(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'
