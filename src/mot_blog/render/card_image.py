"""Social cards: a 1200×630 PNG (JPEG with a picture) of a title and a site name, drawn with
Pillow for pages whose own picture no social network would show (an SVG, or none).

:func:`card_bytes` is a plain function of a :class:`CardSpec`: it reads the drawn card from
``<site>/.mot-cache/images/cards/`` when an earlier build drew it (named by
:meth:`CardSpec.digest`, a digest of everything the card shows, the fonts included), else
draws and keeps it there. The build calls it from its render jobs, over every core
(:mod:`mot_blog.render.social`).

The layout: the theme's accent colour as the background, the title in white, as large as
fits (72 to 40 pixels, up to five lines, then cut with an ellipsis), the site's name below
it, and the post's raster picture, when it has one, on the side where lines end. Lines break
at spaces, and between any two CJK characters (not before a closing mark such as 。 or 」);
right-to-left titles (Arabic, Hebrew...) are set from the right, and the whole card is
mirrored. Fonts: :mod:`mot_blog.render.fonts`.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mot_blog.render import card_text, fonts

if TYPE_CHECKING:  # Pillow loads in the processes that draw cards only
    from PIL.Image import Image

WIDTH, HEIGHT = 1200, 630
"""The size every social network shows whole (1.91:1)."""
CARD_VERSION = "1"
"""Part of every card's digest: bump it when the drawing changes."""
CACHE_DIR = Path(".mot-cache") / "images" / "cards"
BACKGROUND = (0x0B, 0x5C, 0xAD)
"""The default theme's ``--color-accent``."""
INK = (0xFF, 0xFF, 0xFF)
FOOTER_SHADE = 215
"""The site name's colour, as a shade between the background (0) and the ink (255)."""
MARGIN = 80
PICTURE_WIDTH = 440
FOOTER_SIZE = 32
RULE = (96, 6)
"""The bar above the site's name, in pixels."""


@dataclass(frozen=True, slots=True)
class CardSpec:
    """Everything a card shows."""

    title: str
    footer: str
    """The line under the title: the site's name (or its address, on the site's own card)."""
    script: str
    """The script key of the locale (:func:`mot_blog.render.fonts.script_key`)."""
    language: str
    """The locale's language, for shaping (``ar``, ``ja``)."""
    rtl: bool
    fonts: tuple[fonts.FontFile, ...]
    """The fonts to draw with (:func:`mot_blog.render.fonts.chain`)."""
    picture: str | None = None
    """A raster picture to show beside the title (its file)."""
    picture_digest: str = ""

    @property
    def extension(self) -> str:
        """``png`` for text alone (sharp and small), ``jpg`` with a photo."""
        return "jpg" if self.picture else "png"

    def digest(self) -> str:
        """A digest of what the card shows: its cache name, and its published name's hash."""
        parts = (
            CARD_VERSION,
            self.title,
            self.footer,
            self.script,
            self.language,
            # Right-to-left text is drawn only with raqm: a card drawn without it (no text)
            # must not outlive its installation.
            f"rtl raqm={has_raqm()}" if self.rtl else "ltr",
            fonts.chain_key(self.fonts),
            self.picture_digest,
        )
        return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def card_bytes(spec: CardSpec, site_root: Path) -> bytes:
    """The card's file: from the cache, else drawn (and kept in the cache for the next build)."""
    cached = site_root / CACHE_DIR / f"{spec.digest()[:32]}.{spec.extension}"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    data = draw(spec)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(f".{cached.name}.{os.getpid()}")
        partial.write_bytes(data)
        partial.replace(cached)
    except OSError:  # a cache that cannot be written: the card is still published
        pass
    return data


def draw(spec: CardSpec) -> bytes:
    """The card, encoded (the slow part: a few milliseconds of drawing and encoding)."""
    from PIL import Image  # noqa: PLC0415 (see TYPE_CHECKING above)

    # One grey channel, the ink's coverage over the background, then a palette from one
    # colour to the other: exact for two colours, and a third of the bytes to compress.
    mask = Image.new("L", (WIDTH, HEIGHT), 0)
    options = text_options(spec)
    if options is not None:
        x = WIDTH - MARGIN if spec.rtl else MARGIN
        width = WIDTH - 2 * MARGIN - (PICTURE_WIDTH if spec.picture else 0)
        footer_top = HEIGHT - MARGIN - FOOTER_SIZE
        font = fonts.pick(spec.fonts, spec.title)
        size, lines = card_text.fit(spec.title, font, width, footer_top - MARGIN - 40, options)
        ascent = fonts.load(font, size).getmetrics()[0]
        step = round(size * card_text.LINE_HEIGHT)
        for n, line in enumerate(lines):
            at = (x, MARGIN + n * step + ascent)
            card_text.set_line(mask, line, font, size, at, 255, spec.rtl, options)
        rule = WIDTH - MARGIN - RULE[0] if spec.rtl else MARGIN
        mask.paste(FOOTER_SHADE, (rule, footer_top - 32, rule + RULE[0], footer_top - 32 + RULE[1]))
        footer_font = fonts.pick(spec.fonts, spec.footer)
        footer = card_text.break_points(spec.footer)
        at = (x, footer_top + fonts.load(footer_font, FOOTER_SIZE).getmetrics()[0])
        card_text.set_line(
            mask, footer, footer_font, FOOTER_SIZE, at, FOOTER_SHADE, spec.rtl, options
        )
    mask.putpalette(_palette())  # now a "P" image
    out = io.BytesIO()
    if not spec.picture:
        mask.save(out, "PNG", compress_level=2)  # level 6 takes twice as long for 20% less
        return out.getvalue()
    image = mask.convert("RGB")
    image.paste(_picture(spec.picture), (0 if spec.rtl else WIDTH - PICTURE_WIDTH, 0))
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def text_options(spec: CardSpec) -> card_text.Options | None:
    """How Pillow sets the card's text: with raqm, in the language and direction of the
    locale; ``None`` for right-to-left text without raqm, which would come out in the
    wrong order and unjoined (the card is then drawn without text; the build warns:
    :func:`mot_blog.render.social.card_warnings`)."""
    if not has_raqm():
        return None if spec.rtl else card_text.Options()
    # A right-to-left locale's titles are set right to left (a Latin word inside keeps its
    # order); elsewhere raqm finds the direction from the text (an Arabic title on an
    # Italian site still reads right to left).
    return card_text.Options(spec.language, "rtl" if spec.rtl else None)


@functools.cache
def has_raqm() -> bool:
    """Whether Pillow lays text out with libraqm (bidi, shaping, language)."""
    from PIL import features  # noqa: PLC0415

    return bool(features.check("raqm"))


@functools.cache
def _palette() -> list[int]:
    return [
        round(back + (ink - back) * shade / 255)
        for shade in range(256)
        for back, ink in zip(BACKGROUND, INK, strict=True)
    ]


def _picture(path: str) -> Image:
    """The picture, cropped to fill its side of the card."""
    from PIL import Image, ImageOps  # noqa: PLC0415

    with Image.open(path) as opened:
        picture = ImageOps.exif_transpose(opened).convert("RGB")
    return ImageOps.fit(picture, (PICTURE_WIDTH, HEIGHT), Image.Resampling.LANCZOS)
