"""Every bad value of site.yaml, front matter and data files is a problem line, never a crash.

Each test builds a small site in-process and matches the problem lines it must
give; the crashes and the confusing messages of issue 15 each have one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINIMAL_CONFIG, post, write_site

from mot_blog.build import build, check_collisions
from mot_blog.errors import BuildFailed
from mot_blog.render.pages import Output

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


# ---- URL segments of site.yaml -----------------------------------------------------------------


def locale_settings(settings: str) -> str:
    """The test site.yaml with ``settings`` added to it-IT's (line 5)."""
    return MINIMAL_CONFIG.replace("it-IT: {prefix: it,", "it-IT: {prefix: it, " + settings + ",")


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ("category_path: ''", "'category_path' is empty; give one URL segment such as 'category'"),
        ("tag_path: ''", "'tag_path' is empty; give one URL segment such as 'tag'"),
        ("page_path: ''", "'page_path' is empty; give one URL segment such as 'page'"),
        (
            "category_path: index.html",
            "category_path 'index.html' is a name the build writes itself; choose another",
        ),
        (
            "tag_path: feed.xml",
            "tag_path 'feed.xml' is a name the build writes itself; choose another",
        ),
        (
            "page_path: 404.html",
            "page_path '404.html' is a name the build writes itself; choose another",
        ),
        (
            "category_path: /etc",
            "category_path '/etc' must be lowercase letters, digits and dashes",
        ),
        ("tag_path: a/b", "tag_path 'a/b' must be lowercase letters, digits and dashes"),
        ("page_path: '..'", "page_path '..' must be lowercase letters, digits and dashes"),
        ("page_path: Pagina", "page_path 'Pagina' must be lowercase letters, digits and dashes"),
        (
            "category_path: [a]",
            "'category_path' must be text: one URL segment such as 'category', not a list",
        ),
        (
            "tag_path: category",
            "tag_path 'category' is the category_path of it-IT too; "
            "their pages would have the same URLs: make them differ",
        ),
        (
            "category_path: x, page_path: x",
            "page_path 'x' is the category_path of it-IT too; "
            "their pages would have the same URLs: make them differ",
        ),
        ("prefix: pagefind", "prefix 'pagefind' is a name the build writes itself; choose another"),
        ("name: [Italiano]", "'name' is not text but a list; write it or remove the line"),
        ("name: ' '", "'name' is empty; write it or remove the line"),
    ],
)
def test_locale_url_segments_are_checked_like_the_prefix(
    tmp_path: Path, settings: str, message: str
) -> None:
    site = locale_settings(settings).replace("{prefix: it, prefix: pagefind,", "{prefix: pagefind,")
    assert problems_of(tmp_path, {"site.yaml": site}) == [f"site.yaml:5: {message}"]


def test_a_number_is_a_url_segment(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {**GOOD, "site.yaml": locale_settings("page_path: 2024")})
    build(root, tmp_path / "out", workers=1)


# ---- base_url ------------------------------------------------------------------------------------

FORM = "an absolute http(s) URL, e.g. https://blog.example.com/"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "https://user:pw@blog.example.test/",
            f"holds a user name or password; give only the host, {FORM}",
        ),
        (
            "https://blog.example.test:99999/",
            "has a port that is not a number from 1 to 65535; fix or remove it",
        ),
        ("https://blog.example.test:0/", "has port 0; a port is a number from 1 to 65535"),
        (
            "'https://blog.example.test/a b/'",
            "holds a space, which a URL cannot hold as it is; percent-encode it (%20 for a space) or remove it",
        ),
        (
            "'https://blog.example.test/a\"b/'",
            "holds '\"', which a URL cannot hold as it is; percent-encode it (%20 for a space) or remove it",
        ),
        (
            '"https://blog.example.test/a\'b/"',
            'holds "\'", which a URL cannot hold as it is; percent-encode it (%20 for a space) or remove it',
        ),
        (
            "'https://blog.example.test\\evil/'",
            "holds '\\\\', which a URL cannot hold as it is; percent-encode it (%20 for a space) or remove it",
        ),
        (
            "'https://blog.example.test/\tx/'",
            "holds '\\t', which a URL cannot hold as it is; percent-encode it (%20 for a space) or remove it",
        ),
        (
            "https://blog.example.test/a/../b/",
            "has a '.' or '..' segment; write the path it leads to",
        ),
        ("https://blog.example.test/./", "has a '.' or '..' segment; write the path it leads to"),
        ("https://blog.example.test//x/", "has an empty path segment ('//'); write each '/' once"),
        (
            "https://blog.example.test/?x=1",
            f"has a query or fragment ('?', '#'); remove it: {FORM}",
        ),
        (
            "'https://blog.example.test/#top'",
            f"has a query or fragment ('?', '#'); remove it: {FORM}",
        ),
        (
            "https://blog.example.test/100%/",
            "has a '%' that is not a percent-encoding like %20; write it as %25",
        ),
        (
            "https://blög.example/",
            "holds characters that are not ASCII; write the host in its xn-- form and percent-encode the path (e.g. %C3%A9 for é)",
        ),
        (
            "https://bad_host!/",
            f"has the host 'bad_host!', which is no domain name or IP address; write it as {FORM}",
        ),
        ("'http://[oops'", f"must be {FORM}"),
        ("ftp://blog.example.test/", f"must be {FORM}"),
        ("/blog/", f"must be {FORM}"),
        ("42", f"must be {FORM}, not a number"),
    ],
)
def test_base_url_must_be_a_plain_absolute_url(tmp_path: Path, url: str, message: str) -> None:
    site = MINIMAL_CONFIG.replace("https://blog.example.test/", url)
    assert problems_of(tmp_path, {"site.yaml": site}) == [f"site.yaml:2: 'base_url' {message}"]


@pytest.mark.parametrize(
    "url",
    [
        "https://blog.example.test/",
        "https://blog.example.test",
        "http://127.0.0.1:8000/blog/",
        "https://[::1]:8443/",
        "https://xn--blg-zna.example/%C3%A9t%C3%A9/",
        "https://Blog.Example.test./a-b_c~d/",
    ],
)
def test_ordinary_base_urls_pass(tmp_path: Path, url: str) -> None:
    root = write_site(
        tmp_path / "site",
        {**GOOD, "site.yaml": MINIMAL_CONFIG.replace("https://blog.example.test/", url)},
    )
    build(root, tmp_path / "out", workers=1)
    robots = (tmp_path / "out/robots.txt").read_text(encoding="utf-8")
    assert robots.count("\n") <= 4 and "sitemap.xml" in robots


# ---- messages that say what is wrong -------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("title: ''", "site.yaml:1: 'title' is empty; give the site a name"),
        ("title: '  '", "site.yaml:1: 'title' is empty; give the site a name"),
        ("title:", "site.yaml:1: 'title' is empty; give the site a name"),
        ("title: [a]", "site.yaml:1: 'title' must be text or a mapping locale -> text, not a list"),
        (
            "title: 12",
            "site.yaml:1: 'title' must be text or a mapping locale -> text, not a number",
        ),
        ("title: {it-IT: Blog}", "site.yaml:1: 'title' has no text for nl-NL"),
        ("title: {it-IT: Blog, nl-NL: ''}", "site.yaml:1: 'title' has no text for nl-NL"),
        (
            "title: {it-IT: Blog, nl-NL: Blog, fr-FR: Blog}",
            "site.yaml:1: 'title' gives text for 'fr-FR', which is not one of the locales: it-IT, nl-NL",
        ),
        (
            "posts_per_page: 0\ntitle: T",
            "site.yaml:1: 'posts_per_page' must be a whole number of 1 or more, not 0",
        ),
        (
            "posts_per_page: '3'\ntitle: T",
            "site.yaml:1: 'posts_per_page' must be a whole number of 1 or more, not text",
        ),
        (
            "posts_per_page: 2.5\ntitle: T",
            "site.yaml:1: 'posts_per_page' must be a whole number of 1 or more, not a number",
        ),
        (
            "posts_per_page: true\ntitle: T",
            "site.yaml:1: 'posts_per_page' must be a whole number of 1 or more, not true or false",
        ),
    ],
)
def test_site_settings_say_what_is_wrong(tmp_path: Path, line: str, message: str) -> None:
    site = MINIMAL_CONFIG.replace("title: Test Blog", line).replace("posts_per_page: 2\n", "")
    assert problems_of(tmp_path, {"site.yaml": site}) == [message]


def test_a_site_yaml_without_title_says_it_is_required(tmp_path: Path) -> None:
    site = MINIMAL_CONFIG.replace("title: Test Blog\n", "")
    assert problems_of(tmp_path, {"site.yaml": site}) == [
        "site.yaml:1: 'title' is required: the site's name, as text or a mapping locale -> text"
    ]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "' '"}, "content/it-IT/x.md:2: 'title' is empty (required, text)"),
        (
            {"summary": "''"},
            "content/it-IT/x.md:4: 'summary' is empty; give it a value or remove it",
        ),
        ({"title": "[a, b]"}, "content/it-IT/x.md:2: 'title' must be text, not a list"),
        ({"title": "{a: b}"}, "content/it-IT/x.md:2: 'title' must be text, not a mapping"),
        ({"title": "true"}, "content/it-IT/x.md:2: 'title' must be text, not true or false"),
        ({"summary": "2024-01-01"}, "content/it-IT/x.md:4: 'summary' must be text, not a date"),
        ({"slug": "''"}, "content/it-IT/x.md:6: 'slug' is empty; give it a value or remove it"),
        ({"tags": "[a, [b]]"}, "content/it-IT/x.md:6: a tag must be text, not a list"),
        (
            {"date": "[2024]"},
            "content/it-IT/x.md:3: a date must be written as a date, not a list; write it as "
            "YYYY-MM-DD, e.g. 2022-05-17, or YYYY-MM-DD HH:MM[:SS] [+ZZZZ], e.g. 2022-05-17 9:30 +0200",
        ),
        (
            {"date": "soon"},
            "content/it-IT/x.md:3: bad date 'soon'; write it as YYYY-MM-DD, e.g. 2022-05-17, "
            "or YYYY-MM-DD HH:MM[:SS] [+ZZZZ], e.g. 2022-05-17 9:30 +0200",
        ),
    ],
)
def test_front_matter_says_what_is_wrong_in_an_editors_words(
    tmp_path: Path, fields: dict[str, str], message: str
) -> None:
    assert problems_of(tmp_path, {"content/it-IT/x.md": fm(**fields)}) == [message]


# ---- two things at one URL ---------------------------------------------------------------------


def test_a_term_without_letters_or_digits_is_a_problem(tmp_path: Path) -> None:
    lines = problems_of(tmp_path, {"content/it-IT/x.md": fm(category="🎉", tags="['!!!']")})
    assert lines == [
        "content/it-IT/x.md:5: category '🎉' has no letters or digits a URL can use; "
        "give it a slug in content/terms.yaml ({label: '🎉', slug: ...})",
        "content/it-IT/x.md:6: tag '!!!' has no letters or digits a URL can use; "
        "give it a slug in content/terms.yaml ({label: '!!!', slug: ...})",
    ]


def test_a_post_slug_may_not_be_a_listing_path(tmp_path: Path) -> None:
    lines = problems_of(tmp_path, {"content/it-IT/x.md": fm(slug="category")})
    assert lines == [
        "content/it-IT/x.md:6: slug 'category' is reserved for listings in it-IT; set another 'slug:'"
    ]


@pytest.mark.parametrize(
    ("files", "line"),
    [
        (
            {"static/index.html": "x"},
            "static/index.html: would be published at index.html, where the build writes its own "
            "index.html; rename it",
        ),
        (
            {"static/404.html": "x"},
            "static/404.html: would be published at 404.html, where the build writes its own "
            "404.html; rename it",
        ),
        (
            {"static/sitemap.xml": "x"},
            "static/sitemap.xml: would be published at sitemap.xml, where the build writes its "
            "own sitemap.xml; rename it",
        ),
        (
            {"static/it": "x"},
            "static/it: would be published at it, where the build writes its own it/; rename it",
        ),
        (
            {"static/index.html/a.css": "x"},
            "static/index.html/a.css: would be published at index.html/a.2d711642b7.css, where the "
            "build writes its own index.html; rename it",
        ),
        (
            {"static/it/feed.xml/a.css": "x"},
            "static/it/feed.xml/a.css: would be published at it/feed.xml/a.2d711642b7.css, where "
            "the build writes its own it/feed.xml; rename it",
        ),
    ],
)
def test_a_static_file_where_the_build_writes_a_page_is_a_problem(
    tmp_path: Path, files: dict[str, str], line: str
) -> None:
    assert problems_of(tmp_path, files) == [line]


def test_a_static_robots_txt_replaces_the_built_one(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {**GOOD, "static/robots.txt": "User-agent: *\n"})
    build(root, tmp_path / "out", workers=1)
    assert (tmp_path / "out/robots.txt").read_text(encoding="utf-8") == "User-agent: *\n"


def test_the_sitemap_lists_each_url_once(tmp_path: Path) -> None:
    files = {
        **GOOD,
        "content/it-IT/notizie.md": fm(category="Notizie", tags="[notizie, category]"),
        "content/it-IT/etichetta.md": fm(title="Tag", category="tag", tags="[tag, page]"),
    }
    root = write_site(tmp_path / "site", files)
    build(root, tmp_path / "out", workers=1)
    sitemap = (tmp_path / "out/sitemap.xml").read_text(encoding="utf-8")
    locs = [line.strip() for line in sitemap.splitlines() if "<loc>" in line]
    assert len(locs) == len(set(locs)) > 5


def test_a_static_file_whose_published_name_is_too_long_is_a_problem(tmp_path: Path) -> None:
    name = "a" * 250 + ".svg"
    assert problems_of(tmp_path, {f"static/images/{name}": "<svg/>"}) == [
        f"static/images/{name}: its published name, with its hash, is 265 bytes long, over the "
        "255 a file name may have; shorten it"
    ]


def test_two_outputs_at_one_path_name_both_sources() -> None:
    """The last guard, behind the checks of slugs, terms and site.yaml's URL segments."""
    with pytest.raises(BuildFailed) as failure:
        check_collisions(
            [
                Output("it/x/index.html", b"", ("content/it-IT/a.md",)),
                Output("it/x/index.html", b"", ("content/it-IT/b.md",)),
            ]
        )
    assert [str(p) for p in failure.value.problems] == [
        "content/it-IT/b.md: URL collision: it/x/index.html is also written by "
        "content/it-IT/a.md; change a slug"
    ]
