"""The cached runner's parse stage: posts from the parse cache, the others over every core,
while this process readies the rendering side."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from mot_blog.errors import BuildFailed, Problem
from mot_blog.load.config import SiteConfig
from mot_blog.load.locales import own_language_name
from mot_blog.load.sitedata import parse_data_files
from mot_blog.load.sources import SourceFile
from mot_blog.load.theme import search_path, template_folders
from mot_blog.markup.posts import ParsedPost, ParseSettings
from mot_blog.plugins import site_plugins
from mot_blog.progress import Progress, quiet
from mot_blog.runner.cache import ParseCache, RecordingUrls
from mot_blog.runner.workers import fork_map

ParseStage = Callable[[SourceFile, ParseSettings], tuple[ParsedPost | None, list[Problem]]]
"""One post's parse (:func:`mot_blog.model.assemble.parse_post`)."""


def parse_cached(
    parse_one: ParseStage,
    sources: Sequence[SourceFile],
    settings: ParseSettings,
    problems: list[Problem],
    cache: ParseCache,
    workers: int | None = None,
    progress: Progress = quiet,
    meanwhile: Callable[[], object] | None = None,
    forget_others: bool = True,
) -> list[ParsedPost]:
    """Every post parsed, from ``cache`` where it is still valid, else over every core.

    ``forget_others``: ``sources`` are all the posts, so the cache drops any other.
    ``meanwhile()``: this process's own work while the workers parse (when they do)."""
    results: list[tuple[ParsedPost | None, list[Problem]] | None] = [
        cache.get(s, settings.asset_urls) for s in sources
    ]
    missing = [i for i, result in enumerate(results) if result is None]

    def parse_missing(n: int) -> tuple[tuple | None, list[Problem], dict[str, str | None]]:
        source = sources[missing[n]]
        urls = RecordingUrls(settings.asset_urls)
        recording = dataclasses.replace(settings, asset_urls=urls)
        post, found = parse_one(source, recording)
        # Not the source: its bytes would travel back to the process that read them.
        parts = None if post is None else post.parts()
        return parts, found, urls.looked_up

    hits = len(sources) - len(missing)
    for n, (parts, found, looked_up) in enumerate(
        fork_map(parse_missing, len(missing), workers, meanwhile)
    ):
        source = sources[missing[n]]
        post = None if parts is None else ParsedPost(source, *parts)
        cache.put(source, looked_up, post, found)
        results[missing[n]] = (post, found)
        progress("parse", hits + n + 1, len(sources))
    if forget_others:
        cache.keep_only({s.path for s in sources})
    parsed = []
    for result in results:
        assert result is not None
        post, found = result
        problems += found
        if post is not None:
            parsed.append(post)
    return parsed


def prepare_rendering(root: Path, config: SiteConfig, data: Mapping[str, bytes]) -> None:
    """The build process's work while the parse workers run: import the rendering side,
    compile the templates and the catalogs, load each locale's CLDR data (the render
    workers, forked later, inherit all of it), parse the data files (the i18n and
    assemble stages then find their inputs ready, each kept by its bytes)."""
    from mot_blog.load.i18n import load_translations  # noqa: PLC0415
    from mot_blog.publish import search  # noqa: F401, PLC0415 (see mot_blog.build)
    from mot_blog.render import pages  # noqa: F401, PLC0415 (see mot_blog.build)
    from mot_blog.render.extensions import environment_filters  # noqa: PLC0415
    from mot_blog.render.templating import precompile  # noqa: PLC0415

    parse_data_files(data)
    for locale in config.locales:
        load_translations(locale, search_path(root, config.themes))
        own_language_name(locale.code, locale.named_as)  # loads the locale's CLDR data (dates too)
    try:
        plugins = site_plugins(config.plugins)
        filters = environment_filters(plugins, config, config.locale(config.default_locale))
    except BuildFailed:  # a plugin's filters that fail: the renderer reports them
        return
    precompile(template_folders(root, config.themes), filters)
