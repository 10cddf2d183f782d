"""The checks of the built output: internal links, images and their alt text, hreflang
alternates, CSS urls, XML and JSON files.

A page's own checks (:meth:`OutputChecker.report`) run where the page is read back, in a
check worker: they need the list of the site's files, not the other pages. What they
find is a :class:`Pending` finding (message and the text to look for in the source, which
this process locates: :meth:`OutputChecker.findings`); a link to a fragment of another
page waits for that page's ids, and hreflang symmetry for the other pages' alternates.
Checks that know more than the output (:mod:`~mot_blog.commands.check.translations`) join
a page's own as :data:`PageCheck` functions."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import unquote, urljoin, urlsplit

from mot_blog.commands.check.findings import Finding, SourceMap
from mot_blog.commands.check.html import Page
from mot_blog.load.config import SiteConfig

DECORATIVE_IMAGE_CLASSES = frozenset({"avatar", "card-image", "video-poster", "site-logo"})
"""Classes with which templates mark an image whose ``alt=""`` is deliberate: it is shown
beside the text it would say (a video's poster inside the link that names the video, a
site's logo beside its name: docs/themes.md)."""
_DECORATIVE = ", ".join(sorted(DECORATIVE_IMAGE_CLASSES))
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


class Pending(NamedTuple):
    """A finding before its source line is known."""

    output: str
    message: str
    needles: tuple[str, ...]
    """Texts to look for in the output's source (the first found gives the line)."""
    missing: tuple[str, str] | None = None
    """(page, id): a finding only when that page has no such id (known once every page is read)."""
    line: int | None = None
    """The line, when known here (a stylesheet's, an XML error's)."""
    replaces: str = ""
    """The message of a plain finding on the same output that this one says better (dropped)."""


PageCheck = Callable[["OutputChecker", str, "Page"], Iterable[Pending]]
"""A check of one page, run with its own checks (:meth:`OutputChecker.report`): the
checker, the output path and its :class:`Page`, to the page's findings."""


def url_needles(url: str) -> tuple[str, ...]:
    """The texts that locate a URL in a source: as a Markdown link target, then as written."""
    written = url.strip()
    return (f"]({written}", f"({written}", written, written.split("#")[0])


@dataclass(frozen=True, slots=True)
class PageReport:
    """One page's own checks, and what the checks across pages need of it."""

    lang: str
    ids: frozenset[str]
    alternates: Mapping[str, str]
    """Output file -> hreflang of each alternate it names (:meth:`OutputChecker.alternate_targets`)."""
    pending: tuple[Pending, ...]


class OutputChecker:
    """Checks a built site against the site it was built from: ``files`` (every output
    path), ``read(output)`` (a file's bytes, for the stylesheets, feeds and JSON files)."""

    def __init__(
        self,
        files: Collection[str],
        config: SiteConfig,
        read: Callable[[str], bytes],
        page_checks: Sequence[PageCheck] = (),
    ):
        self.files = files
        self.config = config
        self.read = read
        self.page_checks = page_checks
        site = urlsplit(config.base_url)
        self.host = site.netloc.lower()
        self._resolved: dict[str, tuple[str | None, str] | None] = {}
        """Resolutions of the URLs that do not depend on the page they are on."""

    # URL -> output file

    def page_url(self, output: str) -> str:
        """Site-relative URL of an output file (``it/x/index.html`` -> ``/it/x/``)."""
        base = self.config.base_path
        if output == "index.html":
            return base
        if output.endswith("/index.html"):
            return base + output[: -len("index.html")]
        return base + output

    def resolve(self, url: str, from_output: str) -> tuple[str | None, str] | None:
        """``(output file or None when missing, fragment)`` of an internal URL; None if external.

        A URL with a scheme or starting with ``/`` resolves alike on every page: it is
        resolved once (a site's pages share most of their links)."""
        if url[:1] != "/" and not _SCHEME.match(url):
            return self._resolve(url, from_output)
        resolved = self._resolved.get(url, self)
        if resolved is self:
            resolved = self._resolved[url] = self._resolve(url, from_output)
        return resolved  # type: ignore[return-value]

    def _resolve(self, url: str, from_output: str) -> tuple[str | None, str] | None:
        url = url.strip()
        parts = urlsplit(url)
        if parts.scheme and parts.scheme not in ("http", "https"):
            return None
        if parts.netloc and parts.netloc.lower() != self.host:
            return None
        if not parts.scheme and not parts.netloc and not parts.path:
            return from_output, unquote(parts.fragment)
        path = urlsplit(urljoin(self.page_url(from_output), url)).path
        base = self.config.base_path
        if not path.startswith(base) and path + "/" != base:
            return None, parts.fragment
        rel = unquote(path[len(base) :])
        candidates = (
            [rel + "index.html"] if rel == "" or rel.endswith("/") else [rel, rel + "/index.html"]
        )
        found = next((c for c in candidates if c in self.files), None)
        return found, unquote(parts.fragment)

    def report(self, output: str, page: Page) -> PageReport:
        """The checks of one page that need no other page (links to files, fragments of
        this page, alt texts, JSON-LD)."""
        pending = [*self.check_refs(output, page), *self.check_images(output, page)]
        for content, _line in page.json_ld:
            try:
                json.loads(content)
            except ValueError as exc:
                message = f"structured data (JSON-LD) is not valid JSON: {exc}"
                pending.append(Pending(output, message, ()))
        more = [item for check in self.page_checks for item in check(self, output, page)]
        if more:
            said_better = {item.replaces for item in more if item.replaces}
            pending = [item for item in pending if item.message not in said_better] + more
        ids = frozenset(page.ids)
        kept = [
            item
            for item in pending
            if item.missing is None or item.missing[0] != output or item.missing[1] not in ids
        ]
        own = [
            p._replace(missing=None) if p.missing and p.missing[0] == output else p for p in kept
        ]
        return PageReport(page.lang, ids, self.alternate_targets(output, page), tuple(own))

    def findings(self, reports: Mapping[str, PageReport], sources: SourceMap) -> Iterator[Finding]:
        """Every finding about the output folder, from the pages' reports (by output, in
        order) and the files the checks read whole."""
        pending: list[Pending] = []
        for output, report in reports.items():
            pending += report.pending
            pending += self.check_alternates(output, report, reports)
        for output in sorted(self.files):
            if output.endswith(".css"):
                pending += self.check_css(output)
            elif output.endswith(".xml"):
                pending += self.check_xml(output)
            elif output.endswith(".json"):
                pending += self.check_json(output)
        for item in pending:
            if item.missing is not None:
                page, fragment = item.missing
                if page in reports and fragment in reports[page].ids:
                    continue
            if item.needles:
                path, line = sources.locate(item.output, *item.needles)
            else:
                path, line = sources.primary(item.output), None
            yield Finding(path, item.line or line, item.message, item.output)

    def _finding(self, output: str, message: str, *needles: str) -> Pending:
        return Pending(output, message, needles)

    def check_url(self, output: str, url: str, what: str) -> Pending | None:
        """The finding of one ``what`` (link, image...) to ``url`` on ``output``, if any
        (a fragment of a page: pending until that page's ids are known)."""
        written = url.strip()
        needles = url_needles(url)
        try:
            target = self.resolve(url, output)
        except ValueError:  # urlsplit on a malformed host such as 'http://[oops'
            return self._finding(output, f"broken {what} '{written}': not a valid URL", *needles)
        if target is None:
            return None
        found, fragment = target
        if found is None:
            return self._finding(
                output, f"broken {what} '{written}': no such file in the built site", *needles
            )
        if fragment and found.endswith(".html"):
            where = "this page" if found == output else found
            message = f"broken {what} '{written}': no element with id '{fragment}' on {where}"
            return Pending(output, message, needles, (found, fragment))
        return None

    def check_refs(self, output: str, page: Page) -> Iterator[Pending]:
        """Links, images, scripts and styles of one page."""
        for tag, url, _line in page.refs:
            what = {"a": "link", "area": "link", "img": "image", "source": "image"}.get(
                tag, "asset"
            )
            finding = self.check_url(output, url, what)
            if finding is not None:
                yield finding

    def check_images(self, output: str, page: Page) -> Iterator[Pending]:
        """Alt text: present everywhere; empty only on images marked decorative."""
        for _line, alt, classes, src in page.images:
            name = src.rsplit("/", 1)[-1]
            if alt is None:
                yield self._finding(
                    output,
                    f"image '{name}' has no alt text; describe it (![what it shows](...))",
                    f"]({src}",
                    src,
                    name.split(".")[0],
                )
            elif not alt.strip() and not classes & DECORATIVE_IMAGE_CLASSES:
                yield self._finding(
                    output,
                    f"image '{name}' has an empty alt text; describe what it shows "
                    f'(alt="" is only for images marked {_DECORATIVE})',
                    f"]({src}",
                    src,
                    name.split(".")[0],
                )

    def alternate_targets(self, output: str, page: Page) -> dict[str, str]:
        """Output file -> hreflang of every alternate (x-default only where nothing else)."""
        targets: dict[str, str] = {}
        for hreflang, href, _line in page.alternates:
            resolved = self.resolve(href, output)
            target = resolved[0] if resolved is not None else None
            if target is not None and targets.get(target, "x-default").lower() == "x-default":
                targets[target] = hreflang
        return targets

    def check_alternates(
        self, output: str, report: PageReport, reports: Mapping[str, PageReport]
    ) -> Iterator[Pending]:
        """hreflang: self-referencing, symmetric, and naming each page's own language."""
        targets = report.alternates
        if not targets:
            return
        if output not in targets:
            yield self._finding(
                output, "hreflang alternates do not include the page itself", "translation_key"
            )
        for target, hreflang in sorted(targets.items()):
            # Every page names the x-default page; it need not name them all back.
            if target == output or target not in reports or hreflang.lower() == "x-default":
                continue
            other = reports[target]
            if other.lang and other.lang.lower() != hreflang.lower():
                yield self._finding(
                    output,
                    f"hreflang '{hreflang}' points at {target}, whose language is '{other.lang}'",
                    "translation_key",
                )
            if output not in other.alternates:
                yield self._finding(
                    output,
                    f"hreflang '{hreflang}' points at {target}, which does not point back "
                    "(translations must list each other)",
                    "translation_key",
                )

    def check_css(self, output: str) -> Iterator[Pending]:
        """``url(...)`` references of a stylesheet."""
        text = self.read(output).decode("utf-8", "replace")
        for match in _CSS_URL.finditer(text):
            url = match.group(2)
            if url.startswith("data:"):
                continue
            finding = self.check_url(output, url, "stylesheet reference")
            if finding is not None:
                yield finding._replace(line=text.count("\n", 0, match.start()) + 1)

    def check_xml(self, output: str) -> Iterator[Pending]:
        """Feeds and sitemaps: well-formed, and their links to the site resolve."""
        try:
            tree = ElementTree.parse(io.BytesIO(self.read(output)))
        except ElementTree.ParseError as exc:
            yield Pending(output, f"not well-formed XML: {exc}", (), line=exc.position[0])
            return
        # Links are href attributes (Atom, sitemap alternates) and sitemap <loc>; an Atom
        # <id> is a name that merely looks like a URL, so it is not followed.
        for element in tree.iter():
            urls = [element.get("href") or ""]
            if element.tag.rsplit("}", 1)[-1] in ("loc", "icon", "logo"):
                urls.append((element.text or "").strip())
            for url in urls:
                if url.startswith(("http://", "https://")):
                    finding = self.check_url(output, url, "link")
                    if finding is not None:
                        yield finding

    def check_json(self, output: str) -> Iterator[Pending]:
        """JSON files parse."""
        try:
            json.loads(self.read(output))
        except ValueError as exc:
            yield Pending(output, f"not valid JSON: {exc}", ())
