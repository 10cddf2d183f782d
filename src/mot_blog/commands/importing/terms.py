"""Categories and tags whose labels are translations of each other, found from the
translation groups: the posts of one group are one post in several languages, so their
categories are one category, and their tags, written in the same order and as many, are
the same tags. A label that would so mean two terms in one language is left alone (it
stays a label of its own locale) and noted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from mot_blog.commands.importing.model import Notes, Post, Term
from mot_blog.model.urls import slugify


def _labels(post: Post, kind: str) -> list[str]:
    front = post.front
    if kind == "categories":
        found = front.get("category") or (front.get("categories") or [None])[0]
        return [str(found)] if found else []
    return [str(tag) for tag in front.get("tags") or []]


def grouped_terms(
    posts: Sequence[Post], keys: Mapping[int, str], codes: Sequence[str], given: Sequence[Term],
    notes: Notes,
) -> tuple[Term, ...]:  # fmt: skip
    """The terms of ``content/terms.yaml``: those the importer ``given``, then those the
    translation groups (``keys``: id of a post -> its group) show."""
    terms = list(given)
    known = {(t.kind, loc, label.casefold()) for t in given for loc, label in t.labels}
    groups: dict[str, list[Post]] = {}
    for post in posts:
        if keys.get(id(post)):
            groups.setdefault(keys[id(post)], []).append(post)
    for kind in ("categories", "tags"):
        parent: dict[tuple[str, str], tuple[str, str]] = {}
        for _, members in sorted(groups.items()):
            lists = [(p.locale, _labels(p, kind)) for p in members]
            lengths = {len(labels) for _, labels in lists}
            if len(lengths) != 1 or 0 in lengths:
                continue
            for position in range(lengths.pop()):
                nodes = [(loc, labels[position]) for loc, labels in lists]
                nodes = [n for n in nodes if (kind, n[0], n[1].casefold()) not in known]
                for node in nodes[1:]:
                    parent[_find(parent, node)] = _find(parent, nodes[0])
        components: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for node in sorted(parent):
            components.setdefault(_find(parent, node), []).append(node)
        used = {t.key for t in terms if t.kind == kind}
        for nodes in sorted(components.values(), key=lambda n: _first(n, codes)):
            by_locale: dict[str, str] = {}
            clash = False
            for loc, label in nodes:
                if by_locale.setdefault(loc, label) != label:
                    clash = True
            if clash:
                shown = ", ".join(f"{loc} '{label}'" for loc, label in sorted(nodes))
                notes.hand(
                    "content/terms.yaml",
                    None,
                    f"{kind}: the translations give one term several labels in one language ({shown}); group them by hand",
                )
                continue
            if len(by_locale) < 2 or len({label for label in by_locale.values()}) < 2:
                continue  # the same label everywhere needs no entry
            labels = tuple((loc, by_locale[loc]) for loc in codes if loc in by_locale)
            wanted = slugify(labels[0][1], "ascii") or f"term-{len(used) + 1}"
            key, n = wanted, 1
            while key in used:
                n += 1
                key = f"{wanted}-{n}"
            used.add(key)
            terms.append(Term(kind, key, labels))
    return tuple(terms)


def _find(parent: dict[tuple[str, str], tuple[str, str]], node: tuple[str, str]) -> tuple[str, str]:
    """The root of ``node``'s set (union-find: labels linked by translations)."""
    while parent.setdefault(node, node) != node:
        node = parent[node]
    return node


def _first(nodes: list[tuple[str, str]], codes: Sequence[str]) -> Any:
    return min((codes.index(loc) if loc in codes else len(codes), label) for loc, label in nodes)
