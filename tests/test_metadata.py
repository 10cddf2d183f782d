"""Head metadata on every page: lang, canonical, description, Open Graph, Twitter, JSON-LD."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from listing_site import built, front, page

from mot_blog.render.meta import json_for_script, og_locale

ORIGIN = "https://blog.example.test"


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return built(tmp_path_factory.mktemp("meta"))


def all_pages(out: Path) -> list[str]:
    return sorted(str(p.relative_to(out)) for p in out.rglob("*.html"))


def test_every_page_has_lang_canonical_description_and_social_tags(out: Path) -> None:
    for rel in all_pages(out):
        p = page(out, rel)
        (html,) = p.find("html")
        assert html["lang"] in ("it-IT", "nl-NL"), rel
        (canonical,) = p.find("link", rel="canonical")
        assert str(canonical["href"]).startswith(ORIGIN + "/"), rel
        assert p.meta("description") and p.meta("description")[0], rel
        for key in (
            "og:type",
            "og:title",
            "og:url",
            "og:locale",
            "og:image",
            "og:description",
            "twitter:card",
            "twitter:title",
            "twitter:image",
        ):
            assert len(p.meta(key)) == 1 and p.meta(key)[0], (rel, key)
        assert p.meta("og:url") == [canonical["href"]], rel
        assert p.meta("og:image")[0].startswith(ORIGIN + "/"), rel
        assert p.meta("twitter:card") == ["summary_large_image"]
        assert p.meta("og:locale") == [str(html["lang"]).replace("-", "_")], rel


def test_og_type_is_article_on_articles_and_website_elsewhere(out: Path) -> None:
    assert page(out, "it/uno/").meta("og:type") == ["article"]
    for rel in ("", "it/", "it/pagina/2/", "it/categoria/notizie/", "nl/404.html"):
        assert page(out, rel).meta("og:type") == ["website"], rel


def test_og_locale_alternates_list_only_existing_translations(out: Path) -> None:
    assert page(out, "it/cinque/").meta("og:locale:alternate") == ["nl_NL"]
    assert page(out, "nl/vijf/").meta("og:locale:alternate") == ["it_IT"]
    assert page(out, "it/uno/").meta("og:locale:alternate") == []
    assert page(out, "it/tag/servizio-clienti/").meta("og:locale:alternate") == ["nl_NL"]


def test_an_svg_picture_is_shared_as_the_articles_card_and_listings_share_the_sites(
    out: Path,
) -> None:
    # SVG: no network shows it (tests/test_social_cards.py has the cards themselves).
    uno = page(out, "it/uno/")
    assert uno.meta("og:image")[0].startswith(f"{ORIGIN}/it/uno/card.")
    assert uno.meta("og:image:alt") == ["Uno – Test Blog"]
    assert page(out, "it/").meta("og:image")[0].startswith(f"{ORIGIN}/it/card.")


def test_articles_say_when_they_were_published_and_changed(out: Path) -> None:
    vijf = page(out, "nl/vijf/")
    assert vijf.meta("article:published_time") == ["2024-02-05T00:00:00+00:00"]
    assert vijf.meta("article:modified_time") == ["2024-03-01T00:00:00+00:00"]
    assert page(out, "nl/").meta("article:published_time") == []


def test_listing_descriptions_are_translated(out: Path) -> None:
    assert page(out, "it/categoria/notizie/").meta("description") == [
        "Articoli nella categoria Notizie su Test Blog."
    ]
    assert page(out, "nl/tag/klantenservice/").meta("description") == [
        "Artikelen met de tag klantenservice op Test Blog."
    ]


def blog_posting(out: Path, rel: str) -> dict:
    (data,) = page(out, rel).json_ld()
    assert data["@context"] == "https://schema.org" and data["@type"] == "BlogPosting"
    return data


def test_articles_describe_themselves_as_blog_postings(out: Path) -> None:
    data = blog_posting(out, "nl/vijf/")
    assert data["headline"] == "Vijf"
    assert data["description"] == "Un riassunto."
    assert data["datePublished"] == "2024-02-05T00:00:00+00:00"
    assert data["dateModified"] == "2024-03-01T00:00:00+00:00"
    assert data["inLanguage"] == "nl-NL"
    assert data["url"] == f"{ORIGIN}/nl/vijf/"
    assert (
        data["publisher"]["@type"] == "Organization"
        and data["publisher"]["name"] == "Example Media"
    )
    assert data["publisher"]["logo"]["url"].startswith(f"{ORIGIN}/images/logo.")
    assert blog_posting(out, "it/uno/")["image"].startswith(f"{ORIGIN}/images/uno.")


def test_author_is_a_person_with_linkedin_or_the_publisher(out: Path) -> None:
    assert blog_posting(out, "it/uno/")["author"] == {
        "@type": "Person",
        "name": "Ada Rossi",
        "sameAs": ["https://www.linkedin.com/in/ada-rossi/"],
    }
    tre = blog_posting(out, "it/tre/")["author"]
    assert tre["@type"] == "Organization" and tre["name"] == "Example Media"


def test_translations_point_at_the_earliest_version_and_back(out: Path) -> None:
    original, translation = blog_posting(out, "it/cinque/"), blog_posting(out, "nl/vijf/")
    assert [w["url"] for w in original["workTranslation"]] == [f"{ORIGIN}/nl/vijf/"]
    assert "translationOfWork" not in original
    assert translation["translationOfWork"]["url"] == f"{ORIGIN}/it/cinque/"
    assert translation["translationOfWork"]["inLanguage"] == "it-IT"
    assert "workTranslation" not in translation
    alone = blog_posting(out, "it/tre/")
    assert "workTranslation" not in alone and "translationOfWork" not in alone


def test_only_articles_carry_json_ld(out: Path) -> None:
    for rel in ("", "it/", "it/categoria/notizie/", "it/404.html"):
        assert page(out, rel).json_ld() == [], rel


def test_a_title_that_closes_the_script_stays_inside_and_round_trips(tmp_path: Path) -> None:
    title = 'Breaking </script><script>alert("x")</script> & <!-- more'
    out = built(tmp_path, {"content/it-IT/trappola.md": front(title, "2024-01-09")})
    p = page(out, "it/trappola/")
    (data,) = p.json_ld()
    assert data["headline"] == title
    # theme.js, site.js and the JSON-LD: nothing injected
    assert p.text.count("<script") == 3
    opening = '<script type="application/ld+json">'
    body = p.text[p.text.index(opening) + len(opening) :]
    body = body[: body.index("</script>")]
    assert "<" not in body and ">" not in body and "&" not in body
    assert json.loads(body)["headline"] == title


def test_json_for_script_escapes_markup_characters_as_json_escapes() -> None:
    text = json_for_script({"a": "</script> & <b>"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script> & <b>"}


def test_og_locale_uses_the_underscore_form() -> None:
    assert og_locale("it-IT") == "it_IT" and og_locale("nl-NL") == "nl_NL"
