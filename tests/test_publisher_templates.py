"""Site template overrides: their errors are one problem line at the template's own line;
templates compiled ahead of rendering serve every environment."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import jinja2
import markupsafe
import pytest
from conftest import post, run_cli
from markupsafe import Markup

from mot_blog.load.theme import default_themes, template_folders
from mot_blog.render.jinja_internals import escape
from mot_blog.render.templating import precompile, template_environment

ARTICLE = """{% extends "base.html" %}
{% block main %}
<h1>{{ post.title }}</h1>
LINE4
{% endblock %}
"""


@pytest.mark.parametrize(
    ("line4", "message"),
    [
        ("{% if %}", "template error: Expected an expression"),
        ("{{ no_such_variable }}", "template error: 'no_such_variable' is undefined"),
        (
            "{{ post.no_such_field.name }}",
            "template error: 'mot_blog.model.site.Post object' has no",
        ),
        ("{{ post.title + 1 }}", "template error: "),
    ],
    ids=["syntax", "undefined-variable", "undefined-attribute", "type-error"],
)
def test_template_error_names_the_site_template_and_line(
    site, tmp_path: Path, line4: str, message: str
) -> None:
    root = site(
        {
            "content/it-IT/ciao.md": post("Ciao"),
            "templates/article.html": ARTICLE.replace("LINE4", line4),
        }
    )
    result = run_cli("build", "--site", str(root), "--out", str(tmp_path / "out"))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == "1 problem, nothing written"
    assert lines[0].startswith(f"templates/article.html:4: {message}"), lines
    assert not (tmp_path / "out").exists()


def test_error_in_an_included_partial_names_the_partial(site, tmp_path: Path) -> None:
    root = site(
        {
            "content/it-IT/ciao.md": post("Ciao"),
            "templates/partials/footer.html": "<p>\n{{ site_title }}\n{{ missing.x }}\n</p>\n",
        }
    )
    result = run_cli("build", "--site", str(root), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert re.match(
        r"templates/partials/footer\.html:3: template error: 'missing' is undefined", result.stderr
    )


def test_site_template_overrides_the_theme_file(site, tmp_path: Path) -> None:
    root = site(
        {
            "content/it-IT/ciao.md": post("Ciao"),
            "templates/partials/footer.html": "<p>Piè di pagina del sito</p>\n",
        }
    )
    result = run_cli("build", "--site", str(root), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "Piè di pagina del sito" in (tmp_path / "out/it/ciao/index.html").read_text()


def test_drafts_are_left_out_unless_asked_for(site, tmp_path: Path) -> None:
    root = site(
        {
            "content/it-IT/pubblico.md": post("Pubblico"),
            "content/it-IT/bozza.md": post("Bozza", draft="true"),
        }
    )
    plain, drafts = tmp_path / "plain", tmp_path / "drafts"
    assert run_cli("build", "--site", str(root), "--out", str(plain)).returncode == 0
    assert run_cli("build", "--site", str(root), "--out", str(drafts), "--drafts").returncode == 0
    assert (plain / "it/pubblico/index.html").is_file()
    assert not (plain / "it/bozza/index.html").exists()
    assert "Bozza" not in (plain / "it/index.html").read_text()
    assert (drafts / "it/bozza/index.html").is_file()
    assert "Bozza" in (drafts / "it/index.html").read_text()


def test_default_output_folder_is_public(site) -> None:
    root = site({"content/it-IT/ciao.md": post("Ciao")})
    result = run_cli("build", "--site", str(root))
    assert result.returncode == 0, result.stderr
    assert (root / "public/it/ciao/index.html").is_file()


FILTERS = ("long_date", "iso", "language_name", "format_list", "number", "direction")
"""The filters of the engine's own plugin (:mod:`mot_blog.render.core`), which the theme uses."""


def test_precompiled_templates_serve_every_environment_of_the_engine(tmp_path: Path) -> None:
    # Builds compile the templates while the posts are parsed, once for every render
    # worker: the renderer's environments must take them as compiled, never compile again
    # (their settings are the ones precompile() compiled with).
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "mine.html").write_text("{{ _('Hi') }} {{ x|iso }}\n")
    (tmp_path / "templates" / "broken.html").write_text("{% if %}\n")
    (tmp_path / "templates" / "notes.bin").write_bytes(b"\xff\xfe")
    folders = template_folders(tmp_path, default_themes())
    dirs = [folder.path for folder in folders]
    precompile(
        folders, dict.fromkeys(FILTERS, str)
    )  # the broken template and the binary file are left for later

    class NoCompiling(jinja2.Environment):
        def compile(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
            raise AssertionError("compiled again")

    loader = jinja2.FileSystemLoader([str(d) for d in dirs])
    env = template_environment(loader, gettext.NullTranslations(), dict.fromkeys(FILTERS, str))
    env.__class__ = type("Checked", (NoCompiling, type(env)), {})
    names = [n for n in env.list_templates() if n not in ("broken.html", "notes.bin")]
    assert "article.html" in names and "mine.html" in names
    for name in names:
        env.get_template(name)
    with pytest.raises(AssertionError, match="compiled again"):
        env.get_template("broken.html")


class _Html:
    def __html__(self) -> str:
        return "<b>safe</b>"


@pytest.mark.parametrize(
    "value",
    ["", "plain", "<a href='x'>&\"</a>", "è €", Markup("<i>ok</i>"), 42, 1.5, None, _Html()],
)
def test_the_templates_escape_is_markupsafes(value: object) -> None:
    escaped = escape(value)
    assert type(escaped) is Markup and escaped == markupsafe.escape(value)


def test_autoescaped_output_goes_through_the_engines_escape(tmp_path: Path) -> None:
    loader = jinja2.DictLoader({"t.html": "{{ a }}|{{ b }}|{{ c }}"})
    env = template_environment(loader, gettext.NullTranslations(), dict.fromkeys(FILTERS, str))
    template = env.get_template("t.html")
    assert template.root_render_func.__globals__["escape"] is escape
    assert template.render(a="<x>", b=Markup("<y>"), c=3) == "&lt;x&gt;|<y>|3"
