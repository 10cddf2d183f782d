"""The one shape of a user-facing diagnostic.

Every content, config or template problem the build finds becomes a
:class:`Problem`: the file it is in (relative to the site root), the line where
there is one, and a message that says what is wrong and what to do. Stages
collect them and the build fails at the end with all of them, never with a
traceback.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass

from mot_blog.records import Record

# Messages quote what the editor wrote (keys, values, file names), which may hold line
# breaks or terminal escapes; printed, a problem must stay one harmless line.
_ONE_LINE = {
    code: ascii(chr(code))[1:-1]
    for code in [*range(0x00, 0x09), *range(0x0A, 0x20), 0x7F, 0x85, 0x2028, 0x2029]
}


@dataclass(frozen=True, slots=True, order=True)
class Problem(Record):
    """One diagnostic: ``path:line: message``; a warning reads ``path:line: warning: message``.

    A warning (something a reader may notice, such as a locale built in English for want
    of a catalog) does not stop the build, unless it runs with ``--strict``; ``check``
    reports warnings as findings."""

    path: str
    line: int | None
    message: str
    warning: bool = False

    def __str__(self) -> str:
        path = self.path.translate(_ONE_LINE)
        where = path if self.line is None else f"{path}:{self.line}"
        kind = "warning: " if self.warning else ""
        return f"{where}: {kind}{self.message.translate(_ONE_LINE)}"


PROBLEM_FORMATS = ("text", "github")
"""How ``build``, ``check`` and ``status`` print problems (``--format``)."""

# GitHub's runner reads a workflow command's data up to the end of its line and decodes
# these escapes (actions/toolkit, core/src/command.ts: escapeData, escapeProperty);
# a property value also ends at ``,`` and the properties at ``::``.
_GITHUB_DATA = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A"})
_GITHUB_PROPERTY = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A", ":": "%3A", ",": "%2C"})


def format_problem(problem: Problem, style: str = "text", folder: str = ".") -> str:
    """The line that prints ``problem``: ``path:line: message`` (``style="text"``), or
    with ``style="github"`` a GitHub Actions workflow command that the runner shows as an
    annotation on that file and line: ``::error file=content/ja/x.md,line=12::message``
    (``::warning`` for a warning).

    ``folder`` is the site folder as given on the command line: the ``file`` of an
    annotation is the problem's path joined to it, so that it names the file from where
    the command ran (the repository's root in CI). A path that names no file there (the
    engine's theme, ``(theme)/...``) stays in the message instead."""
    if style != "github":
        return str(problem)
    kind = "warning" if problem.warning else "error"
    message = problem.message
    properties = []
    if problem.path.startswith("(") or not problem.path:
        if problem.path:
            place = problem.path if problem.line is None else f"{problem.path}:{problem.line}"
            message = f"{place}: {message}"
    else:
        file = os.path.normpath(os.path.join(folder, problem.path))
        properties.append(f"file={file.translate(_GITHUB_PROPERTY).translate(_ONE_LINE)}")
        if problem.line is not None:
            properties.append(f"line={problem.line}")
    where = f" {','.join(properties)}" if properties else ""
    return f"::{kind}{where}::{message.translate(_GITHUB_DATA).translate(_ONE_LINE)}"


def warning(path: str, line: int | None, message: str) -> Problem:
    """A :class:`Problem` that does not stop the build (see :class:`Problem`)."""
    return Problem(path, line, message, warning=True)


def split_warnings(
    problems: Iterable[Problem], strict: bool = False
) -> tuple[list[Problem], list[Problem]]:
    """``(errors, warnings)`` of ``problems``; with ``strict`` every warning is an error
    (no longer marked as a warning)."""
    errors, warnings = [], []
    for problem in problems:
        if not problem.warning:
            errors.append(problem)
        elif strict:
            errors.append(Problem(problem.path, problem.line, problem.message))
        else:
            warnings.append(problem)
    return errors, warnings


class BuildFailed(Exception):
    """Raised by a stage that cannot go on; carries every problem found so far."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(f"{len(self.problems)} problem(s)")

    def __reduce__(self):  # noqa: ANN204 (pickle protocol)
        # Raised in a render worker process, it travels back pickled, problems included.
        return (BuildFailed, (self.problems,))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return `` (did you mean 'x'?)`` for the closest choice, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


DESCRIBED_CHARS = 200
"""How much of an exception's message :func:`describe` keeps (a message may quote a whole
page: 19 KB)."""


def describe(exc: BaseException) -> str:
    """An unexpected exception as one short line: its type and the start of its message,
    control characters escaped (an internal error's line, never a page-long repr)."""
    text = str(exc)
    if len(text) > DESCRIBED_CHARS:
        text = text[:DESCRIBED_CHARS] + "..."
    text = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
