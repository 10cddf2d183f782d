"""Command line: parse arguments, call one function, map errors to exit codes.

Exit codes: 0 done, 1 content problems (each printed as ``path:line: message``),
2 usage errors. A traceback is printed only with ``--debug``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from mot_blog import __version__
from mot_blog.assemble import BuildOptions
from mot_blog.build import BuildResult, build
from mot_blog.errors import BuildFailed
from mot_blog.output import MARKER, OutputRefused, is_marked
from mot_blog.progress import ProgressBar

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number (0-65535)")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mot-blog", description="Build a multilingual blog from Markdown into static HTML."
    )
    parser.add_argument("--version", action="version", version=f"mot-blog {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build_cmd = commands.add_parser("build", help="build the site into the output folder")
    build_cmd.add_argument("--site", type=Path, default=Path("."), help="site folder (default: .)")
    build_cmd.add_argument(
        "--out", type=Path, default=None, help="output folder (default: SITE/public)"
    )
    build_cmd.add_argument("--drafts", action="store_true", help="include draft posts")
    build_cmd.add_argument(
        "--future", action="store_true", help="include posts dated in the future"
    )
    build_cmd.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    build_cmd.add_argument("--quiet", "-q", action="store_true", help="print nothing but problems")
    build_cmd.add_argument(
        "--profile", action="store_true", help="print the seconds spent in each stage"
    )
    build_cmd.add_argument(
        "--no-cache", action="store_true", help="ignore and do not update SITE/.mot-cache"
    )
    build_cmd.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=None,
        metavar="N",
        help="processes for parsing and rendering (default: every core)",
    )

    serve_cmd = commands.add_parser(
        "serve", help="build, serve and rebuild on save, with live reload"
    )
    serve_cmd.add_argument("--site", type=Path, default=Path("."), help="site folder (default: .)")
    serve_cmd.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    serve_cmd.add_argument(
        "--port", type=_port, default=8000, help="port (default: 8000; 0 picks a free one)"
    )
    serve_cmd.add_argument("--drafts", action="store_true", help="include draft posts")
    serve_cmd.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)

    new_cmd = commands.add_parser("new", help="start a post (or a translation) in content/")
    new_cmd.add_argument("title", help="the post's title; the file name is made from it")
    new_cmd.add_argument(
        "--locale", help="locale code, e.g. fr-FR (default: the site's default locale)"
    )
    new_cmd.add_argument(
        "--translation-of", type=Path, metavar="PATH", help="the post this one translates"
    )
    new_cmd.add_argument("--author", help="a key of content/authors.yaml")
    new_cmd.add_argument(
        "--category", metavar="LABEL", help="default: the locale's most used category"
    )
    new_cmd.add_argument("--site", type=Path, default=Path("."), help="site folder (default: .)")
    new_cmd.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)

    check_cmd = commands.add_parser(
        "check", help="validate the site, then check the built output (links, images, hreflang)"
    )
    check_cmd.add_argument("--site", type=Path, default=Path("."), help="site folder (default: .)")
    check_cmd.add_argument(
        "--out", type=Path, default=None, help="check this built folder instead of building one"
    )
    check_cmd.add_argument("--format", choices=("text", "json"), default="text")
    check_cmd.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)

    status_cmd = commands.add_parser(
        "status", help="translation report: stale translations, catalog gaps"
    )
    status_cmd.add_argument("--site", type=Path, default=Path("."), help="site folder (default: .)")
    status_cmd.add_argument("--format", choices=("text", "json"), default="text")
    status_cmd.add_argument(
        "--strict", action="store_true", help="exit 1 when anything is stale or untranslated"
    )
    status_cmd.add_argument(
        "--mark-translated",
        type=Path,
        metavar="PATH",
        help="record that PATH is up to date with its source",
    )
    status_cmd.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
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


# The other commands' modules are imported when their command runs: a build (in CI,
# after every save) does not pay for the dev server's, the checker's and the others' imports.


def _new(args: argparse.Namespace) -> int:
    from mot_blog.newpost import NewPost, NewPostError, new_post  # noqa: PLC0415

    request = NewPost(args.title, args.locale, args.translation_of, args.author, args.category)
    try:
        written = new_post(args.site, request)
    except NewPostError as exc:
        print(f"mot-blog new: {exc}", file=sys.stderr)
        return exc.exit_code
    if written.source_changed is not None:
        print(f"added a translation_key to {written.source_changed}", file=sys.stderr)
    for note in written.notes:
        print(f"note: {note}", file=sys.stderr)
    print(written.path)
    return EXIT_OK


def _report(failure: BuildFailed) -> int:
    for problem in failure.problems:
        print(problem, file=sys.stderr)
    if isinstance(failure, OutputRefused):
        return EXIT_PROBLEMS  # the one line says it all: nothing was built
    count = len(failure.problems)
    print(
        f"{count} problem{'s' if count != 1 else ''}, nothing written",
        file=sys.stderr,
    )
    return EXIT_PROBLEMS


def _check(args: argparse.Namespace) -> int:
    if args.out is not None and not args.out.is_dir():
        print(f"mot-blog: --out {args.out} is not a folder; build it first", file=sys.stderr)
        return EXIT_USAGE
    if args.out is not None and not is_marked(args.out.resolve()):
        print(
            f"mot-blog: --out {args.out} is not a folder mot-blog built (it has no {MARKER}); "
            "build it first, or run check without --out",
            file=sys.stderr,
        )
        return EXIT_USAGE
    from mot_blog.check import check_site  # noqa: PLC0415

    findings = check_site(args.site, args.out)
    if args.format == "json":
        print(json.dumps([f.as_json() for f in findings], indent=2, ensure_ascii=False))
    else:
        for finding in findings:
            print(finding)
        count = len(findings)
        summary = f"{count} problem{'s' if count != 1 else ''}" if count else "no problems"
        print(summary, file=sys.stderr)
    return EXIT_PROBLEMS if findings else EXIT_OK


def _status(args: argparse.Namespace) -> int:
    from mot_blog.status import format_report, mark_translated, translation_report  # noqa: PLC0415

    if args.mark_translated is not None:
        value = mark_translated(args.site, args.mark_translated)
        print(f"{args.mark_translated}: translated_from: {value}")
        return EXIT_OK
    report = translation_report(args.site)
    if args.format == "json":
        print(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
    else:
        print(format_report(report))
    return EXIT_PROBLEMS if args.strict and report.needs_work else EXIT_OK


def run() -> None:
    """The ``mot-blog`` program: :func:`main`, then exit at once.

    Python's own exit frees every object one by one, the loaded site and the parse
    cache included: 0.1 s after a build of 1,000 articles, more after a larger one,
    with nothing left to do (every file is written and closed, every worker process
    has ended). Only the standard streams still need flushing."""
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: nothing more can be said
        code = code or EXIT_PROBLEMS
    os._exit(code)


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
                    args.site,
                    out,
                    BuildOptions(drafts=args.drafts, future=args.future),
                    cache=not args.no_cache,
                    workers=args.jobs,
                    progress=bar,
                )
            finally:
                bar.clear()
            if not args.quiet:
                print(summary(result))
            if args.profile:
                for stage, seconds in result.stages:
                    print(f"  {stage:<9} {seconds:7.3f} s", file=sys.stderr)
            return EXIT_OK
        if args.command == "serve":
            from mot_blog.devserver import serve  # noqa: PLC0415

            return serve(args.site, BuildOptions(drafts=args.drafts), args.host, args.port)
        if args.command == "new":
            return _new(args)
        if args.command == "check":
            return _check(args)
        if args.command == "status":
            return _status(args)
    except BuildFailed as failure:
        return _report(failure)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 (the CLI's contract: no traceback without --debug)
        if args.debug:
            raise
        print(
            f"mot-blog: internal error: {exc!r}; run again with --debug and report it",
            file=sys.stderr,
        )
        return 3
    return EXIT_USAGE
