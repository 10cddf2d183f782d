"""The engine is generic: any set of locales, and nothing in it names this site."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import REPO, post, run_cli
from htmldoc import alternates, parse_file
from htmldoc import switcher_links as switcher

THREE_LOCALES = """\
title: {it-IT: Blog di prova, nl-NL: Testblog, en-GB: Test blog}
base_url: https://three.example.test/
default_locale: en-GB
locales:
  it-IT: {prefix: it, related_heading: Articoli correlati}
  nl-NL: {prefix: nl, related_heading: Gerelateerde artikelen}
  en-GB: {prefix: en, related_heading: Further reading}
related_count: 2
"""

ONE_LOCALE = """\
title: Nur Deutsch
base_url: https://one.example.test/blog/
locales:
  de-DE: {prefix: de}
"""

# A German site needs its own catalog; one message is enough to prove the lookup.
GERMAN_PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "Back to the blog"
msgstr "Zurück zum Blog"
"""


def test_three_locale_site_links_each_translation_group(site, tmp_path: Path) -> None:
    root = site(
        {
            "site.yaml": THREE_LOCALES,
            "content/it-IT/ciao.md": post("Ciao", translation_key="hello"),
            "content/nl-NL/hallo.md": post("Hallo", translation_key="hello"),
            "content/en-GB/hello.md": post("Hello", translation_key="hello"),
            "content/it-IT/solo.md": post("Solo in italiano", date="2024-03-01"),
            "content/en-GB/pair.md": post("Pair", translation_key="pair"),
            "content/nl-NL/paar.md": post("Paar", translation_key="pair"),
        }
    )
    out = tmp_path / "out"
    result = run_cli("build", "--site", str(root), "--out", str(out))
    assert result.returncode == 0, result.stderr
    origin = "https://three.example.test"
    hello = {"it-IT": "/it/ciao/", "nl-NL": "/nl/hallo/", "en-GB": "/en/hello/"}
    for code, url in hello.items():
        doc = parse_file(out / url.strip("/") / "index.html")
        assert doc.find("html").get("lang") == code
        assert alternates(doc) == {
            **{c: origin + u for c, u in hello.items()},
            "x-default": origin + "/",
        }
        assert switcher(doc) == {c: u for c, u in hello.items() if c != code}

    pair = parse_file(out / "en/pair/index.html")
    assert alternates(pair) == {
        "nl-NL": origin + "/nl/paar/",
        "en-GB": origin + "/en/pair/",
        "x-default": origin + "/",
    }
    assert switcher(pair) == {"it-IT": "/it/", "nl-NL": "/nl/paar/"}

    solo = parse_file(out / "it/solo/index.html")
    assert alternates(solo) == {"it-IT": origin + "/it/solo/", "x-default": origin + "/"}
    assert switcher(solo) == {"nl-NL": "/nl/", "en-GB": "/en/"}
    # One hidden suggestion per other locale, each in its own language.
    boxes = {box.get("lang"): box for box in solo.find_all("aside", cls="region-suggestion")}
    assert set(boxes) == {"nl-NL", "en-GB"}
    assert "Is this region a better fit for you?" in boxes["en-GB"].text()
    assert "Past deze regio beter bij je?" in boxes["nl-NL"].text()

    english = parse_file(out / "en/hello/index.html")
    assert "Back to the blog" in english.find("p", cls="back-link").text()
    assert english.find("h2", id="related-heading").text() == "Further reading"
    root_page = parse_file(out / "index.html")
    assert root_page.find("html").get("lang") == "en-GB"
    assert {a.get("href") for a in root_page.find("ul", cls="language-choice").find_all("a")} == {
        "/it/",
        "/nl/",
        "/en/",
    }


def test_single_locale_site_builds_without_switcher_targets(site, tmp_path: Path) -> None:
    root = site(
        {
            "site.yaml": ONE_LOCALE,
            "locales/de/LC_MESSAGES/messages.po": GERMAN_PO,
            "content/de-DE/hallo.md": post("Hallo Welt"),
        }
    )
    out = tmp_path / "out"
    result = run_cli("build", "--site", str(root), "--out", str(out))
    assert result.returncode == 0, result.stderr
    doc = parse_file(out / "de/hallo/index.html")
    assert doc.find("html").get("lang") == "de-DE"
    assert alternates(doc) == {
        "de-DE": "https://one.example.test/blog/de/hallo/",
        "x-default": "https://one.example.test/blog/",
    }
    assert switcher(doc) == {}
    assert not doc.find_all(cls="region-suggestion")
    assert doc.find("p", cls="back-link").find("a").get("href") == "/blog/de/"
    assert "Zurück zum Blog" in doc.find("p", cls="back-link").text()
    assert doc.find("p", cls="article-meta").find("time").text() == "2. Januar 2024"


def test_engine_source_names_nothing_of_this_site() -> None:
    words = ("Moments", "momenti", "CM.com", "it-IT", "nl-NL")
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    engine = REPO / "src/mot_blog"
    hits = []
    for path in sorted(engine.rglob("*")):
        rel = path.relative_to(engine)
        if not path.is_file() or rel.parts[:2] == ("theme", "locales") or path.suffix == ".pyc":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                hits.append(f"src/mot_blog/{rel.as_posix()}:{number}: {line.strip()}")
    assert not hits, "the engine mentions this site:\n" + "\n".join(hits)
