"""The command line's grammar: every command and option (argparse), and a did-you-mean for a
mistyped command. Imported by :func:`mot_blog.cli.main` once it has taken Ctrl-C over (see
:mod:`mot_blog.cli`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from mot_blog import __version__
from mot_blog.errors import PROBLEM_FORMATS, did_you_mean

COMMANDS = ("build", "serve", "new", "check", "status", "translate", "init", "import")
MAX_JOBS = 1024
"""The most worker processes ``--jobs`` may ask for (each is a fork of the build)."""


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number (0-65535)")
    return int(text)


def make_parser() -> argparse.ArgumentParser:
    """Every command and its options."""
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
        "--format",
        choices=PROBLEM_FORMATS,
        default="text",
        help="problem lines as path:line: message (text) or GitHub Actions annotations (github)",
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
    check_cmd.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="findings as lines (text), a JSON list, or GitHub Actions annotations (github)",
    )

    status_cmd = command("status", help="translation report: stale translations, catalog gaps")
    status_cmd.add_argument("--site", type=Path, default=Path("."), help="site folder (default: .)")
    from mot_blog.commands.status.cli import status_arguments  # noqa: PLC0415

    status_arguments(status_cmd)

    translate_cmd = command("translate", help="PO files of posts for translators")
    actions = translate_cmd.add_subparsers(dest="action", required=True, metavar="ACTION")
    for action, about in (
        ("extract", "write translations/LOCALE/<key>.po for posts that have none"),
        ("update", "bring PO files up to date with their sources (changed entries: fuzzy)"),
    ):
        sub = actions.add_parser(action, help=about)
        sub.add_argument("posts", nargs="*", type=Path, metavar="POST")
        sub.add_argument("--locale", required=True, help="the locale translated into")
        sub.add_argument("--site", type=Path, default=Path("."), help="site folder (default: .)")

    init_cmd = command("init", help="start a new site in a new or empty folder")
    init_cmd.add_argument("dir", nargs="?", type=Path, default=Path("."), help="default: .")
    init_cmd.add_argument(
        "--locales", default="en-US", help="comma-separated locale codes (default: en-US)"
    )
    init_cmd.add_argument("--title", default="My blog", help="the site's name")
    init_cmd.add_argument(
        "--base-url", default="https://blog.example.com/", help="where it will be served from"
    )
    from mot_blog.commands.importing.arguments import add_arguments  # noqa: PLC0415

    add_arguments(command("import", help="a new site from Hugo, Jekyll, Pelican or WordPress"))
    return parser


def parse(argv: list[str]) -> argparse.Namespace:
    """The arguments; a mistyped command gets a did-you-mean (argparse's own message lists
    every command but does not say which one was meant)."""
    parser = make_parser()
    for arg in argv:
        if arg.startswith("-"):
            continue  # the options before the command take no value
        if arg not in COMMANDS:
            hint = did_you_mean(arg, COMMANDS)
            parser.error(f"unknown command '{arg}'{hint}; the commands: {', '.join(COMMANDS)}")
        break
    return parser.parse_args(argv)
