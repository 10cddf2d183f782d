"""The parse stage: one post file into its checked front matter and rendered body (pure,
so the runner may take it from the parse cache or run it in a worker process)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from mot_blog.errors import Problem, warning
from mot_blog.load.assets import static_name
from mot_blog.load.bundles import PREFIX as BUNDLE_PREFIX
from mot_blog.load.bundles import BundleIndex
from mot_blog.load.frontmatter import FrontMatter, read_front_matter
from mot_blog.load.images import ImageInfo
from mot_blog.load.shortcodes import ShortcodeSpec
from mot_blog.load.sources import SourceFile
from mot_blog.markup.events import destination_lines, text_line
from mot_blog.markup.files import PostFiles, may_name_files, rewrite_raw_urls
from mot_blog.markup.leftovers import clean_text, find_leftovers, may_hold_leftovers
from mot_blog.markup.renderer import MarkdownRenderer, Rendered
from mot_blog.markup.shortcode_calls import ShortcodeCall, shown_literals, with_calls
from mot_blog.markup.shortcodes import Found, code_regions, find_shortcodes, has_shortcodes
from mot_blog.markup.summary import summary_of
from mot_blog.records import Record


@dataclass(frozen=True, slots=True)
class ParsedPost(Record):
    """One post file, front matter checked and body rendered."""

    source: SourceFile
    meta: FrontMatter
    body: Rendered
    body_first_line: int
    shortcodes: tuple[ShortcodeCall, ...] = ()
    """The body's shortcode calls, rendered when its page renders (their placeholders are
    in ``body.html``; :mod:`mot_blog.render.shortcodes`)."""
    files: tuple[str, ...] = ()
    """Asset-table names of the page bundles' files the post names (published with it)."""

    def parts(self) -> tuple[Any, ...]:
        """Every field but the source, in order: ``ParsedPost(source, *post.parts())``."""
        return tuple(getattr(self, name) for name in self.__match_args__[1:])


@dataclass(frozen=True, slots=True)
class ParseSettings:
    """Everything a post's parse reads besides its own file."""

    markdown: MarkdownRenderer
    asset_urls: Mapping[str, str]
    """Name under ``static/`` -> published URL (images in the body are looked up here);
    a page bundle's files are in it too (:mod:`mot_blog.load.bundles`)."""
    image_info: Mapping[str, ImageInfo]
    """Sizes and variants of each image, by published URL."""
    bundles: BundleIndex = field(default_factory=BundleIndex)
    """Where each post looks for the files it names."""
    shortcodes: Mapping[str, ShortcodeSpec] = field(default_factory=dict)
    """The site's shortcodes (templates/shortcodes/), by name."""

    def key(self) -> str:
        """What shapes every parse besides the file and the asset URLs it looks up (which
        the parse cache checks one by one): a change of it re-parses every post."""
        images = hashlib.blake2b(repr(sorted(self.image_info.items())).encode(), digest_size=20)
        shortcodes = repr(sorted(self.shortcodes.items()))
        return (
            f"{self.markdown.options_key()} images={images.hexdigest()} "
            f"bundles={self.bundles.key()} shortcodes={shortcodes}"
        )


def parse_post(
    source: SourceFile, settings: ParseSettings
) -> tuple[ParsedPost | None, list[Problem]]:
    """Front matter and Markdown of one file; problems name the file's own lines. Pure:
    the same file and settings give the same result (the parse cache relies on it)."""
    meta, body, body_line, problems = read_front_matter(source.content(), source.path)
    if meta is None:
        return None, problems
    folders = settings.bundles.folders_for(
        source.path, source.locale, meta.translation_key, meta.translated_from
    )
    files = PostFiles(settings.asset_urls, folders)
    # The hero is shown above the body unless the body shows it itself: then the
    # body's first image is the page's first, and must not wait for lazy loading.
    hero_above = meta.image is not None and static_name(meta.image) not in body
    meta = _front_matter_files(source.path, meta, files, problems)
    found = find_shortcodes(body, settings.shortcodes) if has_shortcodes(body) else None
    rendered = settings.markdown.render(
        found.text if found is not None else body,
        files,
        settings.image_info,
        eager_first=not hero_above,
    )
    calls: list[ShortcodeCall] = []
    if found is not None:
        for line, message in found.problems:
            problems.append(Problem(source.path, body_line + line, message))
        rendered, calls = with_calls(
            rendered,
            found,
            settings.shortcodes,
            lambda text: settings.markdown.render(text, files, settings.image_info),
            settings.markdown.raw_html,
            files.name_of,
            body_line,
        )
    if calls or may_hold_leftovers(rendered.html):
        _report_leftovers(source.path, body, body_line, rendered.html, calls, found, problems)
    if found is not None:
        rendered, calls = shown_literals(rendered, calls, found)
    if may_name_files(body):
        rendered = replace(rendered, html=rewrite_raw_urls(rendered.html, files))
        calls = [
            replace(
                call,
                inner=_rewritten(call.inner, files),
                inner_html=_rewritten(call.inner_html, files),
            )
            for call in calls
        ]
    if meta.summary is None:
        # Computed here, once per parse (and kept in the parse cache with it); a shortcode's
        # placeholder is no text of it, nor is leftover syntax (reported above).
        text = rendered.html
        for call in calls:
            text = text.replace(call.token, "")
        rendered = replace(rendered, lead=clean_text(summary_of(text))[0])
        if not rendered.lead:
            problems.append(
                Problem(
                    source.path,
                    1,
                    "no 'summary:' and no text in the body to take one from; add a summary",
                )
            )
    missing = [i for i in rendered.images if i not in files]
    lines = destination_lines(body) if missing or rendered.unsafe_links else {}
    for image in missing:
        problems.append(
            Problem(
                source.path,
                body_line + lines.get(image, text_line(body, image)),
                f"image '{image}' not found {_where(folders)}; check the path",
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
    # What the body shows, by asset-table name (the hero is not repeated when it is here).
    names = tuple(files.name_of(i) or i for i in rendered.images)
    if names != rendered.images:
        rendered = replace(rendered, images=names)
    post = ParsedPost(source, meta, rendered, body_line, tuple(calls), files.bundle_files())
    return post, problems


def _where(folders: tuple[str, ...]) -> str:
    """Where a post's files were looked for, as a problem says it."""
    if not folders:
        return "under static/"
    named = [folder[len(BUNDLE_PREFIX) :] for folder in folders]
    if len(named) == 1:
        return f"in the page bundle {named[0]} or under static/"
    return f"in the page bundle {named[0]}, in its original's {named[1]} or under static/"


def _front_matter_files(
    path: str, meta: FrontMatter, files: PostFiles, problems: list[Problem]
) -> FrontMatter:
    """The front matter with its image named as the asset table names it (a bundle's
    file, or a ``./`` path of static/; a missing one is the assemble stage's problem, for
    published posts only), and its summary without leftover syntax."""
    changes: dict[str, Any] = {}
    if meta.image is not None:
        name = files.name_of(meta.image)
        if name is not None and name != meta.image.lstrip("/"):
            changes["image"] = name
    summary, removed = clean_text(meta.summary) if meta.summary is not None else (None, [])
    if removed:
        shown = removed[0] if len(removed[0]) <= 40 else removed[0][:39] + "…"
        problems.append(
            warning(
                path,
                meta.lines.get("summary"),
                f"the summary holds syntax that shows as text ({shown}); cards and the "
                "page's description leave it out: remove it from 'summary'",
            )
        )
        changes["summary"] = summary
    return replace(meta, **changes) if changes else meta


def _report_leftovers(
    path: str,
    body: str,
    body_line: int,
    html: str,
    calls: list[ShortcodeCall],
    found: Found | None,
    problems: list[Problem],
) -> None:
    """A warning for each piece of another generator's syntax the output shows as text."""
    texts = [html] + [text for call in calls for text in (call.inner, call.inner_html) if text]
    if not any(may_hold_leftovers(text) for text in texts):
        return
    code = found.code if found is not None else code_regions(body)
    for text in texts:
        for leftover in find_leftovers(text, body, code):
            if leftover.kind == "shortcode" and found is not None and found.problems:
                continue  # the call's own problem says it
            line = None if leftover.line is None else body_line + leftover.line
            problems.append(
                warning(path, line if line is not None else body_line, leftover.message)
            )


def _rewritten(text: str | None, files: PostFiles) -> str | None:
    return None if text is None else rewrite_raw_urls(text, files)
