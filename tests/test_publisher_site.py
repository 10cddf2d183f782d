"""The real site (this repository) built end to end, asserted on parsed HTML."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
import yaml
from babel.messages.pofile import read_po
from conftest import REPO, run_cli
from htmldoc import Element, alternates, parse_file, switcher_links

BASE = "https://blog.cm.example"
IT_MOT = "/it/momenti-di-verita-servizi-finanziari/"
NL_MOT = "/nl/moments-of-truth-financiele-dienstverlening/"
THEME_LOCALES = REPO / "src/mot_blog/theme/locales"
ENGLISH_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    """The real site, built once for this module."""
    folder = tmp_path_factory.mktemp("real") / "public"
    result = run_cli("build", "--site", str(REPO), "--out", str(folder))
    assert result.returncode == 0, result.stderr
    return folder


def page(out: Path, url: str) -> Element:
    """The parsed page served at site-relative ``url``."""
    path = out / url.strip("/") / "index.html" if url != "/" else out / "index.html"
    assert path.is_file(), f"{url} was not built"
    return parse_file(path)


def article_pages(out: Path, prefix: str) -> list[Path]:
    """Every article page of a locale (not its index)."""
    return sorted(p for p in (out / prefix).glob("*/index.html"))


def translations(lang: str) -> dict[str, str]:
    """msgid -> msgstr of a theme catalog (plural msgids keyed by their singular)."""
    with (THEME_LOCALES / lang / "LC_MESSAGES/messages.po").open("rb") as handle:
        catalog = read_po(handle)
    result = {}
    for message in catalog:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        value = message.string[0] if isinstance(message.string, tuple) else message.string
        result[key] = value
    return result


def test_both_moments_of_truth_pages_point_at_each_other_through_hreflang(out: Path) -> None:
    expected = {"it-IT": BASE + IT_MOT, "nl-NL": BASE + NL_MOT, "x-default": BASE + "/"}
    for url in (IT_MOT, NL_MOT):
        doc = page(out, url)
        assert alternates(doc) == expected, url
        assert doc.find("link", rel="canonical").get("href") == BASE + url


def test_html_lang_is_the_pages_locale(out: Path) -> None:
    assert page(out, IT_MOT).find("html").get("lang") == "it-IT"
    assert page(out, NL_MOT).find("html").get("lang") == "nl-NL"


def test_dates_are_localized(out: Path) -> None:
    it_time = page(out, IT_MOT).find("p", cls="article-meta").find("time")
    nl_time = page(out, NL_MOT).find("p", cls="article-meta").find("time")
    assert it_time.text() == "17 maggio 2022"
    assert it_time.get("datetime", "").startswith("2022-05-17")
    assert nl_time.text() == "30 maart 2022"
    assert nl_time.get("datetime", "").startswith("2022-03-30")


def test_no_page_shows_an_english_month_name(out: Path) -> None:
    pattern = re.compile(r"\b(" + "|".join(ENGLISH_MONTHS) + r")\b")
    for path in sorted(out.rglob("*.html")):
        text = parse_file(path).text()
        assert not pattern.search(text), f"{path.relative_to(out)}: {pattern.search(text)}"


def test_reading_time_is_five_minutes_in_each_language(out: Path) -> None:
    assert "5 minuti di lettura" in page(out, IT_MOT).find("p", cls="article-meta").text()
    assert "5 minuten leestijd" in page(out, NL_MOT).find("p", cls="article-meta").text()


def test_dutch_page_has_author_card_and_byline(out: Path) -> None:
    authors = yaml.safe_load((REPO / "content/authors.yaml").read_text(encoding="utf-8"))
    author = authors["brechtje-van-houtum"]
    doc = page(out, NL_MOT)
    card = doc.find("aside", cls="author-card")
    assert author["name"] in card.find(cls="profile-name").text()
    assert author["role"]["nl-NL"] in card.text()
    assert author["bio"]["nl-NL"] in card.text()
    assert [a.get("href") for a in card.find_all("a")] == [author["linkedin"]]
    assert card.get("aria-label") == "Over de auteur"
    assert "Door Brechtje van Houtum" in doc.find("p", cls="byline").text()
    assert not doc.find_all(cls="publisher-card")


def test_italian_page_has_publisher_card_and_no_author(out: Path) -> None:
    publisher = yaml.safe_load((REPO / "content/publisher.yaml").read_text(encoding="utf-8"))
    doc = page(out, IT_MOT)
    card = doc.find("aside", cls="publisher-card")
    assert card.find(cls="profile-name").text() == "CM.com"
    assert publisher["description"]["it-IT"] in card.text()
    assert card.get("aria-label") == "L'editore"
    assert not doc.find_all(cls="author-card")
    assert not doc.find_all(cls="byline")


@pytest.mark.parametrize("prefix", ["it", "nl"])
def test_every_article_has_related_count_cards_never_itself_or_its_translation(
    out: Path, prefix: str
) -> None:
    config = yaml.safe_load((REPO / "site.yaml").read_text(encoding="utf-8"))
    pages = article_pages(out, prefix)
    assert len(pages) == 10
    for path in pages:
        doc = parse_file(path)
        own = {urlsplit(href).path for href in alternates(doc).values()}
        cards = doc.find("section", cls="related").find_all("li", cls="card")
        assert len(cards) == config["related_count"] == 9, path
        links = [card.find(cls="card-title").find("a").get("href") for card in cards]
        assert len(set(links)) == len(links), path
        for link in links:
            assert link not in own, f"{path}: related card links to the page or its translation"
            assert link.startswith(f"/{prefix}/"), f"{path}: related card in another locale"
            assert (out / link.strip("/") / "index.html").is_file(), f"{path}: {link} missing"


def test_related_card_shows_image_date_category_title_summary_and_link(out: Path) -> None:
    card = page(out, IT_MOT).find("section", cls="related").find("li", cls="card")
    assert card.find("img", cls="card-image").get("src", "").startswith("/images/")
    assert re.fullmatch(r"\d{1,2} \w+ \d{4}", card.find("time").text())
    assert card.find(cls="card-category").text()
    assert card.find(cls="card-title").find("a").text()
    assert card.find(cls="card-summary").text()


def test_related_heading_comes_from_the_config(out: Path) -> None:
    assert page(out, IT_MOT).find("h2", id="related-heading").text() == "Articoli correlati"
    assert page(out, NL_MOT).find("h2", id="related-heading").text() == "Gerelateerde artikelen"


def test_switcher_links_to_the_translation(out: Path) -> None:
    assert switcher_links(page(out, IT_MOT)) == {"nl-NL": NL_MOT}
    assert switcher_links(page(out, NL_MOT)) == {"it-IT": IT_MOT}
    current = page(out, IT_MOT).find("nav", cls="language-switcher").find(aria_current="page")
    assert current.text() == "Italiano"


def test_switcher_on_untranslated_post_links_to_the_other_index(out: Path) -> None:
    doc = page(out, "/it/customer-service-team/")
    assert switcher_links(doc) == {"nl-NL": "/nl/"}
    assert alternates(doc) == {
        "it-IT": BASE + "/it/customer-service-team/",
        "x-default": BASE + "/",
    }


def test_every_switcher_link_resolves(out: Path) -> None:
    for path in sorted(out.rglob("index.html")):
        doc = parse_file(path)
        if path == out / "index.html":  # the root page is the choice itself, without a switcher
            links = {
                a.get("hreflang"): a.get("href")
                for a in doc.find("ul", cls="language-choice").find_all("a")
            }
        else:
            links = switcher_links(doc)
        for href in links.values():
            assert (out / href.strip("/") / "index.html").is_file(), f"{path}: {href}"


def test_region_suggestion_is_hidden_in_the_other_language_and_links_to_translation(
    out: Path,
) -> None:
    nl, it = translations("nl"), translations("it")
    for url, other, other_url, catalog in (
        (IT_MOT, "nl-NL", NL_MOT, nl),
        (NL_MOT, "it-IT", IT_MOT, it),
    ):
        box = page(out, url).find("aside", cls="region-suggestion")
        assert box.get("hidden") == ""
        assert box.get("lang") == other
        assert box.get("data-locale") == other
        assert catalog["Is this region a better fit for you?"] in box.text()
        assert box.find("a").get("href") == other_url
        assert box.find("button", data_region_dismiss="").get("aria-label") == catalog["Close"]


def test_share_links_carry_the_pages_absolute_url_percent_encoded(out: Path) -> None:
    for url in (IT_MOT, NL_MOT):
        share = page(out, url).find("section", cls="share")
        encoded = quote(BASE + url, safe="")
        hrefs = {
            (a.get("class") or "").removeprefix("share-"): a.get("href")
            for a in share.find_all("a")
        }
        assert set(hrefs) == {"linkedin", "x", "facebook", "whatsapp", "email"}
        assert hrefs["linkedin"].startswith("https://www.linkedin.com/")
        assert hrefs["x"].startswith("https://x.com/")
        assert hrefs["facebook"].startswith("https://www.facebook.com/")
        assert hrefs["whatsapp"].startswith("https://wa.me/")
        assert hrefs["email"].startswith("mailto:")
        for network, href in hrefs.items():
            assert encoded in href, network
        assert share.find("button", cls="copy-link").get("data-copy-url") == BASE + url
        assert not page(out, url).find_all("script", where=lambda s: "://" in (s.get("src") or ""))


def test_article_has_back_link_title_lead_and_interest_prompt(out: Path) -> None:
    doc = page(out, NL_MOT)
    assert doc.find("p", cls="back-link").find("a").get("href") == "/nl/"
    assert doc.find("h1").text().startswith("Dit is het moment")
    assert doc.find("div", cls="article-body").text().startswith("“Moments of Truth”")
    assert "Was dit artikel interessant?" in doc.find("section", cls="share").text()


def english_ui_strings(lang: str) -> set[str]:
    """English fragments of every UI message whose ``lang`` translation differs from it."""
    catalog = translations(lang)
    with (THEME_LOCALES / "messages.pot").open("rb") as handle:
        template = read_po(handle)
    fragments = set()
    for message in template:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        if catalog[ids[0]] == ids[0]:
            continue  # the same word in both languages ('Tags' in Dutch)
        for msgid in ids:
            fragments.update(
                part.strip(" :,()")
                for part in re.split(r"%\(\w+\)\w", msgid)
                # a fragment worth looking for has a word in it (not the '.' of '%(site)s.'),
                # and a piece of a longer message is not a word Dutch shares ('in %(language)s')
                if re.search(r"[A-Za-z]{2}", part)
                and (part.strip() == msgid.strip() or re.search(r"[A-Za-z]{4}", part))
            )
    return fragments


@pytest.mark.parametrize("lang", ["it", "nl"])
def test_no_english_ui_string_on_an_italian_or_dutch_page(out: Path, lang: str) -> None:
    fragments = english_ui_strings(lang)
    assert "Back to the blog" in fragments and "minutes read" in fragments
    patterns = {f: re.compile(r"(?<!\w)" + re.escape(f) + r"(?!\w)") for f in fragments}
    shown = ("aria-label", "title", "alt", "data-copied")
    pages = sorted(out.glob(f"{lang}/**/*.html"))
    if lang == "it":
        pages.append(out / "index.html")  # the root page speaks the default locale
    assert len(pages) > 10
    for path in pages:
        doc = parse_file(path)
        # The region prompt is in the other language, on purpose.
        # Article bodies are editors' prose (one quotes an English term); UI strings are not there.
        text = doc.text(skip=lambda e: bool({"article-body", "region-suggestion"} & e.classes))
        text += " " + " ".join(
            e.get(a) or ""
            for e in doc.iter()
            if "region-suggestion" not in e.classes
            for a in shown
        )
        for fragment, pattern in patterns.items():
            assert not pattern.search(text), f"{path.relative_to(out)} shows '{fragment}'"
