"""The picture each page shares on social networks (``og:image``, ``twitter:image``), and the
social cards the build draws for it.

LinkedIn, X and Facebook show a PNG, JPEG or GIF, never an SVG. An article shares its own
picture when it is a PNG or JPEG at least :data:`MIN_WIDTH` pixels wide (as its largest
published variant in that format, at most 1,600 pixels wide); otherwise (an SVG, a WebP, a
small picture, or none) it shares a social card: 1200×630, its title and the site's name,
and its picture beside them when that is raster (:mod:`mot_blog.render.card_image`). Every
other page shares its locale's card, with the site's name and address.

A card is published beside the page that shares it, under a name with the hash of what it
shows (``it/my-post/card.1a2b3c4d5e.png``, ``it/card.0f9e8d7c6b.png``), by a render job of
its own: cards are drawn over every core with the pages, and only when what they show
changed (a new title, another font); the drawn files are kept in
``<site>/.mot-cache/images/cards/``, as image variants are.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from mot_blog.errors import Problem, warning
from mot_blog.load.assets import AssetManifest, StaticFile
from mot_blog.load.config import SiteConfig
from mot_blog.load.images import MIME, RASTER, ImageInfo
from mot_blog.load.locales import LocaleConfig
from mot_blog.load.settings import CONFIG_FILE
from mot_blog.model.site import Post, Site
from mot_blog.model.urls import absolute, home_url, output_path
from mot_blog.render import fonts
from mot_blog.render.card_image import HEIGHT, WIDTH, CardSpec

MIN_WIDTH = 600
"""The narrowest picture Facebook shows as a large preview (600×315)."""
SHARED_FORMATS = ("png", "jpeg")
"""Raster formats every network shows (WebP is not among LinkedIn's)."""
CARD_NAME = "card"


@dataclass(frozen=True, slots=True)
class ShareImage:
    """What ``og:image`` and ``twitter:image`` say of a page's shared picture."""

    url: str
    """Absolute URL."""
    width: int
    height: int
    alt: str
    type: str
    """MIME type (``og:image:type``)."""


@dataclass(frozen=True, slots=True)
class SocialCard:
    """A card the build draws: the render job that publishes it."""

    path: str
    """Output path: beside the page that shares it."""
    spec: CardSpec
    key: str
    """:meth:`CardSpec.digest`."""
    source: str
    """The file the card shows (the post, or ``site.yaml``)."""
    locale: str


def locale_spec(
    locale: LocaleConfig, title: str, footer: str, picture: StaticFile | None
) -> CardSpec:
    """The card of ``title`` and ``footer`` in ``locale``'s script and direction."""
    babel = locale.babel
    script = fonts.script_key(babel.language, babel.script, babel.territory)
    return CardSpec(
        title=title,
        footer=footer,
        script=script,
        language=babel.language,
        rtl=locale.direction == "rtl",
        fonts=fonts.chain(script),
        picture=str(picture.source) if picture is not None else None,
        picture_digest=picture.digest if picture is not None else "",
    )


class SocialImages:
    """Which picture every page of a site shares, and the cards to draw for them."""

    def __init__(self, site: Site, assets: AssetManifest, image_info: Mapping[str, ImageInfo]):
        self.config = site.config
        self._files = {file.name: file for file in assets.files}
        self._info = image_info
        self.cards: list[SocialCard] = []
        """Every card to draw, site cards first."""
        self._locales: dict[str, ShareImage] = {}
        self._posts: dict[str, ShareImage] = {}
        self._post_cards: dict[str, CardSpec] = {}
        """Each locale's post card without a title (its footer: the site's name): what a
        post's card shares with every other post's of its locale (10,000 cards are listed
        each build)."""
        host = urlsplit(self.config.base_url).hostname or ""
        for locale in self.config.locales:
            name = self.config.title(locale.code)
            spec = locale_spec(locale, name, host, None)
            folder = posixpath.dirname(output_path(self.config, home_url(self.config, locale)))
            self._locales[locale.code] = self._card(spec, folder, name, CONFIG_FILE, locale.code)
            self._post_cards[locale.code] = locale_spec(locale, "", name, None)
        for post in site.posts:
            self._posts[post.source] = self._post_image(post)

    def of_post(self, post: Post) -> ShareImage:
        """The picture an article shares."""
        return self._posts[post.source]

    def of_locale(self, code: str) -> ShareImage:
        """The picture the other pages of a locale share: its site card."""
        return self._locales[code]

    def _post_image(self, post: Post) -> ShareImage:
        image = post.image
        picture = None
        if image is not None:
            info = self._info.get(image.url)
            if info is not None:
                shared = _shareable(image.url, info, self.config)
                if shared is not None:
                    url, width, height, fmt = shared
                    return ShareImage(url, width, height, image.alt, MIME[fmt])
                file = self._files.get(image.source)
                if file is not None and _format(file.name) is not None:
                    picture = file
        base = self._post_cards[post.locale]
        spec = CardSpec(
            post.title,
            base.footer,
            base.script,
            base.language,
            base.rtl,
            base.fonts,
            str(picture.source) if picture is not None else None,
            picture.digest if picture is not None else "",
        )
        folder = post.output_path.rpartition("/")[0]
        return self._card(spec, folder, f"{post.title} – {base.footer}", post.source, post.locale)

    def _card(self, spec: CardSpec, folder: str, alt: str, source: str, locale: str) -> ShareImage:
        key = spec.digest()
        name = f"{CARD_NAME}.{key[:10]}.{spec.extension}"
        path = f"{folder}/{name}" if folder else name
        self.cards.append(SocialCard(path, spec, key, source, locale))
        url = absolute(self.config, self.config.base_path + path)
        return ShareImage(url, WIDTH, HEIGHT, alt, MIME["jpeg" if spec.picture else "png"])


def _format(name: str) -> str | None:
    return RASTER.get(posixpath.splitext(name)[1].lower())


def _shareable(url: str, info: ImageInfo, config: SiteConfig) -> tuple[str, int, int, str] | None:
    """The largest published PNG or JPEG of a picture wide enough to share, if any:
    ``(absolute URL, width, height, format)``."""
    if info.width < MIN_WIDTH:
        return None
    variants = [v for v in info.variants if v.format in SHARED_FORMATS]
    if not variants:
        return None
    best = max(variants, key=lambda v: v.width)
    height = max(1, round(info.height * best.width / info.width))
    return absolute(config, best.url), best.width, height, best.format


_SAMPLES = {
    "ar": "ب",
    "he": "א",
    "th": "ก",
    "hi": "क",
    "bn": "ক",
    "ta": "த",
    "hy": "Ա",
    "ka": "ა",
    "ja": "あ",
    "ko": "한",
    "zh-Hans": "中",
    "zh-Hant": "中",
}
"""A letter of each script :mod:`~mot_blog.render.fonts` has families for."""


def card_warnings(config: SiteConfig) -> list[Problem]:
    """What keeps this machine from drawing a locale's cards well: no font for its script
    (the letters would be boxes), or a right-to-left script without libraqm."""
    found = []
    for locale in config.locales:
        babel = locale.babel
        key = fonts.script_key(babel.language, babel.script, babel.territory)
        sample = _SAMPLES.get(key)
        if sample is None:
            continue  # a Latin, Greek or Cyrillic script: every font here has it
        from mot_blog.render.card_image import has_raqm  # noqa: PLC0415 (imports Pillow)

        if locale.direction == "rtl" and not has_raqm():
            found.append(
                warning(
                    CONFIG_FILE,
                    None,
                    f"Pillow has no libraqm here, so the social cards of {locale.code} pages "
                    "are drawn without their text (right-to-left text needs it); install "
                    "it (Debian: apt install libfribidi0 libraqm0) and build again",
                )
            )
        elif not any(fonts.covers(font, sample) for font in fonts.chain(key)):
            package = "fonts-noto-cjk" if key in fonts.CJK else "fonts-noto-core"
            found.append(
                warning(
                    CONFIG_FILE,
                    None,
                    f"no font on this machine has the letters of {locale.code}: its social "
                    f"cards would show boxes; install one (Debian: apt install {package}) "
                    "and build again",
                )
            )
    return found
