"""Sources -> :class:`~mot_blog.model.site.Site`: validate, resolve, index.

Per post (pure, so it can run in parallel or come from a cache):
:func:`parse_post` reads front matter and renders the Markdown body.
Then, for the whole site: authors and terms are resolved, slugs and
translation groups are checked, drafts and future posts are left out, and the
indexes (per locale, translation groups, related posts, term listings) are
built. Every problem is collected; none stops the others from being found.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType

from mot_blog.errors import Problem, did_you_mean
from mot_blog.load.assets import AssetManifest
from mot_blog.load.config import SiteConfig
from mot_blog.load.fields import alias_output, alias_url
from mot_blog.load.frontmatter import FrontMatter
from mot_blog.load.sitedata import TermTable, load_authors, load_publisher, load_terms
from mot_blog.load.sources import ContentTree, is_bundle_post
from mot_blog.markup.posts import ParsedPost
from mot_blog.model.fallbacks import fallback_problems
from mot_blog.model.menus import resolve_links
from mot_blog.model.provenance import provenance
from mot_blog.model.related import related_posts
from mot_blog.model.site import Alias, Author, Image, Post, Publisher, Site, Term
from mot_blog.model.urls import (
    output_path,
    post_url,
    reserved_slugs,
    slug_form,
    slugify,
    term_url,
)


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """What the reader of the command line asked for."""

    drafts: bool = False
    """Include ``draft: true`` posts."""
    future: bool = False
    """Include posts dated after ``now``."""
    now: dt.datetime | None = None
    """The moment that decides what is in the future (the build's start)."""
    strict: bool = False
    """Warnings fail the build, as problems do (``--strict``)."""


RelatedStage = Callable[[Sequence[Sequence[Post]], int], dict[str, tuple[Post, ...]]]
"""``related(locales, count)``: the related posts of every post, by source path."""


def _is_published(meta: FrontMatter, options: BuildOptions) -> bool:
    if meta.draft and not options.drafts:
        return False
    return options.future or options.now is None or meta.published <= options.now


def _resolve_authors(
    parsed: ParsedPost, authors: dict[str, Author], problems: list[Problem]
) -> tuple[Author, ...]:
    meta = parsed.meta
    found = []
    for index, key in enumerate(meta.authors):
        if key in authors:
            found.append(authors[key])
            continue
        field = "authors" if "authors" in meta.lines else "author"
        problems.append(
            Problem(
                parsed.source.path,
                meta.lines.get(f"{field}.{index}", meta.lines.get(field)),
                f"unknown author '{key}'{did_you_mean(key, authors)}; add it to content/authors.yaml",
            )
        )
    return tuple(found)


def _term(
    config: SiteConfig,
    terms: TermTable,
    kind: str,
    locale: str,
    written: str,
    known: dict[tuple[str, str, str], Term],
) -> Term:
    """The term a post names (``known``: the terms made so far, by what was written: a
    site has hundreds of terms, named 40,000 times at 10,000 articles)."""
    term = known.get((kind, locale, written))
    if term is None:
        key, label, slug = terms.resolve(kind, locale, written)
        url = term_url(config, config.locale(locale), kind, slug)
        term = known[(kind, locale, written)] = Term(kind, key, locale, label, slug, url)
    return term


def _image(parsed: ParsedPost, assets: AssetManifest, problems: list[Problem]) -> Image | None:
    meta = parsed.meta
    if meta.image is None:
        return None
    name = meta.image.lstrip("/")
    url = assets.urls.get(name)
    if url is None:
        bundled = is_bundle_post(parsed.source.path)
        where = "in the post's page bundle or under static/" if bundled else "under static/"
        problems.append(
            Problem(
                parsed.source.path,
                meta.lines.get("image"),
                f"image '{meta.image}' not found {where}; check the path",
            )
        )
        return None
    return Image(url=url, alt=meta.image_alt or "", credit=meta.image_credit, source=name)


def _slug(parsed: ParsedPost, mode: str, problems: list[Problem]) -> str:
    """The post's slug: its ``slug:``, else its file name (``mode``: ``slugs`` of site.yaml).
    One with no letter or digit is a problem, never a made-up ``post``."""
    meta = parsed.meta
    if meta.slug is not None:
        slug = slugify(meta.slug, mode)
        if slug != meta.slug:
            example = f", e.g. '{slug}'" if slug else ""
            problems.append(
                Problem(
                    parsed.source.path,
                    meta.lines.get("slug"),
                    f"slug '{meta.slug}' must be {slug_form(mode)}{example}",
                )
            )
        return slug
    slug = slugify(parsed.source.stem, mode)
    if not slug:
        problems.append(
            Problem(
                parsed.source.path,
                1,
                f"the file name '{parsed.source.stem}' has no letters or digits a URL can use; "
                "set 'slug:' in the front matter (or rename the file)",
            )
        )
    return slug


def build_post(
    parsed: ParsedPost,
    config: SiteConfig,
    authors: dict[str, Author],
    terms: TermTable,
    assets: AssetManifest,
    problems: list[Problem],
    known_terms: dict[tuple[str, str, str], Term] | None = None,
    known_authors: dict[tuple[str, ...], tuple[Author, ...]] | None = None,
) -> Post:
    """A :class:`Post` from a parsed file and the site's data (``known_terms``,
    ``known_authors``: the terms and author lists made for other posts of the same build,
    shared rather than made again)."""
    known_terms = {} if known_terms is None else known_terms
    meta = parsed.meta
    # One tuple per list of authors, shared by the posts that name it: the dependency
    # index describes a value many posts hold once (runner/depindex.py).
    known_authors = {} if known_authors is None else known_authors
    post_authors = known_authors.get(meta.authors)
    if post_authors is None:
        post_authors = _resolve_authors(parsed, authors, problems)
        if len(post_authors) == len(meta.authors):  # (else a problem, reported each time)
            known_authors[meta.authors] = post_authors
    locale = config.locale(parsed.source.locale)
    slug = _slug(parsed, config.slugs, problems)
    image = _image(parsed, assets, problems)
    url = post_url(config, locale, slug)
    category = meta.category or config.default_category.get(locale.code)
    return Post(
        source=parsed.source.path,
        locale=locale.code,
        slug=slug,
        title=meta.title,
        published=meta.published,
        updated=meta.updated,
        summary=meta.summary if meta.summary is not None else parsed.body.lead,
        category=(
            _term(config, terms, "category", locale.code, category, known_terms)
            if category
            else None
        ),
        tags=tuple(_term(config, terms, "tag", locale.code, tag, known_terms) for tag in meta.tags),
        authors=post_authors,
        image=image,
        body_html=parsed.body.html,
        word_count=parsed.body.word_count,
        translation_key=meta.translation_key or parsed.source.path,
        draft=meta.draft,
        url=url,
        output_path=output_path(config, url),
        body_shows_image=image is not None and image.source in parsed.body.images,
        aliases=tuple(
            Alias(
                alias_url(config.base_path, path),
                alias_output(path),
                meta.lines.get(f"aliases.{index}", meta.lines.get("aliases", 1)),
            )
            for index, path in enumerate(meta.aliases)
        ),
        canonical_url=meta.canonical_url,
        extra=meta.extra,
        headings=parsed.body.headings,
        toc=config.toc if meta.toc is None else meta.toc,
        shortcodes=parsed.shortcodes,
        provenance=provenance(meta, parsed.source.path, authors, problems),
    )


def _check_slugs(
    config: SiteConfig, posts: list[Post], parsed: dict[str, ParsedPost], problems: list[Problem]
) -> None:
    seen: dict[tuple[str, str], Post] = {}
    for post in posts:
        locale = config.locale(post.locale)
        # The 'slug:' line when the slug is written, else line 1: the file name is the slug.
        line = parsed[post.source].meta.lines.get("slug", 1)
        if post.slug in reserved_slugs(locale):
            problems.append(
                Problem(
                    post.source,
                    line,
                    f"slug '{post.slug}' is reserved for listings in {locale.code}; set another 'slug:'",
                )
            )
        other = seen.get((post.locale, post.slug))
        if other is not None:
            problems.append(
                Problem(
                    post.source,
                    line,
                    f"duplicate slug '{post.slug}' in {post.locale}: {other.source} has it too; "
                    "set a different 'slug:' in one of them",
                )
            )
        else:
            seen[(post.locale, post.slug)] = post


def _check_term_slugs(
    posts: list[Post], parsed: dict[str, ParsedPost], problems: list[Problem]
) -> None:
    """Two different terms of one kind and locale may not share a slug (one listing URL), and
    a term needs a slug."""
    seen: dict[tuple[str, str, str], tuple[Term, Post]] = {}
    reported: set[tuple[Term, Term]] = set()
    for post in posts:
        fields = [("category", post.category)] if post.category is not None else []
        fields += [("tags", tag) for tag in post.tags]
        for field, term in fields:
            if not term.slug:  # '日本' or '!!!': its listing would be at /<prefix>/<kind>//
                if (term, term) not in reported:
                    reported.add((term, term))
                    problems.append(
                        Problem(
                            post.source,
                            parsed[post.source].meta.lines.get(field),
                            f"{term.kind} '{term.label}' has no letters or digits a URL can "
                            f"use; give it a slug in content/terms.yaml "
                            f"({{label: '{term.label}', slug: ...}})",
                        )
                    )
                continue
            first, first_post = seen.setdefault((term.kind, term.locale, term.slug), (term, post))
            if first == term or (first, term) in reported:
                continue
            reported.add((first, term))
            if first.key == term.key:
                hint = "write it the same way in both, or add it to content/terms.yaml"
            else:
                hint = "give one of them another slug in content/terms.yaml"
            problems.append(
                Problem(
                    post.source,
                    parsed[post.source].meta.lines.get(field),
                    f"URL collision: {term.kind} '{term.label}' and '{first.label}' "
                    f"(in {first_post.source}) both have the URL {term.url}; {hint}",
                )
            )


def _group_translations(
    config: SiteConfig, posts: list[Post], parsed: dict[str, ParsedPost], problems: list[Problem]
) -> dict[str, tuple[Post, ...]]:
    order = {locale.code: index for index, locale in enumerate(config.locales)}
    groups: dict[str, list[Post]] = defaultdict(list)
    for post in posts:
        clash = next((p for p in groups[post.translation_key] if p.locale == post.locale), None)
        if clash is not None:
            problems.append(
                Problem(
                    post.source,
                    parsed[post.source].meta.lines.get("translation_key"),
                    f"translation_key '{post.translation_key}' is used by two {post.locale} posts "
                    f"(also {clash.source}); a group holds one post per locale",
                )
            )
            continue
        groups[post.translation_key].append(post)
    return {
        key: tuple(sorted(group, key=lambda p: order[p.locale])) for key, group in groups.items()
    }


def assemble(
    config: SiteConfig,
    tree: ContentTree,
    assets: AssetManifest,
    parsed_posts: list[ParsedPost],
    options: BuildOptions,
    related: RelatedStage = related_posts,
) -> tuple[Site | None, list[Problem]]:
    """The site model from parsed posts and the site data files. ``related``: how the
    related articles are ranked (:func:`~mot_blog.model.related.related_posts`, or the build
    runner's equivalent)."""
    problems: list[Problem] = []
    codes = tuple(locale.code for locale in config.locales)
    authors, found = load_authors(tree.data.get("authors.yaml"), codes, assets)
    problems += found
    publisher, found = load_publisher(
        tree.data.get("publisher.yaml"), codes, assets, config.title(config.default_locale)
    )
    problems += found
    terms, found = load_terms(tree.data.get("terms.yaml"), codes, config.slugs)
    problems += found

    published = [p for p in parsed_posts if _is_published(p.meta, options)]
    by_source = {p.source.path: p for p in published}
    known_terms: dict[tuple[str, str, str], Term] = {}
    known_authors: dict[tuple[str, ...], tuple[Author, ...]] = {}
    posts = [
        build_post(p, config, authors, terms, assets, problems, known_terms, known_authors)
        for p in published
    ]
    _check_slugs(config, posts, by_source, problems)
    _check_term_slugs(posts, by_source, problems)
    groups = _group_translations(config, posts, by_source, problems)
    problems += fallback_problems(
        config, groups, posts, lambda post: by_source[post.source].meta.lines.get("slug", 1)
    )
    menus, footer_links = resolve_links(config, groups, problems)
    if any(not problem.warning for problem in problems):
        return None, problems

    order = {locale.code: index for index, locale in enumerate(config.locales)}
    posts.sort(key=lambda p: (-p.published.timestamp(), order[p.locale], p.slug))
    by_locale = {code: tuple(p for p in posts if p.locale == code) for code in codes}
    related_lists = related([by_locale[code] for code in codes], config.related_count)
    site = _with_term_indexes(config, posts, publisher, by_locale, groups, related_lists)
    site = replace(site, menus=MappingProxyType(menus), footer_links=MappingProxyType(footer_links))
    return site, problems  # (warnings only)


def _with_term_indexes(
    config: SiteConfig,
    posts: list[Post],
    publisher: Publisher,
    by_locale: dict[str, tuple[Post, ...]],
    groups: dict[str, tuple[Post, ...]],
    related: dict[str, tuple[Post, ...]],
) -> Site:
    order = {locale.code: index for index, locale in enumerate(config.locales)}
    term_posts: dict[Term, list[Post]] = defaultdict(list)
    for post in posts:
        if post.category is not None:
            term_posts[post.category].append(post)
        for tag in post.tags:
            term_posts[tag].append(post)
    terms: dict[tuple[str, str], list[Term]] = defaultdict(list)
    term_groups: dict[tuple[str, str], list[Term]] = defaultdict(list)
    for term in sorted(
        term_posts, key=lambda t: (order[t.locale], t.kind, t.label.casefold(), t.slug)
    ):
        terms[(term.kind, term.locale)].append(term)
        term_groups[(term.kind, term.key)].append(term)
    return Site(
        config=config,
        posts=tuple(posts),
        publisher=publisher,
        by_locale=MappingProxyType(by_locale),
        groups=MappingProxyType(groups),
        related=MappingProxyType(related),
        terms=MappingProxyType({k: tuple(v) for k, v in terms.items()}),
        term_posts=MappingProxyType({k: tuple(v) for k, v in term_posts.items()}),
        term_groups=MappingProxyType({k: tuple(v) for k, v in term_groups.items()}),
    )
