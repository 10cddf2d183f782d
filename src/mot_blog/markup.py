"""Markdown body -> HTML with a configured Python-Markdown.

Beyond Python-Markdown's ``extra``, ``toc`` and ``sane_lists`` this adds three
conventions editors asked for, all plain Markdown:

* an image alone in its paragraph becomes ``<figure>``; its Markdown title
  (``![alt](src "Fonte: Think with Google")``) becomes the ``<figcaption>``;
* a blockquote whose last paragraph starts with an em or en dash becomes a
  ``<figure>`` with the quote and that line as its attribution;
* a relative image path (``images/x.svg``) names a file under ``static/`` and
  is rewritten to its published URL; with the image's size known it gets
  ``width``/``height`` and, with resized variants, ``srcset`` (WebP in a
  ``<picture>``); images load lazily except the first when asked.

:func:`render_markdown` is a pure function of the body and the options, so the
result can be cached by content hash and computed in parallel.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import unescape

import markdown
from markdown.extensions import Extension
from markdown.extensions.toc import slugify
from markdown.treeprocessors import Treeprocessor

from mot_blog.images import ARTICLE_SIZES, ImageInfo, img_attributes, webp_source

_ATTRIBUTION = re.compile(r"^\s*(?:—|–|--)\s*")
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w[\w'’\-]*")
_UNSAFE_SCHEMES = ("javascript", "vbscript", "data")


@dataclass(frozen=True, slots=True)
class Rendered:
    """A post body rendered to HTML."""

    html: str
    word_count: int
    images: tuple[str, ...]
    """Relative image paths the body uses (under ``static/``), in order."""
    links: tuple[str, ...]
    """Every link target, as written."""
    unsafe_links: tuple[str, ...]
    """``javascript:``-style links that were removed."""


_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def is_unsafe_url(url: str, image: bool = False) -> bool:
    """Whether a browser could run ``url`` as script (``javascript:``, ``vbscript:``, ``data:``).

    Judged as the browser reads it: character references decoded (Python-Markdown
    keeps ``java&#115;cript:`` as written) and tabs, line breaks and other control
    characters dropped, as browsers drop them inside a scheme. An image may be a
    ``data:image/...`` URL.
    """
    normalized = _URL_NOISE.sub("", unescape(url)).lower()
    if image and normalized.startswith("data:image/"):
        return False
    return _scheme(normalized) in _UNSAFE_SCHEMES


def _scheme(url: str) -> str:
    """The URL's scheme, lowercase ('' for none). A regex, not urlsplit, which raises
    ValueError on links such as ``http://[oops`` and would end the build."""
    match = _SCHEME.match(url)
    return match.group(1).lower() if match else ""


def _is_relative(src: str) -> bool:
    return not _scheme(src) and not src.startswith(("/", "#"))


class _SiteTreeprocessor(Treeprocessor):
    """Figures, quote attributions, asset URLs; records images and links."""

    def __init__(self, md: markdown.Markdown, owner: _SiteExtension):
        super().__init__(md)
        self.owner = owner

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "p" and self._lone_image(child) is not None:
                    parent[index] = self._figure(child)
                elif child.tag == "blockquote":
                    figure = self._quote(child)
                    if figure is not None:
                        parent[index] = figure
        images = []
        for element in root.iter():
            if element.tag == "img":
                images.append(element)
                src = element.get("src", "")
                if is_unsafe_url(src, image=True):
                    self.owner.unsafe.append(src)
                    del element.attrib["src"]
                elif _is_relative(src):
                    self.owner.images.append(src)
                    element.set("src", self.owner.asset_url(src))
                element.set("loading", "lazy")
                element.set("decoding", "async")
            elif element.tag == "a":
                href = element.get("href", "")
                if is_unsafe_url(href):
                    self.owner.unsafe.append(href)
                    del element.attrib["href"]
                else:
                    self.owner.links.append(href)
                    if (
                        _is_relative(href)
                        and not href.endswith("/")
                        and "." in href.rsplit("/", 1)[-1]
                    ):
                        element.set("href", self.owner.asset_url(href))
        self._size_images(root, images)

    def _size_images(self, root: etree.Element, images: list[etree.Element]) -> None:
        """Sizes and variants of each image; the first loads eagerly when it is the page's
        first (no hero above it), since lazy loading would delay the largest paint."""
        parents = {child: parent for parent in root.iter() for child in parent}
        for position, image in enumerate(images):
            if position == 0 and self.owner.eager_first:
                image.set("loading", "eager")
                image.set("fetchpriority", "high")
            info = self.owner.image_info.get(image.get("src", ""))
            for key, value in img_attributes(info, ARTICLE_SIZES).items():
                image.set(key, value)
            source = webp_source(info, ARTICLE_SIZES)
            if source is None:
                continue
            parent = parents[image]
            index = list(parent).index(image)
            picture = etree.Element("picture")
            etree.SubElement(picture, "source", source)
            parent.remove(image)
            picture.append(image)
            picture.tail, image.tail = image.tail, None
            parent.insert(index, picture)

    @staticmethod
    def _lone_image(paragraph: etree.Element) -> etree.Element | None:
        if len(paragraph) != 1 or (paragraph.text or "").strip():
            return None
        image = paragraph[0]
        if image.tag != "img" or (image.tail or "").strip():
            return None
        return image

    def _figure(self, paragraph: etree.Element) -> etree.Element:
        image = self._lone_image(paragraph)
        assert image is not None
        figure = etree.Element("figure")
        figure.append(image)
        image.tail = None
        caption = image.attrib.pop("title", None)
        if caption:
            figcaption = etree.SubElement(figure, "figcaption")
            figcaption.text = caption
        return figure

    @staticmethod
    def _quote(blockquote: etree.Element) -> etree.Element | None:
        if len(blockquote) < 2 or blockquote[-1].tag != "p":
            return None
        last = blockquote[-1]
        if not _ATTRIBUTION.match(last.text or ""):
            return None
        blockquote.remove(last)
        figure = etree.Element("figure", {"class": "quote"})
        figure.append(blockquote)
        caption = etree.SubElement(figure, "figcaption")
        caption.text = _ATTRIBUTION.sub("", last.text or "", count=1)
        for child in list(last):
            caption.append(child)
        return figure


class _SiteExtension(Extension):
    def __init__(self, allow_raw_html: bool):
        super().__init__()
        self.allow_raw_html = allow_raw_html
        self.asset_url: Callable[[str], str] = lambda src: src
        self.images: list[str] = []
        self.links: list[str] = []
        self.unsafe: list[str] = []
        self.image_info: Mapping[str, ImageInfo] = {}
        self.eager_first = False

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.treeprocessors.register(_SiteTreeprocessor(md, self), "mot_site", 5)
        if not self.allow_raw_html:
            md.preprocessors.deregister("html_block")
            md.inlinePatterns.deregister("html")


class TooDeeplyNested(ValueError):
    """The Markdown nests lists or quotes deeper than Python-Markdown can recurse."""


class MarkdownRenderer:
    """One configured Python-Markdown, reused across posts (not thread-safe)."""

    def __init__(self, allow_raw_html: bool = True):
        self._site = _SiteExtension(allow_raw_html)
        self._md = markdown.Markdown(
            extensions=["extra", "sane_lists", "toc", self._site],
            extension_configs={"toc": {"slugify": slugify, "permalink": False}},
            output_format="html",
        )

    def render(
        self,
        body: str,
        asset_urls: Mapping[str, str],
        image_info: Mapping[str, ImageInfo] | None = None,
        eager_first: bool = False,
    ) -> Rendered:
        """Render ``body``; relative image paths are looked up in ``asset_urls``, their
        sizes in ``image_info`` (by URL); ``eager_first`` loads the first image eagerly.

        Raises :class:`TooDeeplyNested` when the nesting exhausts the stack.
        """
        site = self._site
        site.images, site.links, site.unsafe = [], [], []
        site.image_info, site.eager_first = image_info or {}, eager_first
        site.asset_url = lambda src: asset_urls.get(src.split("#")[0].split("?")[0], src)
        self._md.reset()
        try:
            html = self._md.convert(body)
        except RecursionError:
            # Python-Markdown parses nesting recursively; hundreds of levels of '>' or
            # list indentation exhaust the stack. Nobody means that: say so.
            self._md.reset()
            raise TooDeeplyNested("lists or quotes nested too deeply") from None
        return Rendered(
            html=html,
            word_count=count_words(html),
            images=tuple(site.images),
            links=tuple(site.links),
            unsafe_links=tuple(site.unsafe),
        )


def count_words(html: str) -> int:
    """Words a reader reads: text outside tags, elisions (``dell'esperienza``) as one word."""
    return len(_WORD.findall(unescape(_TAG.sub(" ", html))))
