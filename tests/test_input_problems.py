"""Every bad value of site.yaml, front matter and data files is a problem line, never a crash.

Each test builds a small site in-process and matches the problem lines it must
give; the crashes and the confusing messages of issue 15 each have one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINIMAL_CONFIG, post, write_site

from mot_blog.build import build
from mot_blog.errors import BuildFailed

GOOD = {"content/it-IT/primo.md": post("Primo"), "content/nl-NL/eerste.md": post("Eerste")}


def problems_of(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    """The problem lines of building ``files`` (over a small good site), which must fail."""
    root = write_site(tmp_path / "site", {**GOOD, **files})
    with pytest.raises(BuildFailed) as failure:
        build(root, tmp_path / "out", workers=1)
    return [str(problem) for problem in failure.value.problems]


def config(**replace: str) -> str:
    """The test site.yaml with some of its text replaced (``old=new`` by keyword order)."""
    text = MINIMAL_CONFIG
    for old, new in replace.values():
        text = text.replace(old, new)
    return text


# ---- lone surrogates ---------------------------------------------------------------------------

SURROGATE = '"\\ud800" is not a character (a lone surrogate); remove the escape'


def fm(**fields: str) -> str:
    lines = {"title": "T", "date": "2024-01-02", "summary": "S", "category": "C", **fields}
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in lines.items()) + "---\nTesto.\n"


@pytest.mark.parametrize(
    ("files", "line"),
    [
        ({"content/it-IT/x.md": fm(title='"a\\ud800b"')}, "content/it-IT/x.md:2"),
        ({"content/it-IT/x.md": fm(summary='"a\\ud800"')}, "content/it-IT/x.md:4"),
        ({"content/it-IT/x.md": fm(tags='[ok, "\\ud800"]')}, "content/it-IT/x.md:6"),
        ({"content/it-IT/x.md": fm(image_alt='"\\U0000d800"')}, "content/it-IT/x.md:6"),
        ({"content/it-IT/x.md": fm(**{'"ke\\ud800y"': "x"})}, "content/it-IT/x.md:6"),
        ({"site.yaml": config(t=("title: Test Blog", 'title: "Blog \\ud800"'))}, "site.yaml:1"),
        (
            {"site.yaml": config(h=("Articoli correlati", '"\\ud800"'))},
            "site.yaml:5",
        ),
        ({"content/authors.yaml": 'jan:\n  name: "Jan \\ud800"\n'}, "content/authors.yaml:2"),
        (
            {"content/terms.yaml": 'categories:\n  c:\n    it-IT: "C\\ud800"\n'},
            "content/terms.yaml:3",
        ),
        ({"content/publisher.yaml": 'name: x\n"\\ud800": y\n'}, "content/publisher.yaml:2"),
    ],
)
def test_a_lone_surrogate_escape_is_a_problem_at_its_line(
    tmp_path: Path, files: dict[str, str], line: str
) -> None:
    assert f"{line}: {SURROGATE}" in problems_of(tmp_path, files)


def test_a_surrogate_pair_escape_is_the_character_it_stands_for(tmp_path: Path) -> None:
    root = write_site(
        tmp_path / "site", {**GOOD, "content/it-IT/x.md": fm(title='"Ciao \\ud83d\\ude00"')}
    )
    build(root, tmp_path / "out", workers=1)
    assert "Ciao 😀" in (tmp_path / "out/it/x/index.html").read_text(encoding="utf-8")
