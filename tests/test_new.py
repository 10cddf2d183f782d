"""``mot-blog new``: posts and linked translations that build, never over an existing file."""

from __future__ import annotations

from pathlib import Path

from conftest import post, run_cli

from mot_blog.load.frontmatter import read_front_matter
from mot_blog.model.origins import format_origin

AUTHORS = """\
anna-rossi:
  name: Anna Rossi
"""

TERMS = """\
categories:
  customer-experience: {it-IT: Esperienza del cliente, nl-NL: Klantbeleving}
tags:
  chatbots: {it-IT: chatbot, nl-NL: chatbots}
"""

SOURCE = (
    "---\r\n"
    "title: 'Momenti di verità'\r\n"
    "date: 2022-05-17\r\n"
    "summary: Un riassunto.   # a comment that must survive\r\n"
    "category: Esperienza del cliente\r\n"
    "tags: [chatbot, nuovo]\r\n"
    "author: anna-rossi\r\n"
    "---\r\n"
    "\r\n"
    "Il testo da tradurre.\r\n"
)


def _site(site) -> Path:
    return site(
        {
            "content/authors.yaml": AUTHORS,
            "content/terms.yaml": TERMS,
            "content/it-IT/uno.md": post("Uno"),
            "content/it-IT/due.md": post("Due", date="2024-01-03"),
            "content/it-IT/tre.md": post("Tre", date="2024-01-04").replace("Notizie", "Prodotti"),
            "content/it-IT/momenti.md": SOURCE.encode("utf-8"),
        }
    )


def _meta(path: Path):
    meta, body, _, problems = read_front_matter(path.read_bytes(), path.name)
    assert meta is not None and not problems, problems
    return meta, body


def test_new_post_is_a_draft_that_builds(site, tmp_path: Path) -> None:
    root = _site(site)
    result = run_cli(
        "new",
        "Perché il cliente ha sempre ragione",
        "--locale",
        "it-IT",
        "--author",
        "anna-rossi",
        "--site",
        str(root),
    )
    assert result.returncode == 0, result.stderr
    written = root / "content/it-IT/perche-il-cliente-ha-sempre-ragione.md"
    assert result.stdout.strip() == str(written)
    meta, _ = _meta(written)
    assert meta.title == "Perché il cliente ha sempre ragione"
    assert meta.category == "Notizie"  # the locale's most used category
    assert (meta.author, meta.translation_key, meta.draft) == (
        "anna-rossi",
        "perche-il-cliente-ha-sempre-ragione",
        True,
    )
    assert meta.summary.startswith("TODO:")

    out = tmp_path / "out"
    built = run_cli("build", "--site", str(root), "--out", str(out), "--drafts")
    assert built.returncode == 0, built.stderr
    assert (
        "Perché il cliente"
        in (out / "it/perche-il-cliente-ha-sempre-ragione/index.html").read_text()
    )
    assert run_cli("build", "--site", str(root), "--out", str(out)).returncode == 0
    assert not (out / "it/perche-il-cliente-ha-sempre-ragione").exists()


def test_publishing_the_todo_summary_is_an_error(site, tmp_path: Path) -> None:
    root = _site(site)
    assert run_cli("new", "Bozza", "--site", str(root), "--category", "Prodotti").returncode == 0
    draft = root / "content/it-IT/bozza.md"
    draft.write_text(draft.read_text().replace("draft: true\n", ""), encoding="utf-8")
    result = run_cli("build", "--site", str(root), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "content/it-IT/bozza.md:4: the summary is still a TODO" in result.stderr


def test_new_refuses_to_overwrite(site) -> None:
    root = _site(site)
    before = (root / "content/it-IT/uno.md").read_bytes()
    result = run_cli("new", "Uno", "--locale", "it-IT", "--site", str(root))
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == "mot-blog new: content/it-IT/uno.md already exists; refusing to overwrite it"
    )
    assert (root / "content/it-IT/uno.md").read_bytes() == before


def test_new_hints_at_mistyped_author_locale_and_category(site) -> None:
    root = _site(site)
    result = run_cli("new", "Ciao", "--author", "anna", "--site", str(root))
    assert result.returncode == 2
    assert "unknown author 'anna' (did you mean 'anna-rossi'?)" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    result = run_cli("new", "Ciao", "--category", "Notiziee", "--site", str(root))
    assert result.returncode == 0
    assert "note: category 'Notiziee' is new in it-IT (did you mean 'Notizie'?)" in result.stderr
    result = run_cli("new", "Ciao 2", "--locale", "nl-BE", "--site", str(root))
    assert result.returncode == 2 and "(did you mean 'nl-NL'?)" in result.stderr
    assert not (root / "content/it-IT/ciao-2.md").exists()


def test_translation_is_linked_to_its_source(site, tmp_path: Path) -> None:
    root = _site(site)
    source = root / "content/it-IT/momenti.md"
    result = run_cli(
        "new",
        "Momenten van de waarheid",
        "--locale",
        "nl-NL",
        "--translation-of",
        "content/it-IT/momenti.md",
        "--site",
        str(root),
        cwd=root,
    )
    assert result.returncode == 0, result.stderr
    written = root / "content/nl-NL/momenten-van-de-waarheid.md"
    assert result.stdout.strip() == str(written)

    # The source got a translation key and nothing else changed, byte for byte (CRLF kept).
    assert source.read_bytes() == SOURCE.replace(
        "---\r\n\r\n", "translation_key: momenti\r\n---\r\n\r\n"
    ).encode("utf-8")
    source_meta, source_body = _meta(source)
    meta, body = _meta(written)
    assert meta.translation_key == source_meta.translation_key == "momenti"
    assert meta.translated_from == format_origin("it-IT", source_body)
    assert meta.published == source_meta.published
    assert meta.category == "Klantbeleving"  # through content/terms.yaml
    assert meta.tags == ("chatbots", "nuovo")  # 'nuovo' has no Dutch label: kept, with a note
    assert "tag 'nuovo' has no nl-NL label" in result.stderr
    assert meta.author == "anna-rossi" and meta.draft
    assert body.strip() == "Il testo da tradurre."

    out = tmp_path / "out"
    built = run_cli("build", "--site", str(root), "--out", str(out), "--drafts")
    assert built.returncode == 0, built.stderr
    page = (out / "nl/momenten-van-de-waarheid/index.html").read_text()
    assert 'hreflang="it-IT" href="https://blog.example.test/it/momenti/"' in page

    again = run_cli(
        "new",
        "Andere titel",
        "--locale",
        "nl-NL",
        "--translation-of",
        str(source),
        "--site",
        str(root),
    )
    assert again.returncode == 1
    assert (
        "content/nl-NL/momenten-van-de-waarheid.md already translates content/it-IT/momenti.md"
        in again.stderr
    )
