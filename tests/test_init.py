"""``mot-blog init``: a new site that builds at once, in any set of locales."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import run_cli
from listing_site import page

from mot_blog.commands.init import InitError, InitRequest, init_site, parse_locales


def _init(tmp_path: Path, *args: str, folder: str = "blog"):
    return run_cli("init", folder, *args, cwd=tmp_path)


def _build_and_check(root: Path) -> tuple[str, list[str]]:
    build = run_cli("build", "--site", str(root), "-q")
    assert build.returncode == 0, build.stderr
    check = run_cli("check", "--site", str(root))
    return build.stderr, check.stdout.splitlines()


@pytest.mark.parametrize("locales", ["en-US", "it-IT", "it-IT,nl-NL"])
def test_init_writes_a_site_that_builds_and_checks_clean(tmp_path: Path, locales: str) -> None:
    result = _init(tmp_path, "--locales", locales, "--title", "Il blog: #1")
    assert result.returncode == 0, result.stderr
    root = tmp_path / "blog"
    codes = locales.split(",")
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) == sorted(
        [
            "README.md",
            "content/authors.yaml",
            "content/terms.yaml",
            "site.yaml",
            "static/images/welcome.svg",
            *(f"content/{code}/welcome.md" for code in codes),
        ]
    )
    warnings, findings = _build_and_check(root)
    assert warnings == "" and findings == []
    first = page(root / "public", f"{codes[0][:2]}/welcome/")
    assert first.find("html")[0]["lang"] == codes[0]
    assert first.meta("og:site_name") == ["Il blog: #1"]


def test_init_links_the_sample_posts_as_translations_in_their_languages(tmp_path: Path) -> None:
    assert _init(tmp_path, "--locales", "it-IT,nl-NL").returncode == 0
    root = tmp_path / "blog"
    run_cli("build", "--site", str(root), "-q")
    italian = page(root / "public", "it/welcome/")
    assert italian.hreflangs() == {
        "it-IT": "https://blog.example.com/it/welcome/",
        "nl-NL": "https://blog.example.com/nl/welcome/",
        "x-default": "https://blog.example.com/",
    }
    assert italian.meta("og:title") == ["Benvenuto nel tuo nuovo blog"]
    assert page(root / "public", "nl/welcome/").meta("og:title") == ["Welkom op je nieuwe blog"]
    dutch_tag = page(root / "public", "nl/tag/eerste-stappen/")
    assert dutch_tag.hreflangs()["it-IT"] == "https://blog.example.com/it/tag/primi-passi/"


def test_init_in_languages_the_theme_does_not_speak_leaves_their_words_to_translate(
    tmp_path: Path,
) -> None:
    result = _init(tmp_path, "--locales", "ka-GE,sw,cy-GB")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1:4] == [
        f"note: locales/{name}/LC_MESSAGES/messages.po is for you to translate: the theme has "
        "no words in that language, so its pages show them in English until then (mot-blog "
        "status lists them)"
        for name in ("ka_GE", "sw", "cy_GB")
    ]
    root = tmp_path / "blog"
    warnings, findings = _build_and_check(root)
    assert warnings == ""  # the build is clean; check names each English word on a page
    assert findings and all("English UI text" in line for line in findings)
    assert {line.split("/")[1] for line in findings} == {"ka_GE", "sw", "cy_GB"}
    welcome = (root / "public/ka/welcome/index.html").read_text(encoding="utf-8")
    assert "This sample post is in English: replace it with a post in Georgian." in welcome
    status = run_cli("status", "--site", str(root))
    assert "locales/cy_GB/LC_MESSAGES/messages.po" in status.stdout


def test_init_in_languages_the_theme_speaks_leaves_no_words_to_translate(tmp_path: Path) -> None:
    result = _init(tmp_path, "--locales", "ja-JP,ar,pl-PL")
    assert result.returncode == 0, result.stderr
    assert not [line for line in result.stdout.splitlines() if line.startswith("note:")]
    root = tmp_path / "blog"
    assert not (root / "locales").exists()
    assert _build_and_check(root) == ("", [])


def test_init_tells_what_to_do_next(tmp_path: Path) -> None:
    result = _init(tmp_path, "--locales", "nl-NL", folder="my blog")
    assert result.stdout.splitlines() == [
        "created a site in my blog: site.yaml, 1 sample post in content/, an author, terms, "
        "static/images/welcome.svg, README.md",
        "next: cd 'my blog' && mot-blog serve   (then open http://127.0.0.1:8000/; README.md "
        "says what comes after)",
    ]
    (tmp_path / "here").mkdir()
    here = run_cli("init", "--locales", "nl-NL", cwd=tmp_path / "here")
    assert here.stdout.splitlines()[-1].startswith("next: mot-blog serve ")
    readme = (tmp_path / "my blog/README.md").read_text(encoding="utf-8")
    assert '`mot-blog new "The title" --locale nl-NL`' in readme


def test_init_refuses_a_folder_that_is_not_empty_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "blog").mkdir()
    (tmp_path / "blog/notes.txt").write_text("mine", encoding="utf-8")
    result = _init(tmp_path, "--locales", "it-IT")
    assert result.returncode == 1
    assert result.stderr == (
        "mot-blog init: blog is not empty (it holds notes.txt); give a new or empty folder\n"
    )
    assert os.listdir(tmp_path / "blog") == ["notes.txt"]


def test_init_writes_beside_a_git_folder_alone(tmp_path: Path) -> None:
    (tmp_path / "blog/.git").mkdir(parents=True)
    assert _init(tmp_path).returncode == 0
    assert (tmp_path / "blog/site.yaml").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--locales", "it-IT,xx-QQ"),
            "--locales: unknown locale 'xx-QQ'; use codes like fr-FR, pt-BR or ja-JP",
        ),
        (("--locales", " , "), "--locales needs at least one locale code, e.g. --locales en-US"),
        (("--locales", "it-IT,it-IT"), "--locales names a locale twice"),
        (("--title", " "), "--title is empty; give the site a name"),
        (
            ("--base-url", "blog.example.com"),
            "--base-url must be an absolute http(s) URL, e.g. https://blog.example.com/",
        ),
    ],
)
def test_init_refuses_bad_arguments_in_one_line(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    result = _init(tmp_path, *args)
    assert (result.returncode, result.stderr) == (2, f"mot-blog init: {message}\n")
    assert not (tmp_path / "blog").exists()


def test_init_gives_two_locales_of_one_language_their_whole_code_as_prefix(
    tmp_path: Path,
) -> None:
    created = init_site(InitRequest(tmp_path / "blog", parse_locales("en-US,en-GB")))
    assert "site.yaml" in created.files
    text = (tmp_path / "blog/site.yaml").read_text(encoding="utf-8")
    assert "  en-US:\n    prefix: en-us\n  en-GB:\n    prefix: en-gb\n" in text
    with pytest.raises(InitError, match="is not empty"):
        init_site(InitRequest(tmp_path / "blog"))
