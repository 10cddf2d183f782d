"""The outputs of a build, listed and checked before anything is rendered.

Every output file is a :class:`~mot_blog.render.pages.Job`; two jobs at one path, or a path
that would leave the output folder, are problems before a page renders (then only the
clashing jobs render, to name the files that made them).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from mot_blog.errors import BuildFailed, Problem
from mot_blog.load.assets import AssetManifest
from mot_blog.load.theme import STATIC_DIR, THEME_DIR, THEME_LABEL
from mot_blog.model.urls import SEARCH_DIR
from mot_blog.publish.output import check_paths
from mot_blog.render.template_errors import template_problems

if TYPE_CHECKING:  # the renderer (and Jinja2) load once the parse workers run
    from mot_blog.render.pages import Job, Output, Renderer


def list_jobs(renderer: Renderer, assets: AssetManifest, template_dirs: list[Path]) -> list[Job]:
    """Every output to render (:meth:`Renderer.jobs`); raises :class:`BuildFailed` for
    URL collisions, static files where pages go, and unsafe output paths."""
    jobs = renderer.jobs()
    with template_problems(template_dirs):
        paths = check_job_collisions(jobs)
    prefixes = [locale.prefix for locale in renderer.config.locales] + [SEARCH_DIR]
    check_static_paths(paths, assets, prefixes)
    check_paths(((job.path, _reported_at(job)) for job in jobs), assets)
    return jobs


def _reported_at(job: Job) -> str:
    """The site file a problem with a job's output is reported at: the post it shows first."""
    shown = job.posts or job.cards
    return shown[0].source if shown else job.path


def check_collisions(outputs: Sequence[Output]) -> None:
    """Two outputs at one path: a :class:`BuildFailed` naming the sources of both."""
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


def check_job_collisions(jobs: Sequence[Job]) -> Collection[str]:
    """Collisions from the job list, before anything is rendered (only the clashing jobs
    render); returns the jobs' paths."""
    count: dict[str, int] = {}
    for job in jobs:
        count[job.path] = count.get(job.path, 0) + 1
    clashing = [job for job in jobs if count[job.path] > 1]
    if clashing:
        check_collisions([job.make() for job in clashing])
    return count.keys()


MAX_NAME = 255
"""The longest file name, in bytes, that common file systems take (ext4, APFS, NTFS...)."""


def check_static_paths(
    pages: Collection[str], assets: AssetManifest, prefixes: Iterable[str]
) -> None:
    """A static file published where the build writes a page, or where a folder of pages
    goes (``static/index.html``, ``static/it`` beside the ``it`` prefix, ``static/404.html/x``):
    a :class:`BuildFailed` naming each, and each whose published name (with its hash) is
    too long for a file name. ``pages``: the output paths of the jobs.
    ``prefixes``: the first segments of the pages'
    paths (the locales' prefixes and the search index's folder), as :mod:`mot_blog.model.urls`
    lays them out; only files at the top of ``static/`` keep their names, so only they,
    and the folders above a file, can meet a page."""
    folders = set(prefixes)
    problems = []
    for file in assets.files:
        theme = THEME_LABEL if file.source.is_relative_to(THEME_DIR) else ""
        parts = file.published.split("/")
        longest = max(len(part.encode()) for part in parts)
        if longest > MAX_NAME:  # with its hash (and a variant's width) added to it
            problems.append(
                Problem(
                    f"{theme}{STATIC_DIR}/{file.name}",
                    None,
                    f"its published name, with its hash, is {longest} bytes long, over the "
                    f"{MAX_NAME} a file name may have; shorten it",
                )
            )
            continue
        above = ["/".join(parts[:n]) for n in range(1, len(parts))]
        clash = next((path for path in [file.published, *above] if path in pages), None)
        if clash is None and len(parts) == 1 and file.published in folders:
            clash = file.published + "/"
        if clash is not None:
            problems.append(
                Problem(
                    f"{theme}{STATIC_DIR}/{file.name}",
                    None,
                    f"would be published at {file.published}, where the build writes its own "
                    f"{clash}; rename it",
                )
            )
    if problems:
        raise BuildFailed(problems)
