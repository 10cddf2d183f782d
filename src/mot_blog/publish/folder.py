"""Whose folder the output is: a build writes only into a folder that is absent, empty, or
marked as an earlier build's output (:data:`MARKER`); anything else is refused in one line,
with nothing moved (see :mod:`mot_blog.publish.output`)."""

from __future__ import annotations

import itertools
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from mot_blog.errors import BuildFailed, Problem
from mot_blog.publish.writer import write_new_file

if TYPE_CHECKING:  # the renderer (and Jinja2) load once the parse workers run
    pass


MARKER = ".mot-blog-output"
"""The file at the top of every output folder a build writes: a folder that holds it
belongs to mot-blog (each build replaces it whole)."""
MARKER_TEXT = (
    b"This folder is written by mot-blog and replaced whole at each build:"
    b" keep your own files in the site's static/ folder.\n"
)
_MARKER_SIGNATURE = b"This folder is written by mot-blog"
"""How a marker starts (the rest of its text may change from version to version)."""
COUNT_UP_TO = 1000
"""A refused folder's files are counted up to this many ("over 1,000 files")."""
_LONGEST_SUFFIX = len(".staging-4294967295") + 1
"""What the staging folder's name adds to the output folder's (a dot, a pid)."""
_READ_FOLDERS = ("content", "static", "templates", "locales", "translations")
"""The site's folders a build reads: no output goes inside them."""


class OutputRefused(BuildFailed):
    """The output folder cannot be used; one problem, the whole story (nothing was built,
    nothing moved)."""

    def __init__(self, out: Path, message: str):
        super().__init__([Problem(str(out), None, message)])

    def __str__(self) -> str:
        return str(self.problems[0])

    def __reduce__(self):  # noqa: ANN204 (pickle protocol)
        problem = self.problems[0]
        return (OutputRefused, (Path(problem.path), problem.message))


def check_output_dir(out: Path, site_root: Path) -> None:
    """Refuse (:class:`OutputRefused`) an output folder whose replacement would destroy
    something else: the site or a folder above it, the home or root folder, a folder
    holding a site, a file, a folder that cannot be made, and any folder that is neither
    empty nor marked as an earlier build's output (:func:`is_marked`)."""
    resolved = out.resolve()
    root = site_root.resolve()
    named = {
        Path("/"): "the root folder",
        Path.home().resolve(): "your home folder",
        root: "the site folder",
        root / "content": "the site's content folder",
        root / "static": "the site's static folder",
        root / "templates": "the site's templates folder",
    }
    reason = named.get(resolved)
    if reason is None and (resolved in root.parents or (root / "content").is_relative_to(resolved)):
        reason = "a folder that holds the site"
    for read in _READ_FOLDERS:
        if reason is None and resolved.is_relative_to(root / read):
            # the next build would read the output as part of the site
            reason = f"a folder inside the site's {read}/ (the build reads it)"
    if reason is None and _holds_a_site(resolved):
        reason = "a folder that holds a site (content/ or site.yaml)"
    if reason is not None:
        raise OutputRefused(out, f"refusing to write into {reason}; choose e.g. --out public")
    check_writable(out)


def _holds_a_site(folder: Path) -> bool:
    try:
        return (folder / "content").exists() or (folder / "site.yaml").exists()
    except OSError:
        return False


def check_writable(out: Path) -> None:
    """Refuse an output folder that is not ours (:func:`is_marked`, or empty), or that
    cannot be made where it is; nothing is written."""
    resolved = out.resolve()
    try:
        info = os.stat(resolved)
    except (FileNotFoundError, NotADirectoryError):  # absent, or under a file
        _check_can_be_made(out, resolved)
        return
    except OSError as exc:
        raise OutputRefused(out, f"cannot be used as output ({os_reason(exc)})") from None
    if not stat.S_ISDIR(info.st_mode):
        raise OutputRefused(
            out, "refusing to write into a file (the output is a folder); choose e.g. --out public"
        )
    if is_marked(resolved):
        return
    try:
        files, folders, example = _contents(resolved)
    except OSError as exc:
        raise OutputRefused(
            out,
            f"refusing to write into a folder mot-blog cannot read ({os_reason(exc)}); "
            "choose an empty folder",
        ) from None
    if files == 0 and folders == 0:
        return
    if files:
        held = f"{_count(files)} file{'s' if files != 1 else ''}, e.g. {example}"
    else:
        held = f"{_count(folders)} folder{'s' if folders != 1 else ''}, e.g. {example}/"
    raise OutputRefused(
        out,
        f"refusing to write into a folder mot-blog did not create (it holds {held}); "
        "choose an empty folder, or delete this one yourself",
    )


def _count(number: int) -> str:
    return f"over {COUNT_UP_TO:,}" if number > COUNT_UP_TO else str(number)


def _contents(folder: Path) -> tuple[int, int, str | None]:
    """Files and folders under ``folder`` (each counted up to a bound: past
    :data:`COUNT_UP_TO` it stops), and one file to name, a shallow one, else a folder;
    links are counted, never followed."""
    files = folders = 0
    example: str | None = None
    pending = [(os.fspath(folder), "")]
    while pending and files <= COUNT_UP_TO and folders <= COUNT_UP_TO:
        here, prefix = pending.pop()
        with os.scandir(here) as listing:  # up to the bound: a huge folder is not read whole
            entries = sorted(itertools.islice(listing, COUNT_UP_TO + 1), key=lambda e: e.name)
        below = []
        for entry in entries:
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                folders += 1
                below.append((entry.path, rel + "/"))
            else:
                files += 1
                if example is None or example.endswith("/"):
                    example = rel
        if example is None and below:
            example = below[0][1]
        pending.extend(reversed(below))
    if example is not None and files == 0:
        example = example.rstrip("/")
    return files, folders, example


def _check_can_be_made(out: Path, resolved: Path) -> None:
    """An absent output folder: its nearest existing parent must be a folder this process
    can write into, and its name short enough for the staging folder's name beside it."""
    parent = resolved.parent
    while True:
        try:
            info = os.stat(parent)
            break
        except (FileNotFoundError, NotADirectoryError):
            parent = parent.parent
        except OSError as exc:
            raise OutputRefused(out, f"cannot be made here ({os_reason(exc)})") from None
    if not stat.S_ISDIR(info.st_mode):
        raise OutputRefused(
            out, f"cannot be made here: {parent} is a file, not a folder; choose another --out"
        )
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputRefused(
            out, f"cannot be made here: {parent} is not writable; choose another --out"
        )
    try:
        longest = os.pathconf(parent, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        longest = 255
    too_long = [
        part
        for part in resolved.relative_to(parent).parts
        if len(os.fsencode(part)) + _LONGEST_SUFFIX > longest
    ]
    if too_long:
        raise OutputRefused(
            out,
            f"cannot be made here: a folder name of {len(os.fsencode(too_long[0]))} bytes is "
            f"too long (at most {longest - _LONGEST_SUFFIX}); choose a shorter --out",
        )


def os_reason(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__).lower()


def is_marked(folder: Path | str) -> bool:
    """Whether ``folder`` is an output folder an earlier build wrote: a real folder (not a
    link) whose :data:`MARKER` is a regular file starting as the marker does."""
    try:
        if not stat.S_ISDIR(os.lstat(folder).st_mode):
            return False
        path = os.path.join(folder, MARKER)
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        with open(path, "rb") as file:
            return file.read(len(_MARKER_SIGNATURE)) == _MARKER_SIGNATURE
    except (OSError, ValueError):
        return False


def write_marker(folder: Path) -> None:
    """Mark ``folder`` as a build's output (:data:`MARKER`), unless it already is."""
    path = os.path.join(folder, MARKER)
    try:
        with open(path, "rb") as file:
            if file.read(len(MARKER_TEXT) + 1) == MARKER_TEXT:
                return
    except FileNotFoundError:
        # A new folder: written in place, so a build stopped meanwhile leaves it empty or
        # holding the marker alone, which the next build knows as its own leftover.
        write_new_file(path, MARKER_TEXT, {os.fspath(folder)})
        return
    except OSError:
        pass
    # An older marker (another version's text): the new one is written beside it and
    # renamed over it, so a build stopped in between leaves the folder marked rather than
    # without a marker, which every later build would refuse.
    fresh = f"{path}.new-{os.getpid()}"
    write_new_file(fresh, MARKER_TEXT, {os.fspath(folder)})
    os.replace(fresh, path)
