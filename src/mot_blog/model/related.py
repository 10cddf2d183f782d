"""Related articles: a documented, deterministic score.

For a post P and another post Q of the same locale (never P itself, never a
translation of P):

* ``topic = 4 × [same category] + 2 × (number of shared tags)`` (a post without a
  category shares none: it scores on tags only)
* when ``topic > 0``: ``score = topic + 1 / (1 + days between P and Q / 365)``,
  so among equally topical posts the one closest in time wins;
* posts with ``topic == 0`` do not score.

The best ``count`` scoring posts come first (ties: newer first, then slug);
when fewer than ``count`` score, the locale's latest posts fill the list.

Candidates are bounded, so the work per post does not grow with the site: for
each of P's category and tags, only the ``NEIGHBOURS`` posts on each side of P
in that term's date-ordered list are considered (an inverted index, then a
window). A post that shares a term with P but has more than ``NEIGHBOURS``
posts of that term between it and P in time is not a candidate through that
term; those nearer posts share the term too, and beat it on the time part of
the score whenever they tie on topic. On a site where no term has more than
``2 × NEIGHBOURS + 1`` posts of a locale, the result is exactly the
all-pairs ranking.
"""

from __future__ import annotations

import bisect
import hashlib
import heapq
from collections import defaultdict
from collections.abc import Sequence

from mot_blog.model.site import Post

CATEGORY_WEIGHT = 4
TAG_WEIGHT = 2
# The ranking counts a category as CATEGORY_WEIGHT // TAG_WEIGHT shared tags, and takes
# topics to differ by more than the time part of a score (at most 1).
assert CATEGORY_WEIGHT % TAG_WEIGHT == 0 and TAG_WEIGHT >= 1
NEIGHBOURS = 24
"""Posts considered on each side of a post in every term's list (see above)."""


def _topic_keys(post: Post) -> list[tuple[str, str]]:
    keys = [("category", post.category.key)] if post.category is not None else []
    return keys + [("tag", tag.key) for tag in post.tags]


def score(post: Post, other: Post) -> float:
    """Score of ``other`` as a related article of ``post`` (0 when unrelated)."""
    same = (
        post.category is not None
        and other.category is not None
        and post.category.key == other.category.key
    )
    topic = CATEGORY_WEIGHT * same + TAG_WEIGHT * len(
        {t.key for t in post.tags} & {t.key for t in other.tags}
    )
    if topic == 0:
        return 0.0
    days = abs((post.published - other.published).total_seconds()) / 86400
    return topic + 1 / (1 + days / 365)


def related_posts(locales: Sequence[Sequence[Post]], count: int) -> dict[str, tuple[Post, ...]]:
    """Related posts for every post of ``locales`` (each one locale's posts, newest
    first), by source path: every post's list ranked here, one after the other (the
    build's runner may take lists from the last build or rank over every core instead;
    :mod:`mot_blog.runner.runners`)."""
    lists = []
    for posts in locales:
        ranking = Ranking(posts, count)
        lists.append([ranking.related(position) for position in range(len(posts))])
    return from_positions(locales, lists)


def from_positions(
    locales: Sequence[Sequence[Post]], lists: Sequence[Sequence[tuple[int, ...]]]
) -> dict[str, tuple[Post, ...]]:
    """The related posts of every post by source path, from each locale's lists of
    positions (one tuple of positions in that locale's ``posts`` per post)."""
    related: dict[str, tuple[Post, ...]] = {}
    for posts, chosen_lists in zip(locales, lists, strict=True):
        for post, chosen in zip(posts, chosen_lists, strict=True):
            related[post.source] = tuple(posts[i] for i in chosen)
    return related


def inputs_digest(posts: Sequence[Post], count: int) -> str:
    """Digest of everything the ranking reads of ``posts`` (in order) and of ``count``."""
    lines = [str(count)]
    for post in posts:
        tags = "\x01".join(tag.key for tag in post.tags)
        category = post.category.key if post.category is not None else "\x02"
        lines.append(
            f"{category}\x00{tags}\x00{post.published.timestamp()!r}"
            f"\x00{post.translation_key}\x00{post.slug}"
        )
    return hashlib.blake2b("\n".join(lines).encode(), digest_size=20).hexdigest()


class Ranking:
    """The inverted index of one locale's posts, and the ranking of any one of them."""

    def __init__(self, posts: Sequence[Post], count: int):
        self.posts, self.count = posts, count
        # Positions in ``posts`` stand for posts: newest first, so a term's list is
        # date-ordered. Plain lists by position: the candidate loop runs ~200 times per
        # post, and attribute lookups on the posts were most of its cost.
        self.index: dict[tuple[str, str], list[int]] = defaultdict(list)
        for position, post in enumerate(posts):
            for key in _topic_keys(post):
                self.index[key].append(position)
        self.stamps = [post.published.timestamp() for post in posts]
        # Each post's category and tags as the bits of an int: a tag is one bit, a category
        # CATEGORY_WEIGHT // TAG_WEIGHT bits. A topic score is then one ``&`` and a bit
        # count (TAG_WEIGHT times the shared bits), with no set made per candidate.
        bits: dict[tuple[str, str], int] = {}
        width = CATEGORY_WEIGHT // TAG_WEIGHT

        def mask(post: Post) -> int:
            category = 0
            if post.category is not None:
                category_key = ("category", post.category.key)
                if category_key not in bits:
                    bits[category_key] = ((1 << width) - 1) << width * len(bits)
                category = bits[category_key]
            tags = 0
            for tag in post.tags:
                tags |= bits.setdefault(("tag", tag.key), 1 << width * len(bits))
            return category | tags

        self.masks = [mask(post) for post in posts]
        self.groups = [post.translation_key for post in posts]
        self.slugs = [post.slug for post in posts]

    def related(self, position: int) -> tuple[int, ...]:
        """Positions of the related posts of the post at ``position``, best first."""
        posts, stamps, masks, groups = self.posts, self.stamps, self.masks, self.groups
        candidates: set[int] = set()
        for key in _topic_keys(posts[position]):
            members = self.index[key]
            at = bisect.bisect_left(members, position)
            candidates.update(members[max(0, at - NEIGHBOURS) : at + NEIGHBOURS + 1])
        group, mine, stamp = groups[position], masks[position], stamps[position]
        shared = [((mine & masks[o]).bit_count(), o) for o in candidates if groups[o] != group]
        # A score is its topic plus at most 1 for time, and topics are multiples of
        # TAG_WEIGHT: only the posts sharing at least what the count-th best shares can
        # make the list, and their full sort keys (score, negated so that the best come
        # first; ties: newer first, then slug) are made for them alone (a third less time).
        bar = (
            sorted([common for common, _ in shared])[-self.count] if len(shared) > self.count else 0
        )
        ranked_keys = []
        for common, other in shared:
            if common >= bar:
                days = abs(stamp - stamps[other]) / 86400
                score = -(TAG_WEIGHT * common + 1 / (1 + days / 365))
                ranked_keys.append((score, -stamps[other], self.slugs[other], other))
        chosen = [entry[3] for entry in heapq.nsmallest(self.count, ranked_keys)]
        # Too few topical posts: the locale's latest fill the list.
        taken = set(chosen)
        for latest in range(len(posts)):
            if len(chosen) >= self.count:
                break
            if groups[latest] != group and latest not in taken:
                chosen.append(latest)
                taken.add(latest)
        return tuple(chosen)
