"""Front matter as other generators write it: date-times in every form Jekyll and Hugo use,
an ``extra:`` mapping for site-specific values, and unknown keys pointed there."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO, post, write_site
from htmldoc import parse_file

from mot_blog.build import build
from mot_blog.errors import BuildFailed
from mot_blog.load.fields import DATE_HINT, as_datetime
from mot_blog.load.flatyaml import parse_flat
from mot_blog.load.frontmatter import read_front_matter
from mot_blog.load.frozen import FrozenMap, freeze

UTC = dt.UTC


def problems_of(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    root = write_site(tmp_path / "site", files)
    with pytest.raises(BuildFailed) as failure:
        build(root, tmp_path / "out", workers=1)
    return [str(problem) for problem in failure.value.problems]


# ---- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "moment"),
    [
        ("2024-05-29", dt.datetime(2024, 5, 29, tzinfo=UTC)),
        ("2024-05-29 9:00:00 +0000", dt.datetime(2024, 5, 29, 9, tzinfo=UTC)),  # Jekyll
        ("2024-05-29 9:00", dt.datetime(2024, 5, 29, 9, tzinfo=UTC)),
        ("2024-05-29 09:00", dt.datetime(2024, 5, 29, 9, tzinfo=UTC)),
        ("2024-05-29T09:00:00Z", dt.datetime(2024, 5, 29, 9, tzinfo=UTC)),
        ("2024-05-29T09:00", dt.datetime(2024, 5, 29, 9, tzinfo=UTC)),
        ("2024-05-29 09:30:15", dt.datetime(2024, 5, 29, 9, 30, 15, tzinfo=UTC)),
        (
            "2024-05-29 9:30 +0200",
            dt.datetime(2024, 5, 29, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        ),
        (
            "2024-05-29T09:30:00-05:30",
            dt.datetime(2024, 5, 29, 9, 30, tzinfo=dt.timezone(-dt.timedelta(hours=5, minutes=30))),
        ),
        ("2024-05-29 09:00:00.5+00:00", dt.datetime(2024, 5, 29, 9, 0, 0, 500000, tzinfo=UTC)),
    ],
)
def test_date_times_are_read_as_written_and_as_yaml_reads_them(
    written: str, moment: dt.datetime
) -> None:
    assert as_datetime(written) == moment
    # YAML makes some of these a date or datetime itself, and leaves the others text
    assert as_datetime(yaml.safe_load(f"d: {written}")["d"]) == moment
    meta, _, _, problems = read_front_matter(
        f"---\ntitle: T\ndate: {written}\n---\nTesto.\n".encode(), "content/it-IT/x.md"
    )
    assert problems == [] and meta is not None and meta.published == moment


@pytest.mark.parametrize("written", ["2024-13-01", "2024-05-29 25:00", "2024-05-29 9", "ieri"])
def test_impossible_date_times_are_bad_dates(written: str) -> None:
    assert as_datetime(written) is None


def test_a_bad_date_hint_shows_both_forms(tmp_path: Path) -> None:
    files = {"content/it-IT/x.md": post("X", date="2024-05-29 9h"), "content/it-IT/y.md": post()}
    files["content/it-IT/y.md"] = post("Y", updated="'29/05/2024'")
    assert problems_of(tmp_path, files) == [
        f"content/it-IT/x.md:3: bad date '2024-05-29 9h'; {DATE_HINT}",
        f"content/it-IT/y.md:6: bad date '29/05/2024'; {DATE_HINT}",
    ]
    assert DATE_HINT == (
        "write it as YYYY-MM-DD, e.g. 2022-05-17, "
        "or YYYY-MM-DD HH:MM[:SS] [+ZZZZ], e.g. 2022-05-17 9:30 +0200"
    )


def test_a_jekyll_date_time_is_published_at_its_moment(tmp_path: Path) -> None:
    root = write_site(
        tmp_path / "site", {"content/it-IT/x.md": post("X", date="2024-05-29 9:00:00 +0200")}
    )
    build(root, tmp_path / "out", workers=1)
    time = parse_file(tmp_path / "out/it/x/index.html").find("p", cls="article-meta").find("time")
    assert time.get("datetime") == "2024-05-29T09:00:00+02:00"


# ---- unknown keys -----------------------------------------------------------------------


def test_an_unknown_key_points_at_extra(tmp_path: Path) -> None:
    files = {"content/it-IT/x.md": post("X", mood="felice", autor="ada")}
    assert problems_of(tmp_path, files) == [
        "content/it-IT/x.md:6: unknown front-matter key 'mood'; put site-specific keys under extra:",
        "content/it-IT/x.md:7: unknown front-matter key 'autor' (did you mean 'author'?); "
        "put site-specific keys under extra:",
    ]


# ---- extra ------------------------------------------------------------------------------

EXTRA = """\
---
title: Con extra
date: 2024-01-02
summary: S.
extra:
  series: {name: Viaggi, part: 2}
  moods: [felice, calmo]
  rating: 4.5
  seen: !!set {b, a}
---

Testo.
"""

TEMPLATE = """\
{% extends "base.html" %}
{% block main %}<p id="extra">{{ post.extra.series.name }} {{ post.extra.series.part }} \
{{ post.extra.moods|join("+") }} {{ post.extra.rating }} {{ post.extra.seen|join("") }} \
{{ post.extra.get("missing", "-") }}</p>{% endblock %}
"""


def test_templates_read_extra_values(tmp_path: Path) -> None:
    root = write_site(
        tmp_path / "site",
        {"content/it-IT/x.md": EXTRA, "templates/article.html": TEMPLATE},
    )
    build(root, tmp_path / "out", workers=1)
    text = parse_file(tmp_path / "out/it/x/index.html").find("p", id="extra").text()
    assert text == "Viaggi 2 felice+calmo 4.5 ab -"


def test_nested_extra_is_read_by_the_full_yaml_reader() -> None:
    text = EXTRA.split("---\n")[1]
    assert parse_flat(text, 2) is None  # the fast path gives it up
    meta, _, _, problems = read_front_matter(EXTRA.encode(), "content/it-IT/x.md")
    assert problems == [] and meta is not None
    assert meta.extra == {
        "series": {"name": "Viaggi", "part": 2},
        "moods": ("felice", "calmo"),
        "rating": 4.5,
        "seen": ("a", "b"),
    }
    flat = "title: T\ndate: 2024-01-02\naliases: [/a/, b.html]\nsummary: S."
    assert parse_flat(flat, 2) is not None  # while flat front matter keeps its fast path


def test_extra_is_frozen_plain_data() -> None:
    extra = freeze({"a": {"b": [1, {"c": 2}]}, "s": {3, 1, 2}})
    assert isinstance(extra, FrozenMap) and isinstance(extra["a"], FrozenMap)
    assert extra["a"]["b"] == (1, FrozenMap({"c": 2})) and extra["s"] == (1, 2, 3)
    assert extra.a["b"][1].c == 2
    with pytest.raises(TypeError):
        extra["a"] = 1  # type: ignore[index]
    with pytest.raises(AttributeError):
        extra.a = 1
    assert pickle.loads(pickle.dumps(extra)) == extra
    assert hash(extra) == hash(freeze({"a": {"b": [1, {"c": 2}]}, "s": [1, 2, 3]}))
    assert (
        repr(extra)
        == "FrozenMap({'a': FrozenMap({'b': (1, FrozenMap({'c': 2}))}), 's': (1, 2, 3)})"
    )


@pytest.mark.parametrize("value", ["[a, b]", "testo", "3"])
def test_extra_must_be_a_mapping(tmp_path: Path, value: str) -> None:
    (line,) = problems_of(tmp_path, {"content/it-IT/x.md": post("X", extra=value)})
    assert line.startswith(
        "content/it-IT/x.md:6: 'extra' must be a mapping of your own keys (extra: {series: ...}), not "
    )


FINGERPRINT = """
import sys
from pathlib import Path
from mot_blog.build import load
from mot_blog.model.assemble import BuildOptions
from mot_blog.runner.depindex import post_fingerprints
site = load(Path(sys.argv[1]), BuildOptions()).site
print(post_fingerprints(site)["content/it-IT/x.md"].whole)
"""


def test_extra_is_part_of_the_fingerprint_and_the_same_in_every_process(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"content/it-IT/x.md": EXTRA})

    def fingerprint(seed: str) -> str:
        env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", FINGERPRINT, str(root)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.strip()

    first = fingerprint("1")
    assert fingerprint("2") == first  # the set's order does not depend on the hash seed
    (root / "content/it-IT/x.md").write_text(EXTRA.replace("part: 2", "part: 3"), "utf-8")
    assert fingerprint("1") != first
