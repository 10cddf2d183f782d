"""Related articles: a documented, deterministic score.

For a post P and another post Q of the same locale (never P itself, never a
translation of P):

* ``topic = 4 × [same category] + 2 × (number of shared tags)``
* when ``topic > 0``: ``score = topic + 1 / (1 + days between P and Q / 365)``,
  so among equally topical posts the one closest in time wins;
* posts with ``topic == 0`` do not score.

The best ``count`` scoring posts come first (ties: newer first, then slug);
when fewer than ``count`` score, the locale's latest posts fill the list.
Candidates come from an inverted index of category and tags, so posts that
share nothing are never compared.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from mot_blog.model import Post

CATEGORY_WEIGHT = 4
TAG_WEIGHT = 2


def _topic_keys(post: Post) -> list[tuple[str, str]]:
    return [("category", post.category.key)] + [("tag", tag.key) for tag in post.tags]


def score(post: Post, other: Post) -> float:
    """Score of ``other`` as a related article of ``post`` (0 when unrelated)."""
    topic = CATEGORY_WEIGHT * (post.category.key == other.category.key) + TAG_WEIGHT * len(
        {t.key for t in post.tags} & {t.key for t in other.tags}
    )
    if topic == 0:
        return 0.0
    days = abs((post.published - other.published).total_seconds()) / 86400
    return topic + 1 / (1 + days / 365)


def related_posts(posts: Sequence[Post], count: int) -> Mapping[str, tuple[Post, ...]]:
    """Related posts for every post in ``posts`` (one locale, newest first), by source path."""
    index: dict[tuple[str, str], list[Post]] = defaultdict(list)
    for post in posts:
        for key in _topic_keys(post):
            index[key].append(post)
    result: dict[str, tuple[Post, ...]] = {}
    for post in posts:
        candidates = {
            other.source: other
            for key in _topic_keys(post)
            for other in index[key]
            if other.translation_key != post.translation_key
        }
        ranked = sorted(
            candidates.values(),
            key=lambda other: (-score(post, other), -other.published.timestamp(), other.slug),
        )[:count]
        chosen = {p.source for p in ranked}
        for other in posts:
            if len(ranked) >= count:
                break
            if other.translation_key != post.translation_key and other.source not in chosen:
                ranked.append(other)
                chosen.add(other.source)
        result[post.source] = tuple(ranked)
    return result
