"""Our conventions on Python-Markdown's element tree, after its inline processing and
``attr_list``: figures, quote attributions, callouts, asset URLs with sizes and variants,
script-link refusal, heading anchors and self-links, Markdown attributes filtered as the
raw-HTML policy says, footnotes numbered and written as the pulldown-cmark engine writes
them, and the words a reader reads (:mod:`~mot_blog.markup.pymd.words`). Headings and
callouts are written last, after a site's treeprocessors (``toc``), which then see every
element with a string tag and every heading as a heading. The HTML both engines share
(:mod:`mot_blog.markup.html`, :mod:`mot_blog.markup.callouts`) goes into the tree as
stashed HTML (:class:`~mot_blog.markup.pymd.state.Ours`), so it is the same bytes."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from html import unescape
from typing import Any

from markdown.serializers import to_html_string
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

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
from mot_blog.markup.pymd.words import count_tree_words, plain_text
from mot_blog.markup.rendered import Heading
from mot_blog.markup.sanitize import is_unsafe_url, markdown_attribute_allowed, url_scheme
from mot_blog.markup.text import heading_anchor, unique_id, words

_ATTRIBUTION = re.compile(r"^\s*(?:—|–|--)\s*")
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_OWN = {("a", "href"), ("img", "src"), ("th", "style"), ("td", "style")}
"""Attributes Python-Markdown writes itself (and this module judges on its own)."""
_ALIGN = re.compile(r"^text-align: (left|right|center);?$")
CONVENTIONS_PRIORITY = 5.5
"""After ``attr_list`` (8), ``abbr`` (7) and ``smarty`` (6); before ``toc`` (5)."""
FINISH_PRIORITY = -100
"""After every treeprocessor, Python-Markdown's last (``unescape``, 0) included."""


HOLDER = "mot-holder"
"""The tag of an element holding our HTML strings (the same as the pulldown-cmark
writer's) around Markdown content, while other treeprocessors run: they read every tag as
a string (``toc``'s ``header_rgx.match(el.tag)``). :meth:`Conventions.finish` takes the
tag away, and Python-Markdown's serializer writes an element without one as its content."""


def is_relative(src: str) -> bool:
    return not url_scheme(src) and not src.startswith(("/", "#"))


class Conventions(Treeprocessor):
    """See the module docstring; priority 5.5, after ``attr_list`` (8), before ``toc`` (5).

    Headings stay ``h1``-``h6`` elements, with our anchor as their ``id``, while the
    treeprocessors after this one run (a site's ``toc`` reads them and keeps that id):
    :meth:`finish`, the last treeprocessor (:class:`Finish`), writes them with our tags and
    self-link, takes the holders' tag away, and writes the footnotes."""

    def __init__(self, md: Any, state: RenderState, trusted: bool, heading_ids: str):
        super().__init__(md)
        self.state = state
        self.trusted = trusted
        """Raw HTML is kept: Markdown attributes may be any but event handlers."""
        self.heading_ids = heading_ids
        self.image_count = 0
        self.callout_count = 0
        self.headings: list[tuple[etree.Element, int]] = []
        """Each heading to write, with its index in ``state.headings``."""
        self.holders: list[etree.Element] = []
        self.notes: tuple[etree.Element, dict[str, list[etree.Element]], dict[str, int]] | None
        self.notes = None
        """Where the footnotes go, their bodies and the number of each cited label."""

    def run(self, root: etree.Element) -> None:
        self.image_count = self.callout_count = 0
        self.headings, self.holders, self.notes = [], [], None
        self._walk(root)
        notes = take_footnotes(root, self._stash)
        self.state.words += count_tree_words(self.md, self.trusted, root)
        if notes is not None:
            bodies, cited = notes
            self.state.words += sum(
                count_tree_words(self.md, self.trusted, part)
                for body in bodies.values()
                for part in body
            )
            self.notes = (etree.SubElement(root, "p"), bodies, cited)

    def finish(self) -> None:
        """After every other treeprocessor: headings written with our tags, holders without
        a tag, footnotes written (see the class docstring)."""
        for holder in self.holders:
            holder.tag = None  # type: ignore[assignment]
        for heading, index in self.headings:
            self._write_heading(heading, index)
        if self.notes is not None:
            placeholder, bodies, cited = self.notes
            section = footnotes_html(
                {k: "".join(map(to_html_string, v)) for k, v in bodies.items()}, cited
            )
            placeholder.text = self._stash(section)
        self.headings, self.holders, self.notes = [], [], None

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
                self._heading(child, _HEADINGS[tag])

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
        pulldown-cmark writer's) around its title and body, in a holder (:data:`HOLDER`)."""
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
        holder = etree.Element(HOLDER)
        self.holders.append(holder)
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
        if len(holder):  # after the body, else after a title's last inline element
            holder[-1].tail = (holder[-1].tail or "") + closing
        else:
            holder.text += closing
        index = list(parent).index(quote)
        parent.remove(quote)
        parent.insert(index, holder)
        return holder

    # -- headings ---------------------------------------------------------------------------

    def _heading(self, heading: etree.Element, level: int) -> None:
        """The heading's anchor, numbered in document order with the callouts', as its
        ``id`` (which ``toc`` keeps)."""
        text = plain_text("".join(heading.itertext())).strip()
        anchor = heading.get("id") or heading_anchor(text, self.heading_ids)
        anchor = unique_id(anchor, self.state.ids, self.heading_ids)
        heading.set("id", anchor)
        self.headings.append((heading, len(self.state.headings)))
        self.state.headings.append(Heading(level, text, anchor))

    def _write_heading(self, heading: etree.Element, index: int) -> None:
        """The heading's tags, the pulldown-cmark writer's (with the self-link), around its
        content, the element itself made a holder without a tag. Its level and attributes
        are read now: ``toc``'s ``baselevel`` may have changed the one, and it takes
        ``data-toc-label`` from the other."""
        level = _HEADINGS.get(heading.tag)
        if level is None:  # an extension made it something else: it stays that, with its id
            return
        entry = self.state.headings[index]
        if level != entry.level:
            self.state.headings[index] = entry._replace(level=level)
        self._attributes(heading)
        classes = tuple((heading.get("class") or "").split())
        others = tuple((k, v) for k, v in heading.attrib.items() if k not in ("id", "class"))
        opening, closing = heading_tags(level, entry.id, classes, others)
        heading.tag = None  # type: ignore[assignment]
        heading.attrib.clear()
        heading.text = self._stash(opening) + (heading.text or "")
        after = self._stash(closing.rstrip("\n"))
        if len(heading):
            heading[-1].tail = (heading[-1].tail or "") + after
        else:
            heading.text += after
        heading.tail = "\n" + (heading.tail or "").lstrip("\n")


class Finish(Treeprocessor):
    """:meth:`Conventions.finish`, as the last treeprocessor (:data:`FINISH_PRIORITY`)."""

    def __init__(self, md: Any, conventions: Conventions):
        super().__init__(md)
        self.conventions = conventions

    def run(self, root: etree.Element) -> None:
        self.conventions.finish()
