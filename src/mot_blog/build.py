"""The build: every stage, listed once, in the order it runs.

``build()`` is the one function the CLI and the dev server call. Stages pass
values along; problems are collected and the build fails at the end with all
of them, leaving the previous output folder as it was.

    config    site.yaml                        -> SiteConfig
    sources   content/                         -> ContentTree
    assets    theme + site static/             -> AssetManifest
    images    raster/SVG files of the manifest -> sizes, resized variants (cached)
    parse     each post: front matter+Markdown -> ParsedPost
    i18n      locales/*.po (site, then theme)  -> translations per locale
    assemble  parsed posts + data files        -> Site
    render    Site                             -> Output per page
    output    Outputs + static files           -> the output folder, swapped in whole
    search    the staging folder, before swap  -> pagefind/ index (when search: true)
"""

from __future__ import annotations

import datetime as dt
import gettext
import time
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import jinja2

from mot_blog.assemble import BuildOptions, ParsedPost, assemble, parse_post
from mot_blog.assets import STATIC_DIR, AssetManifest, scan_static
from mot_blog.config import SiteConfig, load_config
from mot_blog.errors import BuildFailed, Problem
from mot_blog.i18n import load_translations
from mot_blog.images import ImageInfo, prepare_images
from mot_blog.markup import MarkdownRenderer
from mot_blog.model import Site
from mot_blog.output import check_output_dir, publish
from mot_blog.render import Output, Renderer
from mot_blog.search import check_search, index_site
from mot_blog.sources import read_content

THEME_DIR = Path(__file__).parent / "theme"
THEME_LABEL = "(theme)/"
"""How diagnostics name a file of the engine's theme: ``(theme)/templates/base.html``
(no colon, so ``path:line: message`` stays parseable)."""
TEMPLATES_DIR = "templates"


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a finished build reports."""

    out: Path
    pages: int
    files: int
    seconds: float


@dataclass(frozen=True, slots=True)
class LoadedSite:
    """Everything rendering needs, before rendering."""

    site: Site
    assets: AssetManifest
    translations: Mapping[str, gettext.NullTranslations]
    template_dirs: list[Path]
    image_info: Mapping[str, ImageInfo]


def search_path(root: Path) -> list[tuple[Path, str]]:
    """Where templates, catalogs and static files are looked for: the site, then the theme."""
    return [(root, ""), (THEME_DIR, THEME_LABEL)]


def load(root: Path, options: BuildOptions) -> LoadedSite:
    """Run every stage up to rendering; raise :class:`BuildFailed` with all problems."""
    config = load_config(root)
    codes = tuple(locale.code for locale in config.locales)
    tree, problems = read_content(root, codes)
    assets = scan_static([THEME_DIR / STATIC_DIR, root / STATIC_DIR], config.base_path)
    assets, image_info = prepare_images(assets, root, config.base_path)
    parsed = parse_all(tree.posts, config, assets, image_info, problems)
    translations = {}
    for locale in config.locales:
        translations[locale.code], found = load_translations(locale, search_path(root))
        problems += found
    site, found = assemble(config, tree, assets, parsed, options)
    problems += found
    problems += check_search(config)
    if problems or site is None:
        raise BuildFailed(sorted(set(problems), key=_problem_order))
    template_dirs = [base / TEMPLATES_DIR for base, _ in search_path(root)]
    return LoadedSite(site, assets, translations, template_dirs, image_info)


def _problem_order(problem: Problem) -> tuple[str, int, str]:
    return (problem.path, problem.line or 0, problem.message)


def parse_all(
    sources,
    config: SiteConfig,
    assets: AssetManifest,
    image_info: Mapping[str, ImageInfo],
    problems: list[Problem],
) -> list[ParsedPost]:
    """Parse every post file (front matter and Markdown)."""
    renderer = MarkdownRenderer(allow_raw_html=config.allow_raw_html)
    parsed = []
    for source in sources:
        post, found = parse_post(source, renderer, assets.urls, image_info)
        problems += found
        if post is not None:
            parsed.append(post)
    return parsed


def render_site(loaded: LoadedSite) -> list[Output]:
    """Render every page; template errors become problems naming the template line."""
    renderer = Renderer(
        loaded.site, loaded.assets, loaded.template_dirs, loaded.translations, loaded.image_info
    )
    try:
        outputs = list(renderer.render_all())
    except jinja2.TemplateSyntaxError as exc:
        dirs = loaded.template_dirs
        where = _template_display(Path(exc.filename), dirs) if exc.filename else None
        path = where or f"{TEMPLATES_DIR}/{exc.name}"
        raise BuildFailed([Problem(path, exc.lineno, f"template error: {exc.message}")]) from None
    except Exception as exc:  # noqa: BLE001 (re-raised unless a template line caused it)
        problem = _template_runtime_problem(exc, loaded.template_dirs)
        if problem is None:
            raise
        raise BuildFailed([problem]) from None
    seen: dict[str, Output] = {}
    collisions = []
    for item in outputs:
        if item.path in seen:
            collisions.append(
                Problem(
                    (item.sources or ("content",))[0],
                    None,
                    f"URL collision: {item.path} is also written by "
                    f"{', '.join(seen[item.path].sources) or 'a listing'}; change a slug",
                )
            )
        seen[item.path] = item
    if collisions:
        raise BuildFailed(collisions)
    return outputs


def _template_display(filename: Path, template_dirs: list[Path]) -> str | None:
    """``templates/x.html`` for a site template, ``(theme)/templates/x.html`` for the theme's."""
    filename = filename.resolve()
    for folder in template_dirs:
        base = folder.parent.resolve()
        if filename.is_relative_to(base):
            label = THEME_LABEL if base == THEME_DIR.resolve() else ""
            return label + filename.relative_to(base).as_posix()
    return None


def _template_runtime_problem(exc: Exception, template_dirs: list[Path]) -> Problem | None:
    """The problem for an error raised while a template ran, at the innermost template line.

    Jinja2 rewrites tracebacks so that frames of compiled templates carry the template's
    file name and line; the last such frame is where the template went wrong. ``None``
    when no template frame is on the stack (an engine bug, which must not be disguised).
    """
    found = None
    for frame, line in traceback.walk_tb(exc.__traceback__):
        display = _template_display(Path(frame.f_code.co_filename), template_dirs)
        if display is not None and display.endswith(".html"):
            found = (display, line)
    if found is None:
        return None
    message = exc.message if isinstance(exc, jinja2.TemplateError) and exc.message else str(exc)
    return Problem(found[0], found[1], f"template error: {message}")


def build(root: Path, out: Path, options: BuildOptions | None = None) -> BuildResult:
    """Build the site at ``root`` into ``out``."""
    started = time.perf_counter()
    options = options or BuildOptions()
    if options.now is None:
        options = BuildOptions(options.drafts, options.future, dt.datetime.now(dt.UTC))
    check_output_dir(out, root)
    loaded = load(root, options)
    outputs = render_site(loaded)
    finish = index_site if loaded.site.config.search else None
    files = publish(out, outputs, loaded.assets, finish)
    pages = sum(1 for item in outputs if item.path.endswith(".html"))
    return BuildResult(out.resolve(), pages, files, time.perf_counter() - started)
