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

from pathlib import Path

from mot_blog.build import load, make_renderer
from mot_blog.commands.check.crawl import READ_WHOLE, Crawled, crawl, read_files
from mot_blog.commands.check.findings import Finding, SourceMap
from mot_blog.commands.check.language import check_ui_language, ui_messages
from mot_blog.commands.check.outputs import OutputChecker
from mot_blog.commands.check.scripts import check_raw_scripts
from mot_blog.commands.check.translations import check_translations
from mot_blog.errors import BuildFailed
from mot_blog.model.assemble import BuildOptions
from mot_blog.render.jobs import list_jobs
from mot_blog.runner.cache import CACHE_DIR
from mot_blog.runner.cached import CachedRunner


def check_site(
    root: Path,
    out: Path | None = None,
    options: BuildOptions | None = None,
    workers: int | None = None,
) -> list[Finding]:
    """Validate the site at ``root`` and check its built output; returns every finding.

    With ``out`` the existing folder is checked (it should be a build of this site);
    without, every output is checked as it is rendered, nothing written. The build's
    warnings are findings too. The stages run as a build's do: posts from the parse cache
    (and into it), parsing and rendering over ``workers`` processes (None: every core),
    each worker reading back the pages it rendered (:mod:`~mot_blog.commands.check.crawl`).
    """
    options = options or BuildOptions()
    scratch = out if out is not None else root / CACHE_DIR / "check"  # never written
    try:
        run = CachedRunner(root, scratch, options, root / CACHE_DIR, workers)
        with run:
            loaded = load(root, options, run)
            if run.saving is None and run.parse_cache is not None:
                run.parse_cache.save()  # (a build of one process saves it at its end)
        renderer = make_renderer(loaded)
        jobs = list_jobs(renderer, loaded.assets, loaded.template_dirs)
        messages = ui_messages(root, loaded)
        crawled = crawl(jobs, renderer.render, out, messages, workers)
    except BuildFailed as failure:
        return [Finding(p.path, p.line, p.message) for p in failure.problems]
    sources = SourceMap(root, loaded, crawled)
    warnings = {
        Finding(p.path, p.line, f"warning: {p.message}", warning=True) for p in loaded.warnings
    }
    pages = {item.path: item.page for item in crawled if item.page is not None}
    english = {item.path: list(item.english) for item in crawled if item.page is not None}
    if out is not None:
        files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
        others = sorted(f for f in files if f.endswith(".html") and f not in pages)
        for path, (page, found) in read_files(others, out, messages, workers).items():
            pages[path], english[path] = page, list(found)

        def read(output: str) -> bytes:
            return (out / output).read_bytes()
    else:
        files = {item.path for item in crawled} | {f.published for f in loaded.assets.files}
        read = _reader(crawled, {f.published: f.source for f in loaded.assets.files})
    checker = OutputChecker(files, dict(sorted(pages.items())), loaded.site.config, sources, read)
    findings = set(checker.run()) | warnings
    findings.update(check_raw_scripts(loaded, sources))
    findings.update(check_ui_language(loaded, messages, sorted(english.items())))
    translated, replaced = check_translations(loaded, checker)
    findings = (findings - replaced) | translated
    return sorted(findings, key=lambda f: (f.path, f.line or 0, f.message, f.output or ""))


def _reader(crawled: list[Crawled], static: dict[str, Path]):  # noqa: ANN202
    """The bytes of an output that was checked as rendered: kept by the crawl, or the
    static file published under that name."""
    kept = {item.path: item.data for item in crawled if item.data is not None}

    def read(output: str) -> bytes:
        if output in kept:
            return kept[output]
        if output.endswith(READ_WHOLE) and output in static:
            return static[output].read_bytes()
        raise FileNotFoundError(output)

    return read
