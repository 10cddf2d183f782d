"""``mot-blog status`` as a CI gate (``--min-coverage``, ``--locale``, ``--max-stale-days``)
and as an HTML dashboard (``--format html --out FILE``)."""

from __future__ import annotations

from pathlib import Path

from conftest import post, run_cli, write_site

from mot_blog.model.origins import format_origin
from mot_blog.publish.folder import MARKER

CONFIG = """\
title: Treni & <Notte>
base_url: https://blog.example.test/
default_locale: it-IT
locales:
  it-IT: {prefix: it}
  nl-NL: {prefix: nl}
  ja: {prefix: ja}
"""
BODY = "Un paragrafo."
JA_PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Contents"
msgstr "目次"

msgid "Copy"
msgstr ""
"""


def _site(root: Path) -> Path:
    """Two posts; Dutch translates one (stale: made from another body), Japanese the other
    by machine, not reviewed."""
    return write_site(
        root,
        {
            "site.yaml": CONFIG,
            "locales/ja/LC_MESSAGES/messages.po": JA_PO,
            "content/it-IT/a.md": post("A", translation_key="a", updated="2024-03-01"),
            "content/it-IT/b.md": post("B", translation_key="b", body=BODY),
            "content/nl-NL/a.md": post(
                "A", translation_key="a", translated_from=format_origin("it-IT", "old body")
            ),
            "content/ja/b.md": post(
                "B",
                translation_key="b",
                translated_from=format_origin("it-IT", BODY),
                translated_by="machine",
            ),
        },
    )


def test_min_coverage_fails_with_one_line_per_locale_below_it(tmp_path: Path) -> None:
    root = _site(tmp_path / "site")
    result = run_cli("status", "--site", str(root), "--min-coverage", "60")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "nl-NL: 50% translated (1 of 2 posts), below --min-coverage 60%",
        "ja: 0% translated (0 of 2 posts), below --min-coverage 60%",
    ]
    assert "Translations" in result.stdout  # the report is still shown


def test_min_coverage_of_one_locale(tmp_path: Path) -> None:
    root = _site(tmp_path / "site")
    passed = run_cli("status", "--site", str(root), "--min-coverage", "50", "--locale", "nl-NL")
    assert (passed.returncode, passed.stderr) == (0, "")
    failed = run_cli("status", "--site", str(root), "--min-coverage", "50", "--locale", "ja")
    assert failed.returncode == 1
    assert failed.stderr == "ja: 0% translated (0 of 2 posts), below --min-coverage 50%\n"


def test_max_stale_days_names_each_translation_stale_for_longer(tmp_path: Path) -> None:
    root = _site(tmp_path / "site")
    result = run_cli("status", "--site", str(root), "--max-stale-days", "30")
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("content/nl-NL/a.md: stale for ")
    assert line.endswith(
        " days (content/it-IT/a.md changed on 2024-03-01), over --max-stale-days 30"
    )
    assert run_cli("status", "--site", str(root), "--max-stale-days", "100000").returncode == 0


def test_gate_options_are_checked(tmp_path: Path) -> None:
    root = _site(tmp_path / "site")
    cases = {
        ("--min-coverage", "120"): "mot-blog status: --min-coverage takes 0 to 100, not 120",
        ("--min-coverage", "5", "--locale", "fr-FR"): (
            "mot-blog status: --locale fr-FR is not a locale of site.yaml (it-IT, nl-NL, ja)"
        ),
        ("--locale", "ja"): (
            "mot-blog status: --locale says which locales --min-coverage checks; add it"
        ),
        ("--max-stale-days", "-1"): "mot-blog status: --max-stale-days takes 0 or more, not -1",
        ("--format", "html"): (
            "mot-blog status: --format html writes the dashboard to --out FILE; give both"
        ),
    }
    for args, message in cases.items():
        result = run_cli("status", "--site", str(root), *args)
        assert (result.returncode, result.stderr) == (2, message + "\n"), args


def test_dashboard_shows_coverage_stale_posts_reviews_and_catalog_gaps(tmp_path: Path) -> None:
    root = _site(tmp_path / "site")
    out = tmp_path / "status.html"
    result = run_cli("status", "--site", str(root), "--format", "html", "--out", str(out))
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert "<title>Translation status · Treni &amp; &lt;Notte&gt;</title>" in html
    assert '<div class="bar" role="img" aria-label="50%">' in html  # nl-NL
    assert '<tr class="low"><td><code>ja</code></td>' in html
    assert "<code>mot-blog status --diff content/nl-NL/a.md</code>" in html
    assert "<li><code>content/ja/b.md</code> (ja): once read through" in html
    assert "<h2>Catalog gaps</h2>\n<table>" in html
    assert "<code>locales/ja/LC_MESSAGES/messages.po</code>" in html
    assert "<li>Copy</li>" in html
    assert "<link" not in html and "<script" not in html and "src=" not in html


def test_dashboard_is_never_written_over_a_folder_a_link_or_into_a_build(
    tmp_path: Path,
) -> None:
    root = _site(tmp_path / "site")
    folder = tmp_path / "folder"
    folder.mkdir()
    target = tmp_path / "kept.txt"
    target.write_text("mine", encoding="utf-8")
    link = tmp_path / "link.html"
    link.symlink_to(target)
    built = tmp_path / "public"
    built.mkdir()
    (built / MARKER).write_text("", encoding="utf-8")
    cases = {
        folder: f"{folder}: is not a regular file (a folder, a link or a device); --out names a file",
        link: f"{link}: is not a regular file (a folder, a link or a device); --out names a file",
        built / "status.html": (
            f"{built / 'status.html'}: is inside the build's output folder {built}, which the "
            "next build replaces; write the dashboard elsewhere"
        ),
        tmp_path / "nowhere/status.html": (
            f"{tmp_path / 'nowhere/status.html'}: its folder {tmp_path / 'nowhere'} does not exist"
        ),
    }
    for path, message in cases.items():
        result = run_cli("status", "--site", str(root), "--format", "html", "--out", str(path))
        assert (result.returncode, result.stderr) == (2, message + "\n")
    assert target.read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "folder",
        "kept.txt",
        "link.html",
        "public",
        "site",
    ]


def test_dashboard_replaces_its_earlier_version(tmp_path: Path) -> None:
    root = _site(tmp_path / "site")
    out = tmp_path / "status.html"
    out.write_text("old", encoding="utf-8")
    assert (
        run_cli("status", "--site", str(root), "--format", "html", "--out", str(out)).returncode
        == 0
    )
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".status-")] == []
