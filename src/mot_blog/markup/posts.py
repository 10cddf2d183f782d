"""The parse stage: one post file into its checked front matter and rendered body (pure,
so the runner may take it from the parse cache or run it in a worker process)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, replace

from mot_blog.errors import Problem, warning
from mot_blog.load.frontmatter import FrontMatter, read_front_matter
from mot_blog.load.images import ImageInfo
from mot_blog.load.sources import SourceFile
from mot_blog.markup.events import destination_lines, text_line
from mot_blog.markup.renderer import MarkdownRenderer, Rendered
from mot_blog.markup.summary import summary_of
from mot_blog.records import Record


@dataclass(frozen=True, slots=True)
class ParsedPost(Record):
    """One post file, front matter checked and body rendered."""

    source: SourceFile
    meta: FrontMatter
    body: Rendered
    body_first_line: int


@dataclass(frozen=True, slots=True)
class ParseSettings:
    """Everything a post's parse reads besides its own file."""

    markdown: MarkdownRenderer
    asset_urls: Mapping[str, str]
    """Name under ``static/`` -> published URL (images in the body are looked up here)."""
    image_info: Mapping[str, ImageInfo]
    """Sizes and variants of each image, by published URL."""

    def key(self) -> str:
        """What shapes every parse besides the file and the asset URLs it looks up (which
        the parse cache checks one by one): a change of it re-parses every post."""
        images = hashlib.blake2b(repr(sorted(self.image_info.items())).encode(), digest_size=20)
        return f"{self.markdown.options_key()} images={images.hexdigest()}"


def parse_post(
    source: SourceFile, settings: ParseSettings
) -> tuple[ParsedPost | None, list[Problem]]:
    """Front matter and Markdown of one file; problems name the file's own lines. Pure:
    the same file and settings give the same result (the parse cache relies on it)."""
    asset_urls = settings.asset_urls
    meta, body, body_line, problems = read_front_matter(source.content(), source.path)
    if meta is None:
        return None, problems
    # The hero is shown above the body unless the body shows it itself: then the
    # body's first image is the page's first, and must not wait for lazy loading.
    hero_above = meta.image is not None and meta.image.lstrip("/") not in body
    rendered = settings.markdown.render(
        body, asset_urls, settings.image_info, eager_first=not hero_above
    )
    if meta.summary is None:
        # Computed here, once per parse (and kept in the parse cache with it).
        rendered = replace(rendered, lead=summary_of(rendered.html))
        if not rendered.lead:
            problems.append(
                Problem(
                    source.path,
                    1,
                    "no 'summary:' and no text in the body to take one from; add a summary",
                )
            )
    missing = [i for i in rendered.images if i.split("#")[0].split("?")[0] not in asset_urls]
    lines = destination_lines(body) if missing or rendered.unsafe_links else {}
    for image in missing:
        problems.append(
            Problem(
                source.path,
                body_line + lines.get(image, text_line(body, image)),
                f"image '{image}' not found under static/; check the path",
            )
        )
    for link in rendered.unsafe_links:
        problems.append(
            Problem(
                source.path,
                body_line + lines.get(link, text_line(body, link)),
                f"script link '{link[:40]}' is not allowed; link to a web page instead",
            )
        )
    for note in rendered.notes:  # engine-found: formulas, code blocks' languages
        kind = warning if note.warning else Problem
        problems.append(kind(source.path, body_line + (note.line or 0), note.message))
    return ParsedPost(source, meta, rendered, body_line), problems
