"""Any site.yaml and any shape of the site's folders end in a build or in problem lines.

Two properties, in the style of ``test_bad_input.py``:

- ``site.yaml`` with a value of every YAML type (null, booleans, numbers huge and
  not, text with control characters, right-to-left marks and lone surrogate
  escapes, dates, lists, mappings, nested) for every key the engine knows, top-level
  and per locale, and for unknown keys;
- ``content/``, ``static/``, ``templates/`` and ``locales/`` holding links in and
  out of the site, links to nothing and to themselves, FIFOs, sockets, folders named
  like files, files where folders belong, files the system will not let the build
  read, names that are not UTF-8.

Each drives ``build.build`` in-process: it must return, or raise ``BuildFailed`` whose
every problem is one ``path[:line]: message`` line; a build that does not return within
a minute (a FIFO opened) or publishes a byte of a file outside the site fails.

``MOT_LONG_TESTS=1`` raises the example counts (see ``EXAMPLES``).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import uuid
from pathlib import Path

import yaml
from conftest import MINIMAL_CONFIG, post, write_site
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from site_shapes import (
    SHAPES,
    make_outside,
    make_readable,
    make_shape,
    reads_checked_even_as_root,
    returns_within,
)
from test_bad_input import NASTY_TEXT, assert_problem_line, assert_status_reports

from mot_blog.build import build
from mot_blog.errors import BuildFailed
from mot_blog.load import config as config_module
from mot_blog.load import locales as locales_module
from mot_blog.model.assemble import BuildOptions

LONG = os.environ.get("MOT_LONG_TESTS") == "1"
EXAMPLES = {"config": 5000 if LONG else 200, "shapes": 2000 if LONG else 100}
"""Examples per property: the default keeps both under half a minute on two cores."""
NOW = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)


def fuzz(name: str) -> settings:
    return settings(
        max_examples=EXAMPLES[name],
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
    )


# ---- site.yaml: every type for every key -------------------------------------------------------

SITE_KEYS = sorted(config_module.SITE_KEYS)
"""Every top-level key the engine knows (a key added to config.py is fuzzed with the rest)."""
LOCALE_KEYS = sorted(locales_module.LOCALE_KEYS)
UNKNOWN_KEYS = ["titel", "", "Title", "locales ", "nested.key", "prefx"]

ODD_TEXT = st.sampled_from(
    [
        "\ud800",
        "a\udfffb",
        "\ud83d\ude00",  # a pair: one character
        "\ud83d",
        "\x00",
        "\x1b[31mred",
        "line\nbreak",
        "\u202eevil\u202c",
        "\u2028",
        "\ufeff",
        "index.html",
        "feed.xml",
        "404.html",
        "pagefind",
        "/etc",
        "..",
        "a/b",
        "https://user:pw@host:99999/a b/?q#f",
        "https://blog.example.test/../x/",
        "https://blog.example.test/",
        "it-IT",
        "nl-NL",
        "badge",
        "hide",
        "true",
        "0",
    ]
)
TEXT = st.one_of(ODD_TEXT, NASTY_TEXT, st.text(max_size=20))
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-5, max_value=5),
    st.integers(min_value=-(2**300), max_value=2**300),
    st.floats(allow_nan=True, allow_infinity=True),
    TEXT,
    st.dates(),
    st.datetimes(timezones=st.one_of(st.none(), st.timezones())),
)
KEYS_OF_ANY_TYPE = st.one_of(TEXT, st.integers(), st.booleans(), st.none(), st.floats())
ANY_VALUE = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(KEYS_OF_ANY_TYPE, children, max_size=3),
    ),
    max_leaves=8,
)


def _dump(data: object) -> str:
    try:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    except (yaml.YAMLError, TypeError, ValueError):
        return yaml.safe_dump(repr(data))


@st.composite
def any_site_config(draw: st.DrawFn) -> str:
    """The test site.yaml with values of any type under known and unknown keys, at the top
    and in a locale's settings; sometimes the locales themselves of any type."""
    data = yaml.safe_load(MINIMAL_CONFIG)
    for key in draw(st.lists(st.sampled_from(SITE_KEYS + UNKNOWN_KEYS), max_size=4)):
        data[key] = draw(ANY_VALUE)
    locales = data.get("locales")
    if isinstance(locales, dict) and draw(st.booleans()):
        code = draw(st.one_of(st.sampled_from([*locales, "en-GB", "xx-YY"]), KEYS_OF_ANY_TYPE))
        chosen = locales.get(code)
        settings_ = dict(chosen) if isinstance(chosen, dict) else {}
        for key in draw(st.lists(st.sampled_from(LOCALE_KEYS + UNKNOWN_KEYS), max_size=4)):
            settings_[key] = draw(ANY_VALUE)
        locales[code] = settings_ if draw(st.integers(0, 9)) else draw(ANY_VALUE)
    text = _dump(data)
    if draw(st.integers(0, 9)) == 0:  # a line of raw junk among the settings
        lines = text.splitlines()
        lines.insert(draw(st.integers(0, len(lines))), draw(st.text(max_size=30)))
        text = "\n".join(lines) + "\n"
    return text


SITE = {
    "content/it-IT/uno.md": post("Uno", tags="[a, b]"),
    "content/nl-NL/twee.md": post("Twee"),
    "content/authors.yaml": "anna: {name: Anna}\n",
}


def assert_builds_or_reports(root: Path, out: Path) -> None:
    """The build returns, or fails with well-formed problems; never anything else."""
    try:
        build(root, out, BuildOptions(drafts=True, future=False, now=NOW), workers=1)
    except BuildFailed as failure:
        assert failure.problems, "BuildFailed without problems"
        for problem in failure.problems:
            assert_problem_line(problem)


def test_the_fuzzed_keys_are_every_key_of_the_engine() -> None:
    assert {"title", "base_url", "locales", "feed_items"} <= set(SITE_KEYS)
    assert {"prefix", "category_path", "tag_path", "page_path"} <= set(LOCALE_KEYS)


@fuzz("config")
@given(config=any_site_config())
@example(config=MINIMAL_CONFIG.replace("title: Test Blog", 'title: "\\ud800"'))
@example(config=MINIMAL_CONFIG.replace("posts_per_page: 2", "posts_per_page: " + "9" * 300))
@example(config=MINIMAL_CONFIG.replace("related_count: 2", "related_count: 1e400"))
@example(config=MINIMAL_CONFIG.replace("it-IT: {prefix: it,", "it-IT: {category_path: '',"))
@example(config=MINIMAL_CONFIG + "locales: [it-IT]\n")
@example(config=MINIMAL_CONFIG.replace("base_url: https://", "base_url: https://u:p@"))
def test_any_site_config_ends_in_a_build_or_problem_lines(config: str) -> None:
    scratch = Path(tempfile.mkdtemp(prefix="mot-fuzz-"))
    try:
        root = write_site(scratch / "site", {**SITE, "site.yaml": config})
        with returns_within(60):
            assert_builds_or_reports(root, scratch / "out")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


# ---- the shapes of the site's folders ----------------------------------------------------------

PLACES = st.sampled_from(
    [
        "content/it-IT/x.md",
        "content/it-IT/sub/x.md",
        "content/it-IT/uno.md",
        "content/nl-NL",
        "content/authors.yaml",
        "content/terms.yaml",
        "content/extra",
        "content",
        "static",
        "static/images",
        "static/images/a.svg",
        "static/env.txt",
        "static/favicon.ico",
        "templates",
        "templates/base.html",
        "templates/partials",
        "templates/partials/card.html",
        "templates/extra.html",
        "locales",
        "locales/it/LC_MESSAGES/messages.po",
        "locales/it",
        "locales/messages.pot",
        "site.yaml",
    ]
)


def _published_bytes(out: Path) -> bytes:
    if not out.is_dir():
        return b""
    return b"".join(p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file())


@fuzz("shapes")
@given(changes=st.lists(st.tuples(st.sampled_from(SHAPES), PLACES), min_size=1, max_size=3))
@example(changes=[("link-out-file", "static/env.txt")])
@example(changes=[("link-out-file", "templates/base.html")])
@example(changes=[("link-out-folder", "static/images")])
@example(changes=[("link-out-folder", "content/nl-NL")])
@example(changes=[("link-out-file", "static/env.txt"), ("fifo", "content/it-IT/x.md")])
@example(changes=[("link-out-fifo", "templates/base.html"), ("unreadable", "content/it-IT/uno.md")])
@example(changes=[("link-to-parent", "static/images"), ("link-in-folder", "content/nl-NL")])
@example(changes=[("folder-named-like-a-file", "content/it-IT/x.md"), ("socket", "static/env.txt")])
@example(changes=[("file-where-a-folder-is", "content"), ("not-utf8-name", "templates/extra.html")])
@example(changes=[("link-out-folder", "templates/partials"), ("unreadable", "static/images")])
def test_any_shape_of_the_site_ends_in_a_build_or_problem_lines(
    changes: list[tuple[str, str]],
) -> None:
    """Never a traceback, never a hang, never a byte from outside the site published."""
    scratch = Path(tempfile.mkdtemp(prefix="mot-fuzz-"))
    secret = f"SECRET-{uuid.uuid4().hex}"
    try:
        root = write_site(
            scratch / "site",
            {
                **SITE,
                "static/images/a.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="2" height="1"/>',
                "shared/inside.md": post("Dentro"),
                "templates/partials/.keep": "",
                "locales/it/LC_MESSAGES/.keep": "",
            },
        )
        outside = make_outside(scratch / "outside", secret)
        for shape, place in changes:
            try:
                make_shape(shape, root / place, outside, root / "shared/inside.md")
            except OSError:
                continue  # an earlier change left no folder to put it in
        out = scratch / "out"
        with reads_checked_even_as_root(), returns_within(60):
            assert_builds_or_reports(root, out)
            assert_status_reports(root)  # mot-blog status reads the posts and catalogs too
        assert secret.encode() not in _published_bytes(out)
    finally:
        make_readable(scratch)
        shutil.rmtree(scratch, ignore_errors=True)
