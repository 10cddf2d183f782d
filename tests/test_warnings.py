"""Warnings: found by a stage, printed as ``path:line: warning: message``, and the build goes
on; ``--strict`` makes them problems, ``check`` reports them, and a build that finds nothing
changed prints them again."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import post, run_cli, write_site

from mot_blog.build import build, load
from mot_blog.commands.check import check_site
from mot_blog.errors import BuildFailed, Problem, split_warnings, warning
from mot_blog.model.assemble import BuildOptions


def test_a_warning_reads_as_one_line_naming_its_kind() -> None:
    assert str(warning("content/it-IT/a.md", 3, "looks like a shortcode")) == (
        "content/it-IT/a.md:3: warning: looks like a shortcode"
    )
    assert str(Problem("site.yaml", None, "bad")) == "site.yaml: bad"


def test_strict_turns_warnings_into_problems() -> None:
    found = [warning("a.md", 1, "w"), Problem("b.md", 2, "e")]
    errors, warnings = split_warnings(found)
    assert errors == [Problem("b.md", 2, "e")] and warnings == [warning("a.md", 1, "w")]
    errors, warnings = split_warnings(found, strict=True)
    assert errors == [Problem("a.md", 1, "w"), Problem("b.md", 2, "e")] and warnings == []


@pytest.fixture
def warned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A site whose assemble stage finds one warning (a stand-in for the stages that warn)."""
    from mot_blog import build as build_module

    real = build_module._search_problems

    def with_a_warning(config):  # noqa: ANN001, ANN202
        return [*real(config), warning("site.yaml", 2, "something a reader may notice")]

    monkeypatch.setattr(build_module, "_search_problems", with_a_warning)
    return write_site(tmp_path / "site", {"content/it-IT/a.md": post("A")})


def test_a_build_with_warnings_succeeds_and_reports_them(warned: Path, tmp_path: Path) -> None:
    result = build(warned, tmp_path / "out")
    assert [str(w) for w in result.warnings] == [
        "site.yaml:2: warning: something a reader may notice"
    ]
    assert (tmp_path / "out/it/a/index.html").is_file()
    again = build(warned, tmp_path / "out")  # nothing changed: the same warnings
    assert again.reused and again.warnings == result.warnings


def test_a_strict_build_fails_on_warnings_and_writes_nothing(warned: Path, tmp_path: Path) -> None:
    build(warned, tmp_path / "out")
    before = (tmp_path / "out/it/a/index.html").read_bytes()
    with pytest.raises(BuildFailed) as failure:
        build(warned, tmp_path / "out", BuildOptions(strict=True))
    assert [str(p) for p in failure.value.problems] == [
        "site.yaml:2: something a reader may notice"
    ]
    assert (tmp_path / "out/it/a/index.html").read_bytes() == before


def test_check_reports_warnings_as_findings(warned: Path) -> None:
    assert load(warned, BuildOptions()).warnings
    messages = [str(f) for f in check_site(warned)]
    assert "site.yaml:2: warning: something a reader may notice" in messages


def test_strict_builds_a_site_without_warnings_as_usual(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"content/it-IT/a.md": post("A")})
    done = run_cli("build", "--site", str(site), "--strict", "-q")
    assert done.returncode == 0, done.stderr
