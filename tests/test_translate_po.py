"""PO translations of posts: ``mot-blog translate extract|update`` and the build publishing
them (a Polish source, translated into Japanese)."""

from __future__ import annotations

import gettext
import io
from pathlib import Path

import polib
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from conftest import post, run_cli, write_site
from test_images import png

from mot_blog.markup.segments import segments, translated_body

CONFIG = """\
title: Blog
base_url: https://blog.example.test/
default_locale: pl-PL
locales:
  pl-PL: {prefix: pl}
  ja-JP: {prefix: ja}
"""

BODY = """\
## Woda

Zagotuj wodę do *80 stopni*, zobacz [tabelę](https://example.com/tabela_czasow) i `termometr`.

- Jedna łyżeczka
- Trzy minuty

| Herbata | Czas |
|---|---|
| Zielona | 3 min |

> Herbata to cierpliwość.

![Czajnik na kuchence](czajnik.png "Stary czajnik")

```
kod(nie_tłumacz)
```"""

PO = "translations/ja-JP/herbata.po"

JAPANESE = {
    "Jak parzyć herbatę": "お茶の淹れ方",
    "Krótki przewodnik.": "短いガイド。",
    "Woda": "水",
    "Zagotuj wodę do <1>80 stopni</1>, zobacz <2>tabelę</2> i {3}.": (
        "お湯を<1>80度</1>に沸かし、{3}と<2>表</2>を見てください。"
    ),
    "Jedna łyżeczka": "小さじ一杯",
    "Trzy minuty": "三分",
    "Herbata": "お茶",
    "Czas": "時間",
    "Zielona": "緑茶",
    "3 min": "3分",
    "Herbata to cierpliwość.": "お茶は忍耐です。",
    "<1>Czajnik na kuchence</1>": "<1>コンロの上のやかん</1>",
    "Stary czajnik": "古いやかん",
}


def _site(tmp_path: Path, body: str = BODY) -> Path:
    source = post(
        "Jak parzyć herbatę",
        summary="Krótki przewodnik.",
        category="Porady",
        translation_key="herbata",
        aliases="[/stara-herbata/]",
        body=body,
    )
    return write_site(
        tmp_path / "site",
        {"site.yaml": CONFIG, "content/pl-PL/herbata.md": source, "static/czajnik.png": png(8, 6)},
    )


def _translate(root: Path, strings: dict[str, str]) -> None:
    po = polib.pofile(str(root / PO))
    for entry in po:
        if entry.msgid in strings:
            entry.msgstr = strings[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.save()


def _build(root: Path, out: Path, *args: str):
    return run_cli("build", "--site", str(root), "--out", str(out), *args)


def test_extract_writes_one_entry_per_segment_with_placeholders_and_references(
    tmp_path: Path,
) -> None:
    root = _site(tmp_path)
    result = run_cli("translate", "extract", "--locale", "ja-JP", "--site", str(root))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{PO}: 13 entries, 0 fuzzy, 13 untranslated"

    po = polib.pofile(str(root / PO))  # an ordinary gettext file, as Poedit or Weblate read it
    assert po.metadata["Language"] == "ja_JP"
    entries = {entry.msgid: entry for entry in po}
    assert list(entries) == list(JAPANESE)
    assert all(entry.msgstr == "" for entry in po)
    paragraph = entries["Zagotuj wodę do <1>80 stopni</1>, zobacz <2>tabelę</2> i {3}."]
    assert paragraph.occurrences == [("content/pl-PL/herbata.md", "12")]
    assert "</2> '](https://example.com/tabela_czasow)'" in paragraph.comment
    assert "{3} '`termometr`'" in paragraph.comment
    assert entries["Jak parzyć herbatę"].occurrences == [("content/pl-PL/herbata.md", "2")]
    assert entries["Jak parzyć herbatę"].comment == "title"
    assert entries["Stary czajnik"].comment == "caption"
    assert entries["Zielona"].comment == "table cell"
    assert entries["Herbata to cierpliwość."].comment == "quote"
    assert not any("kod" in msgid for msgid in entries)  # code is not translated

    # msgfmt accepts it, and Python's gettext reads what Babel compiles of it.
    _translate(root, JAPANESE)
    catalog = read_po(io.BytesIO((root / PO).read_bytes()))
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    assert gettext.GNUTranslations(compiled).gettext("Woda") == "水"

    again = run_cli("translate", "extract", "--locale", "ja-JP", "--site", str(root))
    assert again.returncode == 0  # every post has its PO file: nothing to do, nothing lost
    assert "no post needs a ja-JP PO file extracted" in again.stderr
    named = run_cli(
        "translate", "extract", "--locale", "ja-JP", "--site", str(root), "content/pl-PL/herbata.md"
    )
    assert named.returncode == 1
    assert named.stderr.splitlines()[0] == (
        f"{PO}: exists; run 'mot-blog translate update' to refresh it"
    )
    assert polib.pofile(str(root / PO)).find("Woda").msgstr == "水"


def test_build_publishes_the_po_translation_with_the_source_front_matter(tmp_path: Path) -> None:
    root = _site(tmp_path)
    assert run_cli("translate", "extract", "--locale", "ja-JP", "--site", str(root)).returncode == 0
    _translate(root, JAPANESE)
    result = _build(root, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert PO not in result.stderr  # every entry translated: no warning
    page = (tmp_path / "out/ja/herbata/index.html").read_text()
    assert '<h1 data-pagefind-meta="title">お茶の淹れ方</h1>' in page
    assert (
        "<p>お湯を<em>80度</em>に沸かし、<code>termometr</code>と"
        '<a href="https://example.com/tabela_czasow">表</a>を見てください。</p>'
    ) in page
    assert "<li>小さじ一杯</li>" in page and "<td>緑茶</td>" in page
    assert 'alt="コンロの上のやかん"' in page and "<figcaption>古いやかん</figcaption>" in page
    assert "kod(nie_tłumacz)" in page
    assert 'href="/ja/category/porady/"' in page  # the source's front matter
    assert 'hreflang="pl-PL" href="https://blog.example.test/pl/herbata/"' in page
    source_page = (tmp_path / "out/pl/herbata/index.html").read_text()
    assert 'hreflang="ja-JP" href="https://blog.example.test/ja/herbata/"' in source_page
    # The source's old URL leads to the source only (the translation does not take it).
    assert (tmp_path / "out/stara-herbata/index.html").exists()

    # A translator's edit of the PO file alone is a change the next (cached) build sees.
    _translate(root, {"Woda": "お湯"})
    assert _build(root, tmp_path / "out").returncode == 0
    assert ">お湯 <a" in (tmp_path / "out/ja/herbata/index.html").read_text()


def test_update_marks_only_changed_segments_fuzzy_and_the_page_keeps_the_last_translation(
    tmp_path: Path,
) -> None:
    root = _site(tmp_path)
    run_cli("translate", "extract", "--locale", "ja-JP", "--site", str(root))
    _translate(root, JAPANESE)
    edited = BODY.replace("Jedna łyżeczka", "Jedna łyżeczka herbaty").replace(
        "- Trzy minuty", "- Trzy minuty\n- Cukier według uznania"
    )
    source = root / "content/pl-PL/herbata.md"
    source.write_text(source.read_text().replace(BODY, edited))
    result = run_cli("translate", "update", "--locale", "ja-JP", "--site", str(root))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{PO}: 14 entries, 1 fuzzy, 1 untranslated"

    po = polib.pofile(str(root / PO))
    fuzzy = po.fuzzy_entries()
    assert [(e.msgid, e.previous_msgid, e.msgstr) for e in fuzzy] == [
        ("Jedna łyżeczka herbaty", "Jedna łyżeczka", "小さじ一杯")
    ]
    assert [e.msgid for e in po.untranslated_entries()] == ["Cukier według uznania"]
    assert po.find("Trzy minuty").msgstr == "三分"  # unchanged: translated, not fuzzy
    assert po.find("Trzy minuty").occurrences == [("content/pl-PL/herbata.md", "15")]

    result = _build(root, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert (
        f"{PO}: warning: 1 fuzzy entries show the older text's translation; "
        "1 untranslated entries show the source's text"
    ) in result.stderr
    page = (tmp_path / "out/ja/herbata/index.html").read_text()
    assert "<li>小さじ一杯</li>" in page  # the last translated text, until confirmed
    assert "<li>Cukier według uznania</li>" in page
    assert _build(root, tmp_path / "strict", "--strict").returncode == 1


def test_a_placeholder_left_out_is_a_problem_at_its_po_line(tmp_path: Path) -> None:
    root = _site(tmp_path)
    run_cli("translate", "extract", "--locale", "ja-JP", "--site", str(root))
    broken = dict(JAPANESE)
    broken["Zagotuj wodę do <1>80 stopni</1>, zobacz <2>tabelę</2> i {3}."] = "お湯を沸かす。"
    _translate(root, broken)
    line = next(
        n
        for n, text in enumerate((root / PO).read_text().splitlines(), start=1)
        if text.startswith('msgid "Zagotuj')
    )
    result = _build(root, tmp_path / "out")
    assert result.returncode == 1
    assert (
        f"{PO}:{line}: the translation leaves out <1>, </1>, <2>, </2>, {{3}} (keep every "
        "placeholder): 'Zagotuj wodę do <1>80 stopni</1>, zobacz <2>tabelę</2> i {3}.'"
    ) in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_post_translated_by_po_and_by_markdown_is_a_problem(tmp_path: Path) -> None:
    root = _site(tmp_path)
    run_cli("translate", "extract", "--locale", "ja-JP", "--site", str(root))
    _translate(root, JAPANESE)
    (root / "content/ja-JP").mkdir()
    (root / "content/ja-JP/ocha.md").write_text(post("お茶", translation_key="herbata"))
    result = _build(root, tmp_path / "out")
    assert result.returncode == 1
    assert (
        f"{PO}: translated twice: by this file and by content/ja-JP/ocha.md; keep one of the two"
    ) in result.stderr


def test_extract_needs_a_translation_key_and_another_locale(tmp_path: Path) -> None:
    root = _site(tmp_path)
    (root / "content/pl-PL/solo.md").write_text(post("Sam"))
    result = run_cli(
        "translate", "extract", "--locale", "ja-JP", "--site", str(root), "content/pl-PL/solo.md"
    )
    assert result.returncode == 1
    assert result.stderr.startswith("content/pl-PL/solo.md:1: has no translation_key; add one")
    result = run_cli("translate", "extract", "--locale", "fr-FR", "--site", str(root))
    assert result.returncode == 1
    assert "site.yaml: no locale fr-FR (the site has: pl-PL, ja-JP)" in result.stderr
    assert not (root / "translations").exists()


def test_extract_refuses_a_post_already_translated_in_markdown(tmp_path: Path) -> None:
    root = _site(tmp_path)
    (root / "content/ja-JP").mkdir(exist_ok=True)
    (root / "content/ja-JP/ocha.md").write_text(post("お茶の淹れ方", translation_key="herbata"))
    result = run_cli(
        "translate", "extract", "--locale", "ja-JP", "--site", str(root), "content/pl-PL/herbata.md"
    )
    assert result.returncode == 1
    assert result.stderr.startswith(
        "content/pl-PL/herbata.md: has a ja-JP translation already, content/ja-JP/ocha.md; "
        "translate in that file, or delete it before extracting a PO file\n"
    )
    assert not (root / "translations").exists()


def test_a_translation_cannot_change_the_structure_of_the_page() -> None:
    body = "- *jeden* punkt\n\n| a |\n|---|\n| b |\n\n> [!NOTE]\n> Uwaga."
    found = segments(body)
    assert [s.text for s in found] == ["<1>jeden</1> punkt", "a", "b", "{1}Uwaga."]
    words = {
        "<1>jeden</1> punkt": "1. <1>一</1> * [x](y) # 点",
        "b": "左|右",
        "{1}Uwaga.": "{1}注意。",
    }
    assert translated_body(body, found, lambda s: words.get(s.text)) == (
        "- 1\\. *一* \\* \\[x\\](y) # 点\n\n| a |\n|---|\n| 左\\|右 |\n\n> [!NOTE]\n> 注意。"
    )


def test_multi_line_front_matter_values_are_translated_whole(tmp_path: Path) -> None:
    root = _site(tmp_path, body="Krótki tekst.")
    source = root / "content/pl-PL/herbata.md"
    source.write_text(
        source.read_text().replace(
            "summary: Krótki przewodnik.", "summary: >\n  Krótki\n  przewodnik.\nimage_alt: x"
        )
    )
    run_cli("translate", "extract", "--locale", "ja-JP", "--site", str(root))
    _translate(root, {"Jak parzyć herbatę": "お茶", "Krótki przewodnik.": "「短い」ガイド: 二行"})
    result = _build(root, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out/ja/herbata/index.html").read_text()
    assert '<meta name="description" content="「短い」ガイド: 二行">' in page
    assert "<p>Krótki tekst.</p>" in page  # untranslated: the source's words


def test_status_counts_a_po_translation_current_until_its_source_changes(tmp_path: Path) -> None:
    """``status`` reads PO translations as the build does: translated whole, the Japanese
    version is current and counts toward coverage; after the source changed (and after
    ``translate update`` marked it), it is stale with its counts, and ``--strict`` fails."""
    root = _site(tmp_path)
    run_cli("translate", "extract", "--locale", "ja-JP", "--site", str(root))
    before = run_cli("status", "--site", str(root), "--min-coverage", "100", "--locale", "ja-JP")
    assert before.returncode == 1  # nothing translated yet: not published, so missing
    assert "ja-JP: 0% translated (0 of 1 posts)" in before.stderr
    _translate(root, JAPANESE)
    status = run_cli("status", "--site", str(root), "--strict", "--min-coverage", "100")
    assert status.returncode == 0, status.stdout + status.stderr
    assert f"{PO}" in status.stdout and "every entry of its PO file translated" in status.stdout
    source = root / "content/pl-PL/herbata.md"
    source.write_text(source.read_text().replace("- Trzy minuty", "- Trzy minuty\n- Cukier"))
    stale = run_cli("status", "--site", str(root), "--strict")
    assert stale.returncode == 1
    assert "1 untranslated entries in its PO file" in stale.stdout
    source.write_text(source.read_text().replace("Jedna łyżeczka", "Jedna łyżeczka herbaty"))
    run_cli("translate", "update", "--locale", "ja-JP", "--site", str(root))
    marked = run_cli("status", "--site", str(root))
    assert f"{PO} (1 fuzzy and 1 untranslated entries in its PO file)" in marked.stdout
