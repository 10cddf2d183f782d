"""Speed, as wrappers around two pure stages; the stages themselves do not change.

* :func:`parse_posts` is :func:`mot_blog.build.parse_all` with a cache and
  every core: a post whose file (and the static-file URLs it uses) did not
  change since the last build comes from :class:`~mot_blog.cache.ParseCache`;
  the others are parsed in forked worker processes.
* :func:`plan` asks the dependency index (:mod:`mot_blog.depindex`) which
  render jobs must run; :func:`render_jobs` runs them over every core, and
  :func:`write_jobs` too, each worker writing its pages itself.

Each gives the same values as the plain stage; tests compare the outputs of
cached, parallel and incremental builds with a clean serial build's, byte for
byte.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mot_blog.assemble import ParsedPost, parse_post
from mot_blog.assets import AssetManifest
from mot_blog.cache import ParseCache, RecordingUrls
from mot_blog.config import SiteConfig
from mot_blog.depindex import OutputIndex
from mot_blog.errors import Problem
from mot_blog.images import ImageInfo
from mot_blog.markup import MarkdownRenderer
from mot_blog.output import OutputWriter
from mot_blog.parallel import fork_map
from mot_blog.sources import SourceFile

if TYPE_CHECKING:  # the renderer (and Jinja2) load once the parse workers run
    from mot_blog.render import Job, Output

Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``: told as items finish."""


def _quiet(stage: str, done: int, total: int) -> None:
    """No progress display."""


def parse_posts(
    sources: Sequence[SourceFile],
    config: SiteConfig,
    assets: AssetManifest,
    image_info: Mapping[str, ImageInfo],
    problems: list[Problem],
    cache: ParseCache,
    workers: int | None = None,
    progress: Progress = _quiet,
    forget_others: bool = True,
    meanwhile: Callable[[], object] | None = None,
) -> list[ParsedPost]:
    """Every post parsed, from the cache where it is still valid, else over every core.

    ``forget_others``: ``sources`` are all the posts, so the cache drops any other.
    ``meanwhile()``: this process's own work while the workers parse (when they do)."""
    results: list[tuple[ParsedPost | None, list[Problem]] | None] = [
        cache.get(s, assets.urls) for s in sources
    ]
    missing = [i for i, result in enumerate(results) if result is None]
    renderer = MarkdownRenderer(config.raw_html)

    def parse_one(n: int) -> tuple[tuple | None, list[Problem], dict[str, str | None]]:
        source = sources[missing[n]]
        urls = RecordingUrls(assets.urls)
        post, found = parse_post(source, renderer, urls, image_info)  # type: ignore[arg-type]
        # Not the source: its bytes would travel back to the process that read them.
        parts = None if post is None else (post.meta, post.body, post.body_first_line)
        return parts, found, urls.looked_up

    hits = len(sources) - len(missing)
    for n, (parts, found, looked_up) in enumerate(
        fork_map(parse_one, len(missing), workers, meanwhile)
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


@dataclass(frozen=True, slots=True)
class Plan:
    """Which jobs to render and which outputs to keep from the previous build."""

    render: tuple[int, ...]
    """Indexes of the jobs to render."""
    reuse: tuple[str, ...]
    """Output paths taken as they are from the previous output folder."""


def plan(jobs: Sequence[Job], keys: Sequence[str], index: OutputIndex, out: Path) -> Plan:
    """Render a job unless the previous build made its output from the same inputs."""
    render, reuse = [], []
    for n, (job, key) in enumerate(zip(jobs, keys, strict=True)):
        if index.reusable(out, job.path, key):
            reuse.append(job.path)
        else:
            render.append(n)
    return Plan(tuple(render), tuple(reuse))


def render_all(jobs: Sequence[Job]) -> Plan:
    """Render every job (there is no earlier output to keep)."""
    return Plan(tuple(range(len(jobs))), ())


def render_jobs(
    jobs: Sequence[Job],
    which: Sequence[int],
    workers: int | None = None,
    progress: Progress = _quiet,
) -> Iterator[Output]:
    """Render ``jobs[i]`` for each ``i`` in ``which`` over every core; yields them in order,
    as they come, so the caller can write each one and let it go."""
    outputs = fork_map(
        lambda n: jobs[which[n]].make(), len(which), workers, group=lambda n: jobs[which[n]].locale
    )
    for n, output in enumerate(outputs):
        yield output
        progress("render", n + 1, len(which))


def _size(job: Job) -> int:
    """A job's rough cost: the posts it shows, a whole post counting as ten cards."""
    return len(job.cards) + 10 * len(job.posts if job.posts is not None else ())


def write_jobs(
    jobs: Sequence[Job],
    which: Sequence[int],
    folder: Path,
    previous: Path | None,
    workers: int | None = None,
    progress: Progress = _quiet,
    meanwhile: Callable[[], object] | None = None,
    make: Callable[[Job], Output] | None = None,
) -> int:
    """Render ``jobs[i]`` for each ``i`` in ``which`` over every core, each worker writing
    what it renders into ``folder`` (:class:`~mot_blog.output.OutputWriter`); returns how
    many. Only the paths travel back: the pages never wait in the parent's memory.
    ``meanwhile()``: this process's own work while the workers render (when they do).
    ``make(job)``: how a job is rendered (default: ``job.make()``)."""
    writer = OutputWriter(folder, previous)
    # Largest first (the sitemap, then the feeds, the listings, the articles): a big job
    # handed out last would leave one core working alone at the end.
    which = sorted(which, key=lambda n: -_size(jobs[n]))

    def render_and_write(n: int) -> str:
        job = jobs[which[n]]
        output = job.make() if make is None else make(job)
        writer.write(output)
        return output.path

    done = 0
    # A worker keeps to one locale's pages while there are some: it renders the cards
    # of that locale only, once (the other workers render the other locales').
    rendered = fork_map(
        render_and_write,
        len(which),
        workers,
        meanwhile,
        group=lambda n: jobs[which[n]].locale,
    )
    for done, _path in enumerate(rendered, start=1):
        progress("render", done, len(which))
    return done
