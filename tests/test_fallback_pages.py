"""``untranslated: fallback``: a locale without a translation of a post shows the original
inside its own page, with a notice, and search engines see one article."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import post, run_cli, write_site

from mot_blog.build import build

CONFIG = """\
title: Test Blog
base_url: https://blog.example.test/
default_locale: it-IT
untranslated: fallback
locales:
  it-IT: {prefix: it}
  nl-NL: {prefix: nl}
  ar-EG: {prefix: ar}
"""


def _site(root: Path, **extra: str) -> Path:
    files: dict[str, str | bytes] = {
        "site.yaml": CONFIG,
        "content/nl-NL/hallo.md": post(
            "Hallo wereld", summary="Een samenvatting.", category="Nieuws", body="## Kop\n\nTekst."
        ),
        "content/it-IT/ciao.md": post("Ciao", translation_key="ciao"),
        "content/nl-NL/dag.md": post("Dag", translation_key="ciao", date="2024-01-05"),
    }
    files.update(extra)
    return write_site(root, files)


def _built(tmp_path: Path, **extra: str) -> Path:
    out = tmp_path / "out"
    build(_site(tmp_path / "site", **extra), out, cache=False, workers=1)
    return out


def _text(out: Path, rel: str) -> str:
    return (out / rel / "index.html").read_text(encoding="utf-8")


def test_fallback_page_shows_the_original_inside_the_locales_page(tmp_path: Path) -> None:
    html = _text(_built(tmp_path), "it/hallo")
    assert '<html lang="it-IT">' in html
    assert "Torna al blog" in html  # the page's chrome is Italian
    assert (
        "Questo articolo non è ancora disponibile in italiano: "
        "stai leggendo l'originale in olandese." in html
    )
    assert '<h1 data-pagefind-meta="title" lang="nl-NL">Hallo wereld</h1>' in html
    assert '<div class="article-body" lang="nl-NL">' in html


def test_fallback_page_links_to_the_original_as_canonical_and_has_no_alternates(
    tmp_path: Path,
) -> None:
    html = _text(_built(tmp_path), "it/hallo")
    assert '<link rel="canonical" href="https://blog.example.test/nl/hallo/">' in html
    assert 'rel="alternate" hreflang' not in html
    assert "application/ld+json" not in html


def test_fallback_pages_are_not_in_the_sitemap(tmp_path: Path) -> None:
    sitemap = (_built(tmp_path) / "sitemap.xml").read_text(encoding="utf-8")
    assert "/nl/hallo/" in sitemap
    assert "/it/hallo/" not in sitemap
    assert "/ar/hallo/" not in sitemap
    assert "/ar/ciao/" not in sitemap


def test_switcher_of_every_version_leads_to_the_fallback_page(tmp_path: Path) -> None:
    out = _built(tmp_path)
    original = _text(out, "nl/hallo")
    assert '<a href="/it/hallo/" hreflang="it-IT" lang="it-IT">Italiano</a>' in original
    assert 'hreflang="it-IT" href="https://blog.example.test/it/hallo/"' not in original
    translated = _text(out, "it/ciao")
    assert re.search(r'<a href="/ar/ciao/" hreflang="ar-EG"[^>]*>', translated)
    fallback = _text(out, "ar/hallo")
    assert '<a href="/nl/hallo/" hreflang="nl-NL" lang="nl-NL" dir="ltr">Nederlands</a>' in fallback
    assert '<a href="/it/hallo/" hreflang="it-IT" lang="it-IT" dir="ltr">Italiano</a>' in fallback


def test_fallback_in_a_right_to_left_locale_isolates_the_original_and_names_it_in_arabic(
    tmp_path: Path,
) -> None:
    html = _text(_built(tmp_path), "ar/hallo")
    assert '<html lang="ar-EG" dir="rtl">' in html
    assert '<div class="article-body" lang="nl-NL" dir="ltr">' in html
    assert "هذه المقالة غير متاحة بعد باللغة العربية" in html
    assert "الهولندية" in html


def test_translated_original_of_a_group_is_the_one_without_translated_from(
    tmp_path: Path,
) -> None:
    # The Dutch 'dag' is published later but is the original: the Italian says so.
    late = post("Dag", translation_key="ciao", date="2024-01-05")
    early = post(
        "Ciao", translation_key="ciao", date="2024-01-01", translated_from="nl-NL:" + "0" * 16
    )
    out = _built(tmp_path, **{"content/nl-NL/dag.md": late, "content/it-IT/ciao.md": early})
    assert '<div class="article-body" lang="nl-NL" dir="ltr">' in _text(out, "ar/dag")


def test_no_fallback_page_with_badge(tmp_path: Path) -> None:
    config = CONFIG.replace("untranslated: fallback", "untranslated: badge")
    out = _built(tmp_path, **{"site.yaml": config})
    assert not (out / "it/hallo").exists()


def test_fallback_page_where_a_post_of_the_locale_is_is_a_problem(tmp_path: Path) -> None:
    root = _site(
        tmp_path / "site", **{"content/it-IT/hallo.md": post("Altro", translation_key="x")}
    )
    result = run_cli("build", "--site", str(root), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert (
        "content/nl-NL/hallo.md:1: its fallback page in it-IT would be at /it/hallo/, the URL of "
        "content/it-IT/hallo.md; set another 'slug:' in one of them (or translate the post "
        "into it-IT)" in result.stderr
    )


def test_unknown_untranslated_setting_names_the_three(tmp_path: Path) -> None:
    root = _site(tmp_path / "site", **{"site.yaml": CONFIG.replace(": fallback", ": blank")})
    result = run_cli("build", "--site", str(root), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "site.yaml:4: 'untranslated' must be 'badge', 'hide' or 'fallback'" in result.stderr


def test_a_new_translation_replaces_the_fallback_page_in_a_cached_rebuild(tmp_path: Path) -> None:
    root, out = _site(tmp_path / "site"), tmp_path / "out"
    build(root, out)
    assert "translation-notice" in _text(out, "it/hallo")
    translation = post(
        "Ciao mondo",
        translation_key="content/nl-NL/hallo.md",
        slug="ciao-mondo",
        translated_from="nl-NL:" + "0" * 16,
    )
    (root / "content/it-IT/hallo.md").write_text(translation, encoding="utf-8")
    build(root, out)
    assert not (out / "it/hallo").exists()
    assert '<a href="/it/ciao-mondo/" hreflang="it-IT"' in _text(out, "nl/hallo")
    assert '<a href="/it/ciao-mondo/" hreflang="it-IT"' in _text(out, "ar/hallo")
