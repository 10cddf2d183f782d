"""Site plugins (``plugins:`` in site.yaml, entry point group ``mot_blog.plugins``): a
small example plugin installed into a temporary folder adds a filter, a global, a
page-context value and an extra file; names that are not installed, plugins that fail and
the build cache's keys."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import MINIMAL_CONFIG, post, write_site

from mot_blog.build import build
from mot_blog.cli import main
from mot_blog.errors import BuildFailed
from mot_blog.load.config import load_config
from mot_blog.plugins import PLUGINS, load_plugin, plugins_key

EXAMPLE = """\
def _shout(text):
    if text == "boom":
        raise ValueError("too loud")
    return text.upper() + "!"


filters = {"shout": _shout}
globals = {"plugin_motto": "Scritto a mano"}


def page_context(site, template, context):
    if template == "article.html":
        return {"reading_badge": f"{context['post'].word_count} parole"}
    return None


def outputs(site, assets):
    titles = sorted(p.title for p in site.posts)
    yield "humans.txt", ("\\n".join(titles) + "\\n").encode()
"""
"""The example plugin: a filter, a global, a page-context value and an extra output file."""

SHARE = """\
<p class="plugin">{{ post.title|shout }} | {{ plugin_motto }} | {{ reading_badge }}</p>
"""
"""A site's ``partials/share.html`` that shows what the plugin adds (the article includes it)."""

Install = Callable[..., Path]


@pytest.fixture
def install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Install]:
    """Factory: ``install(name, source, version=...)`` writes a package whose module
    ``source`` is the site plugin ``name`` (a ``*.dist-info`` folder with its entry point,
    which importlib.metadata reads from sys.path), as ``pip install`` would."""
    modules = []

    def make(name: str, source: str, version: str = "1.0") -> Path:
        module = f"motplugin_{name.replace('-', '_')}"
        folder = tmp_path / "packages"
        for old in folder.glob(f"{module}-*.dist-info"):  # an upgrade replaces it
            for file in old.iterdir():
                file.unlink()
            old.rmdir()
        dist = folder / f"{module}-{version}.dist-info"
        dist.mkdir(parents=True)
        (dist / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {module}\nVersion: {version}\n"
        )
        (dist / "entry_points.txt").write_text(f"[{PLUGINS}]\n{name} = {module}\n")
        (folder / f"{module}.py").write_text(textwrap.dedent(source))
        if str(folder) not in sys.path:
            monkeypatch.syspath_prepend(str(folder))
        sys.modules.pop(module, None)  # a new process would import it anew
        load_plugin.cache_clear()
        modules.append(module)
        return folder

    yield make
    for module in modules:
        sys.modules.pop(module, None)
    load_plugin.cache_clear()


def plugin_site(root: Path, plugins: str, files: dict[str, str] | None = None) -> Path:
    """A site of one article with ``plugins`` (a site.yaml line) and the template above."""
    return write_site(
        root,
        {
            "site.yaml": MINIMAL_CONFIG + plugins,
            "content/it-IT/ciao.md": post("Ciao mondo", body="Tre parole qui."),
            "templates/partials/share.html": SHARE,
            **(files or {}),
        },
    )


def problems_of(root: Path, out: Path) -> list[str]:
    with pytest.raises(BuildFailed) as failure:
        build(root, out)
    return [str(problem) for problem in failure.value.problems]


def test_a_plugin_adds_a_filter_a_global_a_context_value_and_a_file(
    tmp_path: Path, install: Install
) -> None:
    install("example", EXAMPLE)
    root = plugin_site(tmp_path / "site", "plugins: [example]\n")
    build(root, tmp_path / "out")
    page = (tmp_path / "out/it/ciao/index.html").read_text(encoding="utf-8")
    assert '<p class="plugin">CIAO MONDO! | Scritto a mano | 3 parole</p>' in page
    assert (tmp_path / "out/humans.txt").read_text(encoding="utf-8") == "Ciao mondo\n"
    # The engine's own parts (the core plugin) are there as ever.
    assert "User-agent: *" in (tmp_path / "out/robots.txt").read_text(encoding="utf-8")


LOCALE_FILTERS = """\
import jinja2


def filters(config, locale):
    return {"lang_tag": lambda text: f"{text} ({locale.lang})", "page_of": _page_of}


@jinja2.pass_context
def _page_of(context, text):
    return f"{text} @ {context['page_url']}"
"""
"""A plugin whose filters depend on the locale, one of them asking for the page's context."""


def test_a_plugins_filters_may_depend_on_the_locale_and_ask_for_the_context(
    tmp_path: Path, install: Install
) -> None:
    install("by-locale", LOCALE_FILTERS)
    share = "<p class=\"plugin\">{{ post.title|lang_tag }} {{ 'x'|page_of }}</p>\n"
    root = plugin_site(
        tmp_path / "site",
        "plugins: [by-locale]\n",
        {
            "templates/partials/share.html": share,
            "content/nl-NL/hallo.md": post("Hallo", category="Nieuws"),
        },
    )
    build(root, tmp_path / "out")
    italian = (tmp_path / "out/it/ciao/index.html").read_text(encoding="utf-8")
    dutch = (tmp_path / "out/nl/hallo/index.html").read_text(encoding="utf-8")
    assert '<p class="plugin">Ciao mondo (it-IT) x @ /it/ciao/</p>' in italian
    assert '<p class="plugin">Hallo (nl-NL) x @ /nl/hallo/</p>' in dutch


def test_a_plugins_file_where_a_page_goes_is_a_collision(tmp_path: Path, install: Install) -> None:
    install("clash", "def outputs(site, assets):\n    yield 'it/index.html', b'x'\n")
    root = plugin_site(
        tmp_path / "site", "plugins: [clash]\n", {"templates/partials/share.html": ""}
    )
    problems = problems_of(root, tmp_path / "out")
    assert len(problems) == 1 and "URL collision: it/index.html is also written by" in problems[0]


def test_the_core_plugin_gives_the_share_links_and_robots_txt(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"content/it-IT/ciao.md": post("Ciao")})
    build(root, tmp_path / "out")
    page = (tmp_path / "out/it/ciao/index.html").read_text(encoding="utf-8")
    assert "https://wa.me/?text=Ciao%20https%3A%2F%2Fblog.example.test%2Fit%2Fciao%2F" in page
    assert (
        (tmp_path / "out/robots.txt")
        .read_text(encoding="utf-8")
        .endswith("Sitemap: https://blog.example.test/sitemap.xml\n")
    )


def test_an_unknown_plugin_is_named_at_its_line_with_the_installed_ones(
    tmp_path: Path, install: Install
) -> None:
    install("example", EXAMPLE)
    root = plugin_site(tmp_path / "site", "plugins:\n  - exampel\n")
    with pytest.raises(BuildFailed) as failure:
        load_config(root)
    assert [str(p) for p in failure.value.problems] == [
        "site.yaml:10: no plugin named 'exampel' (did you mean 'example'?); installed: "
        "example (pip install the package that provides it)"
    ]


@pytest.mark.parametrize(
    ("plugins", "message"),
    [
        ("plugins: example\n", "site.yaml:9: 'plugins' must be a list of plugin names, not text"),
        ("plugins: [core]\n", "site.yaml:9: the 'core' plugin is the engine's own and always on"),
        ("plugins: [example, example]\n", "the plugin 'example' is listed twice; list it once"),
    ],
)
def test_the_plugins_setting_is_checked(
    tmp_path: Path, install: Install, plugins: str, message: str
) -> None:
    install("example", EXAMPLE)
    root = plugin_site(tmp_path / "site", plugins)
    with pytest.raises(BuildFailed) as failure:
        load_config(root)
    (problem,) = failure.value.problems
    assert message in str(problem)


def test_a_plugin_that_does_not_load_is_one_line_and_exit_1(
    tmp_path: Path, install: Install, capsys: pytest.CaptureFixture[str]
) -> None:
    install("broken", "raise RuntimeError('no config found')\n")
    root = plugin_site(tmp_path / "site", "plugins: [broken]\n")
    code = main(["build", "--site", str(root), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1
    assert (
        "site.yaml:9: the plugin 'broken' does not load (RuntimeError: no config found); "
        "fix or upgrade it, or remove it from 'plugins'"
    ) in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_a_failing_filter_names_the_plugin_at_the_template_line(
    tmp_path: Path, install: Install
) -> None:
    install("example", EXAMPLE)
    root = plugin_site(tmp_path / "site", "plugins: [example]\n")
    (root / "content/it-IT/ciao.md").write_text(post("boom"), encoding="utf-8")
    assert problems_of(root, tmp_path / "out") == [
        "templates/partials/share.html:1: template error: the plugin 'example': the filter "
        "'shout' failed (ValueError: too loud); fix or upgrade the plugin, or remove it from "
        "'plugins' in site.yaml"
    ]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            "def outputs(site, assets):\n    raise OSError('disk full')\n",
            "site.yaml: the plugin 'bad': its outputs() failed (OSError: disk full); fix or "
            "upgrade the plugin, or remove it from 'plugins' in site.yaml",
        ),
        (
            "def outputs(site, assets):\n    return [('x.txt', 'text')]\n",
            "site.yaml: the plugin 'bad': its outputs() gave tuple, not a (path, bytes) pair; "
            "fix or upgrade the plugin, or remove it from 'plugins' in site.yaml",
        ),
        (
            "filters = {'long_date': str}\n",
            "site.yaml: the plugin 'bad' gives the filter 'long_date', which the plugin 'core' "
            "has already; rename it in the plugin, or turn one off",
        ),
        (
            "filters = {'shout': 'SHOUT'}\n",
            "site.yaml: the plugin 'bad' gives the filter 'shout', which is no function (a str); "
            "fix or upgrade the plugin, or remove it from 'plugins' in site.yaml",
        ),
        (
            "globals = {'motto': lambda: 1 / 0}\n",
            "templates/partials/share.html:1: template error: the plugin 'bad': the global "
            "'motto' failed (ZeroDivisionError: division by zero); fix or upgrade the plugin, or "
            "remove it from 'plugins' in site.yaml",
        ),
        (
            "filters = {'upper': str}\n",
            "site.yaml: the plugin 'bad' gives the filter 'upper', which Jinja has already; "
            "rename it in the plugin, or turn one off",
        ),
        (
            "def page_context(site, template, context):\n"
            "    return {'post': None} if template == 'article.html' else None\n",
            "site.yaml: the plugin 'bad': its page_context() for article.html gives 'post', "
            "which the page has; fix or upgrade the plugin, or remove it from 'plugins' in "
            "site.yaml",
        ),
        (
            "def page_context(site, template, context):\n"
            "    return 1 / 0 if template == 'article.html' else None\n",
            "site.yaml: the plugin 'bad': its page_context() for article.html failed "
            "(ZeroDivisionError: division by zero); fix or upgrade the plugin, or remove it "
            "from 'plugins' in site.yaml",
        ),
    ],
)
def test_a_failing_plugin_is_one_problem_naming_it(
    tmp_path: Path, install: Install, source: str, message: str
) -> None:
    install("bad", source)
    share = "{{ motto() }}\n" if "motto" in source else ""
    root = plugin_site(
        tmp_path / "site", "plugins: [bad]\n", {"templates/partials/share.html": share}
    )
    assert problems_of(root, tmp_path / "out") == [message]


def test_a_plugin_part_of_the_wrong_form_is_refused_at_load(
    tmp_path: Path, install: Install
) -> None:
    install("odd", "filters = ['shout']\n")
    root = plugin_site(tmp_path / "site", "plugins: [odd]\n")
    with pytest.raises(BuildFailed) as failure:
        load_config(root)
    assert [str(p) for p in failure.value.problems] == [
        "site.yaml:9: the plugin 'odd' has 'filters' that is neither a mapping nor a function "
        "(a list); fix or upgrade it, or remove it from 'plugins'"
    ]


def test_turning_a_plugin_on_or_upgrading_it_renders_the_pages_again(
    tmp_path: Path, install: Install
) -> None:
    install("example", EXAMPLE)
    root = plugin_site(tmp_path / "site", "", {"templates/partials/share.html": ""})
    out = tmp_path / "out"
    build(root, out)
    assert build(root, out).rendered == 0  # nothing changed: nothing rendered
    (root / "templates/partials/share.html").write_text(SHARE.replace("|shout ", " "))
    (root / "site.yaml").write_text(MINIMAL_CONFIG + "plugins: [example]\n")
    turned_on = build(root, out)
    assert turned_on.reused == 0  # site.yaml changed: every output again
    page = out / "it/ciao/index.html"
    assert "Scritto a mano" in page.read_text(encoding="utf-8")
    assert build(root, out).rendered == 0
    # An upgrade (same site.yaml, another version): every page again, with the new motto.
    install("example", EXAMPLE.replace("Scritto a mano", "Scritto a macchina"), version="1.1")
    upgraded = build(root, out)
    assert upgraded.reused == 0 and upgraded.rendered > 0
    assert "Scritto a macchina" in page.read_text(encoding="utf-8")


def test_the_cache_key_names_each_plugin_with_its_version(tmp_path: Path, install: Install) -> None:
    assert plugins_key(()) == ""
    install("example", EXAMPLE, version="2.3")
    assert plugins_key(("example",)) == "plugins example==2.3"
