"""The Python-Markdown engine (``markdown: {engine: python-markdown}``), for sites that come
from Pelican or MkDocs with the extensions they use (``extensions:`` and
``extension_configs:`` in site.yaml, as Python-Markdown takes them).

Python-Markdown with ``tables``, ``footnotes``, ``def_list``, ``attr_list`` and
``sane_lists`` (what the pulldown-cmark engine reads), then our processors: fenced code
highlighted (:mod:`~mot_blog.markup.pymd.blocks`), strikethrough, math when on, the
conventions on the element tree (:mod:`~mot_blog.markup.pymd.tree`) and the raw-HTML
policy (:mod:`~mot_blog.markup.pymd.raw`), then the site's extensions (which may take
over a job of ours: ``pymdownx.superfences`` replaces our fences). Around Python-Markdown's
inline processor, the inline gate (:mod:`~mot_blog.markup.pymd.gate`) spares it the
patterns a post's texts cannot match. docs/markdown.md lists where the two engines' pages
still differ.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.extensions.attr_list import AttrListTreeprocessor

from mot_blog.errors import describe
from mot_blog.load.images import ImageInfo
from mot_blog.markup.engine import MarkdownSettings
from mot_blog.markup.pymd.blocks import Fences, Math, Quotes, strikethrough
from mot_blog.markup.pymd.gate import (
    GATE_PRIORITY,
    UNGATE_PRIORITY,
    InlineGate,
    InlineUngate,
    known_patterns,
)
from mot_blog.markup.pymd.raw import RawHtml, Sanitize
from mot_blog.markup.pymd.state import RenderState
from mot_blog.markup.pymd.tree import CONVENTIONS_PRIORITY, FINISH_PRIORITY, Conventions, Finish
from mot_blog.markup.rendered import Note, Rendered
from mot_blog.markup.sanitize import ESCAPE, KEEP, SANITIZE

BASE_EXTENSIONS = ("tables", "footnotes", "def_list", "attr_list", "sane_lists")


class _AttrLists(AttrListTreeprocessor):
    """``attr_list``'s attribute lists (``{: .class}``, ``{#id}``), but never a Liquid tag
    (``{% endhighlight %}``) or variable (``{{ site.url }}``) at the end of a block: a post
    moved from Jekyll keeps them as text, which the leftover check reports (attr_list would
    make ``_`` and ``endhighlight`` attributes of the paragraph, and the text would vanish)."""

    BASE_RE = r"\{\:?[ ]*([^\}\n %{][^\n]*)\}"
    HEADER_RE = re.compile(rf"[ ]+{BASE_RE}[ ]*$")
    BLOCK_RE = re.compile(rf"\n[ ]*{BASE_RE}[ ]*$")
    INLINE_RE = re.compile(rf"^{BASE_RE}")


_SAMPLE = "[TOC]\n\n# Titolo\n\n## Zażółć *gęślą* `kod`\n\nUn [link](x.html), ![b](b.png).\n"
"""What each extension converts once when the settings are read: options it reads only
when converting fail here, as a line of site.yaml, rather than on the first post."""

_PRIORITIES = {"mot_strikethrough": 65, "mot_math": 185}


class _Ours(Extension):
    """Our processors (see the module docstring)."""

    def __init__(self, state: RenderState, raw_html: str, settings: MarkdownSettings):
        super().__init__()
        self.state = state
        self.raw_html = raw_html
        self.settings = settings
        self.patterns: dict[str, tuple[Any, tuple[str, ...]]] = {}
        """Our inline patterns by name, each with what its matches hold (for the gate)."""

    def extendMarkdown(self, md: Any) -> None:  # noqa: N802 (Python-Markdown's name)
        state = self.state
        md.preprocessors.register(Fences(md, state), "fenced_code_block", 25)
        if self.raw_html == ESCAPE:  # never stashed: raw HTML stays text, escaped as text is
            md.preprocessors.deregister("html_block")
            md.inlinePatterns.deregister("html")
        md.parser.blockprocessors.register(Quotes(md.parser), "quote", 20)
        md.treeprocessors.register(_AttrLists(md), "attr_list", 8)
        self.patterns["mot_strikethrough"] = (strikethrough(md), ("~",))
        if self.settings.math:
            self.patterns["mot_math"] = (Math(md, state), ("$",))
        for name, (pattern, _) in self.patterns.items():
            md.inlinePatterns.register(pattern, name, _PRIORITIES[name])
        conventions = Conventions(md, state, self.raw_html == KEEP, self.settings.heading_ids)
        md.treeprocessors.register(conventions, "mot_conventions", CONVENTIONS_PRIORITY)
        md.treeprocessors.register(Finish(md, conventions), "mot_finish", FINISH_PRIORITY)


class PythonMarkdownEngine:
    """Python-Markdown, with every convention of ours (see the module docstring)."""

    def __init__(self, raw_html: str, settings: MarkdownSettings):
        self.settings = settings
        self.state = RenderState()
        ours = _Ours(self.state, raw_html, settings)
        self.md = markdown.Markdown(
            extensions=[*BASE_EXTENSIONS, ours, *settings.extensions],
            extension_configs=settings.extension_configs,
            output_format="html",
        )
        # Last, over whichever raw_html postprocessor an extension registered (md_in_html's):
        # the raw-HTML policy must hold whatever extensions the site lists.
        inner = self.md.postprocessors["raw_html"]
        raw = RawHtml(self.md, inner, self.state, raw_html == SANITIZE)
        self.md.postprocessors.register(raw, "raw_html", 30)
        self.md.postprocessors.register(Sanitize(self.md, self.state), "mot_sanitize", 5)
        patterns = known_patterns(self.md, ours.patterns)
        if patterns is not None:
            gate = InlineGate(self.md, patterns)
            self.md.treeprocessors.register(gate, "mot_inline_gate", GATE_PRIORITY)
            self.md.treeprocessors.register(
                InlineUngate(self.md, gate), "mot_inline_ungate", UNGATE_PRIORITY
            )

    @classmethod
    def settings_problems(cls, settings: MarkdownSettings) -> list[tuple[tuple[Any, ...], str]]:
        """Each extension that does not load (not installed, a wrong name, a bad option) or
        fails on a sample text (an option read only then: ``toc``'s ``title: 5``)."""
        problems: list[tuple[tuple[Any, ...], str]] = []
        for index, name in enumerate(settings.extensions):
            config = settings.extension_configs.get(name)
            configs = {name: config} if config else {}
            try:
                md = markdown.Markdown(extensions=[name], extension_configs=configs)
            except Exception as exc:  # whatever an extension raises on loading
                problems.append(
                    (
                        ("extensions", index),
                        f"the Python-Markdown extension '{name}' does not load "
                        f"({describe(exc)}); install it (pip install ...), fix its name "
                        "or options, or remove it",
                    )
                )
                continue
            try:
                md.convert(_SAMPLE)
            except Exception as exc:  # whatever an extension raises on converting
                problems.append(
                    (
                        ("extensions", index),
                        f"the Python-Markdown extension '{name}' fails on a sample text "
                        f"({describe(exc)}); fix its options or remove it",
                    )
                )
        for name in settings.extension_configs:
            if name not in settings.extensions:
                problems.append(
                    (
                        ("extension_configs", name),
                        f"options for '{name}', which is not in 'extensions'; add it there "
                        "or remove its options",
                    )
                )
        return problems

    def options_key(self) -> str:
        """The settings, Python-Markdown's version and that of each extension's package."""
        versions = [f"markdown={markdown.__version__}"]
        for name in self.settings.extensions:
            top = name.split(":")[0].split(".")[0]
            module = sys.modules.get(top)
            version = getattr(module, "__version__", None)
            if version is None and module is not None and getattr(module, "__file__", None):
                stat = os.stat(module.__file__ or "")
                version = f"{stat.st_size}-{stat.st_mtime_ns}"
            versions.append(f"{top}={version}")
        return f"python-markdown {' '.join(versions)} {self.settings.key()}"

    def render(
        self,
        body: str,
        asset_urls: Mapping[str, str],
        image_info: Mapping[str, ImageInfo],
        eager_first: bool,
    ) -> Rendered:
        """One body (see :meth:`mot_blog.markup.engine.Engine.render`)."""
        state = self.state
        state.reset(body, asset_urls, image_info, eager_first)
        self.md.reset()
        try:
            html = self.md.convert(body)
        except RecursionError:
            # Python-Markdown parses nesting recursively; hundreds of levels of '>' or list
            # indentation exhaust the stack. Nobody means that: say so.
            self.md.reset()
            message = "lists or quotes nested too deeply for Python-Markdown; nest them less"
            return Rendered("", 0, (), (), (), (), (Note(None, message),))
        return Rendered(
            html=html.strip("\n"),
            word_count=state.words,
            images=tuple(state.images),
            links=tuple(state.links),
            unsafe_links=tuple(state.unsafe),
            headings=tuple(state.headings),
            notes=tuple(state.notes),
        )
