"""The engine's own site plugin, ``core``, always on and first (:mod:`mot_blog.plugins`):
what the theme's templates call and show besides the page contexts, through the same parts
a plugin has (docs/plugins.md).

- ``filters``: ``long_date``, ``iso``, ``language_name``, ``format_list``, ``number``,
  ``direction``, in each locale;
- ``globals``: ``asset()``, the image helpers of ``partials/picture.html``
  (``image_info``, ``img_attributes``, ``webp_source``, ``picture_attributes``) and
  ``absolute()``;
- ``page_context``: ``share_links`` and ``share_url`` of an article;
- ``outputs``: ``robots.txt`` naming the sitemap, unless the site has its own
  ``static/robots.txt``.

The environments of one site share the memo of image attributes, so an image's are
computed once per process, whichever locale's page asks first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial
from typing import Any, Literal
from urllib.parse import quote

import jinja2
from babel import Locale
from babel.lists import format_list
from jinja2.filters import do_xmlattr
from jinja2.nodes import EvalContext
from markupsafe import Markup

from mot_blog.load.assets import AssetManifest
from mot_blog.load.config import SiteConfig
from mot_blog.load.i18n import format_number, iso_datetime, long_date
from mot_blog.load.images import ImageInfo, img_attributes, webp_source
from mot_blog.load.locales import LocaleConfig, locale_name, text_direction
from mot_blog.model.site import Site
from mot_blog.model.urls import absolute, output_path, sitemap_url
from mot_blog.render.extensions import TemplateSite
from mot_blog.render.sitemap import robots_txt


def filters(config: SiteConfig, locale: LocaleConfig) -> dict[str, Callable[..., Any]]:
    """The engine's filters in ``locale``'s environment."""
    babel_locale = locale.babel
    babels = {other.code: other.babel for other in config.locales}
    formats = {other.code: other.date_format for other in config.locales}
    # A locale's language named in the page's language, as in running text ("olandese").
    language_names = {
        other.code: locale_name(other.code, other.named_as, babel_locale)
        for other in config.locales
    }
    return {
        # ``value|long_date`` in the page's locale; ``value|long_date(code)`` in another
        # one (a foreign card on an index is dated in its own language).
        "long_date": partial(_long_date, babels, formats, {}, default=locale.code),
        "iso": iso_datetime,
        "language_name": language_names.__getitem__,
        # ``names|format_list``: "Ada, Bea e Carla", joined as the page's language joins
        "format_list": partial(_format_list, babel_locale),
        # ``n|number``: in the page's locale, with its digits (reading time, page numbers)
        "number": partial(_number, babel_locale, {}),
        # ``code|direction``: 'rtl' or 'ltr', the direction a locale's text is written in
        "direction": text_direction,
    }


def globals(site: TemplateSite, locale: LocaleConfig) -> dict[str, Any]:  # noqa: A001 (the part's name)
    """The engine's globals in ``locale``'s environment (the same in every locale)."""
    helpers = site.memo.get("core")
    if helpers is None:
        helpers = site.memo["core"] = _Helpers(site.config, site.assets, site.image_info)
    config = site.config
    return {
        "asset": helpers.asset,
        # partials/picture.html: sizes and variants of an image, by its URL
        "image_info": site.image_info.get,
        "img_attributes": img_attributes,
        "webp_source": webp_source,
        "picture_attributes": helpers.picture_attributes,
        "absolute": lambda url: absolute(config, url),
    }


def page_context(site: Site, template: str, context: Mapping[str, Any]) -> dict[str, Any] | None:
    """An article's ``share_links`` (``{network, name, href}`` per network) and
    ``share_url`` (its absolute URL, for copying): the post's own URL, so that a fallback
    page, which shows the original in another locale's page, shares the original."""
    if template != "article.html":
        return None
    post = context["post"]
    share_url = absolute(site.config, post.url)
    return {"share_links": share_links(share_url, post.title), "share_url": share_url}


def outputs(site: Site, assets: AssetManifest) -> Iterator[tuple[str, bytes]]:
    """``robots.txt`` naming the sitemap; a site's own ``static/robots.txt`` wins (it should
    name the sitemap itself)."""
    config = site.config
    if "robots.txt" not in assets.urls:
        robots = robots_txt(absolute(config, sitemap_url(config)))
        yield output_path(config, f"{config.base_path}robots.txt"), robots


def share_links(url: str, title: str) -> list[dict[str, str]]:
    """Plain share links: no third-party script, nothing loaded until the reader clicks."""
    u, t = quote(url, safe=""), quote(title, safe="")
    return [
        {
            "network": "linkedin",
            "name": "LinkedIn",
            "href": f"https://www.linkedin.com/sharing/share-offsite/?url={u}",
        },
        {"network": "x", "name": "X", "href": f"https://x.com/intent/post?url={u}&text={t}"},
        {
            "network": "facebook",
            "name": "Facebook",
            "href": f"https://www.facebook.com/sharer/sharer.php?u={u}",
        },
        {"network": "whatsapp", "name": "WhatsApp", "href": f"https://wa.me/?text={t}%20{u}"},
        {"network": "email", "name": "e-mail", "href": f"mailto:?subject={t}&body={u}"},
    ]


def _long_date(
    babels: Mapping[str, Locale],
    formats: Mapping[str, str],
    memo: dict[tuple[dt.date, str], str],
    value: dt.date | dt.datetime,
    code: str | None = None,
    *,
    default: str,
) -> str:
    """The ``long_date`` filter: :func:`~mot_blog.load.i18n.long_date` in the locale ``code``
    (else ``default``, the page's) and its ``date_format``, computed once per day and locale."""
    day = value.date() if isinstance(value, dt.datetime) else value
    key = (day, code or default)
    if key not in memo:
        memo[key] = long_date(day, babels[key[1]], formats[key[1]])
    return memo[key]


ListStyle = Literal[
    "standard", "standard-short", "or", "or-short", "unit", "unit-short", "unit-narrow"
]


def _format_list(locale: Locale, items: Iterable[Any], style: ListStyle = "standard") -> str:
    """The ``format_list`` filter: ``items`` joined as ``locale``'s language joins a list
    (CLDR's list patterns, through Babel)."""
    return format_list([str(item) for item in items], style=style, locale=locale)


def _number(locale: Locale, memo: dict[int | float, str], value: int | float) -> str:
    """The ``number`` filter: :func:`~mot_blog.load.i18n.format_number` in the page's locale."""
    found = memo.get(value)
    if found is None:
        found = memo[value] = format_number(value, locale)
    return found


class _Helpers:
    """The globals of a site's environments that keep memos."""

    def __init__(
        self, config: SiteConfig, assets: AssetManifest, image_info: Mapping[str, ImageInfo]
    ):
        self.config = config
        self.assets = assets
        self.image_info = image_info
        self.pictures: dict[tuple[str, str], tuple[Markup, Markup]] = {}
        """:meth:`picture_attributes` results by image URL and ``sizes``."""
        self.escaping = EvalContext(jinja2.Environment(autoescape=True))
        """What ``xmlattr`` is called with: autoescaping, as every page of the engine."""

    def asset(self, name: str) -> str:
        """The ``asset()`` global: the published URL of a static file."""
        try:
            return self.assets.url(name)
        except KeyError:
            raise jinja2.TemplateRuntimeError(f"asset '{name}' not found under static/") from None

    def picture_attributes(self, url: str, sizes: str) -> tuple[Markup, Markup]:
        """The attributes ``partials/picture.html`` writes for an image: of its WebP
        ``<source>`` (empty when there is none) and of its ``<img>`` (size, ``srcset``),
        through Jinja's own ``xmlattr`` filter. Computed once per image and ``sizes``:
        every card shows its post's image, and a card is rendered once per worker."""
        found = self.pictures.get((url, sizes))
        if found is None:
            info = self.image_info.get(url)
            found = (
                Markup(do_xmlattr(self.escaping, webp_source(info, sizes) or {})),
                Markup(do_xmlattr(self.escaping, img_attributes(info, sizes))),
            )
            self.pictures[(url, sizes)] = found
        return found
