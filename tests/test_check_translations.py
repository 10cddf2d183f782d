"""``mot-blog check`` knows translations: links to another locale's article where the page's
own locale has a translation, anchors the translation lost, and switcher links that do not
lead to a translation."""

from __future__ import annotations

from pathlib import Path

from conftest import post, write_site

from mot_blog.commands.check import check_site

CONFIG = """\
title: Test Blog
base_url: https://blog.example.test/
default_locale: it-IT
locales:
  it-IT: {prefix: it}
  nl-NL: {prefix: nl}
  ja: {prefix: ja}
"""
ORIGINAL = post("Treinen", translation_key="treinen", body="## Vertrek\n\nDe trein vertrekt.")


def _site(root: Path, **files: str) -> Path:
    base: dict[str, str | bytes] = {
        "site.yaml": CONFIG,
        "content/nl-NL/treinen.md": ORIGINAL,
        "content/it-IT/treni.md": post(
            "Treni",
            translation_key="treinen",
            translated_from="nl-NL:" + "0" * 16,
            body="## Partenza\n\nIl treno parte.",
        ),
        "content/ja/ressha.md": post(
            "列車", translation_key="treinen", translated_from="nl-NL:" + "0" * 16, body="出発。"
        ),
    }
    base.update(files)
    return write_site(root, base)


def _messages(root: Path) -> list[str]:
    return [str(finding) for finding in check_site(root)]


def _line(root: Path, rel: str, needle: str) -> int:
    text = (root / rel).read_text(encoding="utf-8")
    return text[: text.index(needle)].count("\n") + 1


def test_link_to_another_locales_article_names_the_translation_in_the_pages_locale(
    tmp_path: Path,
) -> None:
    files = {
        "content/it-IT/a.md": post("A", body="Un paragrafo.\n\nVedi [i treni](/nl/treinen/)."),
        "content/ja/b.md": post("B", body="[列車](/nl/treinen/) を見てください。"),
    }
    root = _site(tmp_path / "site", **files)
    messages = _messages(root)
    line = _line(root, "content/it-IT/a.md", "/nl/treinen/")
    assert (
        f"content/it-IT/a.md:{line}: links to the Dutch 'Treinen'; its Italian translation is "
        "/it/treni/ [it/a/index.html]" in messages
    )
    line = _line(root, "content/ja/b.md", "/nl/treinen/")
    assert (
        f"content/ja/b.md:{line}: links to the Dutch 'Treinen'; its Japanese translation is "
        "/ja/ressha/ [ja/b/index.html]" in messages
    )


def test_link_to_an_article_without_a_translation_in_the_pages_locale_is_fine(
    tmp_path: Path,
) -> None:
    files = {
        "content/nl-NL/alleen.md": post("Alleen", body="Tekst."),
        "content/it-IT/a.md": post("A", body="Vedi [questo](/nl/alleen/)."),
    }
    assert _messages(_site(tmp_path / "site", **files)) == []


def test_anchor_of_the_original_that_the_translation_lacks_names_the_translated_one(
    tmp_path: Path,
) -> None:
    translation = post(
        "Treni",
        translation_key="treinen",
        translated_from="nl-NL:" + "0" * 16,
        body="## Partenza\n\nIl treno parte: vedi [sopra](#vertrek).",
    )
    root = _site(tmp_path / "site", **{"content/it-IT/treni.md": translation})
    messages = _messages(root)
    line = _line(root, "content/it-IT/treni.md", "#vertrek")
    assert messages == [
        f"content/it-IT/treni.md:{line}: link '#vertrek' goes to an id of its Dutch original "
        "(content/nl-NL/treinen.md) that the translation content/it-IT/treni.md lacks; the "
        "same heading there is '#partenza' [it/treni/index.html]"
    ]


def test_switcher_link_to_a_page_that_is_not_a_translation_is_named(tmp_path: Path) -> None:
    switcher = '<nav><a href="/nl/treinen/" hreflang="nl-NL">NL</a> <a href="/ja/" hreflang="ja">JA</a></nav>\n'
    files = {
        "templates/partials/switcher.html": switcher,
        "content/it-IT/a.md": post("A", translation_key="a"),
    }
    messages = _messages(_site(tmp_path / "site", **files))
    assert (
        "content/it-IT/a.md:6: the language switcher's nl-NL link leads to /nl/treinen/, which "
        "is not a translation of this post but content/nl-NL/treinen.md [it/a/index.html]"
        in messages
    )
    assert (
        "content/it-IT/treni.md:6: the language switcher's ja link leads to /ja/, the ja index, "
        "while the post's translation is /ja/ressha/ [it/treni/index.html]" in messages
    )
    assert not any(m.startswith("content/nl-NL/treinen.md") and "nl-NL link" in m for m in messages)


def test_the_themes_switcher_and_fallback_pages_check_clean(tmp_path: Path) -> None:
    config = CONFIG + "untranslated: fallback\n"
    files = {
        "site.yaml": config,
        "content/it-IT/a.md": post("A", body="[NL](/nl/treinen/#vertrek)"),
    }
    root = _site(tmp_path / "site", **files)
    assert _messages(root) == [
        f"content/it-IT/a.md:{_line(root, 'content/it-IT/a.md', '[NL]')}: links to the Dutch 'Treinen'; its Italian translation is "
        "/it/treni/ [it/a/index.html]"
    ]
