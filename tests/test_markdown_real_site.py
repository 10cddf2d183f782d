"""The repository's real site built with both Markdown engines: every page the same, or
differing only in the ways docs/markdown.md lists (:data:`ALLOWED`), which
:func:`comparable` takes out before comparing."""

from __future__ import annotations

import shutil
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import REPO

from mot_blog.build import build
from mot_blog.model.assemble import BuildOptions

ALLOWED = (
    "attributes in another order (Python-Markdown's serializer sorts them)",
    "white space between tags (where Python-Markdown puts line breaks between blocks)",
    "a character written as a reference or as itself (&copy; or ©)",
)
"""What may differ between the two engines' pages: docs/markdown.md lists the same."""


class _Tokens(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(f"<{tag} {sorted(attrs)}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.tokens.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.tokens.append(" ".join(unescape(data).split()))


def comparable(html: str) -> list[str]:
    """``html`` without the differences of :data:`ALLOWED`."""
    parser = _Tokens()
    parser.feed(html)
    parser.close()
    return parser.tokens


def real_site_copy(folder: Path, engine: str) -> Path:
    folder.mkdir(parents=True)
    for name in ("content", "static"):
        shutil.copytree(REPO / name, folder / name)
    config = (REPO / "site.yaml").read_text(encoding="utf-8")
    # the search index is the same program over the same pages: leave it out of both
    config = config.replace("search: true", "search: false")
    (folder / "site.yaml").write_text(
        config + f"\nmarkdown:\n  engine: {engine}\n", encoding="utf-8"
    )
    return folder


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("engines")
    options = BuildOptions()
    outputs = {}
    for engine in ("pulldown-cmark", "python-markdown"):
        site = real_site_copy(base / engine / "site", engine)
        outputs[engine] = base / engine / "out"
        build(site, outputs[engine], options, cache=False)
    return outputs


def test_the_real_site_is_the_same_with_both_engines(builds: dict[str, Path]) -> None:
    pulldown, python = builds["pulldown-cmark"], builds["python-markdown"]
    files = sorted(p.relative_to(pulldown) for p in pulldown.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(python) for p in python.rglob("*") if p.is_file())
    pages = [f for f in files if f.suffix in (".html", ".xml")]
    assert len(pages) > 40
    differing = []
    for name in pages:
        a, b = (pulldown / name).read_bytes(), (python / name).read_bytes()
        if a != b and comparable(a.decode()) != comparable(b.decode()):
            differing.append(str(name))
    assert differing == []


def test_the_comparison_sees_a_real_difference() -> None:
    assert comparable('<p class="a" id="b">x &copy;</p>\n') == comparable("<p id=b class=a>x ©</p>")
    assert comparable("<p>x</p>") != comparable("<p><em>x</em></p>")
