"""Our conventions on Python-Markdown's element tree, after its inline processing and
``attr_list``: figures, quote attributions, callouts, asset URLs with sizes and variants,
script-link refusal, heading anchors and self-links, Markdown attributes filtered as the
raw-HTML policy says, footnotes numbered and written as the pulldown-cmark engine writes
them, and the words a reader reads. The HTML both engines share
(:mod:`mot_blog.markup.html`, :mod:`mot_blog.markup.callouts`) goes into the tree as
stashed HTML (:class:`~mot_blog.markup.pymd.state.Ours`), so it is the same bytes."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from html import unescape
from typing import Any

from markdown.serializers import to_html_string
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE, STX

from mot_blog.markup.callouts import (
    callout_closing,
    callout_opening,
    default_title,
    read_marker,
    title_closing,
)
from mot_blog.markup.html import footnotes_html, heading_tags, image_html
from mot_blog.markup.pymd.footnotes import take_footnotes
from mot_blog.markup.pymd.state import Ours, RenderState
from mot_blog.markup.rendered import Heading
from mot_blog.markup.sanitize import is_unsafe_url, markdown_attribute_allowed, url_scheme
from mot_blog.markup.text import count_words, heading_anchor, unique_id, words

_ATTRIBUTION = re.compile(r"^\s*(?:—|–|--)\s*")
_STASHED = re.compile("\x02wzxhzdk:([0-9]+)\x03")
_ESCAPED = re.compile("\x02([0-9]+)\x03")
_PLACEHOLDER = re.compile("\x02[^\x02\x03]*\x03")
_WORD = re.compile("\ue004[a-z-]+\ue005")
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCKS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "ul",
        "ol",
        "li",
        "table",
        "dl",
        "dt",
        "dd",
        "figure",
        "aside",
        "br",
        "hr",
    ]
)
"""Where the words of two elements do not run together (pulldown-cmark's block ends)."""
_ROWS = frozenset({"table", "thead", "tbody", "tr"})
_OWN = {("a", "href"), ("img", "src"), ("th", "style"), ("td", "style")}
"""Attributes Python-Markdown writes itself (and this module judges on its own)."""
_ALIGN = re.compile(r"^text-align: (left|right|center);?$")


def plain_text(text: str) -> str:
    """Tree text as a reader reads it: escapes decoded, placeholders dropped."""
    if STX not in text:
        return text
    text = _ESCAPED.sub(lambda m: chr(int(m.group(1))), text.replace(AMP_SUBSTITUTE, "&"))
    return _PLACEHOLDER.sub("", text)


def _tagless() -> etree.Element:
    """An element Python-Markdown's serializer writes as its content alone: where our HTML
    strings (the same as the pulldown-cmark writer's) stand around Markdown content."""
    element = etree.Element("tagless")
    element.tag = None  # type: ignore[assignment]
    return element


def is_relative(src: str) -> bool:
    return not url_scheme(src) and not src.startswith(("/", "#"))


class Conventions(Treeprocessor):
    """See the module docstring; priority 5, after ``attr_list`` (8), before ``unescape``."""

    def __init__(self, md: Any, state: RenderState, trusted: bool, heading_ids: str):
        super().__init__(md)
        self.state = state
        self.trusted = trusted
        """Raw HTML is kept: Markdown attributes may be any but event handlers."""
        self.heading_ids = heading_ids
        self.image_count = 0
        self.callout_count = 0

    def run(self, root: etree.Element) -> None:
        self.image_count = self.callout_count = 0
        self._walk(root)
        notes = take_footnotes(root, self._stash)
        self.state.words += self._words(root)
        if notes is not None:
            bodies, cited = notes
            self.state.words += sum(self._words(part) for body in bodies.values() for part in body)
            section = footnotes_html(
                {k: "".join(map(to_html_string, v)) for k, v in bodies.items()}, cited
            )
            placeholder = etree.SubElement(root, "p")
            placeholder.text = self._stash(section)

    def _stash(self, html: str) -> str:
        placeholder: str = self.md.htmlStash.store(Ours(html))
        return placeholder

    # -- the walk, in document order (anchors are numbered as they come) -----------------

    def _walk(self, parent: etree.Element) -> None:
        for child in list(parent):
            tag = child.tag
            if tag == "blockquote":
                aside = self._callout(parent, child)
                if aside is not None:
                    self._walk(aside)
                    continue
                self._walk(child)
                self._attribution(parent, child)
                continue
            if tag == "p" and self._lone_image(child) is not None:
                self._figure(child)
                continue
            self._attributes(child)
            if tag == "img":
                self._image(parent, child, None)
                continue
            if tag == "a":
                self._link(child)
            elif tag in ("th", "td") and "style" in child.attrib:
                # as pulldown-cmark writes it, no semicolon
                child.set("style", child.attrib["style"].rstrip(";"))
            self._walk(child)
            if tag in _HEADINGS:
                self._heading(parent, child, _HEADINGS[tag])

    def _attributes(self, element: etree.Element) -> None:
        """Attributes from an attribute list (``{: onclick=...}``) judged by the policy."""
        tag = element.tag
        for name, value in list(element.attrib.items()):
            if (tag, name) in _OWN:
                if name == "style" and not _ALIGN.match(value):
                    del element.attrib[name]
            elif not markdown_attribute_allowed(tag, name, value, self.trusted):
                del element.attrib[name]

    # -- links and images ---------------------------------------------------------------

    def _link(self, link: etree.Element) -> None:
        if link.get("class") in ("footnote-ref", "footnote-backref"):
            return
        href = unescape(link.get("href", "").replace(AMP_SUBSTITUTE, "&"))
        if href.startswith("mailto:") and link.text and AMP_SUBSTITUTE in link.text:
            # an <address@example.com> autolink, which Python-Markdown spells in references
            link.text = unescape(link.text.replace(AMP_SUBSTITUTE, "&"))
        attributes = {k: v for k, v in link.attrib.items() if k != "href"}
        link.attrib.clear()
        if is_unsafe_url(href):
            self.state.unsafe.append(href)
        else:
            self.state.links.append(href)
            if is_relative(href) and not href.endswith("/") and "." in href.rsplit("/", 1)[-1]:
                href = self._asset_url(href)
            link.set("href", href)
        for name, value in attributes.items():
            link.set(name, value)

    def _asset_url(self, path: str) -> str:
        return self.state.asset_urls.get(path.split("#")[0].split("?")[0], path)

    @staticmethod
    def _lone_image(paragraph: etree.Element) -> etree.Element | None:
        if len(paragraph) != 1 or plain_text(paragraph.text or "").strip():
            return None
        image = paragraph[0]
        if image.tag != "img" or plain_text(image.tail or "").strip():
            return None
        return image

    def _figure(self, paragraph: etree.Element) -> None:
        image = self._lone_image(paragraph)
        assert image is not None
        self._attributes(image)
        caption = image.get("title") or None
        html = self._image_html(image, caption)
        paragraph.tag = "figure"
        paragraph.attrib.clear()
        paragraph.remove(image)
        paragraph.text = self._stash(html)

    def _image(self, parent: etree.Element, image: etree.Element, caption: str | None) -> None:
        placeholder = self._stash(self._image_html(image, caption)) + (image.tail or "")
        index = list(parent).index(image)
        if index == 0:
            parent.text = (parent.text or "") + placeholder
        else:
            before = parent[index - 1]
            before.tail = (before.tail or "") + placeholder
        parent.remove(image)

    def _image_html(self, image: etree.Element, caption: str | None) -> str:
        src = unescape(image.get("src", "").replace(AMP_SUBSTITUTE, "&"))
        attributes: dict[str, str] = {}
        if is_unsafe_url(src, image=True):
            self.state.unsafe.append(src)
        else:
            if is_relative(src):
                self.state.images.append(src)
                src = self._asset_url(src)
            attributes["src"] = src
        attributes["alt"] = plain_text(image.get("alt", ""))
        title = image.get("title")
        if title and caption is None:
            attributes["title"] = title
        for name, value in image.attrib.items():  # from an attribute list
            if name not in ("src", "alt", "title"):
                attributes[name] = value
        first = self.image_count == 0 and self.state.eager_first
        self.image_count += 1
        if first:
            attributes.update(loading="eager", decoding="async", fetchpriority="high")
        else:
            attributes.update(loading="lazy", decoding="async")
        info = self.state.image_info.get(attributes.get("src", ""))
        return image_html(attributes, info, caption)

    # -- quotes and callouts --------------------------------------------------------------

    def _attribution(self, parent: etree.Element, quote: etree.Element) -> None:
        """A quote whose last paragraph starts with a dash: a figure with that line as
        its attribution (as :func:`mot_blog.markup.html.close_quote`)."""
        if len(quote) < 2 or quote[-1].tag != "p" or not _ATTRIBUTION.match(quote[-1].text or ""):
            return
        last = quote[-1]
        quote.remove(last)
        figure = etree.Element("figure", {"class": "quote"})
        figure.text, figure.tail = "\n", quote.tail
        index = list(parent).index(quote)
        parent.remove(quote)
        parent.insert(index, figure)
        figure.append(quote)
        quote.tail = "\n"
        caption = etree.SubElement(figure, "figcaption")
        caption.text = _ATTRIBUTION.sub("", last.text or "", count=1)
        # the pulldown-cmark writer counts the dash as a word when a space follows it
        self.state.words += words(plain_text(last.text or "")) - words(plain_text(caption.text))
        caption.extend(list(last))
        caption.tail = "\n"

    def _callout(self, parent: etree.Element, quote: etree.Element) -> etree.Element | None:
        """A quote opened by ``[!TYPE]``: the callout's HTML (the same strings as the
        pulldown-cmark writer's) around its title and body, in an element without a tag
        (Python-Markdown's serializer writes only its content)."""
        first = quote[0] if len(quote) else None
        if first is None or first.tag != "p" or not (first.text or "").startswith("[!"):
            return None
        line, newline, rest = (first.text or "").partition("\n")
        callout = read_marker(line)
        if callout is None:
            return None
        self.callout_count += 1
        anchor = unique_id(f"callout-{self.callout_count}", self.state.ids)
        title: list[etree.Element] = []
        if newline:
            first.text = rest
        else:  # the title's line goes on in inline elements
            first.text = ""
            while len(first):
                child = first[0]
                first.remove(child)
                head, found, tail = (child.tail or "").partition("\n")
                child.tail = head
                title.append(child)
                if found:
                    first.text = tail
                    break
        if not (first.text or "").strip() and not len(first):
            quote.remove(first)
        holder = _tagless()
        holder.text = self._stash(callout_opening(callout, anchor)) + callout.title
        if not callout.title.strip() and not title:
            holder.text += default_title(callout)
        holder.extend(title)
        after_title = self._stash(title_closing(callout).rstrip("\n")) + "\n"
        if title:
            title[-1].tail = (title[-1].tail or "") + after_title
        else:
            holder.text += after_title
        body = list(quote)
        holder.extend(body)
        closing = self._stash(callout_closing(callout))
        if body:
            body[-1].tail = (body[-1].tail or "") + closing
        else:
            holder.text += closing
        index = list(parent).index(quote)
        parent.remove(quote)
        parent.insert(index, holder)
        return holder

    # -- headings ---------------------------------------------------------------------------

    def _heading(self, parent: etree.Element, heading: etree.Element, level: int) -> None:
        """The heading's anchor; its tags are the pulldown-cmark writer's (with the
        self-link), around its content, in an element without a tag."""
        text = plain_text("".join(heading.itertext())).strip()
        anchor = heading.get("id") or heading_anchor(text, self.heading_ids)
        anchor = unique_id(anchor, self.state.ids, self.heading_ids)
        classes = tuple((heading.get("class") or "").split())
        others = tuple((k, v) for k, v in heading.attrib.items() if k not in ("id", "class"))
        opening, closing = heading_tags(level, anchor, classes, others)
        holder = _tagless()
        holder.text = self._stash(opening) + (heading.text or "")
        holder.extend(list(heading))
        after = self._stash(closing.rstrip("\n"))
        if len(holder):
            holder[-1].tail = (holder[-1].tail or "") + after
        else:
            holder.text += after
        holder.tail = "\n" + (heading.tail or "").lstrip("\n")
        index = list(parent).index(heading)
        parent.remove(heading)
        parent.insert(index, holder)
        self.state.headings.append(Heading(level, text, anchor))

    # -- words ----------------------------------------------------------------------------

    def _words(self, root: etree.Element) -> int:
        """Words of the text, counted as the pulldown-cmark writer counts them (inline
        elements run together, blocks do not); the author's raw HTML by its own text."""
        pieces: list[str] = []
        raw_words = 0
        stash = self.md.htmlStash.rawHtmlBlocks
        keep = self.trusted

        def text(value: str | None) -> None:
            nonlocal raw_words
            if not value:
                return
            if keep and "\x02wzxhzdk:" in value:
                for match in _STASHED.finditer(value):
                    item = stash[int(match.group(1))]
                    if not isinstance(item, Ours):
                        html = to_html_string(item) if isinstance(item, etree.Element) else item
                        raw_words += count_words(str(html))
            if "\ue004" in value:  # a translated word to come (a callout's default title)
                value = _WORD.sub("", value)
            pieces.append(plain_text(value))

        def walk(element: etree.Element) -> None:
            # (between table cells only line breaks of Python-Markdown's: the pulldown-cmark
            # writer runs the cells' words together, and counts must agree)
            rows = element.tag in _ROWS
            if not (rows and (element.text or "").isspace()):
                text(element.text)
            for child in element:
                walk(child)
                if not (rows and (child.tail or "").isspace()):
                    text(child.tail)
            if element.tag in _BLOCKS:
                pieces.append(" ")

        walk(root)
        return words("".join(pieces)) + raw_words
