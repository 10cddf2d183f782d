"""Themes: ``theme:`` in site.yaml names a folder of the site or an installed package's theme;
the search path is the site, the theme, then the default theme, file by file."""

from __future__ import annotations

import re
import signal
import sys
import time
import tomllib
from pathlib import Path

import pytest
from conftest import MINIMAL_CONFIG, REPO, post, run_cli, write_site
from listing_site import write

from mot_blog import plugins
from mot_blog.build import build
from mot_blog.errors import BuildFailed
from mot_blog.load.config import load_config
from mot_blog.load.theme import BUILTIN, GROUP, THEME_DIR, theme_folder

FOOTER = '<footer class="paper-footer">{{ site_title }} on paper</footer>\n'
CSS = "/* paper */ body { color: black; }\n"


def _site(root: Path, theme: str, files: dict[str, str | bytes] | None = None) -> Path:
    return write_site(
        root,
        {
            "site.yaml": MINIMAL_CONFIG + f"theme: {theme}\n",
            "content/it-IT/ciao.md": post("Ciao"),
            **(files or {}),
        },
    )


def _paper(prefix: str) -> dict[str, str | bytes]:
    """A theme that overrides one partial and the stylesheet, under ``prefix``."""
    return {
        f"{prefix}/templates/partials/footer.html": FOOTER,
        f"{prefix}/static/css/site.css": CSS,
    }


def _stylesheet(out: Path, page: str) -> str:
    html = (out / page / "index.html").read_text(encoding="utf-8")
    href = re.search(r'<link rel="stylesheet" href="/(css/site\.[0-9a-f]+\.css)"', html)
    assert href is not None, html[:500]
    return (out / href.group(1)).read_text(encoding="utf-8")


def _problems(root: Path, out: Path) -> list[str]:
    with pytest.raises(BuildFailed) as failure:
        build(root, out, workers=1)
    return [str(problem) for problem in failure.value.problems]


def test_a_theme_folder_of_the_site_overrides_the_default_theme_file_by_file(
    tmp_path: Path,
) -> None:
    root = _site(tmp_path / "site", "themes/paper", _paper("themes/paper"))
    build(root, tmp_path / "out", workers=1)
    html = (tmp_path / "out/it/ciao/index.html").read_text(encoding="utf-8")
    assert '<footer class="paper-footer">Test Blog on paper</footer>' in html
    assert '<main id="main"' in html  # base.html and the article: the default theme's
    assert _stylesheet(tmp_path / "out", "it/ciao") == CSS
    assert (tmp_path / "out/js").is_dir()  # the default theme's scripts are still published


def test_the_site_overrides_its_theme_and_a_bare_name_finds_themes_name(tmp_path: Path) -> None:
    mine = '<footer class="mine">mine</footer>\n'
    files = {**_paper("themes/paper"), "templates/partials/footer.html": mine}
    root = _site(tmp_path / "site", "paper", files)
    build(root, tmp_path / "out", workers=1)
    html = (tmp_path / "out/it/ciao/index.html").read_text(encoding="utf-8")
    assert mine.strip() in html and "paper-footer" not in html
    assert _stylesheet(tmp_path / "out", "it/ciao") == CSS


def test_a_template_error_in_a_theme_folder_names_the_theme_file(tmp_path: Path) -> None:
    files = {"themes/paper/templates/partials/footer.html": "<footer>{{ nothing.here }}\n"}
    root = _site(tmp_path / "site", "themes/paper", files)
    assert _problems(root, tmp_path / "out") == [
        "themes/paper/templates/partials/footer.html:1: template error: 'nothing' is undefined",
    ]


def _install(folder: Path, value: str = "paper_theme") -> None:
    """A theme package ``paper_theme`` with its dist-info, as pip would install it."""
    write(
        folder,
        {
            "paper_theme/__init__.py": "from pathlib import Path\nFOLDER = Path(__file__).parent\n",
            **_paper("paper_theme"),
            "paper_theme-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: paper-theme\n"
            "Version: 1.0\n",
            "paper_theme-1.0.dist-info/entry_points.txt": f"[{GROUP}]\npaper = {value}\n",
        },
    )


@pytest.mark.parametrize("value", ["paper_theme", "paper_theme:FOLDER"])
def test_an_installed_theme_package_is_found_by_its_entry_point(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    _install(tmp_path / "packages", value)
    monkeypatch.syspath_prepend(str(tmp_path / "packages"))
    root = _site(tmp_path / "site", "paper")
    build(root, tmp_path / "out", workers=1)
    html = (tmp_path / "out/it/ciao/index.html").read_text(encoding="utf-8")
    assert '<footer class="paper-footer">Test Blog on paper</footer>' in html
    assert _stylesheet(tmp_path / "out", "it/ciao") == CSS
    sys.modules.pop("paper_theme", None)


def test_an_installed_theme_names_its_files_by_the_theme(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _install(tmp_path / "packages")
    (tmp_path / "packages/paper_theme/templates/partials/footer.html").write_text("{{ 1 / 0 }}")
    monkeypatch.syspath_prepend(str(tmp_path / "packages"))
    root = _site(tmp_path / "site", "paper")
    assert _problems(root, tmp_path / "out") == [
        "(theme paper)/templates/partials/footer.html:1: template error: division by zero"
    ]
    sys.modules.pop("paper_theme", None)


def test_a_bad_theme_name_is_a_problem_line_with_a_did_you_mean(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _install(tmp_path / "packages")
    monkeypatch.syspath_prepend(str(tmp_path / "packages"))
    root = _site(tmp_path / "site", "papr")
    result = run_cli("build", "--site", str(root), "-q")  # its own process: no package there
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "site.yaml:9: no theme named 'papr'; installed: default; a theme is an installed "
        "package (pip install it) or a folder of the site (theme: themes/papr)"
    )
    assert _problems(root, tmp_path / "out") == [
        "site.yaml:9: no theme named 'papr' (did you mean 'paper'?); installed: default, "
        "paper; a theme is an installed package (pip install it) or a folder of the site "
        "(theme: themes/papr)"
    ]


@pytest.mark.parametrize(
    ("theme", "message"),
    [
        ("themes/papr", "'theme': no folder themes/papr in the site (did you mean 'paper'?)"),
        (
            "../paper",
            "'theme' ../paper is not inside the site; a build reads only the site's files: "
            "copy the theme into the site (like themes/paper), or install it as a package",
        ),
        (
            "static/paper",
            "'theme' static/paper is inside static/, which the build reads as the site's own; "
            "put the theme in a folder of its own, like themes/paper",
        ),
        (
            "themes/empty",
            "'theme' themes/empty has no templates/, static/ or locales/ folder; "
            "a theme holds one at least",
        ),
        (
            "[paper]",
            "'theme' must be a folder of the site (like themes/paper) or the name of an "
            "installed theme",
        ),
    ],
)
def test_a_theme_folder_that_is_no_theme_of_the_site_is_a_problem(
    tmp_path: Path, theme: str, message: str
) -> None:
    files = {**_paper("themes/paper"), **_paper("static/paper"), "themes/empty/notes.txt": "x"}
    root = _site(tmp_path / "site", theme, files)
    (tmp_path / "paper").mkdir()
    assert _problems(root, tmp_path / "out") == [f"site.yaml:9: {message}"]


def test_a_theme_folder_linked_out_of_the_site_is_refused(tmp_path: Path) -> None:
    write(tmp_path / "elsewhere", _paper("paper"))
    root = _site(tmp_path / "site", "themes/paper")
    (root / "themes").mkdir()
    (root / "themes/paper").symlink_to(tmp_path / "elsewhere/paper")
    (problem,) = _problems(root, tmp_path / "out")
    assert problem.startswith(
        "site.yaml:9: 'theme': themes/paper: symbolic link to a folder outside the site"
    )


def test_a_cached_build_sees_an_edit_of_the_theme_folder(tmp_path: Path) -> None:
    root = _site(tmp_path / "site", "themes/paper", _paper("themes/paper"))
    out = tmp_path / "out"
    build(root, out)
    footer = root / "themes/paper/templates/partials/footer.html"
    footer.write_text(FOOTER.replace("on paper", "on vellum"), encoding="utf-8")
    result = build(root, out)
    assert result.rendered > 0
    assert "on vellum" in (out / "it/ciao/index.html").read_text(encoding="utf-8")


def test_the_default_theme_is_registered_as_any_theme_package_is() -> None:
    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert declared["project"]["entry-points"][GROUP] == {"default": BUILTIN["default"]}
    assert theme_folder(plugins.find(GROUP, "default", BUILTIN)) == THEME_DIR
    config = load_config(REPO)  # the repository's own site names no theme
    assert [layer.base for layer in config.themes] == [THEME_DIR]


def test_serve_rebuilds_when_a_theme_folder_of_the_site_changes(tmp_path: Path) -> None:
    from test_serve import Server  # noqa: PLC0415 (a module of tests, not a fixture)

    root = _site(tmp_path / "site", "themes/paper", _paper("themes/paper"))
    server = Server(root)
    try:
        assert server.wait_for(r"^watching .*themes/paper")
        footer = root / "themes/paper/templates/partials/footer.html"
        footer.write_text(FOOTER.replace("on paper", "on vellum"), encoding="utf-8")
        server.wait_for(r"rebuilt in")
        deadline = time.monotonic() + 15
        while b"on vellum" not in server.get("/it/ciao/")[2]:
            assert time.monotonic() < deadline, "\n".join(server.lines)
            time.sleep(0.05)
    finally:
        assert server.stop(signal.SIGINT) == 0


# ---- what the site reads through the search path: shortcodes, catalogs, bundles ----------


def test_shortcode_templates_are_found_in_the_theme_and_the_site_overrides_them(
    tmp_path: Path,
) -> None:
    body = (
        "{{< box >}}dentro{{< /box >}}\n\n{{< sign >}}\n\n"
        '{{< details summary="Altro" >}}*nascosto*{{< /details >}}'
    )
    files = {
        "content/it-IT/ciao.md": post("Ciao", body=body),
        "themes/paper/templates/shortcodes/box.html": '<div class="paper-box">{{ inner }}</div>',
        "themes/paper/templates/shortcodes/sign.html": "<p>paper</p>",
        "templates/shortcodes/sign.html": "<p>mine</p>",
    }
    root = _site(tmp_path / "site", "themes/paper", files)
    build(root, tmp_path / "out", workers=1)
    html = (tmp_path / "out/it/ciao/index.html").read_text(encoding="utf-8")
    # the theme's box takes inner text (its spec was read from the theme's file)
    assert '<div class="paper-box">dentro</div>' in html
    assert "<p>mine</p>" in html and "<p>paper</p>" not in html
    assert "<summary>Altro</summary>" in html  # the default theme's, under both


def test_an_unknown_shortcode_is_told_the_theme_s_names(tmp_path: Path) -> None:
    files = {
        "content/it-IT/ciao.md": post("Ciao", body="{{< boxx >}}"),
        "themes/paper/templates/shortcodes/box.html": "<div>{{ inner }}</div>",
    }
    root = _site(tmp_path / "site", "themes/paper", files)
    (problem,) = _problems(root, tmp_path / "out")
    assert problem.startswith(
        "content/it-IT/ciao.md:8: unknown shortcode 'boxx' (did you mean 'box'?)"
    )


def test_a_failing_shortcode_template_of_a_theme_folder_is_named_by_its_path(
    tmp_path: Path,
) -> None:
    files = {
        "content/it-IT/ciao.md": post("Ciao", body="{{< x >}}"),
        "themes/paper/templates/shortcodes/x.html": "<p>\n{{ params.missing.deeper }}</p>",
    }
    root = _site(tmp_path / "site", "themes/paper", files)
    (problem,) = _problems(root, tmp_path / "out")
    assert problem.startswith("themes/paper/templates/shortcodes/x.html:2: template error: ")


def test_a_cached_build_sees_an_edit_of_a_theme_s_shortcode_template(tmp_path: Path) -> None:
    files = {
        "content/it-IT/ciao.md": post("Ciao", body="{{< x >}}"),
        "themes/paper/templates/shortcodes/x.html": "<p>one</p>",
    }
    root = _site(tmp_path / "site", "themes/paper", files)
    out = tmp_path / "out"
    build(root, out)
    (root / "themes/paper/templates/shortcodes/x.html").write_text("<p>two</p>", encoding="utf-8")
    build(root, out)
    html = (out / "it/ciao/index.html").read_text(encoding="utf-8")
    assert "<p>two</p>" in html and "<p>one</p>" not in html


PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

msgid "{msgid}"
msgstr "{text}"
"""

TAIWAN = """\
title: 部落格
base_url: https://zh.example.test/
locales:
  zh-TW: {}
"""


def _back_link(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    found = re.search(r'<p class="back-link">(.*?)</p>', html, re.S)
    assert found is not None, html[:500]
    shown = re.sub(r'<span aria-hidden="true">.*?</span>', "", found.group(1))
    return re.sub(r"<[^>]+>", "", shown).strip()


def test_a_theme_s_catalog_is_found_by_cldr_s_likely_subtags(tmp_path: Path) -> None:
    files = {
        "site.yaml": TAIWAN + "theme: themes/paper\n",
        "content/zh-TW/a.md": post("你好"),
        "themes/paper/locales/zh/LC_MESSAGES/messages.po": PO.format(
            msgid="Back to the blog", text="返回博客"
        ),
        "themes/paper/locales/zh_Hant/LC_MESSAGES/messages.po": PO.format(
            msgid="Back to the blog", text="返回部落格"
        ),
    }
    root = write_site(tmp_path / "site", files)
    result = run_cli("build", "--site", str(root), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr
    assert _back_link(tmp_path / "out/zh/a/index.html") == "返回部落格"
    # the site's own catalog, by its likeliest name, wins over the theme's
    site_po = PO.format(msgid="Back to the blog", text="回到部落格")
    write(root, {"locales/zh_Hant_TW/LC_MESSAGES/messages.po": site_po})
    result = run_cli("build", "--site", str(root), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert _back_link(tmp_path / "out/zh/a/index.html") == "回到部落格"


def test_a_locale_no_catalog_translates_warns_with_the_default_theme_s_messages(
    tmp_path: Path,
) -> None:
    config = MINIMAL_CONFIG.replace("nl-NL: {prefix: nl", "cy-GB: {prefix: cy")
    files = {
        "site.yaml": config + "theme: themes/paper\n",
        "content/it-IT/ciao.md": post("Ciao"),
        **_paper("themes/paper"),
        "themes/paper/locales/it/LC_MESSAGES/messages.po": PO.format(
            msgid="Back to the blog", text="Torna indietro"
        ),
    }
    root = write_site(tmp_path / "site", files)
    result = run_cli("build", "--site", str(root), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    (line,) = [line for line in result.stderr.splitlines() if ": warning: " in line]
    assert line.startswith("locales/cy_GB/LC_MESSAGES/messages.po: warning: no UI translation")
    command = line.split("start a catalog with '", 1)[1].split("' and translate")[0].split()
    # the pot of every message the pages show, into the site's own locales/
    assert command[2:6] == [
        "-i",
        str((THEME_DIR / "locales/messages.pot").resolve()),
        "-d",
        str((root / "locales").resolve()),
    ]
    assert _back_link(tmp_path / "out/it/ciao/index.html") == "Torna indietro"


def test_check_names_a_theme_s_untranslated_message_by_its_catalog(tmp_path: Path) -> None:
    from mot_blog.commands.check import check_site  # noqa: PLC0415

    footer = "<footer>{{ _('Printed on paper') }}</footer>\n"
    files = {
        "content/it-IT/ciao.md": post("Ciao"),
        "content/nl-NL/hallo.md": post("Hallo"),
        "themes/paper/templates/partials/footer.html": footer,
        "themes/paper/locales/messages.pot": PO.format(msgid="Printed on paper", text=""),
        "themes/paper/locales/it/LC_MESSAGES/messages.po": PO.format(
            msgid="Printed on paper", text=""
        ),
    }
    root = _site(tmp_path / "site", "themes/paper", files)
    # (the footer is on every page: a finding names one and counts the others)
    assert [str(f).split(" and ")[0] for f in check_site(root)] == [
        "themes/paper/locales/it/LC_MESSAGES/messages.po:6: English UI text 'Printed on paper' "
        "on it-IT pages",
        # no catalog of the theme for nl: its template says what the theme's pages show
        "themes/paper/locales/messages.pot:6: English UI text 'Printed on paper' on nl-NL pages",
    ]


def test_a_cached_build_sees_an_edit_of_a_theme_s_catalog(tmp_path: Path) -> None:
    po = "themes/paper/locales/it/LC_MESSAGES/messages.po"
    files = {
        **_paper("themes/paper"),
        po: PO.format(msgid="Back to the blog", text="Torna indietro"),
    }
    root = _site(tmp_path / "site", "themes/paper", files)
    out = tmp_path / "out"
    build(root, out)
    (root / po).write_text(PO.format(msgid="Back to the blog", text="Al blog"), encoding="utf-8")
    result = build(root, out)
    assert result.rendered > 0
    assert _back_link(out / "it/ciao/index.html") == "Al blog"


def test_a_page_bundle_and_an_alias_build_with_a_theme(tmp_path: Path) -> None:
    files = {
        **_paper("themes/paper"),
        "content/it-IT/gita/index.md": post(
            "Gita", body="Una foto: ![Il lago](lago.svg)", aliases="[/vecchia-gita/]"
        ),
        "content/it-IT/gita/lago.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>',
    }
    root = _site(tmp_path / "site", "themes/paper", files)
    out = tmp_path / "out"
    build(root, out, workers=1)
    html = (out / "it/gita/index.html").read_text(encoding="utf-8")
    image = re.search(r'<img src="/(it/gita/lago\.[0-9a-f]{10}\.svg)"', html)
    assert image is not None, html
    assert (out / image.group(1)).is_file()
    assert _stylesheet(out, "it/gita") == CSS
    assert "/it/gita/" in (out / "vecchia-gita/index.html").read_text(encoding="utf-8")


def test_the_make_it_yours_example_builds_and_checks_clean(tmp_path: Path) -> None:
    """The README's and docs/themes.md's worked example: a logo, colours, a partial."""
    logo = '<svg xmlns="http://www.w3.org/2000/svg" width="28" height="28"><circle cx="14" cy="14" r="13"/></svg>'
    brand = (
        '<a class="site-title" href="{{ home_url }}"><img class="site-logo" '
        'src="{{ asset(\'images/logo.svg\') }}" alt="" width="28" height="28">'
        "{{ site_title }}</a>\n"
    )
    root = write_site(
        tmp_path / "site",
        {
            "content/it-IT/ciao.md": post("Ciao"),
            "content/nl-NL/hallo.md": post("Hallo"),
            "templates/partials/head.html": (
                '<link rel="stylesheet" href="{{ asset(\'css/custom.css\') }}">\n'
            ),
            "templates/partials/brand.html": brand,
            "static/css/custom.css": ":root { --color-accent: #7c2d12; --font-body: Georgia, serif; }\n",
            "static/images/logo.svg": logo,
        },
    )
    result = run_cli("check", "--site", str(root))
    assert (result.returncode, result.stdout) == (0, ""), result.stdout
    build(root, tmp_path / "out", workers=1)
    html = (tmp_path / "out/it/ciao/index.html").read_text(encoding="utf-8")
    custom = re.search(r'<link rel="stylesheet" href="/(css/custom\.[0-9a-f]+\.css)">', html)
    assert (
        custom is not None
        and "--color-accent: #7c2d12" in (tmp_path / "out" / custom[1]).read_text()
    )
    assert html.index("css/site.") < html.index("css/custom.")  # its properties win
    assert re.search(r'<img class="site-logo" src="/images/logo\.[0-9a-f]+\.svg" alt=""', html)


def test_the_default_theme_reads_its_properties_from_the_top_of_its_stylesheet() -> None:
    css = (THEME_DIR / "static/css/site.css").read_text(encoding="utf-8")
    root = css[css.index(":root {") : css.index("}")]
    for name in ("--color-text", "--color-accent", "--color-background", "--font-body"):
        assert f"  {name}: " in root and f"var({name})" in css, name
