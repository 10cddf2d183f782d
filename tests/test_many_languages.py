"""A site of nine languages in five scripts (tests/data/many-languages), built end to end:
right-to-left pages, CJK URLs and reading times, distinct Chinese names and prefixes,
native digits, a locale without catalog, valid HTML and a clean check."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import MANY_LANGUAGES, REPO, run_cli
from htmldoc import alternates, parse_file

VNU = REPO / "node_modules/vnu-jar/build/dist/vnu.jar"
SHARED = {
    "it-IT": "it/il-ritorno-dei-treni-notturni",
    "nl-NL": "nl/de-terugkeer-van-de-nachttrein",
    "ar-EG": "ar/عودة-قطارات-الليل",
    "he": "he/שובן-של-רכבות-הלילה",
    "ja": "ja/夜行列車が帰ってきた",
    "zh-CN": "zh-cn/夜车回来了",
    "zh-TW": "zh-tw/夜車回來了",
    "pl": "pl/powrot-nocnych-pociagow",
    "sr": "sr/повратак-ноћних-возова",
}
"""The one article every locale has, by locale: its output folder."""
SR_WARNING = "locales/sr/LC_MESSAGES/messages.po: warning: no UI translation for sr"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path, str]:
    """The fixture site copied out of the repository (a build writes its cache beside the
    site), built once: ``(site, output, stderr)``."""
    root = tmp_path_factory.mktemp("many") / "site"
    shutil.copytree(MANY_LANGUAGES, root)
    out = root.parent / "out"
    result = run_cli("build", "--site", str(root), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return root, out, result.stderr


def page(out: Path, folder: str):
    return parse_file(out / folder / "index.html")


def test_the_only_warning_is_the_locale_without_a_catalog(built) -> None:
    _, _, stderr = built
    warnings = [line for line in stderr.splitlines() if ": warning: " in line]
    assert len(warnings) == 1 and warnings[0].startswith(SR_WARNING)


def test_check_is_clean_but_for_the_locale_without_a_catalog(built) -> None:
    root, _, _ = built
    result = run_cli("check", "--site", str(root))
    assert result.returncode == 1, result.stdout + result.stderr
    findings = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(findings) == 1 and findings[0].startswith(SR_WARNING), result.stdout


def test_every_page_is_valid_html(built) -> None:
    _, out, _ = built
    java = shutil.which("java")
    if not VNU.is_file() or java is None:
        pytest.fail("the Nu Html Checker needs node_modules/vnu-jar and java (scripts/test.sh)")
    result = subprocess.run(
        [java, "-jar", str(VNU), "--skip-non-html", "--errors-only", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


def test_right_to_left_locales_get_dir_rtl_and_the_others_none(built) -> None:
    _, out, _ = built
    for code, folder in SHARED.items():
        html = page(out, folder).find("html")
        assert html.get("lang") == code
        assert html.get("dir") == ("rtl" if code in ("ar-EG", "he") else None), code


def test_text_of_the_other_direction_is_isolated(built) -> None:
    _, out, _ = built
    hebrew_index = page(out, "he")
    foreign = [li for li in hebrew_index.find_all("li", cls="card-foreign")]
    polish = next(li for li in foreign if li.get("lang") == "pl")
    assert polish.get("dir") == "ltr"
    assert polish.find("span", cls="card-badge").get("dir") == "rtl"
    article = page(out, SHARED["ar-EG"])
    assert article.find("p", cls="byline").find("bdi").text() == "Ingrid Halvorsen"
    japanese = page(out, SHARED["ja"])
    links = japanese.find("nav", cls="language-switcher").find_all("a", lang="ar-EG")
    assert [a.get("dir") for a in links] == ["rtl"]


def test_translations_are_linked_across_every_locale_and_script(built) -> None:
    _, out, _ = built
    for code, folder in SHARED.items():
        found = alternates(page(out, folder))
        expected = {
            other: "https://many.example.test/" + quote(target, safe="/") + "/"
            for other, target in SHARED.items()
        }
        assert found == {**expected, "x-default": "https://many.example.test/"}, code


def test_chinese_locales_get_their_own_names_and_prefixes(built) -> None:
    _, out, _ = built
    root = page(out, "")
    names = {a.get("lang"): a.text() for a in root.find("ul", cls="language-choice").find_all("a")}
    assert names["zh-CN"] == "简体中文" and names["zh-TW"] == "繁體中文"
    assert names["ja"] == "日本語" and names["ar-EG"] == "العربية" and names["sr"] == "Српски"
    assert (out / "zh-cn").is_dir() and (out / "zh-tw").is_dir() and not (out / "zh").exists()


def test_the_root_page_marks_no_locale_as_current(built) -> None:
    _, out, _ = built
    root = page(out, "")
    assert not root.find_all(where=lambda e: e.get("aria-current") is not None)
    # The page is the choice: a card per locale, and no switcher above it.
    assert len(root.find("ul", cls="language-choice").find_all("a")) == len(SHARED)
    assert not root.find_all("nav", cls="language-switcher")


def test_many_locales_make_the_switcher_a_disclosure_list(built) -> None:
    _, out, _ = built
    nav = page(out, SHARED["pl"]).find("nav", cls="language-switcher")
    menu = nav.find("details", cls="language-menu")
    assert menu is not None
    assert menu.find("summary").text().strip() == "Polski"
    assert len(menu.find_all("a")) == len(SHARED) - 1
    assert menu.find("span", cls="current").get("aria-current") == "page"


def test_arabic_of_egypt_writes_its_own_digits_and_reading_times(built) -> None:
    _, out, _ = built
    meta = page(out, SHARED["ar-EG"]).find("p", cls="article-meta")
    assert meta.find("time").text() == "١٧ مايو ٢٠٢٤"
    assert "دقيقة واحدة للقراءة" in meta.text()
    status = page(out, "ar").find("span", cls="pagination-status").text()
    assert status == "الصفحة ١ من ٢"


def test_a_locale_may_choose_its_date_format(built) -> None:
    _, out, _ = built
    meta = page(out, SHARED["zh-TW"]).find("p", cls="article-meta")
    assert meta.find("time").text() == "2024年5月17日 星期五"  # date_format: full


def test_a_japanese_article_reads_in_characters(built) -> None:
    _, out, _ = built
    article = page(out, "ja/青春18きっぷで北へ")
    # About 1,900 characters at 500 a minute, and a few English words.
    assert "4分で読めます" in article.find("p", cls="article-meta").text()


def test_labels_of_every_script_have_listing_pages(built) -> None:
    _, out, _ = built
    for folder in (
        "ja/tag/駅弁",
        "ar/tag/سكك-حديدية",
        "he/category/טיולים",
        "zh-cn/tag/夜间列车",
        "zh-tw/tag/鐵道",
        "pl/tag/pociagi-nocne",
        "sr/category/путовања",
    ):
        assert (out / folder / "index.html").is_file(), folder
