"""Processor time per article of the Python-Markdown engine beside Pelican's Markdown step.

    python bench/markdown_cost.py [--pairs 500] [--rounds 7] [--corpus /dev/shm/markdown-cost]

Pelican renders each file with a new ``markdown.Markdown(extensions=["extra", "codehilite",
"meta"])`` (its default ``MARKDOWN`` setting); the table sets that beside the same
extensions with one ``Markdown`` reset between files, mot-blog's Python-Markdown engine
without its inline gate (``src/mot_blog/markup/pymd/gate.py``) and with it, and the default
engine. The variants take turns in one process (a virtual machine's speed drifts within
minutes), and each row is the median of the rounds: Markdown bodies only, front matter read
beforehand, so it is the engines' own cost (docs/speed.md, "The Python-Markdown engine").
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "src")]

import make_corpus  # noqa: E402
import markdown  # noqa: E402

from mot_blog.load.frontmatter import read_front_matter  # noqa: E402
from mot_blog.markup.engine import MarkdownSettings  # noqa: E402
from mot_blog.markup.renderer import MarkdownRenderer  # noqa: E402

PELICAN = {
    "extensions": [
        "markdown.extensions.codehilite",
        "markdown.extensions.extra",
        "markdown.extensions.meta",
    ],
    "extension_configs": {"markdown.extensions.codehilite": {"css_class": "highlight"}},
    "output_format": "html5",
}
"""Pelican's default ``MARKDOWN`` setting."""


def bodies_of(site: Path) -> list[str]:
    """Every post body of the corpus (front matter taken off)."""
    bodies = []
    for path in sorted((site / "content").glob("*/*.md")):
        body = read_front_matter(path.read_bytes(), str(path))[1]
        if body is not None:
            bodies.append(body)
    return bodies


def variants(bodies: list[str]) -> dict[str, Callable[[], None]]:
    """Each variant: a function rendering every body once."""

    def pelican() -> None:
        for body in bodies:
            markdown.Markdown(**PELICAN).convert(body)  # type: ignore[arg-type]

    reused = markdown.Markdown(**PELICAN)  # type: ignore[arg-type]

    def pelican_reused() -> None:
        for body in bodies:
            reused.reset()
            reused.convert(body)

    def engine(name: str, gate: bool = True) -> Callable[[], None]:
        renderer = MarkdownRenderer(settings=MarkdownSettings(engine=name))
        md = getattr(renderer.engine, "md", None)  # the Python-Markdown engine's Markdown
        if not gate and md is not None:
            for processor in ("mot_inline_gate", "mot_inline_ungate"):
                md.treeprocessors.deregister(processor, strict=False)

        def run() -> None:
            for body in bodies:
                renderer.render(body, {}, {}, True)

        return run

    return {
        "Pelican's Markdown step (a new Markdown per file)": pelican,
        "the same extensions, one Markdown reset between files": pelican_reused,
        "mot-blog python-markdown, without the inline gate": engine("python-markdown", False),
        "mot-blog python-markdown": engine("python-markdown"),
        "mot-blog pulldown-cmark (the default)": engine("pulldown-cmark"),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--corpus", type=Path, default=Path("/dev/shm/markdown-cost"))
    args = parser.parse_args(argv)
    if not (args.corpus / "site.yaml").exists():
        make_corpus.main(["--pairs", str(args.pairs), "--out", str(args.corpus)])
    bodies = bodies_of(args.corpus)
    runs = variants(bodies)
    for run in runs.values():  # warm up: imports, lexers, compiled expressions
        run()
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.rounds):
        for name, run in runs.items():
            start = time.process_time()
            run()
            times[name].append((time.process_time() - start) / len(bodies) * 1000)
    pelican = statistics.median(next(iter(times.values())))
    print(f"{len(bodies)} bodies, median of {args.rounds} rounds, processor ms per article\n")
    print("| per article | ms | range | of Pelican's |\n|---|---:|---:|---:|")
    for name, values in times.items():
        median = statistics.median(values)
        spread = f"{min(values):.2f}-{max(values):.2f}"
        print(f"| {name} | {median:.2f} | {spread} | {median / pelican:.2f} |")


if __name__ == "__main__":
    main()
