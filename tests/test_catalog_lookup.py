"""Which catalog a locale reads (CLDR's likely subtags and parent locales), and what a
locale without any catalog gets: English pages and one warning whose command works."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import post, run_cli, write_site
from htmldoc import parse_file

from mot_blog.load.i18n import catalog_candidates
from mot_blog.load.locales import LocaleConfig


def _locale(code: str) -> LocaleConfig:
    return LocaleConfig(code, "x", "", "", "category", "tag", "page")


@pytest.mark.parametrize(
    ("code", "names"),
    [
        ("zh-TW", ("zh_TW", "zh_Hant_TW", "zh_Hant")),
        ("zh-CN", ("zh_CN", "zh_Hans_CN", "zh_Hans", "zh")),
        ("zh-Hant", ("zh_Hant",)),
        ("pt-BR", ("pt_BR", "pt")),
        ("es-419", ("es_419", "es")),
        ("de-AT", ("de_AT", "de")),
        ("sr-Latn", ("sr_Latn",)),
        ("en-GB", ("en_GB", "en_001", "en")),
        ("it-IT", ("it_IT", "it")),
    ],
)
def test_catalog_lookup_follows_cldr_parents(code: str, names: tuple[str, ...]) -> None:
    assert catalog_candidates(_locale(code)) == names


PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

msgid "Back to the blog"
msgstr "{text}"
"""

TWO_CHINESE = """\
title: {zh-CN: 博客, zh-TW: 部落格}
base_url: https://zh.example.test/
locales:
  zh-CN: {}
  zh-TW: {}
"""


def test_traditional_chinese_reads_the_hant_catalog_never_the_simplified_one(
    tmp_path: Path,
) -> None:
    root = write_site(
        tmp_path / "site",
        {
            "site.yaml": TWO_CHINESE,
            "locales/zh/LC_MESSAGES/messages.po": PO.format(text="返回博客"),
            "locales/zh_Hant/LC_MESSAGES/messages.po": PO.format(text="返回部落格"),
            "content/zh-CN/a.md": post("你好"),
            "content/zh-TW/a.md": post("你好"),
        },
    )
    out = tmp_path / "out"
    result = run_cli("build", "--site", str(root), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr
    cn = parse_file(out / "zh-cn/a/index.html").find("p", cls="back-link").text()
    tw = parse_file(out / "zh-tw/a/index.html").find("p", cls="back-link").text()
    assert "返回博客" in cn and "返回部落格" in tw


WELSH = """\
title: Dim ond Cymraeg
base_url: https://one.example.test/
locales:
  cy-GB: {}
"""


def _warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": warning: " in line]


def test_a_locale_without_catalog_builds_in_english_with_one_warning(tmp_path: Path) -> None:
    root = write_site(
        tmp_path / "site",
        {"site.yaml": WELSH, "content/cy-GB/a.md": post("Helo"), "content/cy-GB/b.md": post("B")},
    )
    out = tmp_path / "out"
    result = run_cli("build", "--site", str(root), "--out", str(out))
    assert result.returncode == 0, result.stderr
    (line,) = _warnings(result.stderr)
    assert line.startswith("locales/cy_GB/LC_MESSAGES/messages.po: warning: no UI translation")
    assert "cy-GB" in line and "pybabel init" in line
    assert (
        "Back to the blog" in parse_file(out / "cy/a/index.html").find("p", cls="back-link").text()
    )
    strict = run_cli("build", "--site", str(root), "--out", str(tmp_path / "o2"), "--strict")
    assert strict.returncode == 1
    assert "no UI translation for cy-GB" in strict.stderr
    check = run_cli("check", "--site", str(root))
    assert check.returncode == 1
    assert "no UI translation for cy-GB" in check.stdout + check.stderr
    assert "English UI text" not in check.stdout + check.stderr


def test_an_english_locale_needs_no_catalog(tmp_path: Path) -> None:
    config = WELSH.replace("cy-GB", "en-GB")
    root = write_site(tmp_path / "site", {"site.yaml": config, "content/en-GB/a.md": post("Hi")})
    result = run_cli("build", "--site", str(root), "--out", str(tmp_path / "out"), "--strict")
    assert result.returncode == 0, result.stderr


def test_the_warnings_command_works_as_printed_and_the_rebuild_is_clean(
    tmp_path: Path,
) -> None:
    root = write_site(tmp_path / "site", {"site.yaml": WELSH, "content/cy-GB/a.md": post("Helo")})
    result = run_cli("build", "--site", str(root), "--out", str(tmp_path / "out"))
    (line,) = _warnings(result.stderr)
    command = shlex.split(line.split("start a catalog with '", 1)[1].split("' and translate")[0])
    assert command[:2] == ["pybabel", "init"]
    # As printed, from another folder (the paths are absolute); pybabel is Babel's script.
    pybabel = shutil.which("pybabel")
    if pybabel is None:  # Babel installed without its scripts on PATH: the same program
        command = [sys.executable, "-m", "babel.messages.frontend", *command[1:]]
    subprocess.run(command, cwd=tmp_path, check=True, capture_output=True)
    po = root / "locales/cy_GB/LC_MESSAGES/messages.po"
    text = po.read_text(encoding="utf-8")
    assert 'msgid "Back to the blog"\nmsgstr ""' in text
    po.write_text(
        text.replace(
            'msgid "Back to the blog"\nmsgstr ""',
            'msgid "Back to the blog"\nmsgstr "Yn ôl i’r blog"',
        ),
        encoding="utf-8",
    )
    compiled = subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "compile",
            "-d",
            str(root / "locales"),
            "--statistics",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "messages (" in compiled.stderr + compiled.stdout
    for mo in (root / "locales").rglob("*.mo"):
        mo.unlink()
    out = tmp_path / "out2"
    rebuilt = run_cli("build", "--site", str(root), "--out", str(out), "--strict")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert _warnings(rebuilt.stderr) == []
    back = parse_file(out / "cy/a/index.html").find("p", cls="back-link").text()
    assert "Yn ôl i’r blog" in back
