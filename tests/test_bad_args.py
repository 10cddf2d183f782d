"""Bad command lines never break the program: an exit code of the contract, never a traceback.

Hypothesis writes command lines as people mistype them — every command and option,
misspelled ones, options of another command, missing and extra values, paths that
are files, folders of the user's, links, the site's own folders, ``/``, names too
long, numbers out of range, host names that are not addresses — and runs them
through ``mot_blog.cli.main`` in a scratch folder (the dev server binds, then stops
at once). ``main`` must return 0, 1 or 2 (or argparse's own exit: 0 for ``--help``,
2 for a usage error), print no traceback and no internal error, and write nothing
outside the scratch folder. A few of them also run as a real process.

``MOT_LONG_TESTS=1`` raises the example count from 200 to 5,000 (real processes: 10
to 200).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from pathlib import Path

import pytest
from conftest import post, run_cli, write_site
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from mot_blog.build import build
from mot_blog.cli import main
from mot_blog.serve import server as devserver

LONG = os.environ.get("MOT_LONG_TESTS") == "1"
EXAMPLES = 5000 if LONG else 200
PROCESS_EXAMPLES = 200 if LONG else 10

fuzz = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    database=None,
)

COMMANDS = st.sampled_from(
    ["build", "serve", "new", "check", "status", "biuld", "BUILD", "", "-", "--", "help"]
)
OPTIONS = st.sampled_from(
    [
        "--site",
        "--out",
        "--drafts",
        "--future",
        "--quiet",
        "-q",
        "--profile",
        "--no-cache",
        "--jobs",
        "-j",
        "--host",
        "--port",
        "--locale",
        "--translation-of",
        "--author",
        "--category",
        "--format",
        "--strict",
        "--mark-translated",
        "--debug",
        "--sit",
        "--bogus",
        "-x",
    ]
)
PATHS = st.sampled_from(
    [
        "site",
        "./site/",
        "README.md",
        "README.md/public",
        "missing",
        "missing/deeper",
        "mine",
        "link-to-mine",
        "public",
        "new-out",
        "site/content",
        "site/content/it-IT",
        "site/static",
        "site/content/it-IT/a.md",
        "content/it-IT/a.md",
        "/",
        "/proc/mot-blog-fuzz",
        "",
        ".",
        "..",
        "x" * 300,
        "-",
    ]
)
NUMBERS = st.one_of(
    st.sampled_from(["0", "1", "2", "-1", "65535", "65536", "99999", "1e3", "0x10", "٣", " 8"]),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
HOSTS = st.sampled_from(
    ["127.0.0.1", "localhost", "999.1.1.1", "192.0.2.7", "::1", "[::1]", "", "a" * 300, "a\x01b"]
)
TEXT = st.text(
    alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=30
)
VALUES = st.one_of(
    PATHS,
    NUMBERS,
    HOSTS,
    st.sampled_from(["text", "json", "xml", "it-IT", "nl-NL", "xx", "Titolo", "anna"]),
    TEXT,
)


FORMATS = st.sampled_from(["text", "json", "xml", ""])
WORDS = st.one_of(st.sampled_from(["it-IT", "nl-NL", "xx", "Titolo", "anna", "Notizie"]), TEXT)
SWITCH = st.none()
VALID = {
    "build": {
        "--site": PATHS,
        "--out": PATHS,
        "--drafts": SWITCH,
        "--future": SWITCH,
        "-q": SWITCH,
        "--profile": SWITCH,
        "--no-cache": SWITCH,
        "--jobs": NUMBERS,
        "--debug": SWITCH,
    },
    "serve": {"--site": PATHS, "--host": HOSTS, "--port": NUMBERS, "--drafts": SWITCH},
    "new": {
        "--site": PATHS,
        "--locale": WORDS,
        "--translation-of": PATHS,
        "--author": WORDS,
        "--category": WORDS,
    },
    "check": {"--site": PATHS, "--out": PATHS, "--format": FORMATS},
    "status": {
        "--site": PATHS,
        "--format": FORMATS,
        "--strict": SWITCH,
        "--mark-translated": PATHS,
    },
}


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    """Mostly a real command with its own options and values (the site given most of the
    time), mutated: a misspelled command, another command's option, a missing value, a
    stray word, a global flag before the command."""
    argv = []
    if draw(st.integers(0, 9)) < 3:
        argv.append(draw(st.sampled_from(["--debug", "--debug", "--debug", "-h", "--bogus"])))
    command = draw(st.sampled_from(sorted(VALID))) if draw(st.integers(0, 9)) else draw(COMMANDS)
    argv.append(command)
    own = VALID.get(command, {})
    if command == "new":
        argv.append(draw(WORDS))
    if draw(st.integers(0, 9)) < 7:
        argv += ["--site", draw(st.sampled_from(["site", "site", "site", "./site/"]) | PATHS)]
    for _ in range(draw(st.integers(0, 4))):
        if own and draw(st.integers(0, 9)):
            option = draw(st.sampled_from(sorted(own)))
            values = own[option]
        else:
            option, values = draw(OPTIONS), VALUES
        argv.append(option)
        if values is not SWITCH and draw(st.integers(0, 9)):
            argv.append(draw(values))
        elif draw(st.integers(0, 9)) == 0:
            argv.append(draw(VALUES))  # a value where none belongs, or a stray word
    return argv


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a site, a built output, a folder and a file of the user's, a link."""
    folder = tmp_path_factory.mktemp("args")
    site = write_site(
        folder / "site",
        {
            "content/it-IT/a.md": post("A"),
            "content/nl-NL/b.md": post("B", translation_key="k"),
            "content/authors.yaml": "anna:\n  name: Anna\n",
        },
    )
    build(site, folder / "public")
    (folder / "mine").mkdir()
    (folder / "mine/notes.txt").write_text("keep me")
    (folder / "link-to-mine").symlink_to(folder / "mine")
    (folder / "README.md").write_text("# readme")
    return folder


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _serve_once(self: devserver.DevServer, stop: object) -> None:
    """The dev server, bound (its address was good), stops at once: its folder goes."""
    self.httpd.server_close()
    if self._tmp is not None:
        shutil.rmtree(self._tmp, ignore_errors=True)


def run_in(scratch: Path, argv: list[str]) -> tuple[int, str]:
    """``main(argv)`` in ``scratch``: its exit code and what it printed on stderr."""
    err = io.StringIO()
    here = os.getcwd()
    os.chdir(scratch)
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse: --help, --version, usage errors
                assert exc.code in (0, 2), (argv, exc.code, err.getvalue())
                code = int(exc.code or 0)
    finally:
        os.chdir(here)
    return code, err.getvalue()


@fuzz
@given(argv=command_lines())
@example(argv=["--debug", "build", "--out", "mine"])
@example(argv=["build", "--site", "README.md"])
@example(argv=["build", "--site", "site", "--out", "README.md/public"])
@example(argv=["build", "--site", "site", "--jobs", "99999"])
@example(argv=["serve", "--site", "site", "--host", "999.1.1.1"])
@example(argv=["serve", "--site", "site", "--host", "a" * 300])
@example(argv=["check", "--site", "site", "--out", "mine"])
@example(argv=["status", "--site", "site", "--mark-translated", "README.md"])
@example(argv=["new", "x" * 300, "--site", "site"])
@example(argv=["biuld"])
def test_any_command_line_ends_in_an_exit_code_not_a_traceback(
    scratch: Path, argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(devserver.DevServer, "serve", _serve_once)
    around = _listing(scratch.parent)
    mine = (scratch / "mine/notes.txt").read_text()
    code, err = run_in(scratch, argv)
    event(f"exit {code}")
    assert code in (0, 1, 2), (argv, code, err)
    assert "Traceback" not in err and "internal error" not in err, (argv, err)
    assert _listing(scratch.parent) == around, argv  # nothing written beside the scratch
    assert (scratch / "mine/notes.txt").read_text() == mine
    assert _listing(scratch / "mine") == ["notes.txt"]


@settings(fuzz, max_examples=PROCESS_EXAMPLES)
@given(argv=command_lines().filter(lambda argv: "serve" not in argv))
@example(argv=["--debug", "build", "--site", "site", "--out", "link-to-mine"])
def test_the_real_program_keeps_the_contract_too(scratch: Path, argv: list[str]) -> None:
    result = run_cli(*argv, cwd=scratch)
    assert result.returncode in (0, 1, 2), (argv, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, (
        argv,
        result.stderr,
    )
    assert (scratch / "mine/notes.txt").read_text() == "keep me"
