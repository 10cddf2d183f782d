"""``{% cache %}``: a fragment rendered once per key and locale, and never stale."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
from conftest import post

from mot_blog.build import build
from mot_blog.render.fragments import STORE, FragmentCache
from mot_blog.serve.incremental import IncrementalBuilder


def _environment(calls: list[str]) -> jinja2.Environment:
    env = jinja2.Environment(extensions=[FragmentCache], autoescape=True)
    env.globals["seen"] = lambda name: calls.append(name) or name
    return env


def test_a_block_renders_once_per_key_and_store() -> None:
    calls: list[str] = []
    template = _environment(calls).from_string(
        "{% for name in names %}[{% cache name, 1 %}{{ seen(name) }}{% endcache %}]{% endfor %}"
    )
    store: dict = {}
    assert template.render(names=["a", "b", "a"], **{STORE: store}) == "[a][b][a]"
    assert calls == ["a", "b"]
    assert template.render(names=["a"], **{STORE: store}) == "[a]" and calls == ["a", "b"]
    assert template.render(names=["a"], **{STORE: {}}) == "[a]" and calls == ["a", "b", "a"]
    # Without a store the block renders every time.
    assert template.render(names=["c", "c"]) == "[c][c]" and calls[-2:] == ["c", "c"]


def test_cached_output_stays_escaped_markup() -> None:
    template = _environment([]).from_string(
        "{% cache 1 %}{{ text }}{% endcache %}|{% cache 1 %}{{ text }}{% endcache %}"
    )
    assert template.render(text="<b>", **{STORE: {}}) == "&lt;b&gt;|&lt;b&gt;"


def _cards(html: str) -> dict[str, str]:
    """The cards of a page by the URL of their article."""
    blocks = re.findall(r'<li class="card.*?</li>', html, re.S)
    return {re.search(r'class="card-title"><a href="([^"]+)"', b).group(1): b for b in blocks}


def test_cards_are_the_same_everywhere_and_follow_edits(site, tmp_path: Path) -> None:
    files = {
        f"content/it-IT/post-{n}.md": post(f"Articolo {n}", f"2024-01-{n + 1:02d}", tags="[uno]")
        for n in range(4)
    }
    root = site(files)
    out = tmp_path / "out"
    build(root, out)
    index = _cards((out / "it/index.html").read_text())
    tag = _cards((out / "it/tag/uno/index.html").read_text())
    assert index and set(index) == set(tag)
    # Same post, same heading and loading: the same markup on both listings (but for the
    # index's first card, drawn wide as its featured post).
    featured = [url for url in index if "card-featured" in index[url]]
    assert len(featured) == 1 and "card-featured" not in tag[featured[0]]
    assert all(index[url] == tag[url] for url in index if url not in featured)

    builder = IncrementalBuilder(root, out, workers=1)
    edited = root / "content/it-IT/post-2.md"
    edited.write_text(post("Titolo nuovo", "2024-01-03", tags="[uno]"))
    builder.rebuild([edited])
    assert "Titolo nuovo" in (out / "it/index.html").read_text()
    assert "Titolo nuovo" in (out / "it/tag/uno/index.html").read_text()
    builder.close()
