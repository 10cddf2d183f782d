"""``--format github``: build, check and status print their problem and warning lines as
GitHub Actions workflow commands (``::error file=...,line=...::message``), which the runner
shows as annotations on the file and line; without it every line is as before."""

from __future__ import annotations

from pathlib import Path

from conftest import post, run_cli, write_site

from mot_blog.errors import Problem, format_problem, warning

UNKNOWN_KEY = (
    "unknown front-matter key 'autor' (did you mean 'author'?); put site-specific keys under extra:"
)


def _bad_site(root: Path) -> Path:
    # post() writes ---, title, date, summary, category, then the extra keys: autor is line 6
    return write_site(root, {"content/it-IT/x.md": post("Ciao", autor="ada")})


def test_a_bad_front_matter_line_is_an_error_annotation_at_its_file_and_line(
    tmp_path: Path,
) -> None:
    root = _bad_site(tmp_path / "site")
    result = run_cli("build", "--format", "github", cwd=root)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [
        f"::error file=content/it-IT/x.md,line=6::{UNKNOWN_KEY}",
        "1 problem, nothing written",
    ]
    plain = run_cli("build", cwd=root)  # the default format is unchanged
    assert plain.stderr.splitlines()[0] == f"content/it-IT/x.md:6: {UNKNOWN_KEY}"


def test_an_annotation_names_the_file_from_where_the_command_ran(tmp_path: Path) -> None:
    _bad_site(tmp_path / "blog")
    result = run_cli("build", "--site", "blog", "--format", "github", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert f"::error file=blog/content/it-IT/x.md,line=6::{UNKNOWN_KEY}" in result.stderr


def test_a_build_warning_is_a_warning_annotation_and_the_build_succeeds(tmp_path: Path) -> None:
    body = "Un paragrafo.\n\n{% highlight ruby %}\n"
    root = write_site(tmp_path / "site", {"content/it-IT/x.md": post("Ciao", body=body)})
    result = run_cli("build", "--format", "github", "-q", cwd=root)
    assert result.returncode == 0, result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith(
        "::warning file=content/it-IT/x.md,line=10::looks like a Liquid tag "
        "({%25 highlight ruby %25}), shown as text"  # % is written %25
    ), line
    assert (root / "public/it/x/index.html").is_file()


def test_check_findings_and_warnings_are_annotations(tmp_path: Path) -> None:
    body = "Vedi [la guida](/it/manca/).\n\n{% highlight ruby %}\n"
    root = write_site(tmp_path / "site", {"content/it-IT/x.md": post("Ciao", body=body)})
    text = run_cli("check", cwd=root)
    github = run_cli("check", "--format", "github", cwd=root)
    assert text.returncode == github.returncode == 1, github.stderr
    [link_text] = [line for line in text.stdout.splitlines() if "/it/manca/" in line]
    assert link_text.startswith("content/it-IT/x.md:8: ") and link_text.endswith(
        " [it/x/index.html]"
    )
    lines = github.stdout.splitlines()
    assert len(lines) == len(text.stdout.splitlines()) == 2, github.stdout
    message = link_text.removeprefix("content/it-IT/x.md:8: ")
    assert f"::error file=content/it-IT/x.md,line=8::{message}" in lines
    [warned] = [line for line in lines if line.startswith("::warning ")]
    assert warned.startswith("::warning file=content/it-IT/x.md,line=10::looks like a Liquid tag")
    assert "warning: " not in warned  # the annotation's kind says it


def test_status_annotates_a_stale_translation_at_its_translated_from_line(tmp_path: Path) -> None:
    root = write_site(
        tmp_path / "site",
        {
            "content/it-IT/x.md": post("Ciao", translation_key="saluto"),
            "content/nl-NL/y.md": post(
                "Hallo", translation_key="saluto", translated_from='"it-IT:0123456789abcdef"'
            ),
        },
    )
    result = run_cli("status", "--format", "github", cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "::warning file=content/nl-NL/y.md,line=7::stale translation: it-IT changed since it "
        "was translated; bring it up to date, then: mot-blog status --mark-translated "
        "content/nl-NL/y.md"
    ]
    strict = run_cli("status", "--format", "github", "--strict", cwd=root)
    assert strict.returncode == 1
    assert strict.stdout.startswith("::error file=content/nl-NL/y.md,line=7::stale translation")


def test_annotations_escape_what_github_decodes() -> None:
    problem = Problem("content/a,b:c.md", 3, "50% done\r\nnext: a, b")
    assert format_problem(problem, "github") == (
        "::error file=content/a%2Cb%3Ac.md,line=3::50%25 done%0D%0Anext: a, b"
    )
    assert format_problem(problem) == str(problem) == "content/a,b:c.md:3: 50% done\\r\\nnext: a, b"
    escape = Problem("content/x.md", None, "title \x1b[31mred")
    assert format_problem(escape, "github") == "::error file=content/x.md::title \\x1b[31mred"


def test_a_file_of_the_engine_theme_stays_in_the_message() -> None:
    theme = warning("(theme)/locales/pl/LC_MESSAGES/messages.po", 4, "fuzzy")
    assert format_problem(theme, "github", "blog") == (
        "::warning::(theme)/locales/pl/LC_MESSAGES/messages.po:4: fuzzy"
    )
