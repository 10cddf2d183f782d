"""What every template sees besides its context: one Jinja2 environment per locale.

Each locale's environment has that locale's catalogs (``_()``) and the filters and
globals of the site's plugins (:mod:`mot_blog.render.extensions`): first the engine's
own, the ``core`` plugin's (:mod:`mot_blog.render.core`: ``long_date``, ``asset()``, the
image helpers...), then those of each plugin of ``plugins:``. The environments of one site
share a loader and the plugins' memos. The page contexts are :mod:`mot_blog.render.pages`'s.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping, Sequence

import jinja2

from mot_blog.load.assets import AssetManifest
from mot_blog.load.config import SiteConfig
from mot_blog.load.images import ImageInfo
from mot_blog.load.sitefiles import Folder
from mot_blog.plugins import SitePlugin
from mot_blog.render.extensions import TemplateSite, environment_filters, environment_globals
from mot_blog.render.templating import SiteLoader, template_environment


def locale_environments(
    config: SiteConfig,
    assets: AssetManifest,
    template_dirs: Sequence[Folder],
    translations: Mapping[str, gettext.NullTranslations],
    image_info: Mapping[str, ImageInfo],
    plugins: Sequence[SitePlugin],
) -> dict[str, jinja2.Environment]:
    """The environment of every locale of ``config``, by code, with the filters and
    globals of ``plugins`` (:func:`mot_blog.plugins.site_plugins`)."""
    site = TemplateSite(config, assets, image_info)
    loader = SiteLoader(template_dirs)
    envs: dict[str, jinja2.Environment] = {}
    for locale in config.locales:
        filters = environment_filters(plugins, config, locale)
        env = template_environment(loader, translations[locale.code], filters)
        env.globals.update(environment_globals(plugins, site, locale))
        envs[locale.code] = env
    return envs
