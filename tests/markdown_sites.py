"""Helpers of the tests of shortcodes, page bundles and leftover syntax: the Markdown engines
to build with, a site's config for each, a small PNG, and a build that says its problems."""

from __future__ import annotations

import io
from pathlib import Path

from conftest import MINIMAL_CONFIG
from PIL import Image

from mot_blog.build import build
from mot_blog.errors import BuildFailed


def engines() -> list[str]:
    """The Markdown engines a site may name: pulldown-cmark, and every other the engine
    has (Python-Markdown, where ``mot_blog.markup.engine`` lists it)."""
    try:
        from mot_blog.markup.engine import ENGINES  # noqa: PLC0415 (only where it exists)
    except ImportError:
        return ["pulldown-cmark"]
    return list(ENGINES)


ENGINES = engines()


def config(engine: str, extra: str = "") -> str:
    """The tests' ``site.yaml`` with ``engine`` as its Markdown engine."""
    text = MINIMAL_CONFIG + extra
    if engine != "pulldown-cmark":
        text += f"markdown: {{engine: {engine}}}\n"
    return text


def png(width: int = 1200, height: int = 600, color: str = "#0b5cad") -> bytes:
    """A PNG file of one colour."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format="PNG")
    return buffer.getvalue()


def problems_of(root: Path, out: Path, **options: object) -> list[str]:
    """The problem lines a build of ``root`` fails with (a build that succeeds fails the test)."""
    try:
        build(root, out, **options)  # type: ignore[arg-type]
    except BuildFailed as failure:
        return [str(problem) for problem in failure.problems]
    raise AssertionError("the build succeeded")


def body_of(page: Path) -> str:
    """The article body of a built page."""
    html = page.read_text(encoding="utf-8")
    start = html.index('<div class="article-body"')
    end = html.rindex("</div>", start, html.index('<section class="share"', start))
    return html[html.index(">", start) + 1 : end]
