"""The output folder is ours or it is refused: nothing of the user's is moved or deleted.

A build swaps its whole output folder out, and the site it swapped out is kept as
``.<out>.spare`` and deleted or reused by a later build: so a build may only write
into a folder that is absent, empty, or marked (``.mot-blog-output``) by an earlier
build. Each refused folder below is checked byte for byte, with what lies beside it,
after the refusal, through the command line (as a user runs it) and in-process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import post, run_cli, write_site

from mot_blog.build import build
from mot_blog.errors import BuildFailed
from mot_blog.load.assets import AssetManifest, StaticFile
from mot_blog.publish.folder import MARKER, MARKER_TEXT, OutputRefused, is_marked
from mot_blog.publish.output import publish
from mot_blog.publish.paths import check_paths

USER_FOLDERS: dict[str, dict[str, str | bytes]] = {
    "src": {"mot_blog/__init__.py": "", "mot_blog/build.py": "x = 1\n", "README": "code"},
    "tests": {"test_a.py": "def test_a():\n    pass\n", "data/x.json": "{}"},
    ".git": {"HEAD": "ref: refs/heads/main\n", "objects/ab/cdef": b"\x78\x01\x00", "config": ""},
    "node_modules": {"vnu-jar/package.json": "{}", "vnu-jar/build/dist/vnu.jar": b"PK\x03\x04"},
    "notes": {"todo.txt": "keep me"},
}


def tree(folder: Path) -> dict[str, object]:
    """Everything under ``folder``: files by bytes, links by target, folders as such."""
    found: dict[str, object] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[rel] = ("link", os.readlink(path))
        elif path.is_dir():
            found[rel] = "folder"
        else:
            found[rel] = path.read_bytes()
    return found


def _site(tmp_path: Path) -> Path:
    root = write_site(tmp_path / "site", {"content/it-IT/a.md": post("A")})
    for name, files in USER_FOLDERS.items():
        write_site(root / name, files)  # write_site adds a site.yaml: not for these
        (root / name / "site.yaml").unlink()
    return root


def _refused_line(result: subprocess.CompletedProcess[str], shown: str) -> str:
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1, result.stderr
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"{shown}: refusing to write into "), lines[0]
    assert "Traceback" not in result.stderr and result.stdout == ""
    return lines[0]


@pytest.mark.parametrize("name", sorted(USER_FOLDERS))
def test_a_folder_of_the_users_is_refused_in_one_line_and_left_as_it_was(
    tmp_path: Path, name: str
) -> None:
    root = _site(tmp_path)
    before = tree(tmp_path)
    result = run_cli("build", "--site", ".", "--out", name, cwd=root)
    line = _refused_line(result, name)
    assert "a folder mot-blog did not create" in line
    assert "choose an empty folder, or delete this one yourself" in line
    assert tree(tmp_path) == before  # nothing moved, no spare, no staging folder
    with pytest.raises(OutputRefused, match="did not create"):
        build(root, root / name)
    assert tree(tmp_path) == before


def test_the_refusal_counts_the_files_and_names_one(tmp_path: Path) -> None:
    root = _site(tmp_path)
    result = run_cli("build", "--site", ".", "--out", "src", cwd=root)
    assert _refused_line(result, "src") == (
        "src: refusing to write into a folder mot-blog did not create (it holds 3 files, "
        "e.g. README); choose an empty folder, or delete this one yourself"
    )
    many = tmp_path / "many"
    for n in range(1100):
        write_site(many / f"d{n // 100}", {f"f{n}.txt": "x"})
    with pytest.raises(OutputRefused) as failure:
        build(root, many)
    assert "(it holds over 1,000 files, e.g. d0/f0.txt)" in str(failure.value.problems[0])
    (tmp_path / "hollow/a/b").mkdir(parents=True)
    with pytest.raises(OutputRefused, match=r"it holds 2 folders, e.g. a/\)"):
        build(root, tmp_path / "hollow")


def test_a_locale_folder_of_the_site_is_refused(tmp_path: Path) -> None:
    root = _site(tmp_path)
    before = tree(tmp_path)
    result = run_cli("build", "--site", ".", "--out", "content/it-IT", cwd=root)
    line = _refused_line(result, "content/it-IT")
    assert "inside the site's content/" in line
    assert tree(tmp_path) == before


@pytest.mark.parametrize("inside", ["content/new", "static/out", "templates/x", "locales/y"])
def test_an_empty_folder_inside_what_the_build_reads_is_refused(
    tmp_path: Path, inside: str
) -> None:
    root = _site(tmp_path)
    before = tree(tmp_path)
    with pytest.raises(OutputRefused, match="the build reads it"):
        build(root, root / inside)
    assert tree(tmp_path) == before


def test_a_link_to_a_users_folder_is_refused(tmp_path: Path) -> None:
    root = _site(tmp_path)
    (tmp_path / "link").symlink_to(root / "notes")
    before = tree(tmp_path)
    result = run_cli("build", "--site", str(root), "--out", str(tmp_path / "link"))
    line = _refused_line(result, str(tmp_path / "link"))
    assert "(it holds 1 file, e.g. todo.txt)" in line
    assert tree(tmp_path) == before and (tmp_path / "link").is_symlink()


@pytest.mark.parametrize("kind", ["absent", "empty", "absent-parents", "link-to-empty"])
def test_absent_and_empty_folders_are_accepted_and_marked(tmp_path: Path, kind: str) -> None:
    root = _site(tmp_path)
    out = tmp_path / ("deep/er/out" if kind == "absent-parents" else "out")
    if kind == "empty":
        out.mkdir()
    elif kind == "link-to-empty":
        (tmp_path / "target").mkdir()
        out.symlink_to(tmp_path / "target")
    result = run_cli("build", "--site", str(root), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / "it/a/index.html").is_file()
    assert (out / MARKER).read_bytes() == MARKER_TEXT and is_marked(out.resolve())


def test_an_earlier_build_is_accepted_and_its_marker_deleted_is_refused(tmp_path: Path) -> None:
    root = _site(tmp_path)
    out = tmp_path / "public"
    for n in range(3):  # the marker survives the swap, through the spare folder too
        (root / "content/it-IT/a.md").write_text(post(f"A {n}"))
        assert run_cli("build", "--site", str(root), "--out", str(out)).returncode == 0
        assert is_marked(out) and (n == 0 or is_marked(tmp_path / ".public.spare"))
    (out / MARKER).unlink()
    before = tree(tmp_path)
    result = run_cli("build", "--site", str(root), "--out", str(out))
    assert "a folder mot-blog did not create" in _refused_line(result, str(out))
    assert tree(tmp_path) == before


def test_a_marker_that_is_a_link_or_says_something_else_does_not_count(tmp_path: Path) -> None:
    root = _site(tmp_path)
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_bytes(MARKER_TEXT)
    for n, make in enumerate(
        [lambda m: m.symlink_to(elsewhere), lambda m: m.write_text("mine"), lambda m: m.mkdir()]
    ):
        out = tmp_path / f"out{n}"
        out.mkdir()
        make(out / MARKER)
        before = tree(tmp_path)
        with pytest.raises(OutputRefused, match="did not create"):
            build(root, out)
        assert tree(tmp_path) == before


def test_a_spare_folder_the_user_made_is_never_reused_nor_deleted(tmp_path: Path) -> None:
    root = _site(tmp_path)
    out = tmp_path / "public"
    spare = tmp_path / ".public.spare"
    spare.mkdir()
    (spare / "mine.txt").write_text("keep me")
    for n in range(3):
        (root / "content/it-IT/a.md").write_text(post(f"A {n}"))
        build(root, out)
        assert f"A {n}" in (out / "it/a/index.html").read_text()
        assert tree(spare) == {"mine.txt": b"keep me"}


def test_a_spare_that_is_a_link_is_left_alone(tmp_path: Path) -> None:
    root = _site(tmp_path)
    out = tmp_path / "public"
    build(root, out)
    (tmp_path / ".public.spare").symlink_to(root / "notes")  # dangerous to prune through
    before = tree(root / "notes")
    for n in range(2):
        (root / "content/it-IT/a.md").write_text(post(f"A {n}"))
        build(root, out)
    assert tree(root / "notes") == before and (tmp_path / ".public.spare").is_symlink()


def test_leftovers_beside_the_output_are_deleted_only_when_ours(tmp_path: Path) -> None:
    root = _site(tmp_path)
    out = tmp_path / "public"
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    pid = int(dead.stdout)
    ours_marked = tmp_path / f".public.staging-{pid}"
    ours_empty = tmp_path / f".public.old-{pid}"
    users = tmp_path / f".public.staging-{pid + 1}x"
    for folder in (ours_marked, ours_empty, users):
        folder.mkdir()
    (ours_marked / MARKER).write_bytes(MARKER_TEXT)
    (ours_marked / "it").mkdir()
    (users / "mine.txt").write_text("keep me")
    build(root, out)
    assert not ours_marked.exists() and not ours_empty.exists()
    assert tree(users) == {"mine.txt": b"keep me"}


def test_the_spare_holds_only_files_a_build_wrote(tmp_path: Path) -> None:
    """After each build, the spare is exactly the site of the build before."""
    root = _site(tmp_path)
    out = tmp_path / "public"
    build(root, out)
    for n in range(3):
        before = tree(out)
        (root / f"content/it-IT/p{n}.md").write_text(post(f"P {n}"))
        build(root, out)
        assert tree(tmp_path / ".public.spare") == before


def test_a_failed_or_refused_publish_moves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("keep me")

    def write(staging: Path, previous: Path | None) -> int:
        raise AssertionError("never called for a folder that is not ours")

    with pytest.raises(OutputRefused):
        publish(out, AssetManifest((), {}), [], write)
    assert tree(tmp_path) == {"out": "folder", "out/mine.txt": b"keep me"}


def test_no_output_may_take_the_markers_name(tmp_path: Path) -> None:
    # Static files starting with a dot are not published, so this is a guard: whatever
    # names a file so, it must not replace the marker (the next build would refuse).
    source = tmp_path / "x"
    source.write_text("mine")
    assets = AssetManifest((StaticFile(source, MARKER, MARKER, "0" * 64),), {})
    with pytest.raises(BuildFailed) as failure:
        check_paths([(MARKER, "content/it-IT/a.md")], assets)
    assert [str(p) for p in failure.value.problems] == [
        f"static/{MARKER}: this name is the output folder's marker (every build writes it); "
        "rename it",
        f"content/it-IT/a.md: '{MARKER}' is reserved; change the slug",
    ]


def test_the_earlier_refusals_keep_the_one_line_shape(tmp_path: Path) -> None:
    root = _site(tmp_path)
    for out, reason in [
        (".", "the site folder"),
        ("content", "the site's content folder"),
        ("..", "a folder that holds the site"),
    ]:
        result = run_cli("build", "--site", ".", "--out", out, cwd=root)
        assert _refused_line(result, out) == (
            f"{out}: refusing to write into {reason}; choose e.g. --out public"
        )


def test_check_reads_only_a_folder_a_build_wrote(tmp_path: Path) -> None:
    root = _site(tmp_path)
    before = tree(root / "notes")
    result = run_cli("check", "--site", str(root), "--out", str(root / "notes"))
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == (
        f"mot-blog: --out {root / 'notes'} is not a folder mot-blog built (it has no "
        f"{MARKER}); build it first, or run check without --out"
    )
    assert tree(root / "notes") == before
    build(root, tmp_path / "public")
    assert run_cli("check", "--site", str(root), "--out", str(tmp_path / "public")).returncode == 0


def test_a_build_stopped_while_it_renews_an_older_marker_leaves_the_folder_marked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An upgrade rewrites the marker of the live folder (its text changed): stopped just
    before the new one is in place, the folder still has the old one, so the next build
    accepts it; the new text is written beside it and renamed over it, never deleted first."""
    root = write_site(tmp_path / "site", {"content/it-IT/a.md": post("A")})
    out = tmp_path / "public"
    build(root, out)
    older = b"This folder is written by mot-blog (an older version's words).\n"
    (out / MARKER).write_bytes(older)

    def stopped(source: str, target: str) -> None:
        raise KeyboardInterrupt

    (root / "content/it-IT/a.md").write_text(post("A 2"))
    monkeypatch.setattr(os, "replace", stopped)
    with pytest.raises(KeyboardInterrupt):
        build(root, out)
    monkeypatch.undo()
    assert (out / MARKER).read_bytes() == older and is_marked(out)
    (root / "content/it-IT/a.md").write_text(post("B"))
    build(root, out)
    assert (out / MARKER).read_bytes() == MARKER_TEXT
    assert sorted(p.name for p in out.glob(f"{MARKER}*")) == [MARKER]
    assert "B" in (out / "it/a/index.html").read_text()


def test_a_new_folder_is_marked_in_place_so_a_stop_leaves_nothing_but_the_marker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A staging folder just made is marked by writing the marker itself (no file beside it
    to rename): a build stopped there leaves a folder the next build knows as its own."""
    from mot_blog.publish.folder import write_marker

    def no_rename(source: str, target: str) -> None:
        raise AssertionError("a new folder's marker is not renamed into place")

    monkeypatch.setattr(os, "replace", no_rename)
    folder = tmp_path / ".public.staging-1"
    folder.mkdir()
    write_marker(folder)
    assert [p.name for p in folder.iterdir()] == [MARKER] and is_marked(folder)
