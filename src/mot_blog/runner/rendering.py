"""The cached runner's render stage: which jobs render, and rendering them over every core,
each worker writing its own pages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mot_blog.progress import Progress, quiet
from mot_blog.publish.writer import OutputWriter
from mot_blog.runner.depindex import OutputIndex
from mot_blog.runner.workers import fork_map

if TYPE_CHECKING:  # the renderer (and Jinja2) load once the parse workers run
    from mot_blog.render.jobs import Job, Output


RenderStage = Callable[["Job"], "Output"]
"""One job's render (``job.make()``, with template errors as problems)."""


@dataclass(frozen=True, slots=True)
class Plan:
    """Which jobs to render and which outputs to keep from the previous build."""

    render: tuple[int, ...]
    """Indexes of the jobs to render."""
    reuse: tuple[str, ...]
    """Output paths taken as they are from the previous output folder."""


def plan_renders(jobs: Sequence[Job], keys: Sequence[str], index: OutputIndex, out: Path) -> Plan:
    """Render a job unless the previous build made its output from the same inputs."""
    render, reuse = [], []
    for n, (job, key) in enumerate(zip(jobs, keys, strict=True)):
        if index.reusable(out, job.path, key):
            reuse.append(job.path)
        else:
            render.append(n)
    return Plan(tuple(render), tuple(reuse))


def render_jobs(
    jobs: Sequence[Job],
    which: Sequence[int],
    workers: int | None = None,
    progress: Progress = quiet,
) -> list[Output]:
    """``jobs[i].make()`` for each ``i`` in ``which``, over every core, in order."""
    outputs = fork_map(
        lambda n: jobs[which[n]].make(), len(which), workers, group=lambda n: jobs[which[n]].locale
    )
    done = []
    for n, output in enumerate(outputs):
        done.append(output)
        progress("render", n + 1, len(which))
    return done


def _size(job: Job) -> int:
    """A job's rough cost: the posts it shows, a whole post counting as ten cards."""
    return len(job.cards) + 10 * len(job.posts if job.posts is not None else ())


def write_jobs(
    jobs: Sequence[Job],
    which: Sequence[int],
    folder: Path,
    previous: Path | None,
    workers: int | None,
    progress: Progress,
    meanwhile: Callable[[], object] | None,
    render_one: RenderStage,
) -> int:
    """``render_one(jobs[i])`` for each ``i`` in ``which`` over every core, each worker
    writing what it renders into ``folder`` (:class:`~mot_blog.publish.output.OutputWriter`);
    returns how many. Only the paths travel back: the pages never wait in the parent's
    memory. ``meanwhile()``: this process's own work while the workers render."""
    writer = OutputWriter(folder, previous)
    # Largest first (the sitemap, then the feeds, the listings, the articles): a big job
    # handed out last would leave one core working alone at the end.
    which = sorted(which, key=lambda n: -_size(jobs[n]))

    def render_and_write(n: int) -> str:
        output = render_one(jobs[which[n]])
        writer.write(output)
        return output.path

    done = 0
    # A worker keeps to one locale's pages while there are some: it renders the cards
    # of that locale only, once (the other workers render the other locales').
    rendered = fork_map(
        render_and_write, len(which), workers, meanwhile, group=lambda n: jobs[which[n]].locale
    )
    for done, _path in enumerate(rendered, start=1):
        progress("render", done, len(which))
    return done
