"""``mot-blog import`` on the command line: its arguments and its run (kept light to
import: the command line parses its arguments before anything heavy loads)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

GENERATORS = ("hugo", "jekyll", "pelican", "wordpress")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``mot-blog import``."""
    parser.add_argument(
        "generator", metavar="GENERATOR", help=f"{', '.join(GENERATORS)} (or a plugin's name)"
    )
    parser.add_argument(
        "source", type=Path, metavar="SOURCE",
        help="the site's folder (WordPress: the WXR file it exports, or its folder)",
    )  # fmt: skip
    parser.add_argument(
        "--site", type=Path, default=None, metavar="DEST",
        help="the new site's folder, absent or empty (default: SOURCE-mot-blog here)",
    )  # fmt: skip
    parser.add_argument(
        "--uploads", type=Path, default=None, metavar="DIR",
        help="WordPress: a copy of wp-content/uploads, for the images posts show",
    )  # fmt: skip


def run(args: argparse.Namespace) -> int:
    """Import, print the summary; 0 done, 1 refused (one line, nothing written)."""
    from mot_blog.commands.importing.model import ImportRefused  # noqa: PLC0415
    from mot_blog.commands.importing.run import ImportOptions, import_site  # noqa: PLC0415

    source: Path = args.source
    # The default: SOURCE-mot-blog here (export-mot-blog for WordPress's export.xml).
    named = source.resolve()
    default = Path(f"{named.stem if named.is_file() else named.name}-mot-blog")
    dest: Path = args.site if args.site is not None else default
    try:
        done = import_site(args.generator, source, dest, ImportOptions(uploads=args.uploads))
    except ImportRefused as exc:
        print(f"mot-blog import: {exc}", file=sys.stderr)
        return 1
    for line in done.summary:
        print(line)
    print(
        f"imported {len(done.site.posts)} posts into {dest} (report: {dest / 'import-report.md'})"
    )
    return 0
