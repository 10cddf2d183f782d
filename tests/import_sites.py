"""Helpers of the importer tests: import a fixture site as a user would, finish the one
step the report asks of every site in a language the theme has no catalog for, then
build and check it."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, run_cli

FIXTURES = REPO / "tests" / "data" / "import"


def imported(generator: str, source: Path, dest: Path, *more: str) -> str:
    """Import ``source`` into ``dest`` with the CLI; the printed summary."""
    done = run_cli("import", generator, str(source), "--site", str(dest), *more)
    assert done.returncode == 0, done.stderr
    assert (dest / "import-report.md").is_file()
    return done.stdout


def builds_and_checks_clean(site: Path) -> None:
    """``mot-blog build --strict`` and ``mot-blog check`` pass on the imported site."""
    built = run_cli(
        "build", "--site", str(site), "--out", str(site.parent / "out"), "--strict", "-q"
    )
    assert built.returncode == 0, built.stderr
    checked = run_cli("check", "--site", str(site))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "no problems" in checked.stderr


def tree(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` and its bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }
