"""The smallest site builds, and the CLI keeps its exit-code contract."""

from pathlib import Path

from conftest import post, run_cli


def test_builds_minimal_site(site, tmp_path: Path) -> None:
    root = site({"content/it-IT/ciao.md": post("Ciao")})
    result = run_cli("build", "--site", str(root), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out/it/ciao/index.html").is_file()
    assert "Ciao" in (tmp_path / "out/it/ciao/index.html").read_text()


def test_usage_error_exits_2() -> None:
    assert run_cli("frobnicate").returncode == 2
