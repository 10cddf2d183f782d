"""``mot-blog status`` on the command line: its arguments, and running it (the report as
text, JSON or an HTML dashboard, ``--mark-translated``, and the gates of
:mod:`mot_blog.commands.status.gates`). Imports only the standard library when it loads:
the argument parser reads it before any command runs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

    from mot_blog.commands.status.report import Report
    from mot_blog.errors import Problem

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2  # as mot_blog.cli's


def status_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``mot-blog status`` (``--site`` is every command's)."""
    parser.add_argument(
        "--format",
        choices=("text", "json", "github", "html"),
        default="text",
        help="tables (text), JSON, what needs work as GitHub Actions annotations (github), "
        "or a dashboard page (html, with --out)",
    )
    parser.add_argument(
        "--out", type=Path, metavar="FILE", help="with --format html: the dashboard's file"
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 when anything is stale or untranslated"
    )
    parser.add_argument(
        "--min-coverage",
        type=float,
        metavar="PCT",
        help="exit 1 for each locale with less than PCT%% of the posts translated",
    )
    parser.add_argument(
        "--locale",
        action="append",
        default=[],
        metavar="L",
        help="the locale --min-coverage checks (repeatable; default: every locale)",
    )
    parser.add_argument(
        "--max-stale-days",
        type=int,
        metavar="N",
        help="exit 1 for each translation stale for more than N days",
    )
    parser.add_argument(
        "--mark-translated",
        type=Path,
        metavar="PATH",
        help="record that PATH is up to date with its source",
    )
    parser.add_argument(
        "--diff",
        type=Path,
        metavar="PATH",
        help="show what changed in the source of the stale translation PATH, block by block",
    )


def gate_usage(args: argparse.Namespace, report: Report) -> str | None:
    """What is wrong with the gate and output options, in one line, or ``None``."""
    if args.min_coverage is not None and not 0 <= args.min_coverage <= 100:
        return f"mot-blog status: --min-coverage takes 0 to 100, not {args.min_coverage:g}"
    if args.max_stale_days is not None and args.max_stale_days < 0:
        return f"mot-blog status: --max-stale-days takes 0 or more, not {args.max_stale_days}"
    unknown = [code for code in args.locale if code not in report.locales]
    if unknown:
        return (
            f"mot-blog status: --locale {unknown[0]} is not a locale of site.yaml "
            f"({', '.join(report.locales)})"
        )
    if args.locale and args.min_coverage is None:
        return "mot-blog status: --locale says which locales --min-coverage checks; add it"
    if (args.format == "html") != (args.out is not None):
        return "mot-blog status: --format html writes the dashboard to --out FILE; give both"
    return None


def gate_failures(args: argparse.Namespace, report: Report, now: dt.datetime) -> list[str]:
    """One line per locale below ``--min-coverage`` and per translation stale for longer
    than ``--max-stale-days``."""
    from mot_blog.commands.status.gates import coverage_failures, stale_failures  # noqa: PLC0415

    lines = []
    if args.min_coverage is not None:
        lines += coverage_failures(report, args.min_coverage, args.locale)
    if args.max_stale_days is not None:
        lines += stale_failures(report, args.max_stale_days, now)
    return lines


def run_status(
    args: argparse.Namespace,
    say: Callable[[str], None],
    problem_line: Callable[[Problem], str],
) -> int:
    """``mot-blog status``: its exit code (0, 1 for a failed gate or ``--strict``, 2 for
    usage); ``problem_line`` prints a problem as ``--format github`` asks."""
    import json  # noqa: PLC0415

    from mot_blog.commands.status.dashboard import (  # noqa: PLC0415
        Refused,
        dashboard_html,
        write_dashboard,
    )
    from mot_blog.commands.status.mark import mark_translated  # noqa: PLC0415
    from mot_blog.commands.status.report import translation_report  # noqa: PLC0415
    from mot_blog.commands.status.text import format_report  # noqa: PLC0415

    if args.diff is not None:
        from mot_blog.commands.status.diff import source_diff  # noqa: PLC0415

        print("\n".join(source_diff(args.site, args.diff).lines))
        return EXIT_OK
    if args.mark_translated is not None:
        value = mark_translated(args.site, args.mark_translated)
        print(f"{args.mark_translated}: translated_from: {value}")
        return EXIT_OK
    report = translation_report(args.site)
    wrong = gate_usage(args, report)
    if wrong is not None:
        say(wrong)
        return EXIT_USAGE
    now = dt.datetime.now(dt.UTC)
    if args.format == "json":
        print(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
    elif args.format == "github":
        for problem in report.as_problems(args.strict):
            print(problem_line(problem))
    elif args.format == "html":
        try:
            write_dashboard(args.out, dashboard_html(report, now))
        except Refused as refused:
            say(str(refused))
            return EXIT_USAGE
        print(f"wrote {args.out}")
    else:
        print(format_report(report))
    failures = gate_failures(args, report, now)
    for line in failures:
        say(line)
    return EXIT_PROBLEMS if failures or (args.strict and report.needs_work) else EXIT_OK
