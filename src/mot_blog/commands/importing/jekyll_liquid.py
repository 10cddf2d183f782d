"""A Jekyll post's body, Liquid and kramdown taken out: what has a meaning in Markdown is
written as Markdown, the rest is removed and reported at its line.

Turned into Markdown: ``{% highlight lang %}`` (a fenced block), ``{% link path %}`` and
``{% post_url name %}`` (links to the imported post), ``{{ site.url }}`` and
``{{ site.baseurl }}`` (the new site's, the same unless the site moves), ``{{ site.title }}``
and ``{{ page.title }}`` (their text, through ``downcase``/``upcase``/``capitalize``), ``{% raw %}`` (its content as code: what it shows is Liquid). kramdown's
attribute list of a heading (``{: #id}``) becomes the heading's ``{#id}``; other
attribute lists and ``{::options}`` are removed, with a note.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from mot_blog.commands.importing.model import REF, Notes, Reference

_HIGHLIGHT = re.compile(
    r"\{%-?\s*highlight\s+(\w[\w+#-]*)[^%]*-?%\}\n?(.*?)\n?\{%-?\s*endhighlight\s*-?%\}", re.S
)
_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}", re.S)
_COMMENT = re.compile(r"\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}", re.S)
_LINK = re.compile(r"\{%-?\s*(link|post_url)\s+([^\s%]+)\s*-?%\}")
_SITE_URL = re.compile(r"\{\{-?\s*site\.(url|baseurl)\s*-?\}\}")
_TAG = re.compile(r"\{%-?.*?-?%\}", re.S)
_VARIABLE = re.compile(r"\{\{-?.*?-?\}\}", re.S)
_HEADING_IAL = re.compile(r"^(#{1,6} .*?)[ \t]*\n\{:\s*(#[\w-]+)[^}\n]*\}[ \t]*$", re.M)
_FILTERS: dict[str, Callable[[str], str]] = {
    "downcase": str.lower, "upcase": str.upper, "capitalize": str.capitalize, "escape": str,
}  # fmt: skip
_IAL = re.compile(r"\{:(?!:)[^}\n]*\}|\{::[^}\n]*\}")
_FENCE = re.compile(r"^(```|~~~).*?^\1\s*$", re.S | re.M)
PLACEHOLDER = "\x00raw{}\x00"


def convert(
    body: str, first_line: int, path: str, locale: str, titles: dict[str, str],
    references: list[Reference], notes: Notes,
) -> str:  # fmt: skip
    """``body`` without Liquid and kramdown syntax (see the module docstring). ``titles``:
    ``site.title`` and ``page.title``."""
    kept: list[tuple[str, str]] = []

    def line_of(text: str, position: int) -> int:
        return first_line + text.count("\n", 0, position)

    def keep(text: str, original: str) -> str:
        # The placeholder has the original's line ends: later notes name the right line.
        token = PLACEHOLDER.format(len(kept)) + "\n" * original.count("\n")
        kept.append((token, text))
        return token

    def comment(match: re.Match[str], line: int) -> str:
        notes.dropped(path, line, "a {% comment %} block: not published, removed")
        return "\n" * match.group(0).count("\n")

    def raw(match: re.Match[str], line: int) -> str:
        text = match.group(1)
        notes.changed(
            path, line, "a {% raw %} block: shown as code (what it shows is Liquid, as written)"
        )
        code = f"```liquid\n{text.strip(chr(10))}\n```" if "\n" in text.strip("\n") else f"`{text}`"
        return keep(code, match.group(0))

    body = _each(body, _RAW, raw, line_of)
    body = _HIGHLIGHT.sub(lambda m: keep(f"```{m.group(1)}\n{m.group(2)}\n```", m.group(0)), body)
    body = _FENCE.sub(lambda m: keep(m.group(0), m.group(0)), body)  # code shows Liquid as written
    body = _each(body, _COMMENT, comment, line_of)

    def link(match: re.Match[str], line: int) -> str:
        target = match.group(2).strip("'\"")
        references.append(Reference(target, locale, "", target, path, line))
        return f"{REF}{len(references) - 1}"

    body = _each(body, _LINK, link, line_of)
    body = _SITE_URL.sub(lambda m: titles["site." + m.group(1)], body)

    def variable(match: re.Match[str], line: int) -> str:
        name, *filters = [part.strip() for part in match.group(0).strip("{}- ").split("|")]
        if name in titles and all(f in _FILTERS for f in filters):
            value = titles[name]
            for name in filters:
                value = _FILTERS[name](value)
            return value
        notes.hand(
            path,
            line,
            f"Liquid {match.group(0)} has no meaning here; removed: write what it showed",
        )
        return ""

    def tag(match: re.Match[str], line: int) -> str:
        word = match.group(0).strip("{%- ").split(" ", 1)[0]
        what = (
            "an include (a template of the Jekyll site)"
            if word == "include"
            else f"Liquid {{% {word} %}}"
        )
        notes.hand(path, line, f"{what} has no meaning here; removed: write what it showed")
        return ""

    body = _each(body, _TAG, tag, line_of)
    body = _each(body, _VARIABLE, variable, line_of)
    body = _HEADING_IAL.sub(lambda m: f"{m.group(1)} {{{m.group(2)}}}\n", body)  # lines kept

    def ial(match: re.Match[str], line: int) -> str:
        notes.dropped(
            path, line, f"kramdown attribute list {match.group(0)}: removed (mot-blog has none)"
        )
        return ""

    body = _each(body, _IAL, ial, line_of)
    for token, text in reversed(kept):
        body = body.replace(token, text)
    return body


def _each(
    text: str, pattern: re.Pattern[str], replace: Callable[[re.Match[str], int], str],
    line_of: Callable[[str, int], int],
) -> str:  # fmt: skip
    """``pattern``'s matches replaced, each told its line in the original."""
    return pattern.sub(lambda m: replace(m, line_of(text, m.start())), text)
