"""Command line: parse arguments, call one function, map errors to exit codes.

Exit codes: 0 done, 1 content problems (each printed as ``path:line: message``)
or an output folder refused, 2 usage errors, 3 internal errors (one short line;
the traceback only with ``--debug``, before or after the command), 130
interrupted (Ctrl-C at any moment prints ``interrupted``, never a traceback).

The commands and their options are in :mod:`mot_blog.cli_args`. This module imports nothing
but ``os``, ``signal`` and ``sys`` when it loads:
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
    from mot_blog.errors import BuildFailed, Problem

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def _leave_interrupted(signum: int, frame: object) -> None:
    """Ctrl-C while nothing is under way (imports, argument parsing, the exit): leave
    at once, nothing to clean up."""
    os.write(2, b"interrupted\n")
    os._exit(EXIT_INTERRUPTED)


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


def _init(args: argparse.Namespace) -> int:
    from mot_blog.commands.init import (  # noqa: PLC0415
        InitError,
        InitRequest,
        init_site,
        next_steps,
        parse_locales,  # noqa: PLC0415
    )

    try:
        request = InitRequest(args.dir, parse_locales(args.locales), args.title, args.base_url)
        created = init_site(request)
    except InitError as exc:
        _say(f"mot-blog init: {exc}")
        return exc.exit_code
    for line in next_steps(created):
        print(line)
    return EXIT_OK


def _problem_line(args: argparse.Namespace, problem: Problem) -> str:
    """A problem as ``--format`` prints it (:func:`mot_blog.errors.format_problem`)."""
    from mot_blog.errors import format_problem  # noqa: PLC0415

    style = getattr(args, "format", "text")
    return format_problem(problem, style, str(getattr(args, "site", ".")))


def _report(args: argparse.Namespace, failure: BuildFailed) -> int:
    from mot_blog.publish.folder import OutputRefused  # noqa: PLC0415

    for problem in failure.problems:
        # A refused output folder is named as --out gave it, not under the site.
        _say(str(problem) if isinstance(failure, OutputRefused) else _problem_line(args, problem))
    if isinstance(failure, OutputRefused):
        return EXIT_PROBLEMS  # the one line says it all: nothing was built
    count = len(failure.problems)
    _say(f"{count} problem{'s' if count != 1 else ''}, nothing written")
    return EXIT_PROBLEMS


def _build(args: argparse.Namespace) -> int:
    from mot_blog.build import build  # noqa: PLC0415
    from mot_blog.cli_args import MAX_JOBS  # noqa: PLC0415
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
        _say(_problem_line(args, warning))
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
    elif args.format == "github":
        for finding in findings:
            print(_problem_line(args, finding.problem()))
    else:
        for finding in findings:
            print(finding)
        count = len(findings)
        _say(f"{count} problem{'s' if count != 1 else ''}" if count else "no problems")
    return EXIT_PROBLEMS if findings else EXIT_OK


def _status(args: argparse.Namespace) -> int:
    from mot_blog.commands.status.cli import run_status  # noqa: PLC0415

    return run_status(args, _say, lambda problem: _problem_line(args, problem))


def _import(args: argparse.Namespace) -> int:
    from mot_blog.commands.importing.arguments import run as run_import  # noqa: PLC0415

    return run_import(args)


def _translate(args: argparse.Namespace) -> int:
    from mot_blog.commands.translate import translate  # noqa: PLC0415

    written = translate(args.site, args.locale, args.posts, update=args.action == "update")
    for done in written:
        print(
            f"{done.path}: {done.entries} entries, {done.fuzzy} fuzzy, "
            f"{done.untranslated} untranslated"
        )
    if not written:
        verb = "updated" if args.action == "update" else "extracted"
        _say(f"mot-blog translate: no post needs a {args.locale} PO file {verb}")
    return EXIT_OK


_RUN = {
    "build": _build,
    "serve": _serve,
    "new": _new,
    "check": _check,
    "status": _status,
    "init": _init,
    "translate": _translate,
    "import": _import,
}


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
    from mot_blog.cli_args import parse  # noqa: PLC0415
    from mot_blog.errors import BuildFailed  # noqa: PLC0415

    args = parse(sys.argv[1:] if argv is None else argv)
    debug = bool(args.debug)
    try:
        if signal.getsignal(signal.SIGINT) is _leave_interrupted:  # run() set it
            signal.signal(signal.SIGINT, signal.default_int_handler)
        problem = None if args.command in ("init", "import") else _site_usage_error(args)
        if problem is not None:
            _say(problem)
            return EXIT_USAGE
        return _RUN[args.command](args)
    except BuildFailed as failure:
        return _report(args, failure)
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
