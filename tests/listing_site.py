"""A small two-locale site for the listing, feed, sitemap and metadata tests, and
helpers that build it in-process and read its pages back.

Italian has five posts in one category (three index pages of two, with the one
untranslated Dutch post as a badge card), one of them translated into Dutch.
"""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser
from pathlib import Path

from mot_blog.build import build
from mot_blog.model.assemble import BuildOptions

NOW = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)
"""The build moment of these tests: posts dated later are "future"."""

CONFIG = """\
title: Test Blog
base_url: https://blog.example.test/
default_locale: it-IT
locales:
  it-IT: {prefix: it, category_path: categoria, page_path: pagina}
  nl-NL: {prefix: nl, category_path: categorie, page_path: pagina}
posts_per_page: 2
related_count: 2
untranslated: badge
"""

TERMS = """\
categories:
  news: {it-IT: Notizie, nl-NL: Nieuws}
tags:
  service: {it-IT: servizio clienti, nl-NL: klantenservice}
"""

AUTHORS = """\
ada:
  name: Ada Rossi
  linkedin: https://www.linkedin.com/in/ada-rossi/
"""

PUBLISHER = """\
name: Example Media
url: https://media.example.test/
logo: images/logo.svg
"""

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="2" height="1"/>'


def front(
    title: str, date: str, category: str = "Notizie", body: str = "Un paragrafo.", **fields
) -> str:
    """A post file; ``fields`` become more front-matter lines (values written as given)."""
    lines = [
        f"title: {json.dumps(title)}",
        f"date: {date}",
        "summary: Un riassunto.",
        f"category: {category}",
    ]
    lines += [f"{key}: {value}" for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n"


def listing_files() -> dict[str, str | bytes]:
    """The files of the test site."""
    return {
        "site.yaml": CONFIG,
        "content/terms.yaml": TERMS,
        "content/authors.yaml": AUTHORS,
        "content/publisher.yaml": PUBLISHER,
        "static/images/logo.svg": SVG,
        "static/images/uno.svg": SVG,
        "content/it-IT/uno.md": front(
            "Uno",
            "2024-01-01",
            tags="[servizio clienti]",
            image="images/uno.svg",
            image_alt="Un'immagine",
            author="ada",
            body="![Figura](/images/uno.svg)\n\nTesto.",
        ),
        "content/it-IT/due.md": front(
            "Due", "2024-01-02", tags="[servizio clienti, solo italiano]"
        ),
        "content/it-IT/tre.md": front("Tre", "2024-01-03"),
        "content/it-IT/quattro.md": front("Quattro", "2024-01-04"),
        "content/it-IT/cinque.md": front(
            "Cinque", "2024-01-05", translation_key="five", author="ada", tags="[servizio clienti]"
        ),
        "content/nl-NL/vijf.md": front(
            "Vijf",
            "2024-02-05",
            category="Nieuws",
            translation_key="five",
            tags="[klantenservice]",
            updated="2024-03-01",
        ),
        "content/nl-NL/alleen.md": front("Alleen Nederlands", "2024-01-10", category="Nieuws"),
    }


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` under ``root``."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def build_site(root: Path, out: Path, **options) -> Path:
    """Build ``root`` into ``out`` at :data:`NOW` (``drafts=``/``future=`` as the CLI flags)."""
    build(root, out, BuildOptions(now=NOW, **options))
    return out


def built(tmp_path: Path, extra: dict[str, str | bytes] | None = None, **options) -> Path:
    """The test site (plus ``extra`` files), built; returns the output folder."""
    root = write(tmp_path / "site", {**listing_files(), **(extra or {})})
    return build_site(root, tmp_path / "out", **options)


class Page(HTMLParser):
    """The elements of an HTML page as ``(tag, attrs)``, and the text of its scripts."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict[str, str | None] | None = None
        self.text = text
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))

    def handle_data(self, data):
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        """Attributes of every ``tag`` element whose attributes include ``attrs``."""
        return [
            a
            for t, a in self.elements
            if t == tag
            and all(a.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items())
        ]

    def meta(self, key: str) -> list[str]:
        """``content`` of ``<meta property=key>`` or ``<meta name=key>``."""
        return [
            str(a.get("content"))
            for t, a in self.elements
            if t == "meta" and key in (a.get("property"), a.get("name"))
        ]

    def hreflangs(self) -> dict[str, str]:
        """``hreflang -> href`` of the page's language alternates (feeds left out)."""
        return {
            str(a["hreflang"]): str(a["href"])
            for a in self.find("link", rel="alternate")
            if a.get("hreflang") and not a.get("type")
        }

    def json_ld(self) -> list[dict]:
        """Every JSON-LD block, parsed."""
        return [
            json.loads(text)
            for attrs, text in self.scripts
            if attrs.get("type") == "application/ld+json"
        ]


def page(out: Path, rel: str) -> Page:
    """Parse ``out/rel`` (a folder means its ``index.html``)."""
    path = out / rel
    if path.is_dir() or rel.endswith("/") or rel == "":
        path = path / "index.html"
    return Page(path.read_text(encoding="utf-8"))


def card_titles(p: Page) -> list[str]:
    """Titles of the cards on a listing page, in order (from the card title links)."""
    titles = []
    inside = False

    class Titles(HTMLParser):
        def handle_starttag(self, tag, attrs):
            nonlocal inside
            if tag.startswith("h") and ("class", "card-title") in attrs:
                inside = True

        def handle_data(self, data):
            if inside and data.strip():
                titles.append(data.strip())

        def handle_endtag(self, tag):
            nonlocal inside
            if tag.startswith("h"):
                inside = False

    Titles().feed(p.text)
    return titles
