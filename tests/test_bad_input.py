"""Bad input never breaks a build: it ends in a clean build or in problem lines.

Hypothesis writes posts (and the site's data files) full of what editors and
their tools really produce — random YAML values and types, empty and huge
files, bytes that are not UTF-8, a BOM, CRLF, tabs, control characters, emoji,
right-to-left text, deep lists, unclosed fences, raw HTML — and drives the
real pipeline in-process: ``build.build`` must return, or raise
``BuildFailed`` whose every problem reads ``path[:line]: message`` on one line.
Any other exception is a bug.

``MOT_LONG_TESTS=1`` raises the example count from 200 to 5,000 per test.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from pathlib import Path

import yaml
from conftest import MINIMAL_CONFIG, post, run_cli, write_site
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from mot_blog.build import build
from mot_blog.commands.check import check_site
from mot_blog.commands.status.report import translation_report
from mot_blog.commands.status.text import format_report
from mot_blog.errors import BuildFailed, Problem
from mot_blog.model.assemble import BuildOptions

LONG = os.environ.get("MOT_LONG_TESTS") == "1"
EXAMPLES = 5000 if LONG else 200
PROBLEM_LINE = re.compile(r"^[^:]+(:\d+)?: .+$")
AFTER_PATH = re.compile(r"^(:\d+)?: .+$")
NOW = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)

fuzz = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)

# ---- strategies ------------------------------------------------------------------------------

NASTY_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\t",
        "emoji 🎉👩‍👩‍👧",
        "مرحبا بالعالم",
        "שלום \u202eevil\u202c",
        "\u200b\ufeff",
        "\x07\x1b[31m",
        "<script>alert(1)</script>",
        "]]>",
        '"',
        "'",
        "{{ site_title }}",
        "{% raw %}",
        "%(name)s",
        "../../etc/passwd",
        "C:\\Windows",
        "null",
        "~",
        "- a",
        ": b",
        "#",
        "&amp;",
        "x" * 300,
    ]
)
TEXT = st.one_of(NASTY_TEXT, st.text(max_size=40))
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    TEXT,
    st.dates(),
    st.datetimes(timezones=st.one_of(st.none(), st.timezones())),
)
YAML_VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(TEXT, st.integers(), st.booleans()), children, max_size=4),
    ),
    max_leaves=10,
)
KEYS = st.sampled_from(
    [
        "title",
        "date",
        "summary",
        "category",
        "tags",
        "author",
        "image",
        "image_alt",
        "image_credit",
        "translation_key",
        "slug",
        "draft",
        "updated",
        "translated_from",
        "autor",
        "",
    ]
)
GOOD = {"title": "Titolo", "date": "2024-01-02", "summary": "Riassunto.", "category": "Notizie"}


def _yaml_dump(data: object) -> str:
    try:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:
        return yaml.safe_dump(repr(data))


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    """A YAML block: mostly a valid post with a few fields broken, sometimes raw junk."""
    kind = draw(st.sampled_from(["mutated", "random", "raw"]))
    if kind == "raw":
        return draw(st.text(max_size=200))
    data: dict[object, object] = dict(GOOD) if kind == "mutated" else {}
    for key in draw(st.lists(KEYS, max_size=6)):
        data[key] = draw(YAML_VALUES)
    for key in draw(st.lists(st.sampled_from(sorted(GOOD)), max_size=2)):
        data.pop(key, None)
    if draw(st.booleans()):
        return _yaml_dump(draw(YAML_VALUES))
    return _yaml_dump(data)


MARKDOWN_PIECES = st.sampled_from(
    [
        "# Heading {#custom-id}",
        "## Heading with `code` and *emphasis*",
        "```python\nunclosed fence",
        "~~~\nother fence\n~~~",
        "    indented code",
        "> quote\n>\n> — Someone",
        "> — only attribution",
        "![alt](images/missing.png)",
        '![](images/x.svg "caption")',
        "![alt](../../etc/passwd)",
        "[link](javascript:alert(1))",
        "[link](JaVaScRiPt:alert(1))",
        "[link]( javascript:alert(1))",
        "[link](data:text/html,<script>)",
        "[link](#nowhere)",
        "[link](http://[oops)",
        "![img](//[::1/x.png)",
        "[link](https://example.com/?a=1&b=2)",
        "[ref][missing]",
        "[ref]: http://example.com",
        '<div markdown="1">*x*</div>',
        "<script>alert(1)</script>",
        "<style>body{}</style>",
        "<!-- comment",
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        "&#0; &#xD800; &bogus;",
        "| a | b |\n|---|\n| 1 |",
        "Term\n: definition",
        "*[HTML]: Hyper",
        "[^1]\n\n[^1]: note",
        "\t- tab list\n\t\t- deeper",
        "\u202eright-to-left override\u202c",
        "مرحبا — עברית",
        "emoji 🎉 \U0001f9d1\u200d\U0001f4bb",
        "\x00\x01\x02\x0b\x0c\x7f",
        "\ufeffbom in the middle",
        "\r\n\r\n",
        "---",
        "...",
        "{{ jinja }} {% if %}",
        "%(num)d %s",
    ]
)


@st.composite
def markdown_body(draw: st.DrawFn) -> str:
    """Markdown from nasty pieces, random text and deep nesting."""
    parts = draw(st.lists(st.one_of(MARKDOWN_PIECES, st.text(max_size=80)), max_size=12))
    depth = draw(st.integers(min_value=0, max_value=60))
    if depth:
        marker = draw(st.sampled_from(["- ", "1. ", "> ", "* "]))
        parts.append(
            "\n".join("    " * level + marker + f"level {level}" for level in range(depth))
        )
    return "\n\n".join(parts)


@st.composite
def post_file(draw: st.DrawFn) -> bytes:
    """A whole post file as bytes, with the encodings and line endings editors produce."""
    text = "---\n" + draw(front_matter()) + "---\n" + draw(markdown_body())
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8", "surrogatepass")
    mutation = draw(st.sampled_from(["none", "bom", "latin1", "junk", "truncate", "empty", "nofm"]))
    if mutation == "bom":
        data = b"\xef\xbb\xbf" + data
    elif mutation == "latin1":
        data = text.encode("latin-1", "replace") + b"\xe0\xe8\xff"
    elif mutation == "junk":
        position = draw(st.integers(min_value=0, max_value=len(data)))
        data = data[:position] + draw(st.binary(min_size=1, max_size=8)) + data[position:]
    elif mutation == "truncate":
        data = data[: draw(st.integers(min_value=0, max_value=len(data)))]
    elif mutation == "empty":
        data = b""
    elif mutation == "nofm":
        data = draw(markdown_body()).encode("utf-8", "surrogatepass")
    return data


DATA_FILE = st.one_of(
    st.builds(_yaml_dump, YAML_VALUES),
    st.text(max_size=200),
    st.sampled_from(
        [
            "alice: {name: Alice, role: [1, 2], bio: {it-IT: [x]}}",
            "alice: {name: Alice, avatar: [x], linkedin: 'javascript:alert(1)'}",
            "categories: [a, b]",
            "categories: {news: [x]}",
            "categories: {news: {it-IT: {label: [x], slug: {a: b}}}}",
            "tags: {t: {it-IT: '!!!'}}",
            "tags: {t: {it-IT: {label: x, slug: '../../x'}}}",
            "name: [x]\nurl: 12\nlogo: {a: b}",
            "description: {it-IT: {a: b}}",
        ]
    ),
)

# ---- the property ----------------------------------------------------------------------------


def assert_builds_or_reports(root: Path, out: Path) -> None:
    """The build returns, or fails with well-formed problems; never anything else."""
    try:
        build(root, out, BuildOptions(drafts=True, future=False, now=NOW))
    except BuildFailed as failure:
        assert failure.problems, "BuildFailed without problems"
        for problem in failure.problems:
            assert_problem_line(problem)


def assert_problem_line(problem: Problem) -> None:
    """``path[:line]: message`` on one line (a file name may itself hold a ':')."""
    text = str(problem)
    assert "\n" not in text and "\r" not in text, repr(text)
    path = str(Problem(problem.path, None, "-"))[: -len(": -")]  # as printed (escaped)
    if ":" in path:
        assert text.startswith(path) and AFTER_PATH.match(text[len(path) :]), text
    else:
        assert PROBLEM_LINE.match(text), text


def assert_status_reports(root: Path) -> None:
    """``mot-blog status`` reads the same files: a report or problems, never a traceback."""
    try:
        report = translation_report(root)
    except BuildFailed as failure:
        assert all(PROBLEM_LINE.match(str(p)) for p in failure.problems)
        return
    format_report(report)
    for problem in report.problems:
        assert PROBLEM_LINE.match(str(problem)) and "\n" not in str(problem), str(problem)


def _scratch_site(files: dict[str, str | bytes]) -> tuple[Path, Path, str]:
    scratch = tempfile.mkdtemp(prefix="mot-fuzz-")
    root = write_site(Path(scratch) / "site", files)
    return root, Path(scratch) / "out", scratch


def check_files(files: dict[str, str | bytes]) -> None:
    root, out, scratch = _scratch_site(files)
    try:
        assert_builds_or_reports(root, out)
        assert_status_reports(root)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


@fuzz
@given(first=post_file(), second=post_file())
@example(first=b"", second=b"\xef\xbb\xbf---\r\ntitle: x\r\n---\r\n")
@example(first=b"---\ntitle: [1\n---\n", second=b"---\n- a\n- b\n---\n")
@example(first=b"---\ndate: 2024-13-45\n---\n", second=b"\xff\xfe---\n")
def test_bad_posts_end_in_problems_not_tracebacks(first: bytes, second: bytes) -> None:
    check_files(
        {
            "content/it-IT/uno.md": first,
            "content/nl-NL/twee.md": second,
            "content/it-IT/ok.md": post("Buono"),
        }
    )


@fuzz
@given(
    authors=DATA_FILE,
    terms=DATA_FILE,
    publisher=DATA_FILE,
    fields=st.dictionaries(KEYS.filter(bool), TEXT, max_size=4),
)
def test_bad_data_files_end_in_problems_not_tracebacks(
    authors: str, terms: str, publisher: str, fields: dict[str, str]
) -> None:
    front = {**GOOD, **fields, "author": fields.get("author", "alice")}
    check_files(
        {
            "content/authors.yaml": authors,
            "content/terms.yaml": terms,
            "content/publisher.yaml": publisher,
            "content/it-IT/uno.md": "---\n" + _yaml_dump(front) + "---\nCorpo.\n",
        }
    )


CONFIG_KEYS = st.sampled_from(
    [
        "title",
        "base_url",
        "default_locale",
        "locales",
        "posts_per_page",
        "related_count",
        "words_per_minute",
        "untranslated",
        "allow_raw_html",
        "raw_html",
        "search",
        "titel",
    ]
)
LOCALE_KEYS = st.sampled_from(
    ["prefix", "name", "related_heading", "category_path", "tag_path", "page_path", "prefx"]
)
LOCALE_CODES = st.one_of(
    st.sampled_from(["it-IT", "nl-NL", "en", "xx-YY", "it_IT", "", "zh-Hant-TW", "../x"]), TEXT
)


@st.composite
def site_config(draw: st.DrawFn) -> str:
    """site.yaml: the test config with some settings and locale settings replaced."""
    data = yaml.safe_load(MINIMAL_CONFIG)
    for key in draw(st.lists(CONFIG_KEYS, max_size=3)):
        data[key] = draw(YAML_VALUES)
    if isinstance(data.get("locales"), dict) and draw(st.booleans()):
        code = draw(LOCALE_CODES)
        settings_ = {
            k: draw(st.one_of(TEXT, YAML_VALUES)) for k in draw(st.lists(LOCALE_KEYS, max_size=3))
        }
        data["locales"][code] = settings_ if draw(st.booleans()) else draw(YAML_VALUES)
    return _yaml_dump(data)


PO_PIECES = st.sampled_from(
    [
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n',
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n',
        '"Plural-Forms: nplurals=x; plural=(n !=;\\n"\n',
        "\"Plural-Forms: nplurals=1; plural=__import__('os');\\n\"\n",
        '"Content-Type: text/plain; charset=klingon\\n"\n',
        'msgid "Go"\nmsgstr "Vai"\n',
        'msgid "Go"\nmsgstr ""\n',
        '#, fuzzy\nmsgid "Close"\nmsgstr "Chiudi"\n',
        'msgid "%(num)d minute read"\nmsgid_plural "%(num)d minutes read"\nmsgstr[0] "x"\n',
        'msgid "%(num)d minute read"\nmsgid_plural "%(num)d minutes read"\nmsgstr[5] "x"\n',
        'msgid "By %(name)s"\nmsgstr "Di %(nome)s"\n',
        'msgid "By %(name)s"\nmsgstr "Di %(name)"\n',
        'msgid "Back to the blog"\nmsgstr "{{ evil }}"\n',
        'msgid "unterminated\nmsgstr "',
        "msgstr[0] 'orphan'\n",
        '#~ msgid "obsolete"\n#~ msgstr "x"\n',
        "\n",
    ]
)


@fuzz
@given(pieces=st.lists(st.one_of(PO_PIECES, st.text(max_size=30)), max_size=8))
def test_bad_catalogs_end_in_problems_not_tracebacks(pieces: list[str]) -> None:
    catalog = "".join(pieces)
    check_files(
        {
            "locales/it/LC_MESSAGES/messages.po": catalog,
            "locales/messages.pot": catalog,
            "content/it-IT/uno.md": post("Uno"),
        }
    )


FILE_NAMES = st.text(
    alphabet=st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)),
    min_size=1,
    max_size=40,
).filter(lambda name: name not in (".", "..") and len(name.encode()) < 200)


@fuzz
@given(post_name=FILE_NAMES, static_name=FILE_NAMES, folder=FILE_NAMES)
def test_any_file_name_builds_or_reports(post_name: str, static_name: str, folder: str) -> None:
    """Whatever editors name their files, the build stays inside its output folder."""
    assume(static_name != folder)
    scratch = Path(tempfile.mkdtemp(prefix="mot-fuzz-"))
    try:
        root = write_site(
            scratch / "site",
            {
                f"content/it-IT/{post_name}.md": post("Uno"),
                f"content/nl-NL/{folder}/{post_name}": post("Twee"),
                f"static/{static_name}": "x",
                f"static/{folder}/{static_name}": "x",
            },
        )
        out = scratch / "box" / "out"
        assert_builds_or_reports(root, out)
        written = [p for p in scratch.rglob("*") if not p.is_relative_to(root)]
        assert all(p.is_relative_to(scratch / "box") for p in written), written
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


@fuzz
@given(config=site_config())
def test_bad_site_config_ends_in_problems_not_tracebacks(config: str) -> None:
    check_files(
        {
            "site.yaml": config,
            "content/it-IT/uno.md": post("Uno"),
            "content/nl-NL/twee.md": post("Twee"),
        }
    )


@fuzz
@given(
    title=TEXT,
    summary=TEXT,
    tags=st.lists(TEXT, max_size=3),
    body=markdown_body(),
    crlf=st.booleans(),
)
def test_valid_front_matter_with_nasty_text_builds_and_checks(
    title: str, summary: str, tags: list[str], body: str, crlf: bool
) -> None:
    """Front matter that passes, carrying any text, reaches the templates and ``check``."""
    front = {**GOOD, "title": title or "t", "summary": summary or "s", "tags": tags}
    text = "---\n" + _yaml_dump(front) + "---\n" + body
    files: dict[str, str | bytes] = {
        "content/it-IT/uno.md": (text.replace("\n", "\r\n") if crlf else text).encode(
            "utf-8", "surrogatepass"
        ),
        "content/nl-NL/twee.md": post("Twee"),
    }
    root, out, scratch = _scratch_site(files)
    try:
        assert_builds_or_reports(root, out)
        for finding in check_site(root, out if out.is_dir() else None):
            assert PROBLEM_LINE.match(str(finding)) and "\n" not in str(finding), str(finding)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


@settings(fuzz, max_examples=max(EXAMPLES // 4, 10))
@given(first=post_file(), second=post_file())
def test_check_reports_bad_posts_as_findings(first: bytes, second: bytes) -> None:
    files = {"content/it-IT/uno.md": first, "content/nl-NL/twee.md": second}
    root, _out, scratch = _scratch_site(files)
    try:
        for finding in check_site(root):
            assert PROBLEM_LINE.match(str(finding)) and "\n" not in str(finding), str(finding)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


@settings(fuzz, max_examples=20 if LONG else 4)
@given(first=post_file(), config=site_config())
def test_cli_never_shows_a_traceback(first: bytes, config: str) -> None:
    """A few generated sites through the real command line: problems, no traceback."""
    root, out, scratch = _scratch_site({"site.yaml": config, "content/it-IT/uno.md": first})
    try:
        for args in (["build", "--out", str(out)], ["check"], ["status", "--strict"]):
            result = run_cli(*args, "--site", str(root))
            assert result.returncode in (0, 1), (args, result.stderr)
            assert "Traceback" not in result.stderr and "internal error" not in result.stderr, (
                result.stderr
            )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def test_huge_and_deep_files_build_or_report(tmp_path: Path) -> None:
    lines = "\n".join(
        f"Riga {n} con *enfasi* e [un link](https://example.com/{n})." for n in range(10_000)
    )
    deep = "\n".join("  " * level + "- voce" for level in range(500))
    quotes = ">" * 500 + " profondo"
    check_files(
        {
            "content/it-IT/lungo.md": post("Lungo", body=lines),
            "content/it-IT/profondo.md": post("Profondo", body=deep + "\n\n" + quotes),
            "content/it-IT/vuoto.md": b"",
            "content/nl-NL/solo-fm.md": "---\n---\n",
        }
    )


def test_cli_reports_bad_input_without_traceback(tmp_path: Path) -> None:
    root = write_site(
        tmp_path / "site",
        {
            "content/it-IT/rotto.md": b"---\ntitle: \xff\xfe\n---\n",
            "content/it-IT/yaml.md": "---\ntitle: [unclosed\ndate: 2024-01-01\n---\n",
            "content/nl-NL/tipi.md": "---\ntitle: {a: b}\ndate: nope\ntags: 5\n---\n```\nopen",
            "content/authors.yaml": "- just\n- a list\n",
            "content/terms.yaml": "categories: [a, b]\n",
        },
    )
    for command in ("build", "check"):
        args = [command, "--site", str(root)]
        if command == "build":
            args += ["--out", str(tmp_path / "out")]
        result = run_cli(*args)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert "internal error" not in result.stderr
        assert "content/it-IT/rotto.md:2: not valid UTF-8" in result.stderr + result.stdout
    status = run_cli("status", "--site", str(root), "--strict")
    assert "Traceback" not in status.stderr and status.returncode == 1, status.stderr


# ---- crashes found by the tests above, kept as regressions ------------------------------------

REGRESSIONS = {
    # PyYAML raised a bare ValueError constructing an impossible date.
    "impossible-date": {"content/it-IT/uno.md": b"---\ndate: 2024-13-45\n---\n"},
    # ... and an AttributeError on an explicit timestamp tag that is no date.
    "timestamp-tag": {"content/it-IT/uno.md": b"---\ndate: !!timestamp soon\n---\n"},
    # A control character made a YAML error message span several lines.
    "control-character": {"content/it-IT/uno.md": b"---\ntitle: a\x1bb\n---\n"},
    # A self-referencing alias sent the line collector into endless recursion.
    "self-alias": {"content/it-IT/uno.md": b"---\ntags: &t [*t]\n---\n"},
    # 'Billion laughs': aliases that expand exponentially.
    "billion-laughs": {
        "content/it-IT/uno.md": (
            "---\na: &a [x,x,x,x,x,x,x,x,x]\n"
            + "".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join(["*" + chr(97 + i)] * 9) + "]\n"
                for i in range(9)
            )
            + "---\n"
        ).encode()
    },
    # terms.yaml with a list where a mapping belongs: AttributeError.
    "terms-list": {"content/terms.yaml": "categories: [a, b]\n", "content/it-IT/a.md": post("A")},
    # An explicit term slug was used verbatim as an output folder.
    "term-slug-traversal": {
        "content/terms.yaml": "categories: {news: {it-IT: {label: Notizie, slug: '../../x'}}}\n",
        "content/it-IT/a.md": post("A"),
    },
    # Python-Markdown recursed past the stack on deep quotes and lists.
    "deep-markdown": {
        "content/it-IT/quote.md": post("Q", body=">" * 500 + " profondo"),
        "content/it-IT/list.md": post("L", body="\n".join("  " * n + "- voce" for n in range(500))),
    },
    # A key with a line break made a problem span two lines.
    "multi-line-key": {"content/publisher.yaml": "? '\n\n  '\n: null\n"},
    # urlsplit raised ValueError on a malformed host, in Markdown, authors and site.yaml.
    "malformed-url": {
        "content/it-IT/a.md": post("A", body="[x](http://[oops) ![y](http://[z)"),
        "content/authors.yaml": "eve: {name: Eve, linkedin: 'http://[oops'}\n",
        "content/publisher.yaml": "url: 'https://[x'\n",
    },
    "malformed-base-url": {
        "site.yaml": MINIMAL_CONFIG.replace("https://blog.example.test/", "'http://[x'")
    },
    # Babel raised LookupError compiling a catalog that names an unknown charset.
    "catalog-charset": {
        "locales/it/LC_MESSAGES/messages.po": (
            'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=klingon\\n"\n'
        ),
        "content/it-IT/uno.md": post("Uno"),
    },
    # Static files whose names cannot be output paths ended the build with a ValueError.
    "static-colon": {"static/images/a:b.svg": "x", "content/it-IT/a.md": post("A")},
    "static-backslash": {"static/a\\b.txt": "x", "content/it-IT/a.md": post("A")},
    # ... and Babel's reader raised it too, for a charset named after a second header.
    "catalog-charset-reader": {
        "locales/it/LC_MESSAGES/messages.po": (
            'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
            '"Content-Type: text/plain; charset=klingon\\n"\n'
            'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        ),
        "content/it-IT/uno.md": post("Uno"),
    },
    # PyYAML raised a bare ValueError (OverflowError) on an escape that names no character.
    "escape-out-of-range": {"content/it-IT/uno.md": b'---\ntitle: "\\U00110000"\n---\n'},
    "escape-overflow": {"content/it-IT/uno.md": b'---\ntitle: "\\Ua0001000"\n---\n'},
    "deep-yaml": {
        "content/it-IT/uno.md": ("---\ntags: " + "[" * 1000 + "]" * 1000 + "\n---\n").encode()
    },
}


def test_found_crashes_stay_fixed() -> None:
    for name, files in REGRESSIONS.items():
        try:
            check_files(files)
        except AssertionError as exc:
            raise AssertionError(f"regression {name}: {exc}") from exc
        except Exception as exc:
            raise AssertionError(f"regression {name} crashed: {exc!r}") from exc
