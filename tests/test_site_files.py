"""Nothing outside the site gets in: symbolic links, FIFOs, sockets and odd file names.

A build reads only files inside the site folder (the theme's inside the theme):
a link that leads out, a link to nothing, a link loop, a FIFO, a socket or a
device is one problem line, and is never opened; the build fails with exit 1
and the previous output stays as it was. Links that stay inside keep working.
"""

from __future__ import annotations

import gettext
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO, post, write_site
from site_shapes import reads_checked_even_as_root

from mot_blog import build as build_module
from mot_blog.build import build
from mot_blog.errors import BuildFailed
from mot_blog.load import i18n
from mot_blog.load.sitefiles import inside, walk
from mot_blog.load.theme import default_themes, template_folders
from mot_blog.render.templating import SiteLoader, template_environment
from mot_blog.serve.incremental import IncrementalBuilder

GOOD = {
    "content/it-IT/primo.md": post("Primo", image="images/a.svg", image_alt="Una figura"),
    "content/nl-NL/eerste.md": post("Eerste"),
    "static/images/a.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"/>',
}
OUTSIDE = "copy the file into the site instead"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of ``folder`` by relative path, with its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def problems_of(root: Path, out: Path) -> list[str]:
    """The problem lines of a build that must fail."""
    with pytest.raises(BuildFailed) as failure:
        build(root, out, workers=1)
    return [str(problem) for problem in failure.value.problems]


@pytest.fixture
def refused(tmp_path: Path) -> Callable[[Callable[[Path], None]], list[str]]:
    """Build a good site, change it with ``change(root)``, build again: the build must
    fail, with the previous output exactly as it was; returns the problem lines."""

    def run(change: Callable[[Path], None]) -> list[str]:
        root = write_site(tmp_path / "site", GOOD)
        out = tmp_path / "out"
        build(root, out, workers=1)
        before = snapshot(out)
        change(root)
        lines = problems_of(root, out)
        assert snapshot(out) == before, "the previous output folder was changed"
        return lines

    return run


def link(rel: str, target: str | Path) -> Callable[[Path], None]:
    """A change that makes ``rel`` a symbolic link to ``target``."""

    def change(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_file() or path.is_symlink():
            path.unlink()
        path.symlink_to(target)

    return change


@pytest.mark.parametrize(
    ("rel", "target"),
    [
        ("static/env.txt", "/proc/self/environ"),
        ("static/images/passwd.svg", "/etc/passwd"),
        ("content/it-IT/x.md", "/etc/passwd"),
        ("content/nl-NL/deep/er/x.md", "/etc/passwd"),
        ("content/authors.yaml", "/etc/passwd"),
        ("content/terms.yaml", "/etc/passwd"),
        ("templates/base.html", "/etc/passwd"),
        ("templates/partials/card.html", "/etc/passwd"),
        ("locales/it/LC_MESSAGES/messages.po", "/etc/passwd"),
        ("site.yaml", "/etc/passwd"),
    ],
)
def test_a_link_to_a_file_outside_the_site_is_a_problem_and_never_published(
    refused, rel: str, target: str
) -> None:
    lines = refused(link(rel, target))
    assert f"{rel}: symbolic link to a file outside the site ({target}); {OUTSIDE}" in lines


def test_the_problem_shows_where_a_relative_link_leads(refused, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    lines = refused(link("static/s.txt", "../../secret.txt"))
    assert lines == [
        f"static/s.txt: symbolic link to a file outside the site ({secret}); {OUTSIDE}"
    ]


def test_a_link_to_a_folder_outside_the_site_is_a_problem(refused, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    (shared / "partials").mkdir(parents=True)
    (shared / "partials" / "card.html").write_text("LEAK", encoding="utf-8")
    (shared / "x.md").write_text(post("Fuori"), encoding="utf-8")

    def change(root: Path) -> None:
        link("static/etc", "/etc")(root)
        link("templates/partials", shared / "partials")(root)
        link("content/it-IT/shared", shared)(root)

    lines = refused(change)
    folder = "copy the folder into the site instead"
    assert lines == [
        f"content/it-IT/shared: symbolic link to a folder outside the site ({shared}); {folder}",
        f"static/etc: symbolic link to a folder outside the site (/etc); {folder}",
        f"templates/partials: symbolic link to a folder outside the site "
        f"({shared / 'partials'}); {folder}",
    ]


def test_a_locale_folder_that_links_out_of_the_site_is_a_problem(refused, tmp_path: Path) -> None:
    elsewhere = tmp_path / "posts"
    elsewhere.mkdir()
    (elsewhere / "x.md").write_text(post("Fuori"), encoding="utf-8")

    def change(root: Path) -> None:
        (root / "content/nl-NL/eerste.md").unlink()
        (root / "content/nl-NL").rmdir()
        (root / "content/nl-NL").symlink_to(elsewhere)

    folder = "copy the folder into the site instead"
    assert refused(change) == [
        f"content/nl-NL: symbolic link to a folder outside the site ({elsewhere}); {folder}"
    ]


def test_links_that_stay_inside_the_site_keep_working(tmp_path: Path) -> None:
    root = write_site(
        tmp_path / "site",
        {**GOOD, "shared/comune.md": post("Comune", body="Testo condiviso.")},
    )
    (root / "static/images/b.svg").symlink_to("a.svg")
    (root / "static/copie").symlink_to("images", target_is_directory=True)
    (root / "content/it-IT/comune.md").symlink_to(root / "shared/comune.md")
    (root / "content/nl-NL/gedeeld").symlink_to("../../shared", target_is_directory=True)
    out = tmp_path / "out"
    build(root, out, workers=1)
    published = snapshot(out)
    svg = (root / "static/images/a.svg").read_bytes()
    assert [name for name in published if name.startswith(("images/b.", "copie/a."))]
    assert all(
        data == svg
        for name, data in published.items()
        if name.startswith(("images/", "copie/")) and name.endswith(".svg")
    )
    assert b"Testo condiviso." in published["it/comune/index.html"]
    assert b"Testo condiviso." in published["nl/comune/index.html"]


def test_a_link_to_nothing_is_a_problem(refused) -> None:
    lines = refused(link("static/css/gone.css", "missing.css"))
    assert len(lines) == 1
    assert lines[0].startswith("static/css/gone.css: symbolic link to nothing (")
    assert lines[0].endswith("/static/css/missing.css); remove it or point it at a file")


def test_links_that_lead_back_to_themselves_are_problems(refused) -> None:
    def change(root: Path) -> None:
        link("static/loop", ".")(root)
        link("static/up", "..")(root)
        link("static/self.txt", "self.txt")(root)
        link("content/it-IT/giro", "../../content")(root)

    lines = refused(change)
    assert [line.split(": ", 1)[0] for line in lines] == [
        "content/it-IT/giro",
        "static/loop",
        "static/self.txt",
        "static/up",
    ]
    assert lines[0].endswith("content); remove it")
    assert "symbolic link to a folder that holds it" in lines[0]
    assert "symbolic link to a folder that holds it" in lines[1]
    assert "symbolic link that leads back to itself" in lines[2]
    assert "symbolic link to a folder that holds it" in lines[3]


def test_a_socket_and_a_device_are_problems(refused) -> None:
    sockets = []

    def change(root: Path) -> None:
        server = socket.socket(socket.AF_UNIX)
        sockets.append(server)
        folder = Path(tempfile.mkdtemp(prefix="mot-"))  # a socket's path is at most 107 bytes
        server.bind(str(folder / "s"))
        os.replace(folder / "s", root / "static/s.sock")  # the socket itself, moved in
        link("static/null.txt", "/dev/null")(root)

    try:
        lines = refused(change)
    finally:
        for server in sockets:
            server.close()
    assert lines == [
        f"static/null.txt: symbolic link to a file outside the site (/dev/null); {OUTSIDE}",
        "static/s.sock: not a regular file (a socket); remove it",
    ]


def test_file_names_that_are_not_utf8_are_problems(refused) -> None:
    def change(root: Path) -> None:
        with open(os.path.join(os.fsencode(root / "content/it-IT"), b"caf\xe9.md"), "wb") as file:
            file.write(post("X").encode())
        with open(os.path.join(os.fsencode(root / "static"), b"\xff.txt"), "wb") as file:
            file.write(b"x")

    assert refused(change) == [
        "content/it-IT/caf\\xe9.md: the name is not UTF-8; rename it",
        "static/\\xff.txt: the name is not UTF-8; rename it",
    ]


@pytest.mark.parametrize(
    ("make", "line"),
    [
        (
            lambda root: (root / "site.yaml").unlink() or (root / "site.yaml").mkdir(),
            "site.yaml: a folder, where the site's settings file belongs",
        ),
        (
            lambda root: (
                (root / "static/images/a.svg").unlink()
                or shutil.rmtree(root / "static")
                or (root / "static").write_text("x")
            ),
            "static: a file where the folder static/ belongs; move it out of the way",
        ),
        (
            lambda root: (root / "templates").write_text("x"),
            "templates: a file where the folder templates/ belongs; move it out of the way",
        ),
        (
            lambda root: (root / "locales").write_text("x"),
            "locales: a file where the folder locales/ belongs; move it out of the way",
        ),
        (
            lambda root: (root / "content/authors.yaml").mkdir(),
            "content/authors.yaml: a folder where the data file authors.yaml belongs; rename it",
        ),
        (
            lambda root: (
                (root / "content/nl-NL/eerste.md").unlink()
                or (root / "content/nl-NL").rmdir()
                or (root / "content/nl-NL").write_text("x")
            ),
            "content/nl-NL: a file where the folder of the posts in nl-NL belongs; rename it",
        ),
    ],
)
def test_a_file_where_a_folder_belongs_and_the_reverse_are_problems(
    refused, make: Callable[[Path], None], line: str
) -> None:
    assert line in refused(make)


def test_content_that_is_a_file_is_a_problem(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"content": "x"})
    assert problems_of(root, tmp_path / "out") == [
        "content: not a folder; posts go in content/<locale>/ (e.g. content/en-GB/first-post.md)"
    ]


# ---- FIFOs: opening one blocks until a writer comes, so the build runs in a subprocess --------


def _build_in_subprocess(root: Path, out: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.run(
        [sys.executable, "-m", "mot_blog", "build", "--site", str(root), "--out", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,  # a build that opened a FIFO would never end
    )


def test_fifos_are_problems_and_the_build_returns(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    many = {f"content/it-IT/post-{n}.md": post(f"Post {n}") for n in range(60)}  # parse workers
    root = write_site(tmp_path / "site", {**GOOD, **many})
    out = tmp_path / "out"
    first = _build_in_subprocess(root, out)
    assert first.returncode == 0, first.stderr
    before = snapshot(out)
    os.mkfifo(root / "content/it-IT/f.md")
    os.mkfifo(root / "static/f.txt")
    os.mkfifo(root / "content/publisher.yaml")
    (root / "templates").mkdir()
    os.mkfifo(root / "templates/extra.html")
    (root / "templates/base.html").symlink_to(pipe)  # a link out, to a FIFO
    (root / "locales/it/LC_MESSAGES").mkdir(parents=True)
    os.mkfifo(root / "locales/it/LC_MESSAGES/messages.po")
    result = _build_in_subprocess(root, out)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "content/it-IT/f.md: not a regular file (a FIFO); remove it",
        "content/publisher.yaml: not a regular file (a FIFO); remove it",
        "locales/it/LC_MESSAGES/messages.po: not a regular file (a FIFO); remove it",
        "static/f.txt: not a regular file (a FIFO); remove it",
        f"templates/base.html: symbolic link to a file outside the site ({pipe}); {OUTSIDE}",
        "templates/extra.html: not a regular file (a FIFO); remove it",
        "6 problems, nothing written",
    ]
    assert snapshot(out) == before


def test_precompiling_never_opens_a_refused_template(tmp_path: Path) -> None:
    """Templates are compiled while the posts parse, before the build's problems are known."""
    site = tmp_path / "site"
    templates = site / "templates"
    templates.mkdir(parents=True)
    os.mkfifo(tmp_path / "pipe")
    (templates / "base.html").symlink_to(tmp_path / "pipe")
    os.mkfifo(templates / "card.html")
    code = (
        "import sys; from pathlib import Path; from mot_blog.render.templating import precompile;"
        "from mot_blog.load.theme import default_themes, template_folders;"
        "precompile(template_folders(Path(sys.argv[1]), default_themes()), {}); print('done')"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    result = subprocess.run(
        [sys.executable, "-c", code, str(site)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout == "done\n", result.stderr


# ---- the loader and the walk -------------------------------------------------------------------


def test_the_template_loader_refuses_a_file_reached_through_a_folder_link(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "card.html").write_text("LEAK", encoding="utf-8")
    templates = tmp_path / "site" / "templates"
    templates.mkdir(parents=True)
    (templates / "partials").symlink_to(outside)
    (templates / "ok.html").write_text("ok", encoding="utf-8")
    env = template_environment(
        SiteLoader(template_folders(tmp_path / "site", default_themes())),
        gettext.NullTranslations(),
        {
            "long_date": str,
            "iso": str,
            "language_name": str,
            "format_list": str,
            "number": str,
            "direction": str,
        },
    )
    assert env.get_template("ok.html").render() == "ok"
    with pytest.raises(BuildFailed) as failure:
        env.get_template("partials/card.html")
    assert [str(p) for p in failure.value.problems] == [
        f"templates/partials/card.html: symbolic link to a file outside the site "
        f"({outside / 'card.html'}); {OUTSIDE}"
    ]


def test_a_theme_file_may_not_link_out_of_the_theme(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    (theme / "static").mkdir(parents=True)
    (theme / "static" / "x.css").symlink_to(tmp_path / "x.css")
    (tmp_path / "x.css").write_text("x", encoding="utf-8")
    problems: list = []
    assert walk(theme / "static", "(theme)/static", inside(theme, "theme"), problems) == []
    assert [str(p) for p in problems] == [
        f"(theme)/static/x.css: symbolic link to a file outside the theme ({tmp_path / 'x.css'}); "
        "copy the file into the theme instead"
    ]


def test_the_build_names_the_catalog_folder_as_i18n_does() -> None:
    assert build_module.LOCALES_DIR == i18n.LOCALES_DIR


# ---- files the system will not let the build read ----------------------------------------------


def test_files_the_system_will_not_let_the_build_read_are_problems(tmp_path: Path) -> None:
    root = write_site(
        tmp_path / "site",
        {
            **GOOD,
            "content/it-IT/chiuso.md": post("Chiuso"),
            "content/terms.yaml": "categories: {}\n",
            "static/css/chiuso.css": "x",
            "static/privato/a.css": "x",
            "locales/it/LC_MESSAGES/messages.po": 'msgid ""\nmsgstr ""\n',
        },
    )
    closed = [
        "content/it-IT/chiuso.md",
        "content/terms.yaml",
        "static/css/chiuso.css",
        "static/privato",
        "locales/it/LC_MESSAGES/messages.po",
    ]
    for rel in closed:
        (root / rel).chmod(0)
    try:
        with reads_checked_even_as_root():
            lines = problems_of(root, tmp_path / "out")
    finally:
        for rel in closed:
            (root / rel).chmod(0o755)
    hint = "cannot read it (Permission denied); check its permissions"
    assert lines == [f"{rel}: {hint}" for rel in sorted(closed)]


def test_a_template_the_system_will_not_let_the_build_read_is_a_problem(tmp_path: Path) -> None:
    root = write_site(
        tmp_path / "site", {**GOOD, "templates/base.html": "{% block main %}{% endblock %}"}
    )
    (root / "templates/base.html").chmod(0)
    try:
        with reads_checked_even_as_root():
            lines = problems_of(root, tmp_path / "out")
    finally:
        (root / "templates/base.html").chmod(0o644)
    assert lines == [
        "templates/base.html: cannot read it (Permission denied); check its permissions"
    ]


def test_new_skips_what_the_build_would_refuse(tmp_path: Path) -> None:
    """``mot-blog new`` reads the locale's posts (for the category most used): a FIFO named
    like a post, a folder named like one and a link out of the site are not read."""
    root = write_site(tmp_path / "site", GOOD)
    os.mkfifo(root / "content/it-IT/f.md")
    (root / "content/it-IT/cartella.md").mkdir()
    (root / "content/it-IT/fuori.md").symlink_to("/etc/passwd")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mot_blog",
            "new",
            "Nuovo",
            "--locale",
            "it-IT",
            "--site",
            str(root),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert (root / "content/it-IT/nuovo.md").is_file()


def test_serve_rebuilds_refuse_a_post_that_became_a_link_out(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", GOOD)
    builder = IncrementalBuilder(root, tmp_path / "out", workers=1)
    post_path = root / "content/it-IT/primo.md"
    post_path.unlink()
    post_path.symlink_to("/etc/passwd")
    with pytest.raises(BuildFailed) as failure:
        builder.rebuild([post_path])
    assert [str(p) for p in failure.value.problems] == [
        f"content/it-IT/primo.md: symbolic link to a file outside the site (/etc/passwd); {OUTSIDE}"
    ]
    post_path.unlink()
    os.mkfifo(post_path)
    with pytest.raises(BuildFailed) as failure:
        builder.rebuild([post_path])
    assert [str(p) for p in failure.value.problems] == [
        "content/it-IT/primo.md: not a regular file (a FIFO); remove it"
    ]


def test_check_and_status_read_only_what_the_build_may(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", GOOD)
    out = tmp_path / "out"
    build(root, out, workers=1)
    (root / "locales").mkdir()
    (root / "locales/messages.pot").symlink_to("/etc/passwd")
    os.mkfifo(root / "content/it-IT/f.md")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    runs = {}
    for command, args in (("check", ["--out", str(out)]), ("status", [])):
        runs[command] = result = subprocess.run(
            [sys.executable, "-m", "mot_blog", command, *args, "--site", str(root)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,  # neither opens the FIFO
        )
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert runs["check"].returncode == 1
    line = "content/it-IT/f.md: not a regular file (a FIFO); remove it"
    assert line in runs["check"].stdout + runs["check"].stderr
    assert runs["status"].returncode == 0, runs["status"].stderr  # it reads leniently
