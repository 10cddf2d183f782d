"""Provenance of a translation: ``translated_by``, ``reviewed`` and ``translator``. A machine
translation nobody reviewed says so and stays out of hreflang and the sitemap; the
translator is credited on the page, in the feed and in the JSON-LD; status counts them."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import post, run_cli, write_site

from mot_blog.build import build

CONFIG = """\
title: Test Blog
base_url: https://blog.example.test/
default_locale: it-IT
locales:
  it-IT: {prefix: it}
  nl-NL: {prefix: nl}
  ja: {prefix: ja}
"""
AUTHORS = """\
ada:
  name: Ada Rossi
  links:
    website: https://ada.example/
"""
ORIGIN = "it-IT:" + "0" * 16
ATOM = "{http://www.w3.org/2005/Atom}"


def _site(root: Path, **files: str) -> Path:
    base: dict[str, str | bytes] = {
        "site.yaml": CONFIG,
        "content/authors.yaml": AUTHORS,
        "content/it-IT/treni.md": post("Treni", translation_key="treni"),
        "content/nl-NL/treinen.md": post(
            "Treinen", translation_key="treni", translated_from=ORIGIN, translator="ada"
        ),
        "content/ja/ressha.md": post(
            "列車",
            translation_key="treni",
            translated_from=ORIGIN,
            translated_by="machine",
            translator="DeepL",
        ),
    }
    base.update(files)
    return write_site(root, base)


def _built(tmp_path: Path, **files: str) -> Path:
    out = tmp_path / "out"
    build(_site(tmp_path / "site", **files), out, cache=False, workers=1)
    return out


def _page(out: Path, rel: str) -> str:
    return (out / rel / "index.html").read_text(encoding="utf-8")


def _json_ld(html: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found is not None
    return json.loads(found.group(1))


def test_unreviewed_machine_translation_says_so_in_the_readers_language(tmp_path: Path) -> None:
    html = _page(_built(tmp_path), "ja/ressha")
    assert "この記事は機械翻訳で、まだ確認されていません。" in html
    assert "翻訳：<bdi>DeepL</bdi>" in html


def test_unreviewed_machine_translation_is_out_of_hreflang_and_sitemap(tmp_path: Path) -> None:
    out = _built(tmp_path)
    original = _page(out, "it/treni")
    assert 'hreflang="nl-NL" href="https://blog.example.test/nl/treinen/"' in original
    assert 'hreflang="ja"' not in original.split("<body>")[0]
    assert '<a href="/ja/ressha/" hreflang="ja" lang="ja">日本語</a>' in original  # switcher
    assert 'rel="alternate" hreflang' not in _page(out, "ja/ressha")
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "/ja/ressha/" not in sitemap
    assert "/nl/treinen/" in sitemap


def test_reviewed_machine_translation_is_an_alternate_without_a_notice(tmp_path: Path) -> None:
    ja = post(
        "列車",
        translation_key="treni",
        translated_from=ORIGIN,
        translated_by="machine",
        reviewed="true",
    )
    out = _built(tmp_path, **{"content/ja/ressha.md": ja})
    assert 'hreflang="ja" href="https://blog.example.test/ja/ressha/"' in _page(out, "it/treni")
    assert "/ja/ressha/" in (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "translation-notice" not in _page(out, "ja/ressha")


def test_translator_is_credited_on_the_page_in_the_feed_and_in_json_ld(tmp_path: Path) -> None:
    out = _built(tmp_path)
    html = _page(out, "nl/treinen")
    assert "Vertaald door <bdi>Ada Rossi</bdi>" in html
    data = _json_ld(html)
    assert data["translator"] == {
        "@type": "Person",
        "name": "Ada Rossi",
        "url": "https://ada.example/",
    }
    assert data["translationOfWork"]["url"] == "https://blog.example.test/it/treni/"
    assert _json_ld(_page(out, "ja/ressha"))["translator"] == {
        "@type": "Organization",
        "name": "DeepL",
    }
    feed = ET.parse(out / "nl/feed.xml").getroot()
    (contributor,) = feed.iter(f"{ATOM}contributor")
    assert contributor.findtext(f"{ATOM}name") == "Ada Rossi"
    assert contributor.findtext(f"{ATOM}uri") == "https://ada.example/"
    assert not list(ET.parse(out / "it/feed.xml").getroot().iter(f"{ATOM}contributor"))


def test_original_has_no_translation_notice(tmp_path: Path) -> None:
    assert "translation-notice" not in _page(_built(tmp_path), "it/treni")


def test_mistyped_translator_key_is_a_problem_with_a_hint(tmp_path: Path) -> None:
    nl = post("Treinen", translation_key="treni", translated_from=ORIGIN, translator="adda")
    root = _site(tmp_path / "site", **{"content/nl-NL/treinen.md": nl})
    result = run_cli("build", "--site", str(root), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "content/nl-NL/treinen.md:8: unknown translator 'adda' (did you mean 'ada'?)" in (
        result.stderr
    )


def test_translated_by_and_reviewed_take_only_their_values(tmp_path: Path) -> None:
    nl = post("Treinen", translation_key="treni", translated_by="robot", reviewed="yes please")
    root = _site(tmp_path / "site", **{"content/nl-NL/treinen.md": nl})
    result = run_cli("build", "--site", str(root), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert (
        "content/nl-NL/treinen.md:7: 'translated_by' must be 'human' or 'machine', not 'robot'"
        in result.stderr
    )
    assert "content/nl-NL/treinen.md:8: 'reviewed' must be true or false" in result.stderr


def test_status_counts_machine_translations_and_those_awaiting_review(tmp_path: Path) -> None:
    root = _site(tmp_path / "site")
    text = run_cli("status", "--site", str(root))
    assert "1 machine translation(s), 1 awaiting review" in text.stdout
    assert "[machine translation, awaiting review]" in text.stdout
    data = json.loads(run_cli("status", "--site", str(root), "--format", "json").stdout)
    (group,) = data["groups"]
    ja = next(v for v in group["versions"] if v["locale"] == "ja")
    assert (ja["machine"], ja["awaiting_review"]) == (True, True)
