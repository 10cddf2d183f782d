"""``mot-blog status``: stale translations, catalog gaps, and refreshing the record."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import post, run_cli

from mot_blog.commands.status.report import BROKEN, CURRENT, ORIGINAL, STALE, translation_report
from mot_blog.model.origins import format_origin

IT_BODY = "Il testo originale.\n\nCon due paragrafi."


def _translation(origin: str, key: str = "k") -> str:
    return post(
        "Vertaling", translation_key=key, translated_from=f'"{origin}"', body="De vertaling."
    )


def _states(root: Path) -> dict[str, str]:
    return {v.path: v.state for g in translation_report(root).groups for v in g.versions}


def test_translation_is_current_until_its_source_changes(site) -> None:
    root = site(
        {
            "content/it-IT/a.md": post("Originale", translation_key="k", body=IT_BODY),
            "content/nl-NL/a.md": _translation(format_origin("it-IT", IT_BODY)),
            "content/it-IT/solo.md": post("Solo"),
        }
    )
    assert _states(root) == {
        "content/it-IT/a.md": ORIGINAL,
        "content/nl-NL/a.md": CURRENT,
        "content/it-IT/solo.md": ORIGINAL,
    }
    report = translation_report(root)
    assert not report.needs_work  # a post in one locale only is listed, not a failure
    solo = next(g for g in report.groups if g.key == "content/it-IT/solo.md")
    assert solo.missing == ("nl-NL",)
    assert run_cli("status", "--site", str(root), "--strict").returncode == 0

    # Line endings and surrounding blank lines are not changes; words are.
    (root / "content/it-IT/a.md").write_bytes(
        post("Originale", translation_key="k", body=IT_BODY + "\n\n").replace("\n", "\r\n").encode()
    )
    assert _states(root)["content/nl-NL/a.md"] == CURRENT
    (root / "content/it-IT/a.md").write_text(
        post("Originale", translation_key="k", body=IT_BODY + " Nuovo.")
    )
    assert _states(root)["content/nl-NL/a.md"] == STALE
    result = run_cli("status", "--site", str(root), "--strict")
    assert result.returncode == 1
    assert "STALE" in result.stdout and "it-IT changed since it was translated" in result.stdout
    assert run_cli("status", "--site", str(root)).returncode == 0


def test_mark_translated_rewrites_only_that_line(site) -> None:
    old = format_origin("it-IT", "an older body")
    translation = _translation(old).replace("\n", "\r\n").encode()
    root = site(
        {
            "content/it-IT/a.md": post("Originale", translation_key="k", body=IT_BODY),
            "content/nl-NL/a.md": b"\xef\xbb\xbf" + translation,
        }
    )
    assert _states(root)["content/nl-NL/a.md"] == STALE
    result = run_cli(
        "status", "--site", str(root), "--mark-translated", str(root / "content/nl-NL/a.md")
    )
    assert result.returncode == 0, result.stderr
    new = format_origin("it-IT", IT_BODY)
    after = (root / "content/nl-NL/a.md").read_bytes()
    assert after == b"\xef\xbb\xbf" + translation.replace(old.encode(), new.encode())
    assert _states(root)["content/nl-NL/a.md"] == CURRENT


def test_mark_translated_adds_a_missing_record(site) -> None:
    plain = post("Vertaling", translation_key="k", body="De vertaling.")
    root = site(
        {
            "content/it-IT/a.md": post("Originale", translation_key="k", body=IT_BODY),
            "content/nl-NL/a.md": plain,
        }
    )
    result = run_cli(
        "status", "--site", str(root), "--mark-translated", "content/nl-NL/a.md", cwd=root
    )
    assert result.returncode == 0, result.stderr
    after = (root / "content/nl-NL/a.md").read_text()
    record = f'translated_from: "{format_origin("it-IT", IT_BODY)}"\n'
    assert after == plain.replace(
        "translation_key: k\n---\n", "translation_key: k\n" + record + "---\n"
    )
    assert _states(root)["content/nl-NL/a.md"] == CURRENT
    assert run_cli("build", "--site", str(root), "--out", str(root.parent / "out")).returncode == 0


def test_mark_translated_needs_a_source(site) -> None:
    root = site({"content/nl-NL/a.md": post("Alleen", translation_key="k")})
    result = run_cli(
        "status", "--site", str(root), "--mark-translated", str(root / "content/nl-NL/a.md")
    )
    assert result.returncode == 1
    assert "content/nl-NL/a.md: no it-IT version to mark it as translated from" in result.stderr


def test_broken_records_are_reported(site) -> None:
    root = site(
        {
            "content/it-IT/a.md": post("Originale", translation_key="k"),
            "content/nl-NL/a.md": _translation("not-a-record"),
            "content/nl-NL/b.md": _translation(format_origin("it-IT", "x"), key="other"),
        }
    )
    states = _states(root)
    assert states["content/nl-NL/a.md"] == BROKEN
    assert states["content/nl-NL/b.md"] == BROKEN
    assert translation_report(root).needs_work


def test_catalog_gaps(site) -> None:
    catalog = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Go"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Close"\nmsgstr "Chiudi?"\n\n'
        'msgid "Back to the blog"\nmsgstr "Torna al blog"\n'
    )
    root = site({"content/it-IT/a.md": post("A"), "locales/it/LC_MESSAGES/messages.po": catalog})
    report = translation_report(root)
    site_catalog = next(
        c for c in report.catalogs if c.path == "locales/it/LC_MESSAGES/messages.po"
    )
    assert site_catalog.untranslated == ("Go",)
    assert site_catalog.fuzzy == ("Close",)
    theme = [c for c in report.catalogs if c.path.startswith("(theme)/")]
    assert {c.locale for c in theme} == {"it-IT", "nl-NL"}
    assert all(not c.untranslated and not c.fuzzy for c in theme)

    result = run_cli("status", "--site", str(root), "--format", "json", "--strict")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["needs_work"] is True
    entry = next(c for c in data["catalogs"] if c["path"] == "locales/it/LC_MESSAGES/messages.po")
    assert entry == {
        "locale": "it-IT",
        "path": "locales/it/LC_MESSAGES/messages.po",
        "messages": 3,
        "untranslated": ["Go"],
        "fuzzy": ["Close"],
    }
    text = run_cli("status", "--site", str(root)).stdout
    assert "locales/it/LC_MESSAGES/messages.po: untranslated: Go" in text
    assert "locales/it/LC_MESSAGES/messages.po: fuzzy: Close" in text


def test_real_site_status_runs(tmp_path: Path) -> None:
    from conftest import REPO

    result = run_cli("status", "--site", str(REPO), "--format", "json")
    assert result.returncode == 0, result.stderr
    groups = {g["key"]: g for g in json.loads(result.stdout)["groups"]}
    assert {v["locale"] for v in groups["moments-of-truth"]["versions"]} == {"it-IT", "nl-NL"}
