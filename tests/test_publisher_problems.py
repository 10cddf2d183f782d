"""Bad input: one `path:line: message` line per problem, exit 1, no traceback,
and the previously built output folder left exactly as it was."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import post, run_cli

AUTHORS = """\
jan-jansen:
  name: Jan Jansen
  role: Redattore
"""

GOOD = {
    "content/authors.yaml": AUTHORS,
    "content/it-IT/primo.md": post("Primo", author="jan-jansen", translation_key="primo"),
    "content/nl-NL/eerste.md": post("Eerste", translation_key="primo"),
}


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of ``folder`` by relative path, with its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def broken(site, tmp_path: Path):
    """Build a good site once, then ``broken({...})`` overwrites files and builds again.

    Returns the failed run's stderr after checking the contract every failure keeps:
    exit code 1, no traceback, a closing count line, and the output folder untouched.
    """
    root = site(GOOD)
    out = tmp_path / "out"
    first = run_cli("build", "--site", str(root), "--out", str(out))
    assert first.returncode == 0, first.stderr
    before = snapshot(out)

    def rebuild(files: dict[str, str], remove: tuple[str, ...] = ()) -> str:
        for rel in remove:
            (root / rel).unlink()
        for rel, text in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text, encoding="utf-8")
        result = run_cli("build", "--site", str(root), "--out", str(out))
        assert result.returncode == 1, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        assert re.search(r"^\d+ problems?, nothing written$", result.stderr, re.M), result.stderr
        assert snapshot(out) == before, "the previous output folder was changed"
        assert not [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]
        return result.stderr

    return rebuild


def front(*lines: str, body: str = "Testo.") -> str:
    """A post from raw front-matter lines (line 1 is '---', so the first key is line 2)."""
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n"


BASE = ("title: Secondo", "date: 2024-02-03", "summary: Riassunto.", "category: Notizie")


def test_errors_on_unknown_front_matter_key_with_hint(broken) -> None:
    stderr = broken({"content/it-IT/secondo.md": front(*BASE, "autor: jan-jansen")})
    assert (
        "content/it-IT/secondo.md:6: unknown front-matter key 'autor' (did you mean 'author'?)"
        in stderr
    )


@pytest.mark.parametrize("missing", ["title", "date"])
def test_errors_on_each_missing_required_key(broken, missing: str) -> None:
    lines = [line for line in BASE if not line.startswith(f"{missing}:")]
    stderr = broken({"content/it-IT/secondo.md": front(*lines)})
    assert re.search(
        rf"^content/it-IT/secondo\.md:\d+: missing required key '{missing}'", stderr, re.M
    ), stderr


def test_errors_on_bad_date(broken) -> None:
    lines = [line if not line.startswith("date:") else "date: 2024-13-45" for line in BASE]
    stderr = broken({"content/it-IT/secondo.md": front(*lines)})
    assert "content/it-IT/secondo.md:3: bad date '2024-13-45'; write it as YYYY-MM-DD" in stderr


def test_errors_on_unknown_author_with_hint(broken) -> None:
    stderr = broken({"content/it-IT/secondo.md": front(*BASE, "author: jan-jansn")})
    assert (
        "content/it-IT/secondo.md:6: unknown author 'jan-jansn' (did you mean 'jan-jansen'?); "
        "add it to content/authors.yaml" in stderr
    )


def test_errors_on_duplicate_slug_in_one_locale(broken) -> None:
    stderr = broken({"content/it-IT/secondo.md": front(*BASE, "slug: primo")})
    assert re.search(
        r"^content/it-IT/secondo\.md:6: duplicate slug 'primo' in it-IT: "
        r"content/it-IT/primo\.md has it too",
        stderr,
        re.M,
    ), stderr


def test_same_slug_in_two_locales_is_fine(site, tmp_path: Path) -> None:
    root = site({**GOOD, "content/nl-NL/primo.md": post("Primo NL")})
    result = run_cli("build", "--site", str(root), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out/it/primo/index.html").is_file()
    assert (tmp_path / "out/nl/primo/index.html").is_file()


def test_errors_on_two_posts_of_one_locale_in_one_translation_group(broken) -> None:
    stderr = broken({"content/it-IT/secondo.md": front(*BASE, "translation_key: primo")})
    assert re.search(
        r"^content/it-IT/(primo|secondo)\.md:\d+: translation_key 'primo' is used by two it-IT "
        r"posts \(also content/it-IT/(primo|secondo)\.md\)",
        stderr,
        re.M,
    ), stderr


@pytest.mark.parametrize(
    ("yaml_lines", "kind"),
    [(("- title", "- date"), "a list"), (("just a sentence",), "text"), ((), "empty")],
    ids=["list", "scalar", "empty"],
)
def test_errors_on_front_matter_that_is_not_a_mapping(broken, yaml_lines, kind: str) -> None:
    stderr = broken({"content/it-IT/secondo.md": front(*yaml_lines)})
    assert (
        f"content/it-IT/secondo.md:2: front matter is {kind}; it must be 'key: value' lines"
        in stderr
    )


def test_yaml_syntax_error_names_the_files_own_line(broken) -> None:
    # Line 1 is '---', so the block's fourth line is the file's line 4.
    text = front("title: Secondo", "date: 2024-02-03", "summary: a: b", "category: Notizie")
    stderr = broken({"content/it-IT/secondo.md": text})
    assert re.search(
        r"^content/it-IT/secondo\.md:4: YAML syntax error: mapping values are not allowed here",
        stderr,
        re.M,
    ), stderr


def test_unclosed_quote_names_the_line_where_it_opens(broken) -> None:
    text = front("title: Secondo", 'summary: "non chiuso', "date: 2024-02-03", "category: Notizie")
    stderr = broken({"content/it-IT/secondo.md": text})
    assert re.search(r"^content/it-IT/secondo\.md:3: YAML syntax error", stderr, re.M), stderr


def test_yaml_syntax_error_on_a_bad_indent_names_that_line(broken) -> None:
    text = front(*BASE, "tags:", "  - uno", " - due")
    stderr = broken({"content/it-IT/secondo.md": text})
    assert re.search(r"^content/it-IT/secondo\.md:8: YAML syntax error", stderr, re.M), stderr


def test_reports_every_problem_of_a_build_together(broken) -> None:
    stderr = broken(
        {
            "content/it-IT/secondo.md": front(*BASE, "autor: x"),
            "content/it-IT/terzo.md": front(*BASE, "author: nessuno"),
            "content/nl-NL/vierde.md": front(
                "title: Vierde", "date: ieri", "summary: s", "category: c"
            ),
        }
    )
    lines = stderr.strip().splitlines()
    assert lines[-1] == "3 problems, nothing written"
    assert any(
        line.startswith("content/it-IT/secondo.md:6: unknown front-matter key 'autor'")
        for line in lines
    )
    assert any(
        line.startswith("content/it-IT/terzo.md:6: unknown author 'nessuno'") for line in lines
    )
    assert any(line.startswith("content/nl-NL/vierde.md:3: bad date 'ieri'") for line in lines)
    assert all(re.match(r"^content/[\w/.-]+:\d+: ", line) for line in lines[:-1]), lines


def test_a_first_build_with_problems_writes_no_output_folder(site, tmp_path: Path) -> None:
    root = site({"content/it-IT/x.md": front(*BASE, "autor: x")})
    result = run_cli("build", "--site", str(root), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert not (tmp_path / "out").exists()
