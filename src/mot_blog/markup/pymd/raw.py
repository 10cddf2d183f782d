"""Raw HTML under the site's policy, in Python-Markdown.

Python-Markdown keeps each raw HTML part in its stash and writes it back at the end
(its ``raw_html`` postprocessor). With ``raw_html: keep`` that is all; with ``escape`` the
parts are never stashed (the engine removes the ``html_block`` and ``html`` processors,
so they stay text, escaped as text is); with ``sanitize`` :class:`RawHtml` writes a slot
(:func:`~mot_blog.markup.sanitize.raw_slot`) for each of the author's parts and
:class:`Sanitize` runs them through the same :func:`~mot_blog.markup.sanitize.sanitize_raw_parts`
as the pulldown-cmark writer: read together, as a browser reads them, with our HTML
standing between them untouched.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from markdown.postprocessors import Postprocessor, RawHtmlPostprocessor

from mot_blog.markup.pymd.state import Ours, RenderState
from mot_blog.markup.sanitize import raw_slot, sanitize_raw_parts
from mot_blog.markup.text import count_words


class RawHtml(RawHtmlPostprocessor):
    """Python-Markdown's ``raw_html`` postprocessor, writing a slot for each raw part when
    sanitizing. ``inner``: the one it replaces (``md_in_html``'s writes elements)."""

    def __init__(self, md: Any, inner: RawHtmlPostprocessor, state: RenderState, sanitize: bool):
        super().__init__(md)
        self.inner = inner
        self.state = state
        self.sanitize = sanitize
        self.block: dict[str, bool] = {}

    def stash_to_string(self, text: Any) -> str:
        if isinstance(text, Ours):
            return text
        html = self.md.serializer(text) if isinstance(text, etree.Element) else str(text)
        if not self.sanitize:
            return html
        slot = raw_slot(len(self.state.raw))
        self.state.raw.append(html)
        self.block[slot] = super().isblocklevel(html)
        return slot

    def isblocklevel(self, html: str) -> bool:
        # a slot stands for a raw part: it is a block when the part is
        found = self.block.get(html)
        return super().isblocklevel(html) if found is None else found

    def run(self, text: str) -> str:
        self.block = {}
        return super().run(text)


class Sanitize(Postprocessor):
    """The sanitized raw parts back in their slots (after :class:`RawHtml`)."""

    def __init__(self, md: Any, state: RenderState):
        super().__init__(md)
        self.state = state

    def run(self, text: str) -> str:
        if not self.state.raw:
            return text
        html, raw_only = sanitize_raw_parts(text, self.state.raw)
        self.state.words += count_words(raw_only)
        return html.lstrip("\n")
