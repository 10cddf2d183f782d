"""What a cached build keeps for the next: the dependency key of every job, the output index's
entries, and when a future-dated post comes due (:mod:`mot_blog.runner.depindex`)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mot_blog.load.sources import SourceFile
from mot_blog.load.theme import catalog_folders
from mot_blog.model.assemble import BuildOptions
from mot_blog.model.site import Site
from mot_blog.plugins import plugins_key
from mot_blog.runner import cache as cache_files
from mot_blog.runner.cache import ParseCache, read_memo
from mot_blog.runner.depindex import (
    Built,
    Fingerprint,
    file_signature,
    job_keys,
    remembered_fingerprints,
    site_inputs_key,
)
from mot_blog.runner.rendering import Plan

if TYPE_CHECKING:  # the renderer (and Jinja2) load once the parse workers run
    from mot_blog.build import LoadedSite
    from mot_blog.render.jobs import Job

FINGERPRINTS = "fingerprints"
"""Cache table: the fingerprint of each post (:func:`~mot_blog.runner.depindex.remembered_fingerprints`),
under the site key they were computed with."""


def site_key(root: Path, loaded: LoadedSite, options: BuildOptions) -> str:
    """Digest of the inputs every page may read (:func:`mot_blog.runner.depindex.site_inputs_key`).

    The site plugins are among them, by name and installed version
    (:func:`mot_blog.plugins.plugins_key`): a plugin turned on or off changes ``site.yaml``,
    an upgraded one its version, and either way every page renders again (a plugin's
    filters, globals and context values may show on any page). Its extra files are keyed
    by their bytes as well (:func:`mot_blog.render.extensions.output_jobs`)."""
    images = cache_files.digest(repr(sorted(loaded.image_info.items())))
    plugins = plugins_key(loaded.site.config.plugins)
    return site_inputs_key(
        root,
        loaded.data,
        loaded.template_dirs,
        catalog_folders(root, loaded.site.config.themes),
        loaded.assets,
        f"{options.drafts}{options.future} {images}{plugins}",
    )


@dataclass(frozen=True, slots=True)
class JobKeys:
    """The dependency key of every job (:func:`~mot_blog.runner.depindex.job_keys`), and the
    post fingerprints they came from."""

    keys: list[str]
    """In job order."""
    inputs_key: str
    """:func:`site_key` of this build."""
    memo: dict | None
    """The fingerprints the last build kept (:data:`FINGERPRINTS`)."""
    remembered: dict[str, tuple[str, Fingerprint]] = field(default_factory=dict)
    """The fingerprints to keep for the next build."""


def job_keys_of(
    root: Path,
    loaded: LoadedSite,
    options: BuildOptions,
    folder: Path | None,
    jobs: Sequence[Job],
    posts: Sequence[SourceFile],
) -> JobKeys:
    inputs_key = site_key(root, loaded, options)
    memo = read_memo(folder, FINGERPRINTS)
    before = memo.get(inputs_key, {}) if memo else {}
    digests = {source.path: source.digest for source in posts}
    fingerprints, remembered = remembered_fingerprints(loaded.site, digests, before)
    return JobKeys(job_keys(jobs, inputs_key, fingerprints), inputs_key, memo, remembered)


def built_outputs(
    jobs: Sequence[Job], keys: Sequence[str], plan: Plan, before: dict[str, Built], out: Path
) -> dict[str, Built]:
    """What the index keeps of this build's outputs. A reused output is a link to the
    file the last build made (same inode, size and time), so its entry is the old one;
    where a copy had to stand in, the next build sees another signature and renders again."""
    rendered = {jobs[n].path for n in plan.render}
    folder = os.fspath(out)
    built = {}
    for job, key in zip(jobs, keys, strict=True):
        old = before.get(job.path)
        if job.path in rendered or old is None or old.key != key:
            built[job.path] = Built(key, file_signature(f"{folder}/{job.path}"))
        else:
            built[job.path] = old
    return built


def next_change(site: Site, parse_cache: ParseCache, options: BuildOptions) -> dt.datetime | None:
    """When the first post left out for its future date comes due (then the site changes)."""
    if options.future or options.now is None:
        return None
    published = {post.source for post in site.posts}
    due = [
        entry.post.meta.published
        for path, entry in parse_cache.entries.items()
        if entry.post is not None
        and path not in published
        and entry.post.meta.published > options.now
    ]
    return min(due, default=None)
