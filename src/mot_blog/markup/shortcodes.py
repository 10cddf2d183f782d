"""Hugo's shortcodes in a post's Markdown, found before the Markdown engine reads it.

    {{< name "positional" 42 true >}}        {{< name key="value" other=`raw` >}}
    {{< name >}}inner text, as written{{< /name >}}
    {{% name %}}inner text, **rendered as Markdown**{{% /name %}}
    {{< name />}}                             {{</* name */>}}  shows {{< name >}}

A call is replaced by a placeholder (a word of ASCII letters and digits no Markdown engine
changes, unique in the body) before the engine runs, and the page renders its template in
the placeholder's place (:mod:`mot_blog.render.shortcodes`): templates and catalogs are
loaded after the parse stage, which is cached. A call alone on its lines keeps the body's
line count (the placeholder is followed by as many blank lines as the call held), so the
engine's problem lines stay the Markdown's; its output replaces the paragraph the engine
put the placeholder in. What follows the engine (inner texts rendered, the calls kept with
the post) is :mod:`mot_blog.markup.shortcode_calls`'s.

Arguments are positional or named, not both; a value is a ``"quoted"`` string (``\\"``
for a quote), a ```raw``` string (which may span lines), or a bare word, which is a
boolean (``true``, ``false``), a number (``42``, ``1.5``) or else a string, as Hugo passes
them. Inside fenced code and code spans shortcodes stay as written (a post about Hugo
shows them), but for the comment form, which shows the call itself everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from mot_blog.errors import did_you_mean
from mot_blog.load.shortcodes import ShortcodeSpec

Value = str | int | float | bool
"""An argument's value, typed as Hugo types it."""

_SCAN = re.compile(r"^ {0,3}(`{3,}|~{3,})|`+|\{\{[<%]", re.MULTILINE)
_NAME = re.compile(r"[A-Za-z0-9_][\w.-]*(?:/[A-Za-z0-9_][\w.-]*)*")
_SPACE = re.compile(r"\s*")
_BARE = re.compile(r"(?:(?![%>]\}\}|/[%>]\}\})[^\s\"`=])+")
_INT = re.compile(r"[+-]?\d+")
_FLOAT = re.compile(r"[+-]?(?:\d+\.\d*|\.\d+)")
_PARAGRAPH_END = re.compile(r"\n[ \t]*\n")
_COMMENT = re.compile(r"\{\{([<%])/\*(.*?)\*/([%>])\}\}", re.DOTALL)
_PREFIX = "mOtSc"


@dataclass(slots=True)
class _Tag:
    start: int
    end: int
    kind: str
    """``open``, ``close``, ``self`` (self-closing) or ``literal`` (the comment form)."""
    markdown: bool
    name: str = ""
    args: list[Value] = field(default_factory=list)
    params: dict[str, Value] = field(default_factory=dict)
    literal: str = ""


@dataclass(slots=True)
class _Node:
    tag: _Tag
    close: _Tag | None = None
    children: list[_Node] = field(default_factory=list)
    token: str = ""

    @property
    def end(self) -> int:
        return self.close.end if self.close is not None else self.tag.end


@dataclass(slots=True)
class Found:
    """The shortcodes of one body, before its Markdown is rendered."""

    text: str
    """The body with a placeholder for each call (the engine renders this)."""
    nodes: list[_Node] = field(default_factory=list)
    """Every call and comment form, outermost first."""
    inner_text: dict[str, str] = field(default_factory=dict)
    """Placeholder -> inner text as written (nested calls replaced by their placeholders)."""
    problems: list[tuple[int, str]] = field(default_factory=list)
    """(line in the body, 0-based; message)."""
    code: list[tuple[int, int]] = field(default_factory=list)
    """Fenced code and code spans of the body (offsets), where shortcodes stay as written."""
    lines: dict[str, int] = field(default_factory=dict)
    """Placeholder -> line of its call in the body (0-based)."""


def has_shortcodes(body: str) -> bool:
    """The quick test: could ``body`` hold a shortcode at all? (One character is looked for
    first: that is a ``memchr``, a hundred times faster than a search for three.)"""
    return "{" in body and ("{{<" in body or "{{%" in body)


def find_shortcodes(body: str, specs: Mapping[str, ShortcodeSpec]) -> Found:
    """The calls of ``body`` (known by ``specs``), each replaced by a placeholder."""
    tags, code, problems = _scan(body)
    found = Found(body, problems=problems, code=code)
    roots = _pair(body, tags, specs, found.problems)
    prefix = _PREFIX
    while prefix in body:
        prefix += "Q"
    counter = iter(range(1 << 30))

    def name_tokens(nodes: list[_Node]) -> None:
        for node in nodes:
            node.token = f"{prefix}{next(counter)}x"
            found.nodes.append(node)
            found.lines[node.token] = body.count("\n", 0, node.tag.start)
        for node in nodes:
            name_tokens(node.children)

    name_tokens(roots)
    for node in found.nodes:
        if node.close is not None:
            found.inner_text[node.token] = _text(
                body, node.tag.end, node.close.start, node.children, code
            )
    found.text = _text(body, 0, len(body), roots, code)
    return found


def code_regions(body: str) -> list[tuple[int, int]]:
    """The fenced code and code spans of ``body`` (offsets), as :func:`find_shortcodes` sees them."""
    return _scan(body)[1]


# ---- reading the tags -------------------------------------------------------------------------


def _scan(body: str) -> tuple[list[_Tag], list[tuple[int, int]], list[tuple[int, str]]]:
    """Every shortcode tag outside code, the code regions, and the tags' problems."""
    tags: list[_Tag] = []
    code: list[tuple[int, int]] = []
    problems: list[tuple[int, str]] = []
    pos = 0
    while (match := _SCAN.search(body, pos)) is not None:
        text = match.group()
        if match.group(1):  # a fence: code to its closing fence (or the end)
            end = _fence_end(body, match.end(), match.group(1))
            code.append((match.start(), end))
            pos = end
        elif text[0] == "`":
            closed = _span_end(body, match.end(), len(text))
            if closed is not None:
                code.append((match.start(), closed))
            pos = closed if closed is not None else match.end()
        else:
            tag, pos, problem = _read_tag(body, match.start())
            if problem is not None:
                problems.append((body.count("\n", 0, match.start()), problem))
            if tag is not None:
                tags.append(tag)
    return tags, code, problems


def _fence_end(body: str, after: int, fence: str) -> int:
    line_end = body.find("\n", after)
    if line_end < 0:
        return len(body)
    closing = re.compile(f"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \\t]*$", re.MULTILINE)
    match = closing.search(body, line_end + 1)
    return match.end() if match else len(body)


def _span_end(body: str, after: int, length: int) -> int | None:
    """The end of the code span opened by ``length`` backticks, in the same paragraph."""
    paragraph = _PARAGRAPH_END.search(body, after)
    limit = paragraph.start() if paragraph else len(body)
    closing = re.compile(f"(?<!`)`{{{length}}}(?!`)")
    match = closing.search(body, after, limit)
    return match.end() if match else None


def _read_tag(body: str, start: int) -> tuple[_Tag | None, int, str | None]:
    """The tag at ``start`` (``{{<`` or ``{{%``): (tag, where reading goes on, problem)."""
    delimiter = body[start + 2]
    closer = (">" if delimiter == "<" else "%") + "}}"
    markdown = delimiter == "%"
    at = _SPACE.match(body, start + 3).end()  # type: ignore[union-attr]
    if body.startswith("/*", at):
        stop = body.find("*/", at + 2)
        after = _SPACE.match(body, stop + 2).end() if stop >= 0 else -1  # type: ignore[union-attr]
        if stop < 0 or not body.startswith(closer, after):
            return None, start + 3, f"shortcode comment not closed; end it with */{closer}"
        literal = "{{" + delimiter + body[at + 2 : stop] + closer
        return _Tag(start, after + 3, "literal", markdown, literal=literal), after + 3, None
    kind = "open"
    if body.startswith("/", at):
        kind = "close"
        at = _SPACE.match(body, at + 1).end()  # type: ignore[union-attr]
    name = _NAME.match(body, at)
    if name is None:
        return None, start + 3, f"a shortcode needs a name after {{{{{delimiter}"
    tag = _Tag(start, 0, kind, markdown, name.group())
    at = name.end()
    shown = f"shortcode '{tag.name}'"
    while True:
        at = _SPACE.match(body, at).end()  # type: ignore[union-attr]
        if at >= len(body):
            return None, at, f"{shown} is not closed; end it with {closer}"
        if body.startswith(closer, at):
            tag.end = at + 3
            break
        if body.startswith("/" + closer, at) and kind == "open":
            tag.kind, tag.end = "self", at + 4
            break
        if kind == "close":
            return None, at, f"the closing {{{{{delimiter} /{tag.name} {closer} takes no arguments"
        value, at, problem = _read_value(body, at, shown)
        if problem is not None:
            return None, at, problem
        if body.startswith("=", at):
            if not isinstance(value, str) or body[at - 1] in '"`':
                return None, at, f"{shown}: a name comes before '=' (key=\"value\")"
            key = value
            if at + 1 >= len(body) or body[at + 1].isspace():
                return None, at, f"{shown}: '{key}=' has no value; write {key}=\"...\""
            value, at, problem = _read_value(body, at + 1, shown)
            if problem is not None:
                return None, at, problem
            tag.params[key] = value
        else:
            tag.args.append(value)
    if tag.args and tag.params:
        return None, tag.end, f"{shown} mixes positional and named arguments; use one kind"
    return tag, tag.end, None


def _read_value(body: str, at: int, shown: str) -> tuple[Value, int, str | None]:
    """One argument value at ``at``: (value, where reading goes on, problem)."""
    first = body[at]
    if first == '"':
        out, n = [], at + 1
        while n < len(body) and body[n] not in '"\n':
            if body[n] == "\\" and n + 1 < len(body) and body[n + 1] in '"\\':
                n += 1
            out.append(body[n])
            n += 1
        if n >= len(body) or body[n] != '"':
            return "", n, f'{shown}: unclosed quote; end the argument with "'
        return "".join(out), n + 1, None
    if first == "`":
        stop = body.find("`", at + 1)
        if stop < 0:
            return "", len(body), f"{shown}: unclosed `; end the argument with `"
        return body[at + 1 : stop], stop + 1, None
    bare = _BARE.match(body, at)
    if bare is None:
        return "", at + 1, f"{shown}: unexpected '{first}'; quote the argument (\"...\")"
    return _typed(bare.group()), bare.end(), None


def _typed(word: str) -> Value:
    """A bare argument as Hugo passes it: a boolean, a number, else a string."""
    if word in ("true", "false"):
        return word == "true"
    if _INT.fullmatch(word):
        return int(word)
    if _FLOAT.fullmatch(word):
        return float(word)
    return word


# ---- pairing --------------------------------------------------------------------------------


def _pair(
    body: str, tags: list[_Tag], specs: Mapping[str, ShortcodeSpec], problems: list
) -> list[_Node]:
    """The calls as a tree: an opening tag whose template takes inner text is closed by
    its closing tag; the others stand alone."""
    roots: list[_Node] = []
    stack: list[_Node] = []
    unknown: set[str] = set()

    def line(tag: _Tag) -> int:
        return body.count("\n", 0, tag.start)

    def here() -> list[_Node]:
        return stack[-1].children if stack else roots

    def unclosed(node: _Node) -> None:
        tag = node.tag
        delimiter = "%" if tag.markdown else "<"
        closing = "%" if tag.markdown else ">"
        problems.append(
            (
                line(tag),
                f"shortcode '{tag.name}' is never closed; add {{{{{delimiter} /{tag.name} "
                f"{closing}}}}} after its inner text, or write {{{{{delimiter} {tag.name} /{closing}}}}}",
            )
        )
        here().extend(node.children)  # (they follow it in the body)
        node.children = []

    for tag in tags:
        if tag.kind == "literal":
            here().append(_Node(tag))
            continue
        spec = specs.get(tag.name)
        if tag.kind in ("open", "self"):
            if spec is None:
                if tag.name not in unknown:
                    unknown.add(tag.name)
                hint = did_you_mean(tag.name, specs)
                problems.append(
                    (
                        line(tag),
                        f"unknown shortcode '{tag.name}'{hint}; add templates/shortcodes/"
                        f"{tag.name}.html, or write {{{{</* {tag.name} */>}}}} to show the call",
                    )
                )
                continue
            node = _Node(tag)
            here().append(node)
            if tag.kind == "open" and spec.inner:
                stack.append(node)
            continue
        # a closing tag
        if any(node.tag.name == tag.name for node in stack):
            while stack[-1].tag.name != tag.name:
                unclosed(stack.pop())
            node = stack.pop()
            node.close = tag
            if node.tag.markdown != tag.markdown:
                opened = "{{% %}}" if node.tag.markdown else "{{< >}}"
                problems.append(
                    (line(tag), f"shortcode '{tag.name}' is opened with {opened}; close it alike")
                )
        elif tag.name in unknown:
            continue
        elif spec is not None and not spec.inner:
            problems.append(
                (
                    line(tag),
                    f"shortcode '{tag.name}' takes no inner text (its template does not use "
                    "inner); remove this closing tag",
                )
            )
        else:
            problems.append(
                (
                    line(tag),
                    f"closing tag of shortcode '{tag.name}' without an opening one; remove it",
                )
            )
    while stack:
        unclosed(stack.pop())
    return roots


# ---- placeholders ---------------------------------------------------------------------------


def _text(body: str, start: int, end: int, nodes: list[_Node], code: list[tuple[int, int]]) -> str:
    """``body[start:end]`` with each of ``nodes`` (in it, in order) replaced by its
    placeholder; a call alone on its lines is followed by the line breaks it held."""
    out = []
    at = start
    for node in nodes:
        out.append(_copy(body, at, node.tag.start, code))
        line_start = body.rfind("\n", 0, node.tag.start) + 1
        line_end = body.find("\n", node.end)
        line_end = len(body) if line_end < 0 else line_end
        alone = (
            not body[line_start : node.tag.start].strip() and not body[node.end : line_end].strip()
        )
        breaks = body.count("\n", node.tag.start, node.end) if alone else 0
        out.append(node.token + "\n" * breaks)
        at = node.end
    out.append(_copy(body, at, end, code))
    return "".join(out)


def _copy(body: str, start: int, end: int, code: list[tuple[int, int]]) -> str:
    """``body[start:end]``, where the comment form inside code shows the call."""
    text = body[start:end]
    if "/*" not in text or not code:
        return text
    pieces, at = [], start
    for low, high in code:
        if high <= start or low >= end:
            continue
        low, high = max(low, start), min(high, end)
        pieces.append(body[at:low])
        pieces.append(_COMMENT.sub(r"{{\1\2\3}}", body[low:high]))
        at = high
    pieces.append(body[at:end])
    return "".join(pieces)
