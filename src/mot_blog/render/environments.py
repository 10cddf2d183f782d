"""What every template sees besides its context: one Jinja2 environment per locale.

Each locale's environment has that locale's catalogs (``_()``), its filters
(``long_date``, ``iso``, ``language_name``, ``format_list``, ``number``,
``direction``) and the globals the theme's templates
call (``asset()``, the image helpers of ``partials/picture.html``,
``absolute()``). The environments of one site share a loader and the memos
below, so a post's date or an image's attributes are computed once per process,
whichever locale's page asks first. The page contexts are :mod:`mot_blog.render.pages`'s.
"""

from __future__ import annotations

import datetime as dt
import gettext
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from typing import Any, Literal

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
from mot_blog.load.sitefiles import Folder
from mot_blog.model.urls import absolute
from mot_blog.render.templating import SiteLoader, template_environment


def locale_environments(
    config: SiteConfig,
    assets: AssetManifest,
    template_dirs: Sequence[Folder],
    translations: Mapping[str, gettext.NullTranslations],
    image_info: Mapping[str, ImageInfo],
) -> dict[str, jinja2.Environment]:
    """The environment of every locale of ``config``, by code."""
    helpers = _Helpers(config, assets, image_info)
    loader = SiteLoader(template_dirs)
    return {
        locale.code: helpers.environment(loader, locale, translations[locale.code])
        for locale in config.locales
    }


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
    """The filters and globals of a site's environments, and their memos."""

    def __init__(
        self, config: SiteConfig, assets: AssetManifest, image_info: Mapping[str, ImageInfo]
    ):
        self.config = config
        self.assets = assets
        self.image_info = image_info
        self.dates: dict[tuple[dt.date, str], str] = {}
        """``long_date`` results by day and locale (a post's date is shown on every card of it)."""
        self.pictures: dict[tuple[str, str], tuple[Markup, Markup]] = {}
        """:meth:`picture_attributes` results by image URL and ``sizes``."""

    def environment(
        self,
        loader: jinja2.BaseLoader,
        locale: LocaleConfig,
        translations: gettext.NullTranslations,
    ) -> jinja2.Environment:
        babel_locale = locale.babel
        babels = {other.code: other.babel for other in self.config.locales}
        formats = {other.code: other.date_format for other in self.config.locales}
        # A locale's language named in the page's language, as in running text ("olandese").
        language_names = {
            other.code: locale_name(other.code, other.named_as, babel_locale)
            for other in self.config.locales
        }
        filters: dict[str, Callable[..., Any]] = {
            # ``value|long_date`` in the page's locale; ``value|long_date(code)`` in another
            # one (a foreign card on an index is dated in its own language).
            "long_date": partial(_long_date, babels, formats, self.dates, default=locale.code),
            "iso": iso_datetime,
            "language_name": language_names.__getitem__,
            # ``names|format_list``: "Ada, Bea e Carla", joined as the page's language joins
            "format_list": partial(_format_list, babel_locale),
            # ``n|number``: in the page's locale, with its digits (reading time, page numbers)
            "number": partial(_number, babel_locale, {}),
            # ``code|direction``: 'rtl' or 'ltr', the direction a locale's text is written in
            "direction": text_direction,
        }
        env = template_environment(loader, translations, filters)
        env.globals["asset"] = self.asset
        # partials/picture.html: sizes and variants of an image, by its URL
        env.globals["image_info"] = self.image_info.get
        env.globals["img_attributes"] = img_attributes
        env.globals["webp_source"] = webp_source
        env.globals["picture_attributes"] = partial(self.picture_attributes, EvalContext(env))
        config = self.config
        env.globals["absolute"] = lambda url: absolute(config, url)
        return env

    def asset(self, name: str) -> str:
        """The ``asset()`` global: the published URL of a static file."""
        try:
            return self.assets.url(name)
        except KeyError:
            raise jinja2.TemplateRuntimeError(f"asset '{name}' not found under static/") from None

    def picture_attributes(
        self, eval_ctx: EvalContext, url: str, sizes: str
    ) -> tuple[Markup, Markup]:
        """The attributes ``partials/picture.html`` writes for an image: of its WebP
        ``<source>`` (empty when there is none) and of its ``<img>`` (size, ``srcset``),
        through Jinja's own ``xmlattr`` filter. Computed once per image and ``sizes``:
        every card shows its post's image, and a card is rendered once per worker."""
        found = self.pictures.get((url, sizes))
        if found is None:
            info = self.image_info.get(url)
            found = (
                Markup(do_xmlattr(eval_ctx, webp_source(info, sizes) or {})),
                Markup(do_xmlattr(eval_ctx, img_attributes(info, sizes))),
            )
            self.pictures[(url, sizes)] = found
        return found
