"""Every label and file name has a URL: Unicode slugs by default (Latin ones as they always
were), ASCII ones with ``slugs: ascii``, percent-encoded where a URI must be, and a
problem, never ``/tag//`` or a made-up ``post``, where nothing is left to make one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import post, run_cli, write_site
from htmldoc import alternates, parse_file

from mot_blog.build import build
from mot_blog.errors import BuildFailed
from mot_blog.model.urls import slugify

JAPANESE = """\
title: ブログ
base_url: https://blog.example.test/
locales:
  ja: {}
{extra}"""


JA_PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"

msgid "Back to the blog"
msgstr "ブログに戻る"
"""


@pytest.mark.parametrize(
    ("text", "unicode", "ascii"),
    [
        ("Customer Experience", "customer-experience", "customer-experience"),
        ("momenti di verità", "momenti-di-verita", "momenti-di-verita"),
        ("Łódź i Straße", "lodz-i-strasse", "lodz-i-strasse"),
        ("日本語の記事", "日本語の記事", "ri-ben-yu-no-ji-shi"),
        ("カスタマー体験", "カスタマー体験", "kasutama-ti-yan"),
        ("中文（繁體）", "中文-繁體", "zhong-wen-fan-ti"),
        ("Привет, мир", "привет-мир", "privet-mir"),
        ("الذكاء الاصطناعي", "الذكاء-الاصطناعي", "ldhk-lstn-y"),
        ("שלום עולם", "שלום-עולם", "slvm-vlm"),
        ("नमस्ते दुनिया", "नमस्ते-दुनिया", "nmste-duniya"),
        ("한국어 블로그", "한국어-블로그", "hangugeo-beullogeu"),
        ("C++ & Rust", "c-rust", "c-rust"),
        ("!!!", "", ""),
        ("🎉🎉", "", "tada-tada"),
    ],
)
def test_labels_of_every_script_make_slugs(text: str, unicode: str, ascii: str) -> None:
    assert slugify(text) == unicode
    assert slugify(text, "ascii") == ascii


def test_unicode_slugs_are_nfc_and_keep_the_marks_of_their_script() -> None:
    decomposed = "\u304b\u3099"  # か + combining voiced mark: が as a Mac file name spells it
    assert slugify(decomposed) == "\u304c"
    assert slugify("Ве\u0438\u0306") == "вей"  # й keeps its breve: not a Latin accent


def ja_post(title: str, category: str = "日記", tags: str = "[]", body: str = "本文。") -> str:
    """A Japanese post file."""
    return (
        f"---\ntitle: {title}\ndate: 2024-01-02\nsummary: 要約。\ncategory: {category}\n"
        f"tags: {tags}\n---\n\n{body}\n"
    )


def _build(tmp_path: Path, files: dict[str, str], extra: str = "") -> Path:
    root = write_site(
        tmp_path / "site",
        {
            "site.yaml": JAPANESE.replace("{extra}", extra),
            "locales/ja/LC_MESSAGES/messages.po": JA_PO,
            **files,
        },
    )
    out = tmp_path / "out"
    build(root, out, workers=1)
    return out


def test_japanese_file_names_and_labels_get_unicode_urls_encoded_where_a_uri_must_be(
    tmp_path: Path,
) -> None:
    out = _build(
        tmp_path,
        {"content/ja/東京の朝.md": ja_post("東京の朝", "旅行", "[鉄道, カメラ]")},
    )
    page = out / "ja/東京の朝/index.html"
    assert page.is_file()
    assert (out / "ja/category/旅行/index.html").is_file()
    assert (out / "ja/tag/カメラ/index.html").is_file()
    doc = parse_file(page)
    encoded = "https://blog.example.test/ja/%E6%9D%B1%E4%BA%AC%E3%81%AE%E6%9C%9D/"
    assert doc.find("link", rel="canonical").get("href") == encoded
    assert alternates(doc)["ja"] == encoded
    assert doc.find("meta", property="og:url").get("content") == encoded
    # Links in the page are IRIs, as written.
    assert doc.find("a", cls="article-category").get("href") == "/ja/category/旅行/"
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert encoded in sitemap and "東京" not in sitemap
    feed = (out / "ja/feed.xml").read_text(encoding="utf-8")
    assert f'href="{encoded}"' in feed
    json_ld = page.read_text(encoding="utf-8").split('type="application/ld+json">')[1]
    assert encoded in json_ld.split("</script>")[0]


def test_ascii_slugs_transliterate(tmp_path: Path) -> None:
    out = _build(
        tmp_path,
        {"content/ja/東京の朝.md": ja_post("東京の朝", "旅行", "[カメラ]")},
        extra="slugs: ascii\n",
    )
    assert (out / "ja/dong-jing-no-chao/index.html").is_file()
    assert (out / "ja/category/lu-xing/index.html").is_file()
    assert (out / "ja/tag/kamera/index.html").is_file()


def test_a_file_name_without_letters_is_a_problem_not_a_made_up_slug(tmp_path: Path) -> None:
    with pytest.raises(BuildFailed) as failure:
        _build(tmp_path, {"content/ja/🎉.md": post("お祝い")})
    assert [str(p) for p in failure.value.problems] == [
        "content/ja/🎉.md:1: the file name '🎉' has no letters or digits a URL can use; "
        "set 'slug:' in the front matter (or rename the file)"
    ]


def test_a_written_slug_may_be_unicode_but_must_be_one(tmp_path: Path) -> None:
    out = _build(tmp_path, {"content/ja/a.md": post("朝", slug="東京の朝")})
    assert (out / "ja/東京の朝/index.html").is_file()
    with pytest.raises(BuildFailed) as failure:
        _build(tmp_path, {"content/ja/b.md": post("朝", slug="'東京 の朝'")})
    assert [str(p) for p in failure.value.problems] == [
        "content/ja/b.md:6: slug '東京 の朝' must be lowercase letters, digits and dashes, "
        "e.g. '東京-の朝'"
    ]


def test_a_terms_label_without_letters_names_the_fix(tmp_path: Path) -> None:
    terms = "tags:\n  party: {ja: '🎉'}\n"
    with pytest.raises(BuildFailed) as failure:
        _build(tmp_path, {"content/ja/a.md": post("朝"), "content/terms.yaml": terms})
    assert [str(p) for p in failure.value.problems] == [
        "content/terms.yaml:2: term 'party': the label '🎉' in ja has no letters or digits a "
        "URL can use; write it as {label: '🎉', slug: ...}"
    ]


def test_check_resolves_links_to_unicode_folders(tmp_path: Path) -> None:
    root = write_site(
        tmp_path / "site",
        {
            "site.yaml": JAPANESE.replace("{extra}", ""),
            "locales/ja/LC_MESSAGES/messages.po": JA_PO,
            "content/ja/東京の朝.md": ja_post("東京の朝", "旅行", "[鉄道]"),
            "content/ja/b.md": ja_post(
                "次", body="[前の記事](/ja/東京の朝/)と[旅行](/ja/category/%E6%97%85%E8%A1%8C/)"
            ),
        },
    )
    result = run_cli("check", "--site", str(root))
    findings = [line for line in result.stdout.splitlines() if re.match(r"\S+:\d*:? ", line)]
    # (the theme's Japanese catalog has every message the site's leaves out: check is clean)
    assert result.returncode == 0 and findings == [], result.stdout
