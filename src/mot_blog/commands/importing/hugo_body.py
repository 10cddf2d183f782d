"""The body of a Hugo page: ``{{< ref >}}``/``{{< relref >}}`` made links to the imported
post, ``{{< highlight >}}`` a fenced code block, and the shortcodes the theme has not
listed (with the source's Go template, when it has one) for stand-in templates."""

from __future__ import annotations

import re
from pathlib import Path

from mot_blog.commands.importing.hugo_content import Page
from mot_blog.commands.importing.model import REF, Notes, Post, Reference, Shortcode
from mot_blog.commands.importing.sourcefiles import inside, read_text

_SHORTCODE = re.compile(r"\{\{([<%])\s*(/?)\s*([\w./-]+)(.*?)\s*/?\s*[>%]\}\}", re.S)
_REF_CALL = re.compile(r"""\{\{[<%]\s*(?:rel)?ref\s+"?([^"\s>%]+)"?\s*[>%]\}\}""")
_HIGHLIGHT = re.compile(
    r"\{\{<\s*highlight\s+\"?(\w[\w+-]*)\"?[^>]*>\}\}\n?(.*?)\n?\{\{<\s*/highlight\s*>\}\}", re.S
)
THEME_SHORTCODES = frozenset({"youtube", "vimeo", "figure", "details", "video"})


def hugo_body(
    source: Path, page: Page, body: str, first_line: int, references: list[Reference],
    shortcodes: dict[str, Shortcode], locale: str, notes: Notes,
) -> str:  # fmt: skip
    """The page's Markdown as mot-blog reads it; the shortcodes it calls that need a
    template are added to ``shortcodes``, each ``ref`` to ``references``."""
    for match in _HIGHLIGHT.finditer(body):
        line = first_line + body.count("\n", 0, match.start())
        notes.changed(page.rel, line, "{{< highlight >}} became a fenced code block")
    body = _HIGHLIGHT.sub(lambda m: f"```{m.group(1)}\n{m.group(2)}\n```", body)

    def ref(match: re.Match[str]) -> str:
        target, _, fragment = match.group(1).partition("#")
        line = first_line + body.count("\n", 0, match.start())
        references.append(
            Reference(target, locale, f"#{fragment}" if fragment else "", target, page.rel, line)
        )
        return f"{REF}{len(references) - 1}"

    body = _REF_CALL.sub(ref, body)
    for match in _SHORTCODE.finditer(body):
        opener, closing, name = match.group(1), match.group(2), match.group(3)
        if closing or name in THEME_SHORTCODES or name in shortcodes:
            continue
        inner = (
            re.search(r"\{\{[<%]\s*/\s*" + re.escape(name) + r"\s*[>%]\}\}", body) is not None
            or opener == "%"
        )
        line = first_line + body.count("\n", 0, match.start())
        original = ""
        for folder in ("layouts/shortcodes", "layouts/_shortcodes"):
            rel = f"{folder}/{name}.html"
            if (source / rel).is_file() and inside(source, source / rel):
                original = read_text(source, rel, notes) or ""
                break
        shortcodes[name] = Shortcode(name, inner, original, rel if original else "")
        if original:
            notes.hand(
                page.rel,
                line,
                f"shortcode '{name}': its Go template ({rel}) cannot run here; a stand-in template shows {'its inner text' if inner else 'nothing'}: rewrite templates/shortcodes/{name}.html",
            )
        else:
            notes.hand(
                page.rel,
                line,
                f"shortcode '{name}' has no template in the source (a theme's?); a stand-in template shows {'its inner text' if inner else 'nothing'}: write templates/shortcodes/{name}.html",
            )
    return body


def resolve_refs(posts: list[Post], references: list[Reference]) -> None:
    """``{{< ref "x" >}}`` names a page by its path below the content folder, with or without
    ``.md``, or by its base name: the reference's target made the imported post's source."""
    sources = [post.source for post in posts]
    for index, ref in enumerate(references):
        wanted = ref.target.strip("/").removesuffix(".md").removesuffix("/index")
        for src in sources:
            stem = src.removesuffix(".md")
            stem = re.sub(r"\.[a-z]{2}(?:-[a-z]+)?$", "", stem, flags=re.I).removesuffix("/index")
            if stem == wanted or stem.endswith("/" + wanted):
                references[index] = Reference(
                    src, ref.locale, ref.fragment, ref.original, ref.path, ref.line
                )
                break
