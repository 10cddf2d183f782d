"""``mot-blog check``: everything a build validates, then the built output.

The build's own validation runs first (front matter, Markdown, data files,
catalogs, templates); then the built folder is read back like a crawler would
and checked:

* every internal link, image, asset and fragment (``#id``, also on other pages)
  resolves to a file of the output (and an element with that id);
* every ``<img>`` has an ``alt`` attribute; ``alt=""`` is allowed only on the
  images our templates mark as decorative with the class ``avatar``,
  ``card-image``, ``video-poster`` or ``site-logo`` (the name, the linked title or
  the video's link text is right beside them, so a description would be read twice);
* hreflang alternates are symmetric: when page P names Q as its translation,
  Q names P back, and Q's ``lang`` is the hreflang P gave it;
* under ``raw_html: keep``, no post body's raw HTML holds a ``<script>``, an
  event handler (``onerror=``) or a script URL (``javascript:``, in any URL
  attribute): the site's authors are trusted, and these are most likely pasted
  from somewhere; ``raw_html: sanitize`` removes them;
* links, anchors and language-switcher links agree with the translations
  (:mod:`mot_blog.commands.check.translations`);
* no page of a non-English locale shows an English UI string: a catalog message
  that this locale would show untranslated (msgstr empty, fuzzy or equal to its
  msgid), found as a whole text or attribute value in that language's part of
  the page. A message that is the same word in both languages ("E-mail") is
  marked with a translator comment starting ``identical``.

Each finding names the *source* file: the output -> sources map of the render
stage, and for a link inside a post body, the line of the Markdown file that
holds it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from mot_blog.build import load, render_site
from mot_blog.commands.check.findings import Finding, SourceMap
from mot_blog.commands.check.language import check_ui_language
from mot_blog.commands.check.outputs import OutputChecker
from mot_blog.commands.check.scripts import check_raw_scripts
from mot_blog.commands.check.translations import check_translations
from mot_blog.errors import BuildFailed
from mot_blog.model.assemble import BuildOptions
from mot_blog.publish.output import publish
from mot_blog.publish.paths import check_paths
from mot_blog.publish.writer import write_outputs
from mot_blog.runner.tasks import run_all


def check_site(
    root: Path, out: Path | None = None, options: BuildOptions | None = None
) -> list[Finding]:
    """Validate the site at ``root`` and check its built output; returns every finding.

    With ``out`` the existing folder is checked (it should be a build of this
    site); without, the site is built into a temporary folder first. The build's
    warnings are findings too.
    """
    options = options or BuildOptions()
    try:
        loaded = load(root, options)
        outputs = render_site(loaded)
        if out is None:  # the static files are published: their variants too
            run_all(loaded.image_tasks)
    except BuildFailed as failure:
        return [Finding(p.path, p.line, p.message) for p in failure.problems]
    sources = SourceMap(root, loaded, outputs)
    warnings = {
        Finding(p.path, p.line, f"warning: {p.message}", warning=True) for p in loaded.warnings
    }
    with tempfile.TemporaryDirectory(prefix="mot-blog-check-") as scratch:
        folder = out
        if folder is None:
            folder = Path(scratch) / "public"
            check_paths(((o.path, (o.sources or (o.path,))[0]) for o in outputs), loaded.assets)
            publish(folder, loaded.assets, outputs, write_outputs(outputs))
        checker = OutputChecker(folder, loaded.site.config, sources)
        findings = set(checker.run()) | warnings
        findings.update(check_raw_scripts(loaded, sources))
        findings.update(check_ui_language(root, loaded, checker.pages))
        translated, replaced = check_translations(loaded, checker)
        findings = (findings - replaced) | translated
    return sorted(findings, key=lambda f: (f.path, f.line or 0, f.message, f.output or ""))
