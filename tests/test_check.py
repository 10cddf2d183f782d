"""``mot-blog check``: the build's validation, then the built output read back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO, post, run_cli

from mot_blog.commands.check import check_site
from mot_blog.commands.check.html import parse_page, scan_page

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>'
AUTHORS = "eve:\n  name: Eve\n  avatar: images/eve.svg\n"


def _messages(findings) -> list[str]:
    return [str(f) for f in findings]


def test_clean_site_has_no_findings(site, tmp_path: Path) -> None:
    root = site(
        {
            "content/authors.yaml": AUTHORS,
            "static/images/eve.svg": SVG,
            "content/it-IT/a.md": post(
                "A", author="eve", translation_key="k", body="## Sezione\n\nTesto."
            ),
            "content/nl-NL/a.md": post(
                "A nl", translation_key="k", body="[terug](../../it/a/#sezione)"
            ),
        }
    )
    assert check_site(root) == []
    result = run_cli("check", "--site", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no problems" in result.stderr


def test_broken_link_names_the_markdown_line(site) -> None:
    body = "Primo paragrafo.\n\nSecondo con [un link](/it/non-esiste/) qui.\n"
    root = site({"content/it-IT/a.md": post("A", body=body)})
    findings = check_site(root)
    assert _messages(findings) == [
        "content/it-IT/a.md:10: broken link '/it/non-esiste/': no such file in the built site "
        "[it/a/index.html]"
    ]


def test_broken_fragments_on_this_and_other_pages(site) -> None:
    root = site(
        {
            "content/it-IT/a.md": post(
                "A", body="## Sezione\n\n[qui](#manca)\n\n[là](../b/#sezione-b)"
            ),
            "content/it-IT/b.md": post(
                "B", body="## Sezione B\n\n[ok](../a/#sezione)\n\n[ko](../a/#altro)"
            ),
        }
    )
    messages = _messages(check_site(root))
    assert (
        "content/it-IT/a.md:10: broken link '#manca': no element with id 'manca' on this page "
        "[it/a/index.html]" in messages
    )
    assert any(m.startswith("content/it-IT/b.md:12: broken link '../a/#altro'") for m in messages)
    assert len(messages) == 2


def test_images_need_alt_text_unless_marked_decorative(site) -> None:
    body = (
        "![](https://cdn.example.test/x.png)\n\n"
        '<img src="https://cdn.example.test/raw.png">\n\n'
        "![Una descrizione](/images/manca.png)\n"
    )
    root = site(
        {
            "content/authors.yaml": AUTHORS,
            "static/images/eve.svg": SVG,
            "content/it-IT/a.md": post("A", author="eve", body=body),
        }
    )
    messages = _messages(check_site(root))
    assert any(
        m.startswith("content/it-IT/a.md:9: image 'x.png' has an empty alt text") for m in messages
    )
    assert any(
        m.startswith("content/it-IT/a.md:11: image 'raw.png' has no alt text") for m in messages
    )
    assert any(
        m.startswith("content/it-IT/a.md:13: broken image '/images/manca.png'") for m in messages
    )
    # The author's avatar has alt="" too, but carries the 'avatar' class: no finding for it.
    assert len(messages) == 3


def test_asymmetric_hreflang_in_an_existing_folder(site, tmp_path: Path) -> None:
    root = site(
        {
            "content/it-IT/a.md": post("A", translation_key="k"),
            "content/nl-NL/a.md": post("A nl", translation_key="k"),
        }
    )
    out = tmp_path / "public"
    assert run_cli("build", "--site", str(root), "--out", str(out)).returncode == 0
    assert check_site(root, out) == []
    page = out / "nl/a/index.html"
    html = page.read_text()
    link = '<link rel="alternate" hreflang="it-IT" href="https://blog.example.test/it/a/">\n'
    assert link in html
    page.write_text(html.replace(link, ""))
    findings = check_site(root, out)
    assert [(f.path, f.line, f.output) for f in findings] == [
        ("content/it-IT/a.md", 6, "it/a/index.html")
    ]
    assert "does not point back" in findings[0].message

    result = run_cli("check", "--site", str(root), "--out", str(out), "--format", "json")
    assert result.returncode == 1
    assert json.loads(result.stdout) == [
        {
            "path": "content/it-IT/a.md",
            "line": 6,
            "message": findings[0].message,
            "output": "it/a/index.html",
        }
    ]


def test_english_ui_text_on_an_italian_page(site) -> None:
    catalog = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Back to the blog"\nmsgstr "Back to the blog"\n\n'
        '# identical: the same in Italian\nmsgid "Copy link"\nmsgstr "Copy link"\n'
    )
    root = site({"content/it-IT/a.md": post("A"), "locales/it/LC_MESSAGES/messages.po": catalog})
    messages = _messages(check_site(root))
    assert messages == [
        "locales/it/LC_MESSAGES/messages.po:5: English UI text 'Back to the blog' on it-IT pages: "
        "translate it (or add a '# identical' translator comment if it is the same word) "
        "[it/a/index.html]"
    ]


def test_build_problems_come_first_and_exit_1(site, tmp_path: Path) -> None:
    root = site({"content/it-IT/a.md": post("A", autor="eve")})
    findings = check_site(root)
    assert [(f.path, f.line, f.output) for f in findings] == [("content/it-IT/a.md", 6, None)]
    assert "unknown front-matter key 'autor' (did you mean 'author'?)" in findings[0].message
    result = run_cli("check", "--site", str(root), "--format", "json")
    assert result.returncode == 1
    assert json.loads(result.stdout)[0]["path"] == "content/it-IT/a.md"
    missing = run_cli("check", "--site", str(root), "--out", str(tmp_path / "nope"))
    assert missing.returncode == 2


def test_malformed_urls_are_findings(site) -> None:
    root = site({"content/it-IT/a.md": post("A", body="Un [link](http://[oops) rotto.")})
    assert _messages(check_site(root)) == [
        "content/it-IT/a.md:8: broken link 'http://[oops': not a valid URL [it/a/index.html]"
    ]


def test_assets_feeds_and_json_in_an_existing_folder(site, tmp_path: Path) -> None:
    root = site({"content/it-IT/a.md": post("A")})
    out = tmp_path / "public"
    assert run_cli("build", "--site", str(root), "--out", str(out)).returncode == 0
    css = next(out.glob("css/site.*.css"))
    css.unlink()
    (out / "it/feed.xml").write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom"><id>https://blog.example.test/it/#x</id>'
        '<link href="https://blog.example.test/it/a/"/>'
        '<entry><link href="https://blog.example.test/it/gone/"/></entry></feed>'
    )
    (out / "sitemap.xml").write_text("<urlset><url><loc>https://blog.example.test/it/</loc></url>")
    (out / "search.json").write_text("{not json")
    page = out / "it/a/index.html"
    page.write_text(
        page.read_text().replace(
            "</head>", '<script type="application/ld+json">{"a": </script>\n</head>'
        )
    )
    messages = _messages(check_site(root, out))
    stylesheet = f"broken asset '/css/{css.name}': no such file in the built site"
    assert f"content/it-IT/a.md: {stylesheet} [it/a/index.html]" in messages
    assert f"site.yaml: {stylesheet} [it/index.html]" in messages
    assert (
        # the feed's entries are made from the posts: the problem names them
        "content/it-IT/a.md: broken link 'https://blog.example.test/it/gone/': no such file in the "
        "built site [it/feed.xml]"
    ) in messages
    assert any(m.startswith("sitemap.xml:1: not well-formed XML") for m in messages)
    assert any(m.startswith("search.json: not valid JSON") for m in messages)
    assert any(
        m.startswith("content/it-IT/a.md: structured data (JSON-LD) is not valid JSON")
        for m in messages
    )


def test_rebuild_in_one_process_uses_the_edited_template(site, tmp_path: Path) -> None:
    """Compiled templates are cached in memory; an edited template must not be served stale."""
    from mot_blog.build import build

    footer = "templates/partials/footer.html"
    root = site({"content/it-IT/a.md": post("A"), footer: "<p>prima versione</p>\n"})
    build(root, tmp_path / "one")
    assert "prima versione" in (tmp_path / "one/it/a/index.html").read_text()
    (root / footer).write_text("<p>seconda versione</p>\n")
    build(root, tmp_path / "two")
    assert "seconda versione" in (tmp_path / "two/it/a/index.html").read_text()


def test_hreflang_must_name_the_target_language(site, tmp_path: Path) -> None:
    root = site(
        {
            "content/it-IT/a.md": post("A", translation_key="k"),
            "content/nl-NL/a.md": post("A nl", translation_key="k"),
        }
    )
    out = tmp_path / "public"
    assert run_cli("build", "--site", str(root), "--out", str(out)).returncode == 0
    page = out / "it/a/index.html"
    page.write_text(page.read_text().replace('<html lang="it-IT">', '<html lang="de-DE">'))
    messages = _messages(check_site(root, out))
    assert (
        "content/nl-NL/a.md:6: hreflang 'it-IT' points at it/a/index.html, whose language is "
        "'de-DE' [nl/a/index.html]"
    ) in messages


ODD_HTML = """<!DOCTYPE html><HTML LANG="nl-NL"><head>
<link rel="alternate" hreflang="it-IT" href="/it/a/"><link rel=preconnect href=https://x.test>
<script type="application/ld+json">{"a": "<a href='/no'>"}</script>
<style>a[href="/not-a-link"] { color: red }</style></head>
<body><!-- <a href="/commented-out"> --><div id=top class='x'><A HREF='/it/?a=1&amp;b=2#top'>x</A>
<img src="/i.png" srcset="/i-480w.png 480w, /i-960w.png 960w" alt class="avatar card">
<img src=/j.png><a name="old-anchor"></a><p title="a > b" id="gt">t</p>
<source srcset="/k.webp 480w"><iframe src="/frame/"></iframe><section id="s&amp;t"></section>
<nav><a HREFLANG="it-IT" href="/it/a/">IT</a> <a hreflang="nl-NL">NL</a></nav>
</div></body></html>"""


@pytest.mark.parametrize("name", ["odd", "real site pages"])
def test_the_fast_scan_finds_what_the_parser_finds(name: str, tmp_path: Path) -> None:
    """``check`` scans pages with regular expressions; what it finds equals what Python's
    HTML parser finds (texts and lines aside, which only the parser gives)."""
    if name == "odd":
        texts = [ODD_HTML]
    else:
        out = tmp_path / "out"
        assert run_cli("build", "--site", str(REPO), "--out", str(out)).returncode == 0
        texts = [p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.html"))]
    for text in texts:
        parsed, scanned = parse_page(text), scan_page(text)
        assert scanned.lang == parsed.lang and scanned.ids == parsed.ids
        assert [r[:2] for r in scanned.refs] == [r[:2] for r in parsed.refs]
        assert [i[1:] for i in scanned.images] == [i[1:] for i in parsed.images]
        assert [a[:2] for a in scanned.alternates] == [a[:2] for a in parsed.alternates]
        assert [j[0] for j in scanned.json_ld] == [j[0] for j in parsed.json_ld]
        assert [h[:2] for h in scanned.hreflinks] == [h[:2] for h in parsed.hreflinks]
    if name == "odd":
        assert scanned.ids == {"top", "old-anchor", "gt", "s&t"}
        assert [url for _, url, _ in scanned.refs][:2] == ["/it/a/", "/it/?a=1&b=2#top"]
        assert [h[:2] for h in scanned.hreflinks] == [("it-IT", "/it/a/")]
