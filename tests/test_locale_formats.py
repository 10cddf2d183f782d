"""What CLDR gives each locale: its direction, its name beside another locale of its
language, its digits and dates, and whether its words are counted or its characters."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel import Locale, localedata
from conftest import post, write_site

from mot_blog.build import build
from mot_blog.errors import BuildFailed
from mot_blog.load.i18n import NATIVE_ZERO, format_number, long_date
from mot_blog.load.locales import _naming, own_language_name, text_direction
from mot_blog.markup.text import reading_measure, separates_words
from mot_blog.render.base import switcher_fits_inline


@pytest.mark.parametrize(
    ("code", "direction"),
    [
        ("ar", "rtl"),
        ("he", "rtl"),
        ("fa-IR", "rtl"),
        ("ur", "rtl"),
        ("ja", "ltr"),
        ("it-IT", "ltr"),
    ],
)
def test_direction_comes_from_cldr(code: str, direction: str) -> None:
    assert text_direction(code) == direction


def test_locales_of_one_language_are_named_by_what_tells_them_apart() -> None:
    codes = ["zh-CN", "zh-TW", "pt-BR", "pt-PT", "ja"]
    named = _naming({code: Locale.parse(code, sep="-") for code in codes})
    names = {code: own_language_name(code, named[code]) for code in codes}
    assert names == {
        "zh-CN": "简体中文",
        "zh-TW": "繁體中文",
        "pt-BR": "Português (Brasil)",
        "pt-PT": "Português europeu",
        "ja": "日本語",
    }


def test_every_default_numbering_system_of_cldr_has_its_digits() -> None:
    defaults = {
        Locale.parse(name).default_numbering_system for name in localedata.locale_identifiers()
    }
    assert defaults - {"latn"} <= set(NATIVE_ZERO), "a newer CLDR has a system to add"


@pytest.mark.parametrize(
    ("code", "number", "date"),
    [
        ("fa", "۱۲٬۳۴۵", "۱۷ مه ۲۰۲۴"),
        ("ar-EG", "١٢٬٣٤٥", "١٧ مايو ٢٠٢٤"),
        ("ar", "12,345", "17 مايو 2024"),
        ("it-IT", "12.345", "17 maggio 2024"),
        ("ja", "12,345", "2024年5月17日"),
    ],
)
def test_numbers_and_dates_use_the_locales_own_digits(code: str, number: str, date: str) -> None:
    import datetime as dt

    locale = Locale.parse(code, sep="-")
    assert format_number(12345, locale) == number
    assert long_date(dt.date(2024, 5, 17), locale) == date


def test_a_date_format_that_is_no_date_pattern_is_a_problem(tmp_path: Path) -> None:
    config = (
        "title: T\nbase_url: https://x.example.test/\nlocales:\n"
        "  it-IT: {date_format: 'HH:mm'}\n  nl-NL: {date_format: 'EEEE d MMMM'}\n"
    )
    root = write_site(tmp_path / "site", {"site.yaml": config, "content/it-IT/a.md": post()})
    with pytest.raises(BuildFailed) as failure:
        build(root, tmp_path / "out", workers=1)
    assert [str(p) for p in failure.value.problems] == [
        "site.yaml:4: date_format 'HH:mm' is not a date format: use short, medium, long, "
        "full or a CLDR date pattern such as 'd MMMM y'"
    ]


@pytest.mark.parametrize(
    ("name", "separates"),
    [
        ("日本語", False),
        ("中文", False),
        ("ไทย", False),
        ("ລາວ", False),
        ("한국어", True),
        ("العربية", True),
        ("हिन्दी", True),
        ("Italiano", True),
    ],
)
def test_which_languages_count_characters_comes_from_unicode_line_breaking(
    name: str, separates: bool
) -> None:
    assert separates_words(name) is separates


def test_mixed_japanese_counts_its_characters_and_its_english_words() -> None:
    words, characters = reading_measure("<p>JR東日本の<b>Suica</b>は便利です。Wi-Fi は無料。</p>")
    assert (words, characters) == (3, 12)  # JR, Suica, Wi-Fi; 東日本の, は便利です, は無料


def test_the_switcher_is_inline_for_a_few_names_and_a_list_for_many() -> None:
    assert switcher_fits_inline(["Italiano", "Nederlands"])
    assert switcher_fits_inline(["Italiano", "Nederlands", "English"])
    assert not switcher_fits_inline(
        ["日本語", "简体中文", "繁體中文", "한국어", "English", "Deutsch"]
    )
