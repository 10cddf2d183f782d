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

from collections.abc import Callable
from pathlib import Path

from mot_blog.build import LoadedSite, load, make_renderer
from mot_blog.commands.check.crawl import READ_WHOLE, crawl, read_files
from mot_blog.commands.check.findings import Finding, SourceMap
from mot_blog.commands.check.language import check_ui_language, ui_messages
from mot_blog.commands.check.outputs import OutputChecker
from mot_blog.commands.check.scripts import check_raw_scripts
from mot_blog.commands.check.translations import TranslationChecks
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
        if out is not None:
            files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
        else:
            files = {job.path for job in jobs} | {f.published for f in loaded.assets.files}
        kept: dict[str, bytes] = {}
        read = _reader(out, kept, loaded)
        checks = [TranslationChecks(loaded.site)]
        checker = OutputChecker(files, loaded.site.config, read, checks)
        crawled = crawl(jobs, renderer.render, out, messages, checker, workers)
    except BuildFailed as failure:
        return [Finding(p.path, p.line, p.message) for p in failure.problems]
    kept.update((item.path, item.data) for item in crawled if item.data is not None)
    sources = SourceMap(root, loaded, crawled)
    warnings = {
        Finding(p.path, p.line, f"warning: {p.message}", warning=True) for p in loaded.warnings
    }
    reports = {item.path: item.page for item in crawled if item.page is not None}
    english = {item.path: list(item.english) for item in crawled if item.page is not None}
    others = sorted(f for f in files if f.endswith(".html") and f not in reports)
    for path, (report, found) in read_files(others, read, messages, checker, workers).items():
        reports[path], english[path] = report, list(found)
    findings = set(checker.findings(dict(sorted(reports.items())), sources)) | warnings
    findings.update(check_raw_scripts(loaded, sources))
    findings.update(check_ui_language(loaded, messages, sorted(english.items())))
    return sorted(findings, key=lambda f: (f.path, f.line or 0, f.message, f.output or ""))


def _reader(out: Path | None, kept: dict[str, bytes], loaded: LoadedSite) -> Callable[[str], bytes]:
    """The bytes of an output the checks read whole: the file in ``out``; without, what
    the crawl kept (``kept``, filled once it is done), or the static file published there."""
    static = {f.published: f.source for f in loaded.assets.files}

    def read(output: str) -> bytes:
        if out is not None:
            return (out / output).read_bytes()
        if output in kept:
            return kept[output]
        if output.endswith((*READ_WHOLE, ".html")) and output in static:
            return static[output].read_bytes()
        raise FileNotFoundError(output)

    return read
