"""Related articles follow the documented score (README, src/mot_blog/related.py)."""

from __future__ import annotations

from pathlib import Path

from conftest import MINIMAL_CONFIG, run_cli
from htmldoc import parse_file

CONFIG = MINIMAL_CONFIG.replace("related_count: 2", "related_count: 4")
BOTH_TAGS = "[rete, mobile]"


def post(title: str, date: str, category: str, tags: str = "[]", key: str | None = None) -> str:
    """A post with the fields the score reads."""
    lines = [f"title: {title}", f"date: {date}", "summary: S.", f"category: {category}"]
    lines += [f"tags: {tags}"] + ([f"translation_key: {key}"] if key else [])
    return "---\n" + "\n".join(lines) + "\n---\n\nTesto.\n"


def related_links(out: Path, url: str) -> list[str]:
    doc = parse_file(out / url.strip("/") / "index.html")
    section = doc.find("section", cls="related")
    return [card.find("h3").find("a").get("href") for card in section.find_all("li", cls="card")]


def test_related_articles_are_ranked_by_topic_then_filled_with_the_latest(
    site, tmp_path: Path
) -> None:
    root = site(
        {
            "site.yaml": CONFIG,
            "content/it-IT/base.md": post("Base", "2024-01-10", "Pagamenti", BOTH_TAGS, "b"),
            "content/nl-NL/basis.md": post("Basis", "2024-01-10", "Pagamenti", BOTH_TAGS, "b"),
            # category + one tag: 4 + 2
            "content/it-IT/stretto.md": post("Stretto", "2020-01-01", "Pagamenti", "[rete]"),
            # category only: 4, two of them; the one closer in time to 'base' wins
            "content/it-IT/vicino.md": post("Vicino", "2024-01-01", "Pagamenti"),
            "content/it-IT/lontano.md": post("Lontano", "2021-01-01", "Pagamenti"),
            # one shared tag, other category: 2
            "content/it-IT/mobile.md": post("Mobile", "2019-01-01", "Altro", "[mobile]"),
            # nothing shared: only as filler, newest first
            "content/it-IT/nuovo.md": post("Nuovo", "2024-06-01", "Altro"),
            "content/it-IT/vecchio.md": post("Vecchio", "2018-01-01", "Altro"),
        }
    )  # fmt: skip
    out = tmp_path / "out"
    result = run_cli("build", "--site", str(root), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert related_links(out, "/it/base/") == [
        "/it/stretto/",
        "/it/vicino/",
        "/it/lontano/",
        "/it/mobile/",
    ]
    # 'mobile' shares its category 'Altro' with 'nuovo' and 'vecchio' (4 each, the closer in
    # time first) and a tag with 'base' (2); then the latest post fills the fourth place.
    assert related_links(out, "/it/mobile/") == [
        "/it/vecchio/",
        "/it/nuovo/",
        "/it/base/",
        "/it/vicino/",
    ]
    # The translation is never related to its Italian version, and locales don't mix: the
    # Dutch post is alone in its locale, so it has no related section at all.
    assert not parse_file(out / "nl/basis/index.html").find_all("section", cls="related")
