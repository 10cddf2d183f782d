"""How the build's stages run: plainly, or from the cache over every core.

:func:`mot_blog.build.build` calls the stages where speed is won through a runner, and
hands it the stage function itself (a post's parse, a job's render): a stage never knows
whether it ran from the cache, in a worker process or here.

:class:`~mot_blog.runner.plain.PlainRunner` runs each of them as it is, in this
process, from scratch; it is what ``build(..., cache=False, workers=1)`` runs.
:class:`~mot_blog.runner.cached.CachedRunner` gives the same values (tests compare the
outputs byte for byte) with less work:

    sources   a post file whose size, times, inode and device are as the last build
              found them is not read again (its digest is in the cache table 'sources')
    (start)   when every input has the bytes it had at the last build, and the output
              folder still holds what that build wrote, the build stops there
    parse     a post whose file and looked-up asset URLs did not change comes from the
              parse cache; the others are parsed over every core while this process
              readies the rendering side (:func:`~mot_blog.runner.parsing.prepare_rendering`); the cache is
              written by a forked process while the site is assembled
    related   a locale whose posts' terms, dates, slugs and groups did not change keeps
              the last build's lists; the others are ranked over every core
    render    a job whose dependency key (:mod:`mot_blog.runner.depindex`) is the last build's
              keeps its output, hard-linked from the previous output folder; the others
              render over every core, each worker writing its own pages
    finish    the output index, the post fingerprints, the related lists and the parse
              cache are kept for the next build

``<site>/.mot-cache/`` holds what is kept; without it (``cache=False``) the cached runner
still renders over every core and reads nothing from earlier builds.
"""

from __future__ import annotations

from pathlib import Path

from mot_blog.model.assemble import BuildOptions
from mot_blog.progress import Progress, quiet
from mot_blog.runner.cache import CACHE_DIR
from mot_blog.runner.cached import CachedRunner
from mot_blog.runner.plain import PlainRunner


def make_runner(
    root: Path,
    out: Path,
    options: BuildOptions,
    *,
    cache: bool,
    workers: int | None,
    progress: Progress | None,
) -> PlainRunner:
    """The runner of one build: plain for ``cache=False, workers=1``, else cached."""
    if not cache and workers == 1:
        return PlainRunner(progress or quiet)
    folder = root / CACHE_DIR if cache else None
    return CachedRunner(root, out, options, folder, workers, progress or quiet)
