"""Hostile content stays content.

Every text an editor controls — site title, post title, summary, category, tag,
image alt and credit, author name, role and bio, publisher name and
description — is set to a payload with ``<script>``, ``</script>``, quotes,
``]]>``, ``&`` and ``javascript:``. The built site is then checked generically,
file by file, so that outputs added later (JSON-LD, Atom, sitemap, search
index) are covered too:

* HTML: no ``<script>`` other than ours (our asset, or JSON-LD that parses),
  no attribute value that is a ``javascript:`` URL, no ``on*`` handler; and
  every text or attribute holding a payload holds it whole (escaped once, not
  twice, not cut);
* XML: parses with ElementTree, and every text holding a payload holds it whole
  (HTML payloads of ``type="html"`` elements are checked as HTML);
* JSON: parses, and every string holding a payload holds it whole.

Slugs and file names with ``..``, ``/``, a drive letter, a backslash or a NUL
never write outside the output folder; ``allow_raw_html: false`` escapes raw
HTML in Markdown.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import MINIMAL_CONFIG, post, write_site

from mot_blog.build import build
from mot_blog.errors import BuildFailed
from mot_blog.publish.paths import safe_relative

PAYLOAD = '<script>alert("x")</script> </script> ]]> " \' & javascript:alert(1) <!--'
FIELDS = [
    "site",
    "title",
    "summary",
    "category",
    "tag",
    "alt",
    "credit",
    "name",
    "role",
    "bio",
    "publisher",
    "description",
]
HOSTILE = {field: f"{PAYLOAD} {field}-END" for field in FIELDS}
MARKER = re.compile(r"\b(" + "|".join(FIELDS) + r")-END\b")
_SCRIPTISH = re.compile(r"[\x00-\x20]+")
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>'


def _yaml(text: str) -> str:
    return json.dumps(text)  # JSON strings are YAML strings


def hostile_site(root: Path) -> Path:
    config = MINIMAL_CONFIG.replace("title: Test Blog", f"title: {_yaml(HOSTILE['site'])}")
    authors = (
        "eve:\n"
        f"  name: {_yaml(HOSTILE['name'])}\n"
        "  avatar: images/eve.svg\n"
        '  linkedin: https://www.linkedin.com/in/eve/?a="1"&b=<2>\n'
        f"  role: {_yaml(HOSTILE['role'])}\n"
        f"  bio: {_yaml(HOSTILE['bio'])}\n"
    )
    publisher = (
        f'name: {_yaml(HOSTILE["publisher"])}\nurl: https://example.test/?q="x"\n'
        f"description: {_yaml(HOSTILE['description'])}\n"
    )
    front = {
        "title": HOSTILE["title"],
        "date": "2024-01-02",
        "summary": HOSTILE["summary"],
        "category": HOSTILE["category"],
        "tags": [HOSTILE["tag"]],
        "image": "images/hero.svg",
        "image_alt": HOSTILE["alt"],
        "image_credit": HOSTILE["credit"],
        "author": "eve",
        "translation_key": "evil",
    }
    body = "Corpo con [un link](https://example.test/?a=1&b=2) e `<script>codice</script>`.\n"
    without_author = {k: v for k, v in front.items() if k != "author"}
    return write_site(
        root,
        {
            "site.yaml": config,
            "content/authors.yaml": authors,
            "content/publisher.yaml": publisher,
            "content/it-IT/evil.md": "---\n" + json.dumps(front) + "\n---\n" + body,
            "content/nl-NL/evil.md": "---\n" + json.dumps(without_author) + "\n---\n" + body,
            "static/images/hero.svg": SVG,
            "static/images/eve.svg": SVG,
        },
    )


# ---- generic checks of a built folder ----------------------------------------------------------


class _Scan(HTMLParser):
    """Scripts, attributes and texts of one HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[dict[str, str], str]] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.texts: list[str] = []
        self._script: dict[str, str] | None = None
        self._script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.attributes += [(tag, name, value) for name, value in values.items()]
        if tag == "script":
            self._script, self._script_text = values, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._script_text)))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)
        else:
            self.texts.append(data)


def assert_whole(value: str, where: str) -> None:
    """A value that holds a payload's end marker holds the whole payload."""
    for match in MARKER.finditer(value):
        expected = HOSTILE[match.group(1)]
        assert expected in value or expected in unquote(value), (
            f"{where}: damaged payload in {value!r}"
        )


def check_html(text: str, where: str, our_scripts: re.Pattern[str]) -> None:
    scan = _Scan()
    scan.feed(text)
    scan.close()
    for attrs, content in scan.scripts:
        if attrs.get("type") == "application/ld+json":
            data = json.loads(content)
            for string in _strings(data):
                assert_whole(string, f"{where} JSON-LD")
        else:
            assert our_scripts.fullmatch(attrs.get("src", "")), (
                f"{where}: foreign <script> {attrs} {content[:80]!r}"
            )
    for tag, name, value in scan.attributes:
        assert not name.startswith("on"), f"{where}: event handler {name} on <{tag}>"
        squeezed = _SCRIPTISH.sub("", value).lower()
        assert not squeezed.startswith(("javascript:", "vbscript:", "data:text/html")), (
            f"{where}: <{tag} {name}={value!r}>"
        )
        assert_whole(value, f"{where} <{tag} {name}>")
    for text in scan.texts:
        assert_whole(text, where)


def _strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for key, value in data.items() for s in _strings(key) + _strings(value)]
    if isinstance(data, list):
        return [s for item in data for s in _strings(item)]
    return []


def check_output(out: Path) -> int:
    """Check every file of a built folder; returns how many payloads were seen."""
    our_scripts = re.compile(r"(https?://[^/]+)?/js/[\w.-]+\.js")
    seen = 0
    for path in sorted(out.rglob("*")):
        if not path.is_file():
            continue
        where = path.relative_to(out).as_posix()
        if path.suffix in (".png", ".jpg"):
            continue  # social cards: pictures of the text, never read as markup
        text = path.read_bytes().decode("utf-8")
        seen += len(MARKER.findall(text))
        if path.suffix == ".html":
            check_html(text, where, our_scripts)
        elif path.suffix == ".xml":
            root = ElementTree.fromstring(text)
            for element in root.iter():
                if element.get("type") in ("html", "xhtml") and element.text:
                    check_html(element.text, f"{where} <{element.tag}>", our_scripts)
                    assert_whole(unescape(element.text), where)
                else:
                    assert_whole(element.text or "", f"{where} <{element.tag}>")
                for value in element.attrib.values():
                    assert_whole(value, f"{where} <{element.tag}>")
        elif path.suffix == ".json":
            for string in _strings(json.loads(text)):
                assert_whole(string, where)
    return seen


# ---- tests -------------------------------------------------------------------------------------


def test_hostile_text_is_escaped_everywhere_it_lands(tmp_path: Path) -> None:
    root = hostile_site(tmp_path / "site")
    out = tmp_path / "out"
    build(root, out)
    assert check_output(out) > 0
    page = (out / "it/evil/index.html").read_text("utf-8")
    scan = _Scan()
    scan.feed(page)
    visible = "".join(scan.texts)
    for field in ("title", "category", "tag", "name", "role", "bio", "credit"):
        assert HOSTILE[field] in visible, f"{field} does not read back as written"
    attributes = {(name, value) for _tag, name, value in scan.attributes}
    assert ("alt", HOSTILE["alt"]) in attributes
    assert ("content", HOSTILE["summary"]) in attributes
    assert "<script>alert" not in page.replace("&lt;script&gt;alert", "")


def test_checker_catches_an_unescaped_payload(tmp_path: Path) -> None:
    """The generic scan is not vacuous: a raw payload in a page fails it."""
    out = tmp_path / "out"
    (out / "it").mkdir(parents=True)
    (out / "it/index.html").write_text(f"<p>{HOSTILE['title']}</p>")
    with pytest.raises(AssertionError, match="foreign <script>"):
        check_output(out)
    (out / "it/index.html").write_text('<a href=" java&#9;script:alert(1)">x</a>')
    with pytest.raises(AssertionError, match="java"):
        check_output(out)
    (out / "it/index.html").write_text(f"<p>{HOSTILE['title'].replace('<', '&amp;lt;')}</p>")
    with pytest.raises(AssertionError, match="damaged payload"):
        check_output(out)


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {"content/authors.yaml": "eve: {name: Eve, linkedin: 'javascript:alert(1)'}\n"},
            "content/authors.yaml:1: 'javascript:alert(1)' must be an http(s) URL",
        ),
        (
            {"content/publisher.yaml": "name: P\nurl: ' JavaScript:alert(1)'\n"},
            "content/publisher.yaml:2: ' JavaScript:alert(1)' must be an http(s) URL",
        ),
        (
            {"content/it-IT/a.md": post("A", body="Un [link](javascript:alert(1)).")},
            "content/it-IT/a.md:8: script link 'javascript:alert(1)' is not allowed",
        ),
        (
            {"content/it-IT/a.md": post("A", body="Un [link](  JaVaScRiPt:alert(1)).")},
            "content/it-IT/a.md:8: script link",
        ),
        # Character references and tabs hide the scheme from a naive check, not from browsers.
        (
            {"content/it-IT/a.md": post("A", body="[x](java&#115;cript:alert(1))")},
            "content/it-IT/a.md:8: script link 'javascript:alert(1)' is not allowed",
        ),
        (
            {"content/it-IT/a.md": post("A", body="[x](java&#x09;script:alert(1))")},
            "content/it-IT/a.md:8: script link",
        ),
        (
            {"content/it-IT/a.md": post("A", body="[x][r]\n\n[r]: vbscript:msgbox(1)")},
            "content/it-IT/a.md:10: script link 'vbscript:msgbox(1)'",
        ),
        (
            {"content/it-IT/a.md": post("A", body="![x](javascript:alert(1))")},
            "content/it-IT/a.md:8: script link 'javascript:alert(1)'",
        ),
        (
            {"content/it-IT/a.md": post("A", image="'javascript:alert(1)'", image_alt="x")},
            "content/it-IT/a.md:6: image 'javascript:alert(1)' not found under static/",
        ),
    ],
)
def test_script_links_are_refused(tmp_path: Path, files: dict[str, str], message: str) -> None:
    root = write_site(tmp_path / "site", {"content/it-IT/ok.md": post("Ok"), **files})
    with pytest.raises(BuildFailed) as failure:
        build(root, tmp_path / "out")
    assert any(str(p).startswith(message) for p in failure.value.problems), failure.value.problems
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "slug",
    [
        "../../evil",
        "/etc/passwd",
        "a/b",
        "C:\\\\evil",
        "c:evil",
        "a\\0b",
        "..",
        ".",
        "\\\\server\\\\share",
    ],
)
def test_hostile_slugs_are_refused(tmp_path: Path, slug: str) -> None:
    root = write_site(tmp_path / "site", {"content/it-IT/a.md": post("A", slug=f'"{slug}"')})
    with pytest.raises(BuildFailed) as failure:
        build(root, tmp_path / "box/out")
    assert any(
        "content/it-IT/a.md:" in str(p) and "slug" in p.message for p in failure.value.problems
    )
    assert not (tmp_path / "box").exists()


@pytest.mark.parametrize(
    "name", ["..evil.md", "C:evil.md", "a\\b.md", "-.md", "..md", "%2e%2e.md", "ü.md"]
)
def test_hostile_file_names_stay_inside_the_output(tmp_path: Path, name: str) -> None:
    root = write_site(
        tmp_path / "site", {f"content/it-IT/{name}": post("A"), "content/it-IT/b.md": post("B")}
    )
    box = tmp_path / "box"
    out = box / "out"
    try:
        build(root, out)
    except BuildFailed as failure:
        assert all(re.match(r"^[^\n]+(:\d+)?: .+$", str(p)) for p in failure.problems)
    outside = [p for p in tmp_path.rglob("*") if p.is_file() and not p.is_relative_to(out)]
    assert all(p.is_relative_to(root) for p in outside), outside
    for path in out.rglob("*") if out.exists() else ():
        assert path.resolve().is_relative_to(out.resolve())


@pytest.mark.parametrize(
    "path",
    ["../x", "/etc/passwd", "a/../b", "C:/x", "c:x", "a\x00b", "a\\b", "", "..", "\\\\srv\\x"],
)
def test_safe_relative_refuses_paths_that_leave_the_folder(path: str) -> None:
    with pytest.raises(ValueError):
        safe_relative(path)


def test_safe_relative_keeps_ordinary_paths() -> None:
    assert str(safe_relative("it/a-b/index.html")) == "it/a-b/index.html"


def test_raw_html_can_be_forbidden(tmp_path: Path) -> None:
    body = (
        '<script>alert(1)</script>\n\n<div class="x">blocco</div>\n\n'
        'Testo con <b>grassetto</b> e <a href="javascript:alert(2)">link</a>.'
    )
    files = {"content/it-IT/a.md": post("A", body=body)}
    trusted = write_site(tmp_path / "trusted", files)
    build(trusted, tmp_path / "out-trusted")
    page = (tmp_path / "out-trusted/it/a/index.html").read_text("utf-8")
    assert "<b>grassetto</b>" in page and '<div class="x">' in page

    strict = write_site(
        tmp_path / "strict", {"site.yaml": MINIMAL_CONFIG + "allow_raw_html: false\n", **files}
    )
    build(strict, tmp_path / "out-strict")
    page = (tmp_path / "out-strict/it/a/index.html").read_text("utf-8")
    assert "&lt;b&gt;grassetto&lt;/b&gt;" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<div class="x">' not in page and "<b>" not in page
    check_output(tmp_path / "out-strict")


@pytest.mark.parametrize("value", ['"false"', "no-thanks", "0", "[false]"])
def test_allow_raw_html_must_be_a_boolean(tmp_path: Path, value: str) -> None:
    root = write_site(
        tmp_path / "site",
        {
            "site.yaml": MINIMAL_CONFIG + f"allow_raw_html: {value}\n",
            "content/it-IT/a.md": post("A"),
        },
    )
    with pytest.raises(BuildFailed) as failure:
        build(root, tmp_path / "out")
    assert [str(p) for p in failure.value.problems] == [
        "site.yaml:9: 'allow_raw_html' must be true or false"
    ]
