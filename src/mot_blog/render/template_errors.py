"""Template errors as problems: ``templates/x.html:12: template error: ...``.

Jinja2 raises while a page renders; the build reports the template file and line (of the
site's templates, or ``(theme)/...`` for the engine's: :mod:`mot_blog.load.theme`), never a
traceback. Jinja2 is
imported when a template error is handled, not with this module (see
:mod:`mot_blog.build`: the rendering side loads while the parse workers run).
"""

from __future__ import annotations

import contextlib
import traceback
from collections.abc import Iterator, Sequence
from pathlib import Path

from mot_blog.errors import BuildFailed, Problem
from mot_blog.load.sitefiles import Folder
from mot_blog.load.theme import TEMPLATES_DIR


@contextlib.contextmanager
def template_problems(template_dirs: Sequence[Folder]) -> Iterator[None]:
    """Turn a template error raised in the block into a :class:`BuildFailed` naming the
    template file and line (other errors pass through)."""
    import jinja2  # noqa: PLC0415 (see the module docstring)

    try:
        yield
    except jinja2.TemplateSyntaxError as exc:
        where = _template_display(Path(exc.filename), template_dirs) if exc.filename else None
        path = where or f"{TEMPLATES_DIR}/{exc.name}"
        raise BuildFailed([Problem(path, exc.lineno, f"template error: {exc.message}")]) from None
    except BuildFailed:
        raise
    except Exception as exc:  # noqa: BLE001 (re-raised unless a template line caused it)
        problem = _template_runtime_problem(exc, template_dirs)
        if problem is None:
            raise
        raise BuildFailed([problem]) from None


def _template_display(filename: Path, template_dirs: Sequence[Folder]) -> str | None:
    """``templates/x.html`` for a site template, ``(theme)/templates/x.html`` for the theme's
    (the display of the folder that holds it)."""
    filename = filename.resolve()
    for folder in template_dirs:
        base = folder.path.resolve()
        if filename.is_relative_to(base):
            return f"{folder.display}/{filename.relative_to(base).as_posix()}"
    return None


def _template_runtime_problem(exc: Exception, template_dirs: Sequence[Folder]) -> Problem | None:
    """The problem for an error raised while a template ran, at the innermost template line.

    Jinja2 rewrites tracebacks so that frames of compiled templates carry the template's
    file name and line; the last such frame is where the template went wrong. ``None``
    when no template frame is on the stack (an engine bug, which must not be disguised).
    """
    found = None
    for frame, line in traceback.walk_tb(exc.__traceback__):
        display = _template_display(Path(frame.f_code.co_filename), template_dirs)
        if display is not None and display.endswith(".html"):
            found = (display, line)
    if found is None:
        return None
    import jinja2  # noqa: PLC0415 (see the module docstring)

    message = exc.message if isinstance(exc, jinja2.TemplateError) and exc.message else str(exc)
    return Problem(found[0], found[1], f"template error: {message}")
