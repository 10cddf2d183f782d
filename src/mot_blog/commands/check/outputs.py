"""The checks of the built output: internal links, images and their alt text, hreflang
alternates, CSS urls, XML and JSON files."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Collection, Iterator
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


class OutputChecker:
    """Checks a built site against the site it was built from: ``files`` (every output
    path), ``pages`` (each HTML output read back), ``read(output)`` (a file's bytes, for
    the stylesheets, feeds and JSON files)."""

    def __init__(
        self,
        files: Collection[str],
        pages: dict[str, Page],
        config: SiteConfig,
        sources: SourceMap,
        read: Callable[[str], bytes],
    ):
        self.files = files
        self.pages = pages
        self.config = config
        self.sources = sources
        self.read = read
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

    def run(self) -> Iterator[Finding]:
        """Every finding about the output folder."""
        for output, page in self.pages.items():
            yield from self.check_refs(output, page)
            yield from self.check_images(output, page)
            yield from self.check_alternates(output, page)
            for content, _line in page.json_ld:
                try:
                    json.loads(content)
                except ValueError as exc:
                    message = f"structured data (JSON-LD) is not valid JSON: {exc}"
                    yield Finding(self.sources.primary(output), None, message, output)
        for output in sorted(self.files):
            if output.endswith(".css"):
                yield from self.check_css(output)
            elif output.endswith(".xml"):
                yield from self.check_xml(output)
            elif output.endswith(".json"):
                yield from self.check_json(output)

    def _finding(self, output: str, message: str, *needles: str) -> Finding:
        path, line = self.sources.locate(output, *needles)
        return Finding(path, line, message, output)

    def _check_url(self, output: str, url: str, what: str) -> Finding | None:
        written = url.strip()
        needles = (f"]({written}", f"({written}", written, written.split("#")[0])
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
            ids = self.pages[found].ids if found in self.pages else set()
            if fragment not in ids:
                where = "this page" if found == output else found
                return self._finding(
                    output,
                    f"broken {what} '{written}': no element with id '{fragment}' on {where}",
                    *needles,
                )
        return None

    def check_refs(self, output: str, page: Page) -> Iterator[Finding]:
        """Links, images, scripts and styles of one page."""
        for tag, url, _line in page.refs:
            what = {"a": "link", "area": "link", "img": "image", "source": "image"}.get(
                tag, "asset"
            )
            finding = self._check_url(output, url, what)
            if finding is not None:
                yield finding

    def check_images(self, output: str, page: Page) -> Iterator[Finding]:
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

    def _alternate_targets(self, output: str, page: Page) -> dict[str, str]:
        """Output file -> hreflang of every alternate (x-default only where nothing else)."""
        targets: dict[str, str] = {}
        for hreflang, href, _line in page.alternates:
            resolved = self.resolve(href, output)
            target = resolved[0] if resolved is not None else None
            if target is not None and targets.get(target, "x-default").lower() == "x-default":
                targets[target] = hreflang
        return targets

    def check_alternates(self, output: str, page: Page) -> Iterator[Finding]:
        """hreflang: self-referencing, symmetric, and naming each page's own language."""
        targets = self._alternate_targets(output, page)
        if not targets:
            return
        if output not in targets:
            yield self._finding(
                output, "hreflang alternates do not include the page itself", "translation_key"
            )
        for target, hreflang in sorted(targets.items()):
            # Every page names the x-default page; it need not name them all back.
            if target == output or target not in self.pages or hreflang.lower() == "x-default":
                continue
            other = self.pages[target]
            if other.lang and other.lang.lower() != hreflang.lower():
                yield self._finding(
                    output,
                    f"hreflang '{hreflang}' points at {target}, whose language is '{other.lang}'",
                    "translation_key",
                )
            if output not in self._alternate_targets(target, other):
                yield self._finding(
                    output,
                    f"hreflang '{hreflang}' points at {target}, which does not point back "
                    "(translations must list each other)",
                    "translation_key",
                )

    def check_css(self, output: str) -> Iterator[Finding]:
        """``url(...)`` references of a stylesheet."""
        text = self.read(output).decode("utf-8", "replace")
        for match in _CSS_URL.finditer(text):
            url = match.group(2)
            if url.startswith("data:"):
                continue
            finding = self._check_url(output, url, "stylesheet reference")
            if finding is not None:
                line = text.count("\n", 0, match.start()) + 1
                yield Finding(finding.path, line, finding.message, output)

    def check_xml(self, output: str) -> Iterator[Finding]:
        """Feeds and sitemaps: well-formed, and their links to the site resolve."""
        try:
            tree = ElementTree.parse(io.BytesIO(self.read(output)))
        except ElementTree.ParseError as exc:
            yield Finding(
                self.sources.primary(output), exc.position[0], f"not well-formed XML: {exc}", output
            )
            return
        # Links are href attributes (Atom, sitemap alternates) and sitemap <loc>; an Atom
        # <id> is a name that merely looks like a URL, so it is not followed.
        for element in tree.iter():
            urls = [element.get("href") or ""]
            if element.tag.rsplit("}", 1)[-1] in ("loc", "icon", "logo"):
                urls.append((element.text or "").strip())
            for url in urls:
                if url.startswith(("http://", "https://")):
                    finding = self._check_url(output, url, "link")
                    if finding is not None:
                        yield finding

    def check_json(self, output: str) -> Iterator[Finding]:
        """JSON files parse."""
        try:
            json.loads(self.read(output))
        except ValueError as exc:
            yield Finding(self.sources.primary(output), None, f"not valid JSON: {exc}", output)
