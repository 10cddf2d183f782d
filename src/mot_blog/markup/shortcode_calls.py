"""Shortcode calls after the Markdown engine ran: each call's inner text rendered (or
passed through the site's ``raw_html`` policy), the files its arguments name, and the body's
rendering with what the inner texts hold (images, links, words; placeholders uncounted).
The calls are then kept with the post until its page renders them
(:mod:`mot_blog.render.shortcodes`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from html import escape
from typing import Any

from mot_blog.load.shortcodes import ShortcodeSpec
from mot_blog.markup.renderer import Rendered
from mot_blog.markup.sanitize import ESCAPE, SANITIZE, sanitize_html
from mot_blog.markup.shortcodes import Found, Value
from mot_blog.markup.text import count_words
from mot_blog.records import Record


@dataclass(frozen=True, slots=True)
class ShortcodeCall(Record):
    """One call of a shortcode in a post body, parsed; rendered when the page renders."""

    token: str
    """The placeholder standing for it in the body's HTML (or in its parent's inner text)."""
    name: str
    args: tuple[Value, ...]
    params: tuple[tuple[str, Value], ...]
    inner: str | None
    """Its inner text (None when the call has none): as written with ``{{< >}}`` (under
    ``raw_html: escape`` or ``sanitize``, escaped or sanitized), HTML with ``{{% %}}``."""
    inner_html: str | None
    """The inner text rendered as Markdown (with ``{{% %}}``, or when the template asks)."""
    markdown: bool
    """Called with ``{{% %}}``."""
    line: int
    """Its line in the post's file."""
    files: tuple[tuple[str, str], ...] = ()
    """Argument values that name a file of the page bundle or of ``static/``, with the
    file's asset-table name."""


Render = Callable[[str], Any]
"""The site's Markdown engine on a piece of Markdown: its ``Rendered``."""


def finish_calls(
    found: Found,
    specs: Mapping[str, ShortcodeSpec],
    render: Render,
    raw_policy: Callable[[str], str],
    name_of: Callable[[str], str | None],
    first_line: int,
) -> tuple[list[ShortcodeCall], list[tuple[int, Any]]]:
    """The calls of ``found`` with their inner text ready to render (Markdown rendered
    by ``render``, raw text through ``raw_policy``), and the engine's results for the
    inner texts it rendered, each with its call's line in the body. ``name_of``: the
    asset-table name of a file a value names (None: none); ``first_line``: the file line
    of the body's first line."""
    calls: list[ShortcodeCall] = []
    rendered: list[tuple[int, Any]] = []
    for node in found.nodes:
        tag = node.tag
        if tag.kind == "literal":
            continue
        spec = specs[tag.name]
        inner = inner_html = None
        text = found.inner_text.get(node.token)
        if text is not None:
            if tag.markdown or spec.markdown:
                result = render(text)
                rendered.append((found.lines[node.token], result))
                inner_html = result.html
                one_paragraph = inner_html.startswith("<p>") and inner_html.endswith("</p>")
                if one_paragraph and "\n" not in text and inner_html.count("<p>") == 1:
                    inner_html = inner_html[3:-4]  # inline, as Hugo's markdownify: no paragraph
            inner = inner_html if tag.markdown else raw_policy(text)
        values = [*tag.args, *tag.params.values()]
        files = {}
        for value in values:
            if isinstance(value, str) and looks_like_file(value):
                name = name_of(value)
                if name is not None:
                    files[value] = name
        calls.append(
            ShortcodeCall(
                node.token,
                tag.name,
                tuple(tag.args),
                tuple(tag.params.items()),
                inner,
                inner_html,
                tag.markdown,
                first_line + found.lines[node.token],
                tuple(files.items()),
            )
        )
    return calls, rendered


def literals_of(found: Found) -> dict[str, str]:
    """The HTML each comment form (``{{</* x */>}}``) shows, by placeholder."""
    return {
        node.token: escape(node.tag.literal, quote=False)
        for node in found.nodes
        if node.tag.kind == "literal"
    }


def with_literals(text: str | None, literals: Mapping[str, str]) -> str | None:
    """``text`` with each comment form's placeholder replaced by the call it shows."""
    if text is None or not literals:
        return text
    for token, literal in literals.items():
        if token in text:
            text = text.replace(token, literal)
    return text


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def looks_like_file(value: str) -> bool:
    """Whether an argument could name a file: a path without a scheme or spaces whose
    last part has an extension (``x.png``, ``./img/y.svg``, ``/images/z.jpg``)."""
    return (
        bool(value)
        and not value.startswith(("#", "//"))
        and not _SCHEME.match(value)
        and not any(ch.isspace() for ch in value)
        and "." in value.rsplit("/", 1)[-1].strip(".")
    )


def standalone_tokens(html: str, tokens: list[str]) -> int:
    """How many of ``tokens`` stand in ``html`` as words of their own (the engine counted
    each as a word, which a reader does not read)."""
    count = 0
    for token in tokens:
        count += len(re.findall(f"(?<![^\\s>]){token}(?![^\\s<])", html))
    return count


def raw_policy(raw_html: str) -> Callable[[str], str]:
    """What becomes of the raw inner text of a ``{{< >}}`` call: the site's ``raw_html``."""
    if raw_html == ESCAPE:
        return lambda text: escape(text, quote=False)
    if raw_html == SANITIZE:
        return sanitize_html
    return lambda text: text


def with_calls(
    rendered: Rendered,
    found: Found,
    specs: Mapping[str, ShortcodeSpec],
    render: Render,
    raw_html: str,
    name_of: Callable[[str], str | None],
    first_line: int,
) -> tuple[Rendered, list[ShortcodeCall]]:
    """The calls of a body (:func:`finish_calls`), and the body's rendering with what the
    inner texts rendered as Markdown hold (images, links, words, the engine's notes at
    their call's line), placeholders uncounted."""
    calls, inner = finish_calls(found, specs, render, raw_policy(raw_html), name_of, first_line)
    tokens = [call.token for call in calls]
    words = rendered.word_count - standalone_tokens(rendered.html, tokens)
    images, links, unsafe = list(rendered.images), list(rendered.links), list(rendered.unsafe_links)
    for _, part in inner:
        words += part.word_count - standalone_tokens(part.html, tokens)
        images += part.images
        links += part.links
        unsafe += part.unsafe_links
    for call in calls:
        if call.inner is not None and not call.markdown and call.inner_html is None:
            words += count_words(call.inner) - standalone_tokens(call.inner, tokens)
    changes: dict[str, Any] = {
        "word_count": max(0, words),
        "images": tuple(images),
        "links": tuple(links),
        "unsafe_links": tuple(unsafe),
    }
    notes = getattr(rendered, "notes", None)
    if notes is not None:  # an engine's notes on inner texts (lines of the inner text)
        for at, part in inner:
            notes += tuple(
                replace(note, line=None if note.line is None else at + note.line)
                for note in part.notes
            )
        changes["notes"] = notes
    return replace(rendered, **changes), calls


def shown_literals(
    rendered: Rendered, calls: list[ShortcodeCall], found: Found
) -> tuple[Rendered, list[ShortcodeCall]]:
    """The comment forms (``{{</* x */>}}``) shown as the calls they write, in the body and
    in the calls' inner texts."""
    literals = literals_of(found)
    if not literals:
        return rendered, calls
    html = with_literals(rendered.html, literals) or ""
    shown = [
        replace(
            call,
            inner=with_literals(call.inner, literals),
            inner_html=with_literals(call.inner_html, literals),
        )
        for call in calls
    ]
    return replace(rendered, html=html), shown
