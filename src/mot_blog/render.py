"""Site model -> rendered files, in memory.

One Jinja2 environment per locale (``StrictUndefined``, autoescape, the i18n
extension with that locale's catalogs), and one documented context function
per template kind: a template sees only what its context function lists.
:class:`Renderer` yields :class:`Output` values and never touches the disk;
:mod:`mot_blog.output` writes them.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from math import ceil
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from mot_blog.assets import AssetManifest
from mot_blog.config import CONFIG_FILE, LocaleConfig
from mot_blog.i18n import iso_datetime, language_name, long_date
from mot_blog.model import Post, Site
from mot_blog.urls import absolute, home_url, output_path, post_url, root_url


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process, keyed by name and source checksum.

    Compiling the templates is most of a small build's time; the dev server and
    the tests build many times in one process. A changed template has another
    checksum, so it is compiled anew.
    """

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _MemoryBytecodeCache()


@dataclass(frozen=True, slots=True)
class Output:
    """One file of the built site."""

    path: str
    """Path inside the output folder, forward slashes."""
    data: bytes
    sources: tuple[str, ...] = ()
    """Site files this output was made from (for diagnostics and rebuilds)."""


@dataclass(frozen=True, slots=True)
class LocaleLink:
    """One entry of the language switcher (and one hreflang alternate when it exists)."""

    code: str
    name: str
    """The language's name in itself (``Nederlands``)."""
    url: str
    current: bool
    translated: bool
    """Whether ``url`` is the same content in that language (else the locale's index)."""


def _share_links(url: str, title: str) -> list[dict[str, str]]:
    """Plain share links: no third-party script, nothing loaded until the reader clicks."""
    u, t = quote(url, safe=""), quote(title, safe="")
    return [
        {"network": "linkedin", "name": "LinkedIn", "href": f"https://www.linkedin.com/sharing/share-offsite/?url={u}"},
        {"network": "x", "name": "X", "href": f"https://x.com/intent/post?url={u}&text={t}"},
        {"network": "facebook", "name": "Facebook", "href": f"https://www.facebook.com/sharer/sharer.php?u={u}"},
        {"network": "whatsapp", "name": "WhatsApp", "href": f"https://wa.me/?text={t}%20{u}"},
        {"network": "email", "name": "e-mail", "href": f"mailto:?subject={t}&body={u}"},
    ]


class Renderer:
    """Renders every page of a :class:`Site`."""

    def __init__(
        self,
        site: Site,
        assets: AssetManifest,
        template_dirs: list[Path],
        translations: Mapping[str, gettext.NullTranslations],
    ):
        self.site = site
        self.config = site.config
        self.assets = assets
        loader = jinja2.FileSystemLoader([str(d) for d in template_dirs])
        self.envs = {
            locale.code: self._environment(loader, locale, translations[locale.code])
            for locale in self.config.locales
        }

    def _environment(
        self, loader: jinja2.BaseLoader, locale: LocaleConfig, translations: gettext.NullTranslations
    ) -> jinja2.Environment:
        env = jinja2.Environment(
            loader=loader,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            extensions=["jinja2.ext.i18n"],
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            bytecode_cache=_COMPILED,
        )
        env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
        babel_locale = locale.babel
        env.filters["long_date"] = lambda value: long_date(value, babel_locale)
        env.filters["iso"] = iso_datetime
        env.globals["asset"] = self._asset
        env.globals["absolute"] = lambda url: absolute(self.config, url)
        return env

    def _asset(self, name: str) -> str:
        try:
            return self.assets.url(name)
        except KeyError:
            raise jinja2.TemplateRuntimeError(f"asset '{name}' not found under static/") from None

    def _render(self, locale: str, template: str, context: dict[str, Any]) -> bytes:
        return self.envs[locale].get_template(template).render(context).encode("utf-8")

    # ---- shared page parts ------------------------------------------------------------

    def _switcher(self, locale: LocaleConfig, targets: Mapping[str, str]) -> list[LocaleLink]:
        """Every locale: the same content where ``targets`` has it, else that locale's index."""
        return [
            LocaleLink(
                code=other.code,
                name=other.name,
                url=targets.get(other.code, home_url(self.config, other)),
                current=other.code == locale.code,
                translated=other.code in targets,
            )
            for other in self.config.locales
        ]

    def _suggestions(self, locale: LocaleConfig, links: list[LocaleLink]) -> Markup:
        """The region prompt for each other locale, each written in its own language."""
        parts = []
        for link in links:
            if link.current:
                continue
            other = self.config.locale(link.code)
            parts.append(
                self.envs[other.code]
                .get_template("partials/suggestion.html")
                .render(
                    target=link,
                    target_locale=other,
                    current_language=language_name(locale.babel, other.babel),
                )
            )
        return Markup("".join(parts))

    def base_context(
        self,
        locale: LocaleConfig,
        url: str,
        title: str,
        description: str,
        targets: Mapping[str, str],
    ) -> dict[str, Any]:
        """What ``base.html`` reads; every page context starts from it.

        - ``locale``: the page's :class:`~mot_blog.config.LocaleConfig`
        - ``site_title``, ``home_url``, ``root_url``: site name and the locale's blog index
        - ``page_url``, ``canonical``: site-relative and absolute URL of this page
        - ``page_title``, ``description``: ``<title>`` and meta description
        - ``alternates``: ``(hreflang, absolute URL)`` for every existing version, this one included
        - ``x_default``: absolute URL of the root page (language choice)
        - ``switcher``: :class:`LocaleLink` per locale
        - ``suggestions``: the hidden region prompts (markup)
        """
        switcher = self._switcher(locale, targets)
        return {
            "locale": locale,
            "site_title": self.config.title(locale.code),
            "home_url": home_url(self.config, locale),
            "root_url": root_url(self.config),
            "page_url": url,
            "canonical": absolute(self.config, url),
            "page_title": title,
            "description": description,
            "alternates": [
                (code, absolute(self.config, target))
                for code, target in targets.items()
            ],
            "x_default": absolute(self.config, root_url(self.config)),
            "switcher": switcher,
            "suggestions": self._suggestions(locale, switcher),
        }

    # ---- pages --------------------------------------------------------------------------

    def article_context(self, post: Post) -> dict[str, Any]:
        """Context of ``article.html``: the base context plus

        - ``post``: the :class:`~mot_blog.model.Post` (title, dates, body, category, tags, image)
        - ``reading_minutes``: whole minutes at the configured reading speed (at least 1)
        - ``author``, ``role``, ``bio``: the author and their texts in this locale, or ``None``
        - ``publisher``, ``publisher_description``: the card shown when there is no author
        - ``share_links``: ``{network, name, href}`` per network; ``share_url`` for copying
        - ``related``: related posts, best first; ``related_heading``: its configured heading
        """
        locale = self.config.locale(post.locale)
        versions = {p.locale: p.url for p in self.site.versions_of(post)}
        context = self.base_context(locale, post.url, post.title, post.summary, versions)
        author = post.author
        share_url = absolute(self.config, post.url)
        context.update(
            post=post,
            reading_minutes=max(1, ceil(post.word_count / self.config.words_per_minute)),
            author=author,
            role=author.roles.get(locale.code, "") if author else "",
            bio=author.bios.get(locale.code, "") if author else "",
            publisher=self.site.publisher,
            publisher_description=self.site.publisher.descriptions.get(locale.code, ""),
            share_links=_share_links(share_url, post.title),
            share_url=share_url,
            related=self.site.related.get(post.source, ()),
            related_heading=locale.related_heading,
        )
        return context

    def article(self, post: Post) -> Output:
        """One article page."""
        sources = tuple(p.source for p in self.site.versions_of(post))
        data = self._render(post.locale, "article.html", self.article_context(post))
        return Output(post.output_path, data, sources)

    def index_context(self, locale: LocaleConfig) -> dict[str, Any]:
        """Context of ``index.html``, a locale's blog index: the base context plus

        - ``posts``: the locale's posts, newest first
        """
        targets = {other.code: home_url(self.config, other) for other in self.config.locales}
        url = home_url(self.config, locale)
        context = self.base_context(
            locale, url, self.config.title(locale.code), self.config.title(locale.code), targets
        )
        context.update(posts=self.site.posts_in(locale.code))
        return context

    def index(self, locale: LocaleConfig) -> Output:
        """A locale's blog index."""
        url = home_url(self.config, locale)
        data = self._render(locale.code, "index.html", self.index_context(locale))
        sources = (CONFIG_FILE, *(p.source for p in self.site.posts_in(locale.code)))
        return Output(output_path(self.config, url), data, sources)

    def root_context(self) -> dict[str, Any]:
        """Context of ``root.html``, the language choice at the site root: the base context
        (in the default locale) plus

        - ``choices``: :class:`LocaleLink` per locale, named in its own language
        """
        default = self.config.locale(self.config.default_locale)
        targets = {other.code: home_url(self.config, other) for other in self.config.locales}
        url = root_url(self.config)
        context = self.base_context(
            default, url, self.config.title(default.code), self.config.title(default.code), targets
        )
        context.update(choices=self._switcher(default, targets))
        return context

    def root(self) -> Output:
        """The root page."""
        default = self.config.default_locale
        data = self._render(default, "root.html", self.root_context())
        return Output(output_path(self.config, root_url(self.config)), data, (CONFIG_FILE,))

    def render_all(self) -> Iterator[Output]:
        """Every page, in a stable order."""
        yield self.root()
        for locale in self.config.locales:
            yield self.index(locale)
        for post in self.site.posts:
            yield self.article(post)


__all__ = ["Output", "Renderer", "post_url"]
