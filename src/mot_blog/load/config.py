"""Site configuration: ``site.yaml`` into frozen dataclasses.

Unknown keys are rejected with a did-you-mean hint; every problem names the
line of ``site.yaml`` it is on. Nothing here knows about a particular site:
locales, prefixes and headings all come from the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

from mot_blog.errors import BuildFailed, Problem, did_you_mean
from mot_blog.load.base_url import base_url_problem
from mot_blog.load.locales import LocaleConfig, _load_locales
from mot_blog.load.markdown import markdown_settings
from mot_blog.load.plugins import plugin_settings
from mot_blog.load.settings import CONFIG_FILE, unknown_keys
from mot_blog.load.sitefiles import FOLDER, check_path, inside, read
from mot_blog.load.theme import Layer, resolve_themes
from mot_blog.load.yamldoc import YamlDoc, kind_of, parse_yaml
from mot_blog.markup.engine import MarkdownSettings
from mot_blog.markup.sanitize import ESCAPE, KEEP, RAW_HTML_POLICIES

SITE_KEYS = {
    "title": "site title: a string, or a mapping locale -> string",
    "base_url": "absolute URL the site is served from",
    "default_locale": "locale that x-default points at",
    "locales": "mapping locale code -> locale settings",
    "posts_per_page": "cards per index page",
    "related_count": "related articles under each article",
    "feed_items": "newest posts in each Atom feed",
    "words_per_minute": "reading speed for the reading time",
    "characters_per_minute": "reading speed of scripts written without spaces (Japanese, Chinese, Thai)",
    "slugs": "'unicode' (letters of every script kept in URLs) or 'ascii' (transliterated)",
    "untranslated": "'badge' (a card in the other locales' indexes), 'hide' or 'fallback'",
    "raw_html": "raw HTML in Markdown: 'keep', 'escape' (shown as text) or 'sanitize'",
    "allow_raw_html": "the older spelling of raw_html: true = keep, false = escape",
    "search": "build a Pagefind search index",
    "default_category": "category of posts without one: a label or terms.yaml key, "
    "or a mapping locale -> label",
    "markdown": "the Markdown engine and its extensions: {engine: ..., extensions: [...]}",
    "math": "$…$ and $$…$$ become MathML",
    "heading_ids": "how headings get their anchors: 'default', 'github' or 'hugo'",
    "toc": "a table of contents on every post with 3 headings or more (a post's toc: decides)",
    "theme": "a folder of the site (themes/x) or an installed theme's name",
    "plugins": "site plugins to turn on, by name: a list (docs/plugins.md)",
}


UNTRANSLATED = ("badge", "hide", "fallback")  # model/listings.py, model/fallbacks.py


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """The whole ``site.yaml``."""

    root: Path
    titles: MappingProxyType[str, str]
    base_url: str
    default_locale: str
    locales: tuple[LocaleConfig, ...]
    posts_per_page: int
    related_count: int
    feed_items: int
    words_per_minute: int
    untranslated: str
    raw_html: str
    """What becomes of raw HTML in Markdown: one of :data:`RAW_HTML_POLICIES`."""
    search: bool
    default_category: MappingProxyType[str, str]
    """Category of a post without ``category:``, by locale code (a label in that locale's
    language or a ``content/terms.yaml`` key); a locale missing here has none."""
    themes: tuple[Layer, ...]
    """The theme's folders, then the default theme's (:mod:`mot_blog.load.theme`)."""
    characters_per_minute: int = 500
    """Reading speed of text in scripts written without spaces between words."""
    slugs: str = "unicode"
    """How labels and file names become URL segments: one of
    :data:`~mot_blog.model.urls.SLUG_MODES`."""
    markdown: MarkdownSettings = field(default_factory=MarkdownSettings)
    """The Markdown engine, its extensions, math and heading anchors."""
    toc: bool = False
    """A table of contents on posts that do not say (``toc:`` in their front matter)."""
    plugins: tuple[str, ...] = ()
    """The site plugins turned on, in order (:func:`mot_blog.plugins.site_plugins`)."""
    base_path: str = field(init=False, compare=False)
    """Path part of ``base_url``, always ending in ``/`` (``/`` at a domain root)."""
    origin: str = field(init=False, compare=False)
    """Scheme and host of ``base_url``."""

    def __post_init__(self) -> None:
        # Worked out once: every page asks for them a dozen times (absolute URLs).
        parts = urlsplit(self.base_url)
        path = parts.path or "/"
        object.__setattr__(self, "base_path", path if path.endswith("/") else path + "/")
        object.__setattr__(self, "origin", f"{parts.scheme}://{parts.netloc}")

    def locale(self, code: str) -> LocaleConfig:
        """The locale with this code (KeyError when it is not configured)."""
        for locale in self.locales:
            if locale.code == code:
                return locale
        raise KeyError(code)

    def title(self, code: str) -> str:
        """Site title in a locale."""
        return self.titles[code]


def _positive_int(value: Any, key: str, default: int, doc: YamlDoc, problems: list[Problem]) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        given = value if isinstance(value, int) and not isinstance(value, bool) else kind_of(value)
        problems.append(
            Problem(
                CONFIG_FILE,
                doc.line_of(key),
                f"'{key}' must be a whole number of 1 or more, not {given}",
            )
        )
        return default
    return value


def _flag(value: Any, key: str, default: bool, doc: YamlDoc, problems: list[Problem]) -> bool:
    # bool("false") is True: a quoted "false" must not quietly turn a safety switch on.
    if value is None:
        return default
    if not isinstance(value, bool):
        problems.append(Problem(CONFIG_FILE, doc.line_of(key), f"'{key}' must be true or false"))
        return default
    return value


def _raw_html(data: dict[str, Any], doc: YamlDoc, problems: list[Problem]) -> str:
    """``raw_html``, or the older ``allow_raw_html`` (true: keep, false: escape)."""
    if "allow_raw_html" in data:
        allowed = _flag(data["allow_raw_html"], "allow_raw_html", True, doc, problems)
        if "raw_html" not in data:
            return KEEP if allowed else ESCAPE
        problems.append(
            Problem(
                CONFIG_FILE,
                doc.line_of("allow_raw_html"),
                "'allow_raw_html' and 'raw_html' are both set; keep only 'raw_html'",
            )
        )
    value = data.get("raw_html")
    if value is None:
        return KEEP
    if isinstance(value, str) and value in RAW_HTML_POLICIES:
        return value
    hint = did_you_mean(value, RAW_HTML_POLICIES) if isinstance(value, str) else ""
    problems.append(
        Problem(
            CONFIG_FILE,
            doc.line_of("raw_html"),
            f"'raw_html' must be 'keep', 'escape' or 'sanitize'{hint}",
        )
    )
    return KEEP


def _slug_mode(value: Any, doc: YamlDoc, problems: list[Problem]) -> str:
    """``slugs``: ``unicode`` (the default) or ``ascii``."""
    if value is None:
        return "unicode"
    if isinstance(value, str) and value in ("unicode", "ascii"):
        return value
    hint = did_you_mean(value, ("unicode", "ascii")) if isinstance(value, str) else ""
    problems.append(
        Problem(CONFIG_FILE, doc.line_of("slugs"), f"'slugs' must be 'unicode' or 'ascii'{hint}")
    )
    return "unicode"


def load_config(root: Path) -> SiteConfig:
    """Read and validate ``root/site.yaml``; raise :class:`BuildFailed` with every problem."""
    path = root / CONFIG_FILE
    kind, problem = check_path(str(path), CONFIG_FILE, inside(root))
    if problem is not None:
        raise BuildFailed([problem])
    if kind is None:
        raise BuildFailed(
            [Problem(CONFIG_FILE, None, f"no {CONFIG_FILE} in {root}; pass --site DIR")]
        )
    if kind == FOLDER:
        raise BuildFailed(
            [Problem(CONFIG_FILE, None, "a folder, where the site's settings file belongs")]
        )
    problems: list[Problem] = []
    raw = read(path, CONFIG_FILE, problems)
    if raw is None:
        raise BuildFailed(problems)
    try:
        # as Path.read_text would: universal newlines
        text = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError:
        raise BuildFailed([Problem(CONFIG_FILE, None, "not UTF-8; save it as UTF-8")]) from None
    doc, problems = parse_yaml(text, CONFIG_FILE)
    if doc is None:
        raise BuildFailed(problems)
    data = doc.data
    if not isinstance(data, dict):
        raise BuildFailed([Problem(CONFIG_FILE, 1, "must be a mapping of settings")])
    problems += unknown_keys(data, SITE_KEYS, doc, CONFIG_FILE, ())

    locales = _load_locales(data.get("locales"), doc, problems)
    codes = [locale.code for locale in locales]

    base_url = data.get("base_url")
    wrong = base_url_problem(base_url)
    if wrong is not None:
        problems.append(Problem(CONFIG_FILE, doc.line_of("base_url"), wrong))
        base_url = "https://example.invalid/"

    default_locale = data.get("default_locale", codes[0] if codes else "")
    if codes and default_locale not in codes:
        problems.append(
            Problem(
                CONFIG_FILE,
                doc.line_of("default_locale"),
                f"default_locale '{default_locale}' is not one of the locales: {', '.join(codes)}",
            )
        )

    titles = _localized(data.get("title"), "title", codes, doc, problems)
    untranslated = data.get("untranslated", "badge")
    if untranslated not in UNTRANSLATED:
        message = "'untranslated' must be 'badge', 'hide' or 'fallback'"
        problems.append(Problem(CONFIG_FILE, doc.line_of("untranslated"), message))
    config = SiteConfig(
        root=root,
        titles=MappingProxyType(titles),
        base_url=str(base_url),
        default_locale=default_locale,
        locales=tuple(locales),
        posts_per_page=_positive_int(
            data.get("posts_per_page"), "posts_per_page", 10, doc, problems
        ),
        related_count=_positive_int(data.get("related_count"), "related_count", 3, doc, problems),
        feed_items=_positive_int(data.get("feed_items"), "feed_items", 20, doc, problems),
        words_per_minute=_positive_int(
            data.get("words_per_minute"), "words_per_minute", 200, doc, problems
        ),
        untranslated=untranslated,
        raw_html=_raw_html(data, doc, problems),
        search=_flag(data.get("search"), "search", False, doc, problems),
        default_category=MappingProxyType(
            _default_category(data.get("default_category"), codes, doc, problems)
        ),
        characters_per_minute=_positive_int(
            data.get("characters_per_minute"), "characters_per_minute", 500, doc, problems
        ),
        slugs=_slug_mode(data.get("slugs"), doc, problems),
        markdown=markdown_settings(data, doc, problems),
        toc=_flag(data.get("toc"), "toc", False, doc, problems),
        themes=resolve_themes(root, data.get("theme"), doc.line_of("theme"), problems),
        plugins=plugin_settings(data.get("plugins"), doc, problems),
    )
    if problems:
        raise BuildFailed(problems)
    return config


def _default_category(
    value: Any, codes: list[str], doc: YamlDoc, problems: list[Problem]
) -> dict[str, str]:
    """``default_category``: one label or term key for every locale, or a mapping locale ->
    label (a locale left out has no default category)."""
    if value is None:
        return {}
    if isinstance(value, str) and value.strip():
        return {code: value.strip() for code in codes}
    if isinstance(value, dict):
        result = {}
        for code, label in value.items():
            if code not in codes:
                problems.append(
                    Problem(
                        CONFIG_FILE,
                        doc.line_of("default_category", code),
                        f"'default_category' gives a label for '{code}', which is not one of "
                        f"the locales{did_you_mean(str(code), codes)}: {', '.join(codes)}",
                    )
                )
            elif not isinstance(label, str) or not label.strip():
                problems.append(
                    Problem(
                        CONFIG_FILE,
                        doc.line_of("default_category", code),
                        f"'default_category' for {code} must be a category label, "
                        f"not {kind_of(label)}",
                    )
                )
            else:
                result[code] = label.strip()
        return result
    problems.append(
        Problem(
            CONFIG_FILE,
            doc.line_of("default_category"),
            "'default_category' must be a category label (or terms.yaml key), or a mapping "
            f"locale -> label, not {kind_of(value)}",
        )
    )
    return {}


def _localized(
    value: Any, key: str, codes: list[str], doc: YamlDoc, problems: list[Problem]
) -> dict[str, str]:
    """A setting that is one string for all locales or a mapping locale -> string."""
    line = doc.line_of(key)
    if isinstance(value, str) and value.strip():
        return {code: value for code in codes}
    if isinstance(value, dict):
        missing = [
            code for code in codes if not (isinstance(value.get(code), str) and value[code].strip())
        ]
        if missing:
            problems.append(
                Problem(CONFIG_FILE, line, f"'{key}' has no text for {', '.join(missing)}")
            )
        for other in value:
            if other not in codes:
                problems.append(
                    Problem(
                        CONFIG_FILE,
                        doc.line_of(key, other),
                        f"'{key}' gives text for '{other}', which is not one of the locales: "
                        + ", ".join(codes),
                    )
                )
        return {code: str(value.get(code, "")) for code in codes}
    if value is None and key not in doc.data:
        message = f"'{key}' is required: the site's name, as text or a mapping locale -> text"
    elif isinstance(value, str) or value is None:
        message = f"'{key}' is empty; give the site a name"
    else:
        message = f"'{key}' must be text or a mapping locale -> text, not {kind_of(value)}"
    problems.append(Problem(CONFIG_FILE, line, message))
    return {code: "" for code in codes}
