"""The version of a source post a translation was made from, found in the site's git history.

A translation records the hash of its source's body (``translated_from``,
:mod:`mot_blog.model.origins`), not the body itself: the site's history already holds
every version of the source that was committed. The commits that touched the source
file are walked from the newest (``git log --follow``, so a renamed file is followed to
its old names; the site may be a folder inside a larger repository), each version's
body hashed until one matches the record. The versions are read through one ``git
cat-file --batch`` process, not one ``git show`` per commit.

Only reads: git is asked for the log and the file's versions, nothing else (no hooks run,
nothing is written to the repository).
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from mot_blog.load.frontmatter import decode, split
from mot_blog.model.origins import body_hash


@dataclass(frozen=True, slots=True)
class OldVersion:
    """A committed version of a file whose body has the hash looked for."""

    commit: str
    date: str
    """The commit's date, ``YYYY-MM-DD``."""
    subject: str
    path: str
    """The file's path in that commit, relative to the repository."""
    body: str
    body_first_line: int
    """The file line the body starts on (after the front matter)."""


class NoHistory(Exception):
    """The site's history cannot be read: why, in a few words."""


def _git(top: Path, *args: str, stdin: bytes | None = None) -> bytes:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=top,
            input=stdin,
            capture_output=True,
            env=env,
            timeout=120,
        )
    except FileNotFoundError:
        raise NoHistory("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise NoHistory("git took too long to answer") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise NoHistory(message[0] if message else f"git {args[0]} failed")
    return done.stdout


def find_version(root: Path, rel: str, digest: str) -> OldVersion | None:
    """The newest committed version of the site file ``rel`` whose body hashes to
    ``digest``; None when no commit has one. Raises :class:`NoHistory` when the site is
    not in a git repository (or git cannot read it)."""
    top_text = _git(root, "rev-parse", "--show-toplevel").decode("utf-8", "surrogateescape")
    top = Path(top_text.strip())
    try:
        path = (root.resolve() / rel).relative_to(top.resolve()).as_posix()
    except ValueError:
        raise NoHistory(f"{rel} is outside the repository at {top}") from None
    log = _git(top, "log", "--follow", "-z", "--name-only", "--format=%H%x09%cs%x09%s", "--", path)
    versions = _log_entries(log.decode("utf-8", "surrogateescape"))
    if not versions:
        return None
    requests = "".join(f"{commit}:{name}\n" for commit, _, _, name in versions)
    blobs = _blobs(
        _git(top, "cat-file", "--batch", stdin=requests.encode("utf-8", "surrogateescape"))
    )
    for (commit, date, subject, name), raw in zip(versions, blobs, strict=True):
        if raw is None:
            continue
        text, _ = decode(raw, name)
        parts = split(text, name)[0] if text is not None else None
        if parts is not None and body_hash(parts.body) == digest:
            return OldVersion(commit, date, subject, name, parts.body, parts.body_first_line)
    return None


def _log_entries(log: str) -> list[tuple[str, str, str, str]]:
    """``(commit, date, subject, path)`` of each commit of ``git log -z --name-only``."""
    tokens = log.split("\0")
    entries = []
    for header, name in zip(tokens[0::2], tokens[1::2], strict=False):
        commit, _, rest = header.strip("\n").partition("\t")
        date, _, subject = rest.partition("\t")
        name = name.strip("\n")
        if commit and name:
            entries.append((commit, date, subject, name))
    return entries


def _blobs(output: bytes) -> list[bytes | None]:
    """The contents ``git cat-file --batch`` gave, in order (None: ``missing``)."""
    blobs: list[bytes | None] = []
    at = 0
    while at < len(output):
        line_end = output.index(b"\n", at)
        header = output[at:line_end].split()
        at = line_end + 1
        if len(header) < 3:
            blobs.append(None)  # "<name> missing"
            continue
        size = int(header[2])
        blobs.append(output[at : at + size] if header[1] == b"blob" else None)
        at += size + 1  # (the newline after the contents)
    return blobs
