"""Which shortcodes a site has: the templates ``templates/shortcodes/NAME.html`` of the site,
then of its theme, then of the default theme (the first one's win: the template search path,
:mod:`mot_blog.load.theme`), and whether each takes inner text.

A template that uses ``inner`` (or ``inner_html``) takes inner text: a call must then be
closed (``{{< name >}}...{{< /name >}}``) or self-closed (``{{< name />}}``), and one that
does not may not be closed, as in Hugo (where a template using ``.Inner`` decides the same).
A template that uses ``inner_html`` has the inner text of a ``{{< >}}`` call rendered as
Markdown too (with ``{{% %}}`` it always is).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from mot_blog.errors import Problem
from mot_blog.load.sitefiles import Folder, read, walk
from mot_blog.records import Record

SHORTCODES_DIR = "shortcodes"
"""The shortcode templates' folder, in a template folder."""
_INNER = re.compile(r"\binner(?:_html)?\b")
_INNER_HTML = re.compile(r"\binner_html\b")


@dataclass(frozen=True, slots=True)
class ShortcodeSpec(Record):
    """What a shortcode's template asks of its calls."""

    inner: bool
    """It shows inner text: a call is closed, or self-closed."""
    markdown: bool
    """It shows ``inner_html``: the inner text rendered as Markdown, with ``{{< >}}`` too."""


def shortcode_specs(template_dirs: Sequence[Folder]) -> Mapping[str, ShortcodeSpec]:
    """The shortcodes of the template folders (the site's first, then the themes'), by name
    (``youtube``, ``blog/note`` for ``shortcodes/blog/note.html``). Files the build may not
    read are left out: the templates' own check reports them
    (:func:`mot_blog.build.check_theme_files`)."""
    specs: dict[str, ShortcodeSpec] = {}
    for folder in template_dirs:
        path = folder.path / SHORTCODES_DIR
        refused: list[Problem] = []
        display = f"{folder.display}/{SHORTCODES_DIR}"
        for name in sorted(walk(path, display, folder.bound, refused)):
            if not name.endswith(".html") or name[: -len(".html")] in specs:
                continue
            raw = read(path / name, f"{display}/{name}", refused)
            text = raw.decode("utf-8", "replace") if raw is not None else ""
            specs[name[: -len(".html")]] = ShortcodeSpec(
                bool(_INNER.search(text)), bool(_INNER_HTML.search(text))
            )
    return MappingProxyType(dict(sorted(specs.items())))
