"""A small element tree over the standard library's html.parser, for asserting on built pages.

Tests ask questions of the parsed page (``doc.find_all("a", cls="card-title")``), not of
its text, so a reordered attribute or a line break in a template does not break them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from mot_blog.commands.check.html import VOID_ELEMENTS


@dataclass(eq=False)
class Element:
    """One element: tag, attributes, children (elements and text strings)."""

    tag: str
    attrs: dict[str, str | None]
    parent: Element | None = None
    children: list[Element | str] = field(default_factory=list)

    def get(self, name: str, default: str | None = None) -> str | None:
        """An attribute's value (``""`` for a bare boolean attribute)."""
        if name not in self.attrs:
            return default
        value = self.attrs[name]
        return "" if value is None else value

    @property
    def classes(self) -> set[str]:
        """The ``class`` attribute, split."""
        return set((self.get("class") or "").split())

    def iter(self) -> Iterator[Element]:
        """This element and every element under it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(
        self,
        tag: str | None = None,
        cls: str | None = None,
        where: Callable[[Element], bool] | None = None,
        **attrs: str,
    ) -> list[Element]:
        """Elements under (and including) this one matching tag, class and attributes."""
        found = []
        for element in self.iter():
            if tag is not None and element.tag != tag:
                continue
            if cls is not None and cls not in element.classes:
                continue
            if any(
                element.get(name.rstrip("_").replace("_", "-")) != v for name, v in attrs.items()
            ):
                continue
            if where is not None and not where(element):
                continue
            found.append(element)
        return found

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Element:
        """The first match; AssertionError when there is none."""
        found = self.find_all(tag, cls, **attrs)
        assert found, f"no <{tag or '*'}> with class={cls!r} {attrs} in <{self.tag}>"
        return found[0]

    def text(self, skip: Callable[[Element], bool] | None = None) -> str:
        """Visible text, whitespace collapsed; elements for which ``skip`` is true are left out."""
        parts: list[str] = []

        def walk(element: Element) -> None:
            if element.tag in ("script", "style") or (skip is not None and skip(element)):
                return
            for child in element.children:
                if isinstance(child, str):
                    parts.append(child)
                else:
                    walk(child)

        walk(self)
        return " ".join("".join(parts).split())


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs), self.current)
        self.current.children.append(element)
        if tag not in VOID_ELEMENTS:
            self.current = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Element(tag, dict(attrs), self.current))

    def handle_endtag(self, tag: str) -> None:
        node: Element | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse(html: str) -> Element:
    """Parse a whole page."""
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def parse_file(path: Path) -> Element:
    """Parse a built page."""
    return parse(path.read_text(encoding="utf-8"))


def alternates(doc: Element) -> dict[str, str | None]:
    """hreflang -> href of a page's ``<link rel="alternate" hreflang=...>`` elements."""
    return {
        str(link.get("hreflang")): link.get("href")
        for link in doc.find_all("link", rel="alternate")
        if link.get("hreflang")
    }


def switcher_links(doc: Element) -> dict[str, str | None]:
    """hreflang -> href of the language switcher's links (the current language has none)."""
    nav = doc.find("nav", cls="language-switcher")
    return {str(a.get("hreflang")): a.get("href") for a in nav.find_all("a")}
