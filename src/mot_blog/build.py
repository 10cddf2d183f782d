"""The build: every stage, listed once, in the order it runs.

:func:`build` is the one function the CLI and the dev server call; :func:`load` is its
stages up to the site model, which ``check`` and ``serve`` render from. Stages pass
values along; problems are collected and the build fails at the end with all of them,
leaving the previous output folder as it was.

    stage     function (module under mot_blog/)       reads -> gives
    config    load/config.load_config                 site.yaml -> SiteConfig
    sources   load/sources.read_content               content/ -> ContentTree (posts, data files,
                                                      page bundles)
    assets    load/assets.scan_static                 theme + site static/ -> AssetManifest
              load/bundles.bundle_files               the bundles' files, added to it
    images    load/images.prepare_images              raster/SVG headers -> sizes, variant
                                                      names, what to encode
    parse     markup/posts.parse_post, per post       front matter + Markdown -> ParsedPost
                                                      (shortcodes as placeholders, which
                                                      render/shortcodes renders per page)
    i18n      load/i18n.load_translations, per locale locales/*.po (site, then theme)
    assemble  model/assemble.assemble                 parsed posts + data files -> Site
              model/bundles.published_files           the bundle files published posts show
    related   model/related.Ranking, per post         a locale's posts -> related posts
    encode    load/images.EncodeTask, per image       the variants the cache lacks (once
                                                      the site loaded without problems)
    jobs      render/jobs.list_jobs                   Site -> one Job per output file
    render    job.make(), per job                     Job -> Output, into the staging folder
    publish   publish/output.publish                  staging folder -> the output folder,
                                                      swapped in whole (after
                                                      publish/search.index_shards
                                                      when search: true)

A runner (:mod:`mot_blog.runner.runners`) runs the stages where speed is won (sources, parse,
related, render) and is handed the stage function itself: the cached runner takes what
did not change from ``<site>/.mot-cache/`` and the previous output folder, and works
over every core; ``build(..., cache=False, workers=1)`` runs the plain pipeline
(:class:`~mot_blog.runner.plain.PlainRunner`, whose methods are the stage calls).

The rendering side (Jinja2, Babel's dates and catalogs, the renderer, search) is
imported where it is first used, not with this module: a build starts its parse
workers first, which need none of it, and imports it while they parse. Python's
start and imports were a seventh of a build of 1,000 articles.
"""

from __future__ import annotations

import datetime as dt
import gettext
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from mot_blog.errors import BuildFailed, Problem, split_warnings
from mot_blog.load.assets import AssetManifest, scan_static
from mot_blog.load.bundles import bundle_files, index_bundles, with_bundle_files
from mot_blog.load.config import SiteConfig, load_config
from mot_blog.load.images import EncodeTask, ImageInfo
from mot_blog.load.shortcodes import shortcode_specs
from mot_blog.load.sitefiles import Folder, walk
from mot_blog.load.sources import ContentTree
from mot_blog.load.theme import (
    LOCALES_DIR,
    TEMPLATES_DIR,
    THEME_DIR,
    THEME_LABEL,
    search_path,
    static_folders,
    template_folders,
)
from mot_blog.markup.posts import ParseSettings, parse_post
from mot_blog.markup.renderer import MarkdownRenderer
from mot_blog.model.assemble import BuildOptions, assemble
from mot_blog.model.bundles import published_files
from mot_blog.model.site import Site
from mot_blog.publish.folder import check_output_dir
from mot_blog.publish.output import publish
from mot_blog.render.jobs import check_collisions, list_jobs
from mot_blog.render.template_errors import template_problems
from mot_blog.runner.memory import loading
from mot_blog.runner.plain import BuildResult, PlainRunner
from mot_blog.runner.runners import Progress, make_runner

if TYPE_CHECKING:
    from mot_blog.render.jobs import Output
    from mot_blog.render.pages import Renderer

__all__ = ["THEME_DIR", "THEME_LABEL", "BuildResult", "LoadedSite", "build", "load"]


@dataclass(frozen=True, slots=True)
class LoadedSite:
    """Everything rendering needs, before rendering."""

    site: Site
    assets: AssetManifest
    translations: Mapping[str, gettext.NullTranslations]
    template_dirs: list[Folder]
    image_info: Mapping[str, ImageInfo]
    data: Mapping[str, bytes] = field(default_factory=dict)
    """The site data files (authors, publisher, terms), as read."""
    warnings: tuple[Problem, ...] = ()
    """What the stages found that does not stop the build (:func:`~mot_blog.errors.warning`)."""
    parse_settings: ParseSettings | None = None
    """What the posts were parsed with (the dev server parses edited posts alike)."""
    image_tasks: tuple[EncodeTask, ...] = ()
    """The image variants still to encode before the static files are published."""


def build(
    root: Path,
    out: Path,
    options: BuildOptions | None = None,
    *,
    cache: bool = True,
    workers: int | None = None,
    progress: Progress | None = None,
) -> BuildResult:
    """Build the site at ``root`` into ``out``: the stages of the module docstring.

    ``cache``: use and update ``<site>/.mot-cache/`` and keep unchanged outputs
    from the previous ``out`` (False: compute everything). ``workers``: processes
    for parsing and rendering (default: every core; 1: this process only).
    ``progress(stage, done, total)`` is told as posts are parsed and pages rendered.
    """
    options = options or BuildOptions()
    if options.now is None:
        options = replace(options, now=dt.datetime.now(dt.UTC))
    check_output_dir(out, root)
    with make_runner(root, out, options, cache=cache, workers=workers, progress=progress) as run:
        unchanged = run.nothing_changed(root, out)
        if unchanged is not None:
            return unchanged
        with loading():
            loaded = load(root, options, run)
        stage = run.clock.stage
        with stage("encode"):
            run.encode(loaded.image_tasks)
        with stage("jobs"), loading():  # the renderer and its jobs live as long as the site
            renderer = make_renderer(loaded)
            jobs = list_jobs(renderer, loaded.assets, loaded.template_dirs)
        with stage("render+write"):
            write = partial(run.render, loaded, jobs, renderer.render)
            index = run.search_indexer(out) if loaded.site.config.search else None
            files = publish(out, loaded.assets, jobs, write, index)
        return run.finish(out, loaded, jobs, files)


def load(root: Path, options: BuildOptions, run: PlainRunner | None = None) -> LoadedSite:
    """The stages up to the site model (config to related); raises :class:`BuildFailed`
    with every problem. ``run``: the build's runner (default: the plain stages)."""
    run = run or PlainRunner()
    stage = run.clock.stage
    with stage("config"):
        config = load_config(root)
    tree, problems = run.read_content(root, config)
    with stage("assets"):
        assets = scan_static(static_folders(root, config.themes), config.base_path, problems)
        prefixes = {locale.code: locale.prefix for locale in config.locales}
        bundled = bundle_files(root, tree.bundles, prefixes, config.base_path, problems)
        assets = with_bundle_files(assets, bundled)
        check_theme_files(root, config, problems)
    with stage("images"):
        assets, image_info, image_tasks = run.images(assets, root, config)
    with stage("parse"):
        settings = parse_settings(root, config, tree, assets, image_info)
        parsed = run.parse(parse_post, tree.posts, settings, problems)
    with stage("i18n"):
        translations = load_catalogs(root, config, problems)
    with stage("assemble"):
        site, found = assemble(config, tree, assets, parsed, options, run.related)
    problems += found + _search_problems(config) + _card_warnings(config)
    errors, warnings = split_warnings(problems, options.strict)
    if errors or site is None:
        raise BuildFailed(sorted(set(errors + warnings), key=problem_order))
    published = published_files(assets, image_info, site, parsed, tree.bundles)
    folders = template_folders(root, config.themes)
    found_warnings = tuple(sorted(set(warnings), key=problem_order))
    return LoadedSite(
        site,
        published,
        translations,
        folders,
        image_info,
        tree.data,
        found_warnings,
        settings,
        image_tasks,
    )


def parse_settings(
    root: Path,
    config: SiteConfig,
    tree: ContentTree,
    assets: AssetManifest,
    image_info: Mapping[str, ImageInfo],
) -> ParseSettings:
    """What the parse stage reads besides each post: the Markdown renderer, the asset table
    and image sizes, the page bundles and the shortcodes."""
    order = [config.default_locale] + [
        locale.code for locale in config.locales if locale.code != config.default_locale
    ]
    return ParseSettings(
        markdown_renderer(config),
        assets.urls,
        image_info,
        index_bundles(tree, order),
        shortcode_specs(template_folders(root, config.themes)),
    )


def check_theme_files(root: Path, config: SiteConfig, problems: list[Problem]) -> None:
    """Every template and catalog file (the site's, then the themes') checked before any is
    used: the template loader refuses what this reports too, but sees only the templates
    that pages ask for."""
    for layer in search_path(root, config.themes):
        for folder in (layer.folder(TEMPLATES_DIR), layer.folder(LOCALES_DIR)):
            walk(folder.path, folder.display, folder.bound, problems)


def markdown_renderer(config: SiteConfig) -> MarkdownRenderer:
    """The Markdown renderer with the site's settings."""
    return MarkdownRenderer(config.raw_html, config.markdown)


def load_catalogs(
    root: Path, config: SiteConfig, problems: list[Problem]
) -> dict[str, gettext.NullTranslations]:
    """The i18n stage: each locale's catalogs, the site's over its theme's, over the default's."""
    from mot_blog.load.i18n import load_translations  # noqa: PLC0415 (see the module docstring)

    translations = {}
    for locale in config.locales:
        search = search_path(root, config.themes)
        translations[locale.code], found = load_translations(locale, search)
        problems += found
    return translations


def _search_problems(config: SiteConfig) -> list[Problem]:
    from mot_blog.publish.search import check_search  # noqa: PLC0415 (see the module docstring)

    return check_search(config)


def _card_warnings(config: SiteConfig) -> list[Problem]:
    from mot_blog.render.social import card_warnings  # noqa: PLC0415 (see the module docstring)

    return card_warnings(config)


def problem_order(problem: Problem) -> tuple[str, int, str]:
    """Problems are reported by file, line, then message."""
    return (problem.path, problem.line or 0, problem.message)


def make_renderer(loaded: LoadedSite) -> Renderer:
    """The renderer of a loaded site."""
    from mot_blog.render.pages import Renderer  # noqa: PLC0415 (see the module docstring)

    return Renderer(
        loaded.site, loaded.assets, loaded.template_dirs, loaded.translations, loaded.image_info
    )


def render_site(loaded: LoadedSite) -> list[Output]:
    """Every output of a loaded site, in memory (``check`` reads them); template errors
    become problems naming the template line."""
    with template_problems(loaded.template_dirs):
        outputs = list(make_renderer(loaded).render_all())
    check_collisions(outputs)
    return outputs
