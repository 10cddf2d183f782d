"""Python-Markdown's footnotes (its ``footnotes`` extension) taken out of the tree, to be
numbered and written as the pulldown-cmark engine writes them
(:func:`mot_blog.markup.html.footnotes_html`): numbered as cited, ``fn-label`` anchors,
one way back at the end of each note."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable

from markdown.extensions.footnotes import NBSP_PLACEHOLDER

from mot_blog.markup.html import footnote_reference

Bodies = dict[str, list[etree.Element]]


def take_footnotes(
    root: etree.Element, stash: Callable[[str], str]
) -> tuple[Bodies, dict[str, int]] | None:
    """The footnotes' bodies by label (their elements, ways back removed) and the number
    of each cited label, with every citation in the text replaced by ours (``stash``
    keeps our HTML); None when the body has no footnotes."""
    section = next(
        (child for child in root if child.tag == "div" and child.get("class") == "footnote"),
        None,
    )
    if section is None:
        return None
    root.remove(section)
    cited: dict[str, int] = {}
    for parent in list(root.iter()):
        for sup in list(parent):
            link = sup[0] if sup.tag == "sup" and len(sup) == 1 else None
            if link is None or link.get("class") != "footnote-ref":
                continue
            label = link.get("href", "").partition(":")[2]
            first = label not in cited
            number = cited.setdefault(label, len(cited) + 1)
            _replace_with_text(parent, sup, stash(footnote_reference(label, number, first)))
    bodies: Bodies = {}
    for item in section.iter("li"):
        label = (item.get("id") or "").partition(":")[2]
        for parent in list(item.iter()):
            for link in list(parent):
                if link.tag == "a" and link.get("class") == "footnote-backref":
                    _remove_backref(parent, link)
        bodies[label] = list(item)
    return bodies, cited


def _replace_with_text(parent: etree.Element, child: etree.Element, text: str) -> None:
    text += child.tail or ""
    index = list(parent).index(child)
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        parent[index - 1].tail = (parent[index - 1].tail or "") + text
    parent.remove(child)


def _remove_backref(parent: etree.Element, link: etree.Element) -> None:
    index = list(parent).index(link)
    if index == 0:
        parent.text = (parent.text or "").removesuffix(NBSP_PLACEHOLDER)
    else:
        before = parent[index - 1]
        before.tail = (before.tail or "").removesuffix(NBSP_PLACEHOLDER)
    _replace_with_text(parent, link, "")
