"""Under ``raw_html: keep``: what in the raw HTML of post bodies could run script."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser

from mot_blog.build import LoadedSite
from mot_blog.commands.check.findings import Finding, SourceMap
from mot_blog.markup.sanitize import KEEP, UNSAFE_SCHEMES, is_unsafe_url

_SCRIPT_URL_ATTRIBUTES = frozenset(
    {
        "action",
        "background",
        "cite",
        "data",
        "formaction",
        "href",
        "poster",
        "src",
        "srcset",
        "xlink:href",
    }
)
"""Attributes whose value a browser loads or follows as a URL."""
_RAW_ADVICE = "in the body; remove it, or set raw_html: sanitize"
_NOISE = "[\\x00-\\x20\\x7f]*"
_MAY_RUN_SCRIPT = re.compile(
    # in the lowercased body: a script element, or a character reference but those the
    # writer writes (it could spell a scheme)
    "<script|&(?!amp;|lt;|gt;|quot;|#xfe0e;)"
)
_MAY_RUN_SCRIPT_REVERSED = re.compile(
    # in the lowercased body read backwards, from each = or colon on: an attribute named
    # on..., where HTMLParser finds attributes, or a script URL's scheme with what
    # is_unsafe_url ignores between its letters
    "=\\s*+[^\\s/>=\"']*+(?<=no)[\\s/\"']|:(?:"
    + "|".join(_NOISE + _NOISE.join(reversed(scheme)) for scheme in UNSAFE_SCHEMES)
    + ")"
)
"""With :data:`_MAY_RUN_SCRIPT`, found in any body where :class:`_ScriptFinder` finds
something (and in few others). Read backwards, each search starts only at an = or a colon:
the 1,000 bodies of the benchmark site are searched in 0.1 s, and parsed in about 1 s."""


class _ScriptFinder(HTMLParser):
    """What in a body's HTML could run script, with the tag as written (to find its line)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        """(what, start tag as written) in the order they appear."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        written = self.get_starttag_text() or f"<{tag}"
        if tag == "script":
            self.found.append(("<script>", written))
        for name, value in attrs:
            if name.startswith("on") and value:
                self.found.append((f"event handler {name}=", written))
            elif value and name in _SCRIPT_URL_ATTRIBUTES:
                image = tag in ("img", "source") and name in ("src", "srcset")
                urls = re.split(r"[\s,]+", value) if name == "srcset" else [value]
                unsafe = [url for url in urls if url and is_unsafe_url(url, image)]
                if unsafe:
                    self.found.append((f"script link '{unsafe[0][:40]}'", written))


def check_raw_scripts(loaded: LoadedSite, sources: SourceMap) -> Iterator[Finding]:
    """Under ``raw_html: keep``: each ``<script>``, event handler and script URL that the raw
    HTML of a post body holds, at the line of the Markdown file where it is written."""
    if loaded.site.config.raw_html != KEEP:
        return
    for post in loaded.site.posts:
        # the body, and the inner texts of its shortcodes (where raw HTML is as written)
        inner = [text for call in post.shortcodes for text in (call.inner, call.inner_html) if text]
        html = "\n".join([post.body_html, *inner]) if inner else post.body_html
        low = html.lower()
        if not _MAY_RUN_SCRIPT.search(low) and not _MAY_RUN_SCRIPT_REVERSED.search(low[::-1]):
            continue
        finder = _ScriptFinder()
        finder.feed(html)
        finder.close()
        for what, written in finder.found:
            first_line = written.split("\n", 1)[0]
            path, line = sources.locate(post.output_path, written, first_line)
            yield Finding(path, line, f"raw {what} {_RAW_ADVICE}", post.output_path)
