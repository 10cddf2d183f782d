"""``mot-blog status --diff``: a stale translation's source changes since, from git history."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import post, run_cli

from mot_blog.commands.status.diff import block_diff
from mot_blog.model.origins import format_origin

OLD = """\
## Prima parte

Il primo paragrafo resta com'è.

- uno
- due

Questo paragrafo cambierà.

Questo sparirà."""

NEW = """\
## Prima parte

Il primo paragrafo resta com'è.

- uno
- due
- tre

Questo paragrafo è cambiato,
su due righe."""


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.test", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def _repo(site, source_body: str = OLD) -> Path:
    root = site(
        {
            "content/it-IT/a.md": post("Originale", translation_key="k", body=source_body),
            "content/nl-NL/a.md": post(
                "Vertaling",
                translation_key="k",
                translated_from=f'"{format_origin("it-IT", OLD)}"',
                body="De vertaling.",
            ),
        }
    )
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "Prima versione")
    return root


def test_diff_shows_the_source_blocks_changed_since_the_translation(site) -> None:
    root = _repo(site)
    (root / "content/it-IT/a.md").write_text(post("Originale", translation_key="k", body=NEW))
    _git(root, "commit", "-q", "-am", "Seconda versione")
    # An edit not committed yet is shown too: the diff is against the file as it is now.
    (root / "content/it-IT/a.md").write_text(
        post("Originale", translation_key="k", body=NEW.replace("## Prima", "## Unica"))
    )
    result = run_cli("status", "--site", str(root), "--diff", "content/nl-NL/a.md")
    assert result.returncode == 0, result.stderr
    first_commit = _git(root, "rev-list", "--max-parents=0", "HEAD").strip()
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"content/nl-NL/a.md was translated from content/it-IT/a.md as of commit "
        f"{first_commit[:10]} ({lines[0].split('(')[1].split(',')[0]}, 'Prima versione'); "
        "changed since:"
    )
    assert lines[1:] == [
        "content/it-IT/a.md:9: heading changed",
        "  - Prima parte",
        "  + Unica parte",
        "content/it-IT/a.md:15: list item added (under 'Unica parte')",
        "  + tre",
        "content/it-IT/a.md:17: paragraph changed (under 'Unica parte')",
        "  - Questo paragrafo cambierà.",
        "  + Questo paragrafo è cambiato,",
        "  + su due righe.",
        "content/it-IT/a.md:19: paragraph removed (under 'Prima parte')",
        "  - Questo sparirà.",
    ]


def test_diff_follows_a_renamed_source_in_a_site_inside_a_larger_repository(
    tmp_path: Path, site
) -> None:
    root = _repo(site)  # the site is tmp_path/site; make the repository tmp_path
    subprocess.run(["rm", "-rf", str(root / ".git")], check=True)
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "Import")
    _git(tmp_path, "mv", "site/content/it-IT/a.md", "site/content/it-IT/b.md")
    (root / "content/it-IT/b.md").write_text(post("Originale", translation_key="k", body=NEW))
    _git(tmp_path, "commit", "-q", "-am", "Rinominato")
    result = run_cli("status", "--site", str(root), "--diff", str(root / "content/nl-NL/a.md"))
    assert result.returncode == 0, result.stderr
    assert "from content/it-IT/b.md as of commit" in result.stdout
    assert "'Import'" in result.stdout
    assert "content/it-IT/b.md:15: list item added" in result.stdout


def test_diff_says_why_when_there_is_nothing_to_compare(site, tmp_path: Path) -> None:
    root = _repo(site)
    result = run_cli("status", "--site", str(root), "--diff", "content/nl-NL/a.md")
    assert result.returncode == 0
    assert result.stdout.strip() == (
        "content/nl-NL/a.md: up to date with content/it-IT/a.md; nothing changed"
    )

    result = run_cli("status", "--site", str(root), "--diff", "content/it-IT/a.md")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "content/it-IT/a.md: not a translation (no translated_from): "
        "there is no source to compare with"
    )

    # The version translated from was never committed.
    (root / "content/nl-NL/a.md").write_text(
        post(
            "Vertaling",
            translation_key="k",
            translated_from=f'"{format_origin("it-IT", "Mai salvato.")}"',
            body="De vertaling.",
        )
    )
    result = run_cli("status", "--site", str(root), "--diff", "content/nl-NL/a.md")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith(
        "content/nl-NL/a.md:7: no commit of content/it-IT/a.md has the body it was translated "
        "from (translated_from: it-IT:"
    )
    assert "Traceback" not in result.stderr

    # No git history at all.
    subprocess.run(["rm", "-rf", str(root / ".git")], check=True)
    result = run_cli("status", "--site", str(root), "--diff", "content/nl-NL/a.md")
    assert result.returncode == 1
    line = result.stderr.splitlines()[0]
    assert line.startswith(
        "content/nl-NL/a.md:7: the version of content/it-IT/a.md it was translated from "
        "cannot be read: "
    )
    assert line.endswith("(the diff needs the site's git history)")


def test_block_diff_ignores_reflowed_spacing_between_blocks() -> None:
    assert block_diff("Uno.\n\n\n\n- a\n- b", "Uno.\n\n- a\n\n- b", "x.md", 1) == [
        "  (no block changed: only blank lines or spacing)"
    ]
