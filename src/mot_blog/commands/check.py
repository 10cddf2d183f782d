"""``mot-blog check``: everything a build validates, then the built output.

The build's own validation runs first (front matter, Markdown, data files,
catalogs, templates); then the built folder is read back like a crawler would
and checked:

* every internal link, image, asset and fragment (``#id``, also on other pages)
  resolves to a file of the output (and an element with that id);
* every ``<img>`` has an ``alt`` attribute; ``alt=""`` is allowed only on the
  images our templates mark as decorative with the class ``avatar`` or
  ``card-image`` (the name or the linked title is right beside them, so a
  description would be read twice);
* hreflang alternates are symmetric: when page P names Q as its translation,
  Q names P back, and Q's ``lang`` is the hreflang P gave it;
* under ``raw_html: keep``, no post body's raw HTML holds a ``<script>``, an
  event handler (``onerror=``) or a script URL (``javascript:``, in any URL
  attribute): the site's authors are trusted, and these are most likely pasted
  from somewhere; ``raw_html: sanitize`` removes them;
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

import json
import re
import tempfile
import xml.etree.ElementTree as ElementTree
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from mot_blog.build import LoadedSite, load, render_site
from mot_blog.errors import BuildFailed, Problem
from mot_blog.load.config import SiteConfig
from mot_blog.load.i18n import DOMAIN, LOCALES_DIR, find_catalogs, read_catalog, read_template
from mot_blog.load.theme import THEME_LABEL, search_path
from mot_blog.markup.sanitize import KEEP, UNSAFE_SCHEMES, is_unsafe_url
from mot_blog.model.assemble import BuildOptions
from mot_blog.publish.output import check_paths, publish, write_outputs
from mot_blog.render.pages import Output

DECORATIVE_IMAGE_CLASSES = frozenset({"avatar", "card-image"})
"""Classes with which templates mark an image whose ``alt=""`` is deliberate."""

_DECORATIVE = ", ".join(sorted(DECORATIVE_IMAGE_CLASSES))

IDENTICAL_COMMENT = "identical"
"""Translator comment that marks a msgstr deliberately equal to its msgid."""

_URL_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
}
_TEXT_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder", "data-copied")
VOID_ELEMENTS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)
_SKIP_TEXT = frozenset({"script", "style"})
_NOT_CHECKED_RELS = frozenset({"preconnect", "dns-prefetch", "me", "webmention", "pingback"})
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """One problem ``check`` found: ``path:line: message`` plus the output file it shows in."""

    path: str
    """Source file, relative to the site root (``(theme)/...`` for the engine's theme)."""
    line: int | None
    message: str
    output: str | None = None
    """File of the built site, relative to the output folder (None for build problems)."""

    def __str__(self) -> str:
        suffix = f" [{self.output}]" if self.output else ""
        return f"{Problem(self.path, self.line, self.message)}{suffix}"

    def as_json(self) -> dict[str, object]:
        """The ``--format json`` shape."""
        return {
            "path": self.path,
            "line": self.line,
            "message": self.message,
            "output": self.output,
        }


# ---- reading the output back ---------------------------------------------------------------


@dataclass(slots=True)
class Page:
    """What the checks need from one HTML file."""

    lang: str = ""
    ids: set[str] = field(default_factory=set)
    refs: list[tuple[str, str, int]] = field(default_factory=list)
    """(tag, URL, line) of every link and embedded resource."""
    images: list[tuple[int, str | None, frozenset[str], str]] = field(default_factory=list)
    """(line, alt or None, classes, src) per ``<img>``."""
    alternates: list[tuple[str, str, int]] = field(default_factory=list)
    """(hreflang, href, line) per ``<link rel=alternate hreflang>``."""
    texts: list[tuple[str, str, int]] = field(default_factory=list)
    """(language, whitespace-normalized text, line) per text node and text attribute."""
    json_ld: list[tuple[str, int]] = field(default_factory=list)
    """(content, line) of each ``<script type="application/ld+json">``."""


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.stack: list[tuple[str, str]] = []
        self.in_json_ld = False

    def _lang(self) -> str:
        return self.stack[-1][1] if self.stack else self.page.lang

    def _text(self, lang: str, value: str) -> None:
        text = _SPACES.sub(" ", value).strip()
        if text:
            self.page.texts.append((lang, text, self.getpos()[0]))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        line = self.getpos()[0]
        lang = values.get("lang") or self._lang()
        if tag == "html" and "lang" in values:
            self.page.lang = values["lang"]
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.add(values["name"])
        rels = set(values.get("rel", "").lower().split())
        if tag == "link" and "alternate" in rels and "hreflang" in values:
            self.page.alternates.append((values["hreflang"], values.get("href", ""), line))
        if not (tag == "link" and rels & _NOT_CHECKED_RELS):
            for name in _URL_ATTRIBUTES.get(tag, ()):
                if name not in values:
                    continue
                urls = (
                    [part.split()[0] for part in values[name].split(",") if part.strip()]
                    if name == "srcset"
                    else [values[name]]
                )
                self.page.refs.extend((tag, url, line) for url in urls)
        if tag == "img":
            alt = values.get("alt")  # None only when absent: a bare `alt` is alt=""
            classes = frozenset(values.get("class", "").split())
            self.page.images.append((line, alt, classes, values.get("src", "")))
        for name in _TEXT_ATTRIBUTES:
            if values.get(name):
                self._text(lang, values[name])
        if tag == "script" and values.get("type") == "application/ld+json":
            self.page.json_ld.append(("", line))
            self.in_json_ld = True
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, lang))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_json_ld = False
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if self.in_json_ld:
            content, line = self.page.json_ld[-1]
            self.page.json_ld[-1] = (content + data, line)
        if self.stack and self.stack[-1][0] in _SKIP_TEXT:
            return
        self._text(self._lang(), data)


def parse_page(text: str) -> Page:
    """Ids, links, images, alternates and texts of one HTML document."""
    parser = _PageParser()
    parser.feed(text)
    parser.close()
    return parser.page


# ---- where a finding comes from ---------------------------------------------------------------


class SourceMap:
    """Output path -> the site files it was made from, and lines inside them."""

    def __init__(self, root: Path, loaded: LoadedSite, outputs: Iterable[Output]):
        self.root = root
        self.sources: dict[str, tuple[str, ...]] = {}
        for item in outputs:
            self.sources[item.path] = item.sources
        # A post page is first of all its own file (Output.sources lists its whole group).
        for post in loaded.site.posts:
            others = tuple(s for s in self.sources.get(post.output_path, ()) if s != post.source)
            self.sources[post.output_path] = (post.source, *others)
        for file in loaded.assets.files:
            self.sources[file.published] = (display_path(root, file.source),)
        self._texts: dict[str, str | None] = {}

    def primary(self, output: str) -> str:
        """The file to blame for ``output`` when nothing more precise is known."""
        sources = self.sources.get(output)
        return sources[0] if sources else output

    def _text(self, source: str) -> str | None:
        if source not in self._texts:
            path = self.root / source
            try:
                self._texts[source] = path.read_bytes().decode("utf-8-sig", "replace")
            except OSError:
                self._texts[source] = None
        return self._texts[source]

    def locate(self, output: str, *needles: str) -> tuple[str, int | None]:
        """The primary source, and the line of the first of ``needles`` found in it.

        Only the primary source is searched: a listing's other sources (every post
        it lists) or an article's translations would match by accident.
        """
        source = self.primary(output)
        text = None if source.startswith(THEME_LABEL) else self._text(source)
        if text is None:
            return source, None
        for needle in needles:
            index = text.find(needle) if needle else -1
            if index >= 0:
                return source, text.count("\n", 0, index) + 1
        return source, None


def display_path(root: Path, path: Path) -> str:
    """A file's path for diagnostics: relative to the site, or ``(theme)/...`` in the theme."""
    for base, label in search_path(root):
        try:
            return label + path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return str(path)


# ---- the checks ---------------------------------------------------------------------------------


class OutputChecker:
    """Reads a built folder and checks it against the site it was built from."""

    def __init__(self, folder: Path, config: SiteConfig, sources: SourceMap):
        self.folder = folder
        self.config = config
        self.sources = sources
        self.files = {
            path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()
        }
        self.pages: dict[str, Page] = {}
        for rel in sorted(self.files):
            if rel.endswith(".html"):
                text = (folder / rel).read_bytes().decode("utf-8", "replace")
                self.pages[rel] = parse_page(text)
        site = urlsplit(config.base_url)
        self.host = site.netloc.lower()

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
        """``(output file or None when missing, fragment)`` of an internal URL; None if external."""
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
        text = (self.folder / output).read_text("utf-8", "replace")
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
            tree = ElementTree.parse(self.folder / output)
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
            json.loads((self.folder / output).read_bytes())
        except ValueError as exc:
            yield Finding(self.sources.primary(output), None, f"not valid JSON: {exc}", output)


# ---- scripts in the raw HTML of post bodies ------------------------------------------------

_SCRIPT_URL_ATTRIBUTES = frozenset(
    {
        "action",
        "background",
        "cite",
        "data",
        "formaction",
        "href",
        "poster",
        "src",
        "srcset",
        "xlink:href",
    }
)
"""Attributes whose value a browser loads or follows as a URL."""
_RAW_ADVICE = "in the body; remove it, or set raw_html: sanitize"
_NOISE = "[\\x00-\\x20\\x7f]*"
_MAY_RUN_SCRIPT = re.compile(
    # in the lowercased body: a script element, or a character reference but those the
    # writer writes (it could spell a scheme)
    "<script|&(?!amp;|lt;|gt;|quot;|#xfe0e;)"
)
_MAY_RUN_SCRIPT_REVERSED = re.compile(
    # in the lowercased body read backwards, from each = or colon on: an attribute named
    # on..., where HTMLParser finds attributes, or a script URL's scheme with what
    # is_unsafe_url ignores between its letters
    "=\\s*+[^\\s/>=\"']*+(?<=no)[\\s/\"']|:(?:"
    + "|".join(_NOISE + _NOISE.join(reversed(scheme)) for scheme in UNSAFE_SCHEMES)
    + ")"
)
"""With :data:`_MAY_RUN_SCRIPT`, found in any body where :class:`_ScriptFinder` finds
something (and in few others). Read backwards, each search starts only at an = or a colon:
the 1,000 bodies of the benchmark site are searched in 0.1 s, and parsed in about 1 s."""


class _ScriptFinder(HTMLParser):
    """What in a body's HTML could run script, with the tag as written (to find its line)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        """(what, start tag as written) in the order they appear."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        written = self.get_starttag_text() or f"<{tag}"
        if tag == "script":
            self.found.append(("<script>", written))
        for name, value in attrs:
            if name.startswith("on") and value:
                self.found.append((f"event handler {name}=", written))
            elif value and name in _SCRIPT_URL_ATTRIBUTES:
                image = tag in ("img", "source") and name in ("src", "srcset")
                urls = re.split(r"[\s,]+", value) if name == "srcset" else [value]
                unsafe = [url for url in urls if url and is_unsafe_url(url, image)]
                if unsafe:
                    self.found.append((f"script link '{unsafe[0][:40]}'", written))


def check_raw_scripts(loaded: LoadedSite, sources: SourceMap) -> Iterator[Finding]:
    """Under ``raw_html: keep``: each ``<script>``, event handler and script URL that the raw
    HTML of a post body holds, at the line of the Markdown file where it is written."""
    if loaded.site.config.raw_html != KEEP:
        return
    for post in loaded.site.posts:
        low = post.body_html.lower()
        if not _MAY_RUN_SCRIPT.search(low) and not _MAY_RUN_SCRIPT_REVERSED.search(low[::-1]):
            continue
        finder = _ScriptFinder()
        finder.feed(post.body_html)
        finder.close()
        for what, written in finder.found:
            first_line = written.split("\n", 1)[0]
            path, line = sources.locate(post.output_path, written, first_line)
            yield Finding(path, line, f"raw {what} {_RAW_ADVICE}", post.output_path)


# ---- English UI strings on other-language pages --------------------------------------------


@dataclass(frozen=True, slots=True)
class Untranslated:
    """A UI message that a locale shows in English."""

    msgid: str
    pattern: re.Pattern[str]
    path: str
    line: int | None


def _message_pattern(msgid: str) -> re.Pattern[str]:
    parts = _PLACEHOLDER.split(_SPACES.sub(" ", msgid).strip())
    return re.compile(".+?".join(re.escape(part) for part in parts))


def untranslated_messages(root: Path, loaded: LoadedSite, code: str) -> list[Untranslated]:
    """Messages the locale ``code`` would show in English (none for an English locale)."""
    locale = loaded.site.config.locale(code)
    if locale.babel.language == "en":
        return []
    translations = loaded.translations[code]
    found: dict[str, Untranslated] = {}
    settled: set[str] = set()
    # Msgids decided by an earlier catalog (site before theme, .po before .pot).
    catalogs = []
    for file in find_catalogs(locale, search_path(root)):
        catalog, _problems = read_catalog(file, locale)
        if catalog is not None:
            catalogs.append((file.display, catalog))
    for base, label in search_path(root):
        template = read_template(base, label)  # a broken one: fewer messages to look for
        if template is not None:
            catalogs.append((f"{label}{LOCALES_DIR}/{DOMAIN}.pot", template))
    for display, catalog in catalogs:
        for message in catalog:
            if not message.id:
                continue
            ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
            if settled.issuperset(ids):
                continue
            settled.update(ids)
            if any(c.lower().startswith(IDENTICAL_COMMENT) for c in message.user_comments):
                continue
            if len(ids) == 1:
                english = [ids[0]] if translations.gettext(ids[0]) == ids[0] else []
            else:
                english = [
                    text
                    for n in (1, 2, 5)
                    for text in [translations.ngettext(ids[0], ids[1], n)]
                    if text in ids
                ]
            for msgid in english:
                found.setdefault(
                    msgid, Untranslated(msgid, _message_pattern(msgid), display, message.lineno)
                )
    return list(found.values())


def _language_matches(text_lang: str, code: str) -> bool:
    a, b = text_lang.lower(), code.lower()
    return a == b or a.split("-")[0] == b.split("-")[0] and "-" not in a


def check_ui_language(root: Path, loaded: LoadedSite, pages: dict[str, Page]) -> Iterator[Finding]:
    """English UI strings on pages (or page parts) of a non-English locale."""
    for locale in loaded.site.config.locales:
        messages = untranslated_messages(root, loaded, locale.code)
        if not messages:
            continue
        hits: dict[str, list[str]] = defaultdict(list)
        for output, page in pages.items():
            texts = {
                text for lang, text, _line in page.texts if _language_matches(lang, locale.code)
            }
            for message in messages:
                if any(message.pattern.fullmatch(text) for text in texts):
                    hits[message.msgid].append(output)
        for message in messages:
            outputs = hits.get(message.msgid)
            if not outputs:
                continue
            more = f" and {len(outputs) - 1} more page(s)" if len(outputs) > 1 else ""
            yield Finding(
                message.path,
                message.line,
                f"English UI text '{message.msgid}' on {locale.code} pages{more}: translate it "
                f"(or add a '# {IDENTICAL_COMMENT}' translator comment if it is the same word)",
                outputs[0],
            )


# ---- the command ---------------------------------------------------------------------------


def check_site(
    root: Path, out: Path | None = None, options: BuildOptions | None = None
) -> list[Finding]:
    """Validate the site at ``root`` and check its built output; returns every finding.

    With ``out`` the existing folder is checked (it should be a build of this
    site); without, the site is built into a temporary folder first.
    """
    options = options or BuildOptions()
    try:
        loaded = load(root, options)
        outputs = render_site(loaded)
    except BuildFailed as failure:
        return [Finding(p.path, p.line, p.message) for p in failure.problems]
    sources = SourceMap(root, loaded, outputs)
    with tempfile.TemporaryDirectory(prefix="mot-blog-check-") as scratch:
        folder = out
        if folder is None:
            folder = Path(scratch) / "public"
            check_paths(((o.path, (o.sources or (o.path,))[0]) for o in outputs), loaded.assets)
            publish(folder, loaded.assets, outputs, write_outputs(outputs))
        checker = OutputChecker(folder, loaded.site.config, sources)
        findings = set(checker.run())
        findings.update(check_raw_scripts(loaded, sources))
        findings.update(check_ui_language(root, loaded, checker.pages))
    return sorted(findings, key=lambda f: (f.path, f.line or 0, f.message, f.output or ""))
