"""Command line: parse arguments, call one function, map errors to exit codes.

Exit codes: 0 done, 1 content problems (each printed as ``path:line: message``),
2 usage errors. A traceback is printed only with ``--debug``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mot_blog import __version__
from mot_blog.assemble import BuildOptions
from mot_blog.build import BuildResult, build
from mot_blog.errors import BuildFailed
from mot_blog.progress import ProgressBar

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mot-blog", description="Build a multilingual blog from Markdown into static HTML."
    )
    parser.add_argument("--version", action="version", version=f"mot-blog {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build_cmd = commands.add_parser("build", help="build the site into the output folder")
    build_cmd.add_argument("--site", type=Path, default=Path("."), help="site folder (default: .)")
    build_cmd.add_argument("--out", type=Path, default=None, help="output folder (default: SITE/public)")
    build_cmd.add_argument("--drafts", action="store_true", help="include draft posts")
    build_cmd.add_argument("--future", action="store_true", help="include posts dated in the future")
    build_cmd.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    build_cmd.add_argument("--quiet", "-q", action="store_true", help="print nothing but problems")
    build_cmd.add_argument("--profile", action="store_true", help="print the seconds spent in each stage")
    build_cmd.add_argument("--no-cache", action="store_true", help="ignore and do not update SITE/.mot-cache")
    build_cmd.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                           help="processes for parsing and rendering (default: every core)")
    return parser


def summary(result: BuildResult) -> str:
    """The one line a build ends with: pages, time, what the cache saved."""
    done = f"built {result.pages} pages ({result.files} files) into {result.out} in {result.seconds:.2f} s"
    if result.parsed == 0 and result.rendered == 0 and result.reused:
        return f"{done} (no input changed since the last build)"
    return (
        f"{done} (posts from cache: {result.parse_hits}/{result.parsed};"
        f" pages unchanged: {result.reused}, rendered: {result.rendered})"
    )


def _report(failure: BuildFailed) -> int:
    for problem in failure.problems:
        print(problem, file=sys.stderr)
    count = len(failure.problems)
    print(
        f"{count} problem{'s' if count != 1 else ''}, nothing written",
        file=sys.stderr,
    )
    return EXIT_PROBLEMS


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``mot-blog`` command."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "build":
            out = args.out if args.out is not None else args.site / "public"
            if args.jobs is not None and args.jobs < 1:
                print("mot-blog: --jobs must be at least 1", file=sys.stderr)
                return EXIT_USAGE
            bar = ProgressBar(sys.stderr, enabled=False if args.quiet else None)
            try:
                result = build(
                    args.site, out, BuildOptions(drafts=args.drafts, future=args.future),
                    cache=not args.no_cache, workers=args.jobs, progress=bar,
                )
            finally:
                bar.clear()
            if not args.quiet:
                print(summary(result))
            if args.profile:
                for stage, seconds in result.stages:
                    print(f"  {stage:<9} {seconds:7.3f} s", file=sys.stderr)
            return EXIT_OK
    except BuildFailed as failure:
        return _report(failure)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 (the CLI's contract: no traceback without --debug)
        if args.debug:
            raise
        print(f"mot-blog: internal error: {exc!r}; run again with --debug and report it", file=sys.stderr)
        return 3
    return EXIT_USAGE
