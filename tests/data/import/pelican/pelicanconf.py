AUTHOR = "Ada Rossi"
SITENAME = "Night Trains"
SITEURL = ""

PATH = "content"
TIMEZONE = "Europe/Rome"
DEFAULT_LANG = "en"

ARTICLE_URL = "posts/{date:%Y}/{slug}/"
ARTICLE_SAVE_AS = "posts/{date:%Y}/{slug}/index.html"
ARTICLE_LANG_URL = "{lang}/posts/{date:%Y}/{slug}/"
ARTICLE_LANG_SAVE_AS = "{lang}/posts/{date:%Y}/{slug}/index.html"

STATIC_PATHS = ["images", "extra/robots.txt"]
EXTRA_PATH_METADATA = {"extra/robots.txt": {"path": "robots.txt"}}

PLUGINS = ["i18n_subsites"]
I18N_SUBSITES = {
    "ar": {"SITENAME": "قطارات الليل"},
}

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.codehilite": {"css_class": "highlight"},
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
    },
    "output_format": "html5",
}

THEME = "notmyidea"
DEFAULT_PAGINATION = len([1, 2, 3])
