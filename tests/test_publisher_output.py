"""Output quality of the real site: repeatable, every internal link resolves, valid HTML5."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import REPO, run_cli
from htmldoc import parse_file

VNU = REPO / "node_modules/vnu-jar/build/dist/vnu.jar"


def build_real_site(out: Path) -> Path:
    result = run_cli("build", "--site", str(REPO), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    """The real site, built once for this module."""
    return build_real_site(tmp_path_factory.mktemp("real") / "public")


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_building_twice_gives_byte_identical_output(out: Path, tmp_path: Path) -> None:
    again = build_real_site(tmp_path / "again")
    first, second = tree(out), tree(again)
    assert sorted(first) == sorted(second)
    changed = [name for name in first if first[name] != second[name]]
    assert not changed, f"differs between two builds: {changed[:5]}"


def test_static_files_have_hashed_names(out: Path) -> None:
    css = list(out.glob("css/site.*.css"))
    assert len(css) == 1 and len(css[0].name.split(".")[1]) == 10
    assert not (out / "css/site.css").exists()


def internal_targets(path: Path, out: Path) -> list[tuple[str, Path, str]]:
    """(link as written, file it must resolve to, fragment) for every internal href/src."""
    doc = parse_file(path)
    found = []
    for element in doc.iter():
        for attribute in ("href", "src"):
            link = element.get(attribute)
            if link is None:
                continue
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue  # absolute: another site, mailto:, the canonical URL
            if not parts.path:
                found.append((link, path, parts.fragment))
                continue
            if parts.path.startswith("/"):
                target = out / unquote(parts.path).lstrip("/")
            else:
                target = (path.parent / unquote(parts.path)).resolve()
            if parts.path.endswith("/"):
                target = target / "index.html"
            found.append((link, target, parts.fragment))
    return found


def test_every_internal_link_and_asset_resolves(out: Path) -> None:
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 20
    broken = []
    checked = 0
    for page in pages:
        for link, target, fragment in internal_targets(page, out):
            checked += 1
            if not target.is_file() or not target.resolve().is_relative_to(out.resolve()):
                broken.append(f"{page.relative_to(out)}: {link}")
            elif (
                fragment
                and target.suffix == ".html"
                and not parse_file(target).find_all(id=fragment)
            ):
                broken.append(f"{page.relative_to(out)}: {link} (no id '{fragment}')")
    assert checked > 300
    assert not broken, "\n".join(broken)


def test_real_site_output_is_valid_html5(out: Path) -> None:
    if not VNU.is_file():
        pytest.fail(
            f"the Nu Html Checker is missing ({VNU}); run `npm install` (scripts/test.sh does)"
        )
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing; install default-jre-headless (scripts/test.sh does, as root)")
    result = subprocess.run(
        [java, "-jar", str(VNU), "--skip-non-html", "--errors-only", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr
