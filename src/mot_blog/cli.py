"""Command line: parse arguments, call one function, map errors to exit codes.

Exit codes: 0 done, 1 content problems (each printed as ``path:line: message``)
or an output folder refused, 2 usage errors, 3 internal errors (one short line;
the traceback only with ``--debug``, before or after the command), 130
interrupted (Ctrl-C at any moment prints ``interrupted``, never a traceback).

This module imports nothing but ``os``, ``signal`` and ``sys`` when it loads:
:func:`run` takes Ctrl-C over before anything else is imported (the build's
imports and the argument parsing are a tenth of a second in which Ctrl-C
would otherwise print a ``KeyboardInterrupt`` traceback).
"""

from __future__ import annotations

import os
import signal
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing first (see above)
if TYPE_CHECKING:
    import argparse
    from pathlib import Path

    from mot_blog.build import BuildResult
    from mot_blog.errors import BuildFailed

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
COMMANDS = ("build", "serve", "new", "check", "status")
MAX_JOBS = 1024
"""The most worker processes ``--jobs`` may ask for (each is a fork of the build)."""


def _leave_interrupted(signum: int, frame: object) -> None:
    """Ctrl-C while nothing is under way (imports, argument parsing, the exit): leave
    at once, nothing to clean up."""
    os.write(2, b"interrupted\n")
    os._exit(EXIT_INTERRUPTED)


def _port(text: str) -> int:
    import argparse  # noqa: PLC0415 (see the module docstring)

    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number (0-65535)")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    import argparse  # noqa: PLC0415 (see the module docstring)
    from pathlib import Path  # noqa: PLC0415

    from mot_blog import __version__  # noqa: PLC0415

    parser = argparse.ArgumentParser(
        prog="mot-blog", description="Build a multilingual blog from Markdown into static HTML."
    )
    parser.add_argument("--version", action="version", version=f"mot-blog {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:  # noqa: A002 (argparse's name)
        sub = commands.add_parser(name, help=help)
        # SUPPRESS: given after the command, it sets the flag; not given, it leaves the
        # global one (`mot-blog --debug build`) as it is instead of resetting it.
        sub.add_argument(
            "--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
        )
        return sub

    build_cmd = command("build", help="build the site into the output folder")
    build_cmd.add_argument("--site", type=Path, default=Path("."), help="site folder (default: .)")
    build_cmd.add_argument(
        "--out", type=Path, default=None, help="output folder (default: SITE/public)"
    )
    build_cmd.add_argument("--drafts", action="store_true", help="include draft posts")
    build_cmd.add_argument(
        "--future", action="store_true", help="include posts dated in the future"
    )
    build_cmd.add_argument(
        "--quiet", "-q", action="store_true", help="print nothing but problems and warnings"
    )
    build_cmd.add_argument(
        "--strict", action="store_true", help="fail on warnings too (for CI), as on problems"
    )
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

    serve_cmd = command("serve", help="build, serve and rebuild on save, with live reload")
    serve_cmd.add_argument("--site", type=Path, default=Path("."), help="site folder (default: .)")
    serve_cmd.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    serve_cmd.add_argument(
        "--port", type=_port, default=8000, help="port (default: 8000; 0 picks a free one)"
    )
    serve_cmd.add_argument("--drafts", action="store_true", help="include draft posts")

    new_cmd = command("new", help="start a post (or a translation) in content/")
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

    check_cmd = command(
        "check", help="validate the site, then check the built output (links, images, hreflang)"
    )
    check_cmd.add_argument("--site", type=Path, default=Path("."), help="site folder (default: .)")
    check_cmd.add_argument(
        "--out", type=Path, default=None, help="check this built folder instead of building one"
    )
    check_cmd.add_argument("--format", choices=("text", "json"), default="text")

    status_cmd = command("status", help="translation report: stale translations, catalog gaps")
    status_cmd.add_argument("--site", type=Path, default=Path("."), help="site folder (default: .)")
    from mot_blog.commands.status.cli import status_arguments  # noqa: PLC0415

    status_arguments(status_cmd)
    return parser


def _parse(argv: list[str]) -> argparse.Namespace:
    """The arguments; a mistyped command gets a did-you-mean (argparse's own message lists
    every command but does not say which one was meant)."""
    from mot_blog.errors import did_you_mean  # noqa: PLC0415

    parser = _parser()
    for arg in argv:
        if arg.startswith("-"):
            continue  # the options before the command take no value
        if arg not in COMMANDS:
            hint = did_you_mean(arg, COMMANDS)
            parser.error(f"unknown command '{arg}'{hint}; the commands: {', '.join(COMMANDS)}")
        break
    return parser.parse_args(argv)


def summary(result: BuildResult) -> str:
    """The one line a build ends with: pages, time, what the cache saved."""
    done = f"built {result.pages} pages ({result.files} files) into {result.out} in {result.seconds:.2f} s"
    if result.parsed == 0 and result.rendered == 0 and result.reused:
        return f"{done} (no input changed since the last build)"
    return (
        f"{done} (posts from cache: {result.parse_hits}/{result.parsed};"
        f" pages unchanged: {result.reused}, rendered: {result.rendered})"
    )


def _say(line: str) -> None:
    print(line, file=sys.stderr)


def _site_usage_error(args: argparse.Namespace) -> str | None:
    """What is wrong with ``--site`` (and a relative path's current folder), if anything:
    a usage error, before any work."""
    site: Path = args.site
    given = [path for path in (site, getattr(args, "out", None)) if path is not None]
    if not all(path.is_absolute() for path in given) and _cwd_gone():
        return (
            "mot-blog: the current folder no longer exists (deleted?); "
            "cd into a folder that does, or give absolute paths"
        )
    try:
        is_folder = site.is_dir()
        exists = is_folder or site.exists()
    except OSError as exc:
        return f"mot-blog: --site {site}: {exc.strerror or exc}"
    if not exists:
        return f"mot-blog: --site {site}: no such folder"
    if not is_folder:
        return f"mot-blog: --site {site} is a file, not a site folder; pass --site DIR"
    if args.command != "new" and not os.path.lexists(site / "site.yaml"):
        return f"mot-blog: no site.yaml in {site}; pass --site DIR (the folder that holds it)"
    return None


def _new(args: argparse.Namespace) -> int:
    from mot_blog.commands.new import NewPost, NewPostError, new_post  # noqa: PLC0415

    request = NewPost(args.title, args.locale, args.translation_of, args.author, args.category)
    try:
        written = new_post(args.site, request)
    except NewPostError as exc:
        _say(f"mot-blog new: {exc}")
        return exc.exit_code
    if written.source_changed is not None:
        _say(f"added a translation_key to {written.source_changed}")
    for note in written.notes:
        _say(f"note: {note}")
    print(written.path)
    return EXIT_OK


def _report(failure: BuildFailed) -> int:
    from mot_blog.publish.folder import OutputRefused  # noqa: PLC0415

    for problem in failure.problems:
        _say(str(problem))
    if isinstance(failure, OutputRefused):
        return EXIT_PROBLEMS  # the one line says it all: nothing was built
    count = len(failure.problems)
    _say(f"{count} problem{'s' if count != 1 else ''}, nothing written")
    return EXIT_PROBLEMS


def _build(args: argparse.Namespace) -> int:
    from mot_blog.build import build  # noqa: PLC0415
    from mot_blog.model.assemble import BuildOptions  # noqa: PLC0415
    from mot_blog.progress import ProgressBar  # noqa: PLC0415

    out = args.out if args.out is not None else args.site / "public"
    if args.jobs is not None and not 1 <= args.jobs <= MAX_JOBS:
        _say(f"mot-blog: --jobs must be between 1 and {MAX_JOBS}")
        return EXIT_USAGE
    bar = ProgressBar(sys.stderr, enabled=False if args.quiet else None)
    try:
        result = build(
            args.site,
            out,
            BuildOptions(drafts=args.drafts, future=args.future, strict=args.strict),
            cache=not args.no_cache,
            workers=args.jobs,
            progress=bar,
        )
    finally:
        bar.clear()
    for warning in result.warnings:
        _say(str(warning))
    if not args.quiet:
        print(summary(result))
    if args.profile:
        for stage, seconds in result.stages:
            _say(f"  {stage:<9} {seconds:7.3f} s")
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from mot_blog.model.assemble import BuildOptions  # noqa: PLC0415
    from mot_blog.serve.server import serve  # noqa: PLC0415

    return serve(args.site, BuildOptions(drafts=args.drafts), args.host, args.port)


def _check(args: argparse.Namespace) -> int:
    import json  # noqa: PLC0415

    from mot_blog.publish.folder import MARKER, is_marked  # noqa: PLC0415

    if args.out is not None and not args.out.is_dir():
        _say(f"mot-blog: --out {args.out} is not a folder; build it first")
        return EXIT_USAGE
    if args.out is not None and not is_marked(args.out.resolve()):
        _say(
            f"mot-blog: --out {args.out} is not a folder mot-blog built (it has no {MARKER}); "
            "build it first, or run check without --out"
        )
        return EXIT_USAGE
    from mot_blog.commands.check import check_site  # noqa: PLC0415

    findings = check_site(args.site, args.out)
    if args.format == "json":
        print(json.dumps([f.as_json() for f in findings], indent=2, ensure_ascii=False))
    else:
        for finding in findings:
            print(finding)
        count = len(findings)
        _say(f"{count} problem{'s' if count != 1 else ''}" if count else "no problems")
    return EXIT_PROBLEMS if findings else EXIT_OK


def _status(args: argparse.Namespace) -> int:
    from mot_blog.commands.status.cli import run_status  # noqa: PLC0415

    return run_status(args, _say)


_RUN = {"build": _build, "serve": _serve, "new": _new, "check": _check, "status": _status}


def internal_error_line(exc: BaseException) -> str:
    """The one short line of an internal error (:func:`mot_blog.errors.describe`)."""
    from mot_blog.errors import describe  # noqa: PLC0415

    return f"mot-blog: internal error: {describe(exc)}; run again with --debug and report it"


def _cwd_gone() -> bool:
    try:
        os.getcwd()
    except FileNotFoundError:
        return True
    return False


def run() -> None:
    """The ``mot-blog`` program: :func:`main`, then exit at once.

    Ctrl-C is taken over first: until :func:`main` starts its command (imports, argument
    parsing) and once it has returned, it leaves with ``interrupted`` and 130 at once;
    while the command runs it is a ``KeyboardInterrupt``, so that what the command
    holds (a staging folder, worker processes) is cleaned up, then reported the same way.

    Python's own exit frees every object one by one, the loaded site and the parse
    cache included: 0.1 s after a build of 1,000 articles, more after a larger one,
    with nothing left to do (every file is written and closed, every worker process
    has ended). Only the standard streams still need flushing."""
    signal.signal(signal.SIGINT, _leave_interrupted)
    try:
        code = main()
    except KeyboardInterrupt:  # from main's own error handling
        signal.signal(signal.SIGINT, _leave_interrupted)
        _say("interrupted")
        code = EXIT_INTERRUPTED
    signal.signal(signal.SIGINT, _leave_interrupted)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: nothing more can be said
        code = code or EXIT_PROBLEMS
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``mot-blog`` command."""
    from mot_blog.errors import BuildFailed  # noqa: PLC0415

    args = _parse(sys.argv[1:] if argv is None else argv)
    debug = bool(args.debug)
    try:
        if signal.getsignal(signal.SIGINT) is _leave_interrupted:  # run() set it
            signal.signal(signal.SIGINT, signal.default_int_handler)
        problem = _site_usage_error(args)
        if problem is not None:
            _say(problem)
            return EXIT_USAGE
        return _RUN[args.command](args)
    except BuildFailed as failure:
        return _report(failure)
    except KeyboardInterrupt:
        _say("interrupted")
        return EXIT_INTERRUPTED
    except Exception as exc:  # noqa: BLE001 (the CLI's contract: no traceback without --debug)
        if debug:
            import traceback  # noqa: PLC0415

            traceback.print_exc()
            return EXIT_INTERNAL
        if isinstance(exc, OSError) and _cwd_gone():
            _say("mot-blog: the current folder was deleted while mot-blog ran; nothing written")
            return EXIT_USAGE
        if isinstance(exc, OSError) and exc.filename is not None:
            # The file system changed under the command (a file or folder deleted or made
            # unreadable while it ran): not a bug, and the output folder is as it was.
            reason = (exc.strerror or type(exc).__name__).lower()
            _say(f"mot-blog: {exc.filename}: {reason} (changed while mot-blog ran?)")
            return EXIT_PROBLEMS
        _say(internal_error_line(exc))
        return EXIT_INTERNAL
