"""The fonts social cards are drawn with: which fonts of the system cover which script.

Nothing is bundled (a CJK font alone is 20 MB); the build machine's fonts are used, looked
for in this order, per language of the text:

1. the script's own Noto family (``fonts-noto-core`` and ``fonts-noto-cjk`` on Debian):
   Noto Sans Arabic for Arabic, Persian and Urdu, Noto Sans Hebrew, Noto Sans CJK JP, KR,
   SC or TC (the Chinese one by the locale's script or region), Noto Sans Thai,
   Devanagari, Bengali, Tamil, Armenian, Georgian...;
2. the general sans-serif fonts: Noto Sans (Latin, Greek, Cyrillic), DejaVu Sans (Latin,
   Greek, Cyrillic, Arabic, Hebrew: ``fonts-dejavu-core``, on nearly every Linux), Liberation
   Sans;
3. the other scripts' fonts above, for text written in another script than the locale's
   (a Japanese title on an Italian site);
4. Pillow's own default font (Latin only), so that a machine without fonts still builds.

Each family is looked for at its Debian path first (a ``stat``, nothing to run), then
through fontconfig (``fc-match``, where it is installed). A text is drawn in the first font
of that order that has a glyph for every one of its characters (else the one that has
most): one font per text, so a title mixing scripts needs a font that has both (DejaVu Sans
has Latin with Arabic and Hebrew; Noto Sans CJK has Latin with the CJK scripts). Shaping
(Arabic joining, marks) and direction are Pillow's, through libraqm
(``PIL.features.check("raqm")``); without it, right-to-left text would be drawn in the
wrong order, so a build without raqm draws no right-to-left title (see
:mod:`mot_blog.render.card_image`).
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # Pillow loads in the processes that draw cards only
    from PIL.ImageFont import FreeTypeFont

FONT_ROOTS = ("/usr/share/fonts", "/usr/local/share/fonts")
_NOTO = "truetype/noto/"
_CJK_BOLD = "opentype/noto/NotoSansCJK-Bold.ttc"


@dataclass(frozen=True, slots=True)
class Family:
    """One font family a card may be drawn with, and where Debian puts its bold face."""

    name: str
    """Its fontconfig family name (``Noto Sans Arabic``)."""
    debian: str
    """Its bold face under :data:`FONT_ROOTS`."""
    index: int = 0
    """The face's index in a collection (``.ttc``)."""


class FontFile(NamedTuple):
    """A font file found on this machine (a named tuple: every card's spec holds a chain of
    them, hashed for its digest, and a data class's hash is Python code: 150,000 calls,
    a sixth of listing 10,000 posts' cards)."""

    path: str
    face: int
    """The face's index in its file (a ``.ttc`` holds several)."""
    size: int
    """Its size in bytes: part of a card's cache key (an upgraded font draws anew)."""


CJK = {
    "ja": Family("Noto Sans CJK JP", _CJK_BOLD, 0),
    "ko": Family("Noto Sans CJK KR", _CJK_BOLD, 1),
    "zh-Hans": Family("Noto Sans CJK SC", _CJK_BOLD, 2),
    "zh-Hant": Family("Noto Sans CJK TC", _CJK_BOLD, 3),
}
SCRIPTS: dict[str, tuple[Family, ...]] = {
    "ar": (Family("Noto Sans Arabic", _NOTO + "NotoSansArabic-Bold.ttf"),),
    "he": (Family("Noto Sans Hebrew", _NOTO + "NotoSansHebrew-Bold.ttf"),),
    "th": (Family("Noto Sans Thai", _NOTO + "NotoSansThai-Bold.ttf"),),
    "hi": (Family("Noto Sans Devanagari", _NOTO + "NotoSansDevanagari-Bold.ttf"),),
    "bn": (Family("Noto Sans Bengali", _NOTO + "NotoSansBengali-Bold.ttf"),),
    "ta": (Family("Noto Sans Tamil", _NOTO + "NotoSansTamil-Bold.ttf"),),
    "hy": (Family("Noto Sans Armenian", _NOTO + "NotoSansArmenian-Bold.ttf"),),
    "ka": (Family("Noto Sans Georgian", _NOTO + "NotoSansGeorgian-Bold.ttf"),),
    **{key: (family,) for key, family in CJK.items()},
}
"""The script's own families, by language (or CJK script: ``zh-Hans``)."""
SAME_SCRIPT = {"fa": "ar", "ur": "ar", "ps": "ar", "ckb": "ar", "ug": "ar", "yi": "he"}
SAME_SCRIPT |= {"mr": "hi", "ne": "hi", "sa": "hi"}
GENERAL = (
    Family("Noto Sans", _NOTO + "NotoSans-Bold.ttf"),
    Family("DejaVu Sans", "truetype/dejavu/DejaVuSans-Bold.ttf"),
    Family("Liberation Sans", "truetype/liberation/LiberationSans-Bold.ttf"),
)
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "ckb", "ug", "yi", "dv", "sd"})
"""Languages written right to left."""


def script_key(language: str, script: str | None, territory: str | None) -> str:
    """The key of :data:`SCRIPTS` for a locale (``zh`` + ``TW`` -> ``zh-Hant``)."""
    if language == "zh":
        traditional = script == "Hant" or (script is None and territory in ("TW", "HK", "MO"))
        return "zh-Hant" if traditional else "zh-Hans"
    return SAME_SCRIPT.get(language, language)


def families(key: str) -> tuple[Family, ...]:
    """Every family in the order of the module docstring, for the script key ``key``."""
    own = SCRIPTS.get(key, ())
    others = [family for k, fs in SCRIPTS.items() if k != key for family in fs]
    return tuple(dict.fromkeys((*own, *GENERAL, *others)))


@functools.cache
def find(family: Family) -> FontFile | None:
    """The family's bold face on this machine: at its Debian path, else through fontconfig."""
    for root in FONT_ROOTS:
        path = os.path.join(root, family.debian)
        try:
            return FontFile(path, family.index, os.stat(path).st_size)
        except OSError:
            continue
    return _fontconfig(family)


def _fontconfig(family: Family) -> FontFile | None:
    if shutil.which("fc-match") is None:
        return None
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}\t%{index}\t%{family}", f"{family.name}:bold"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    path, _, rest = found.partition("\t")
    index, _, names = rest.partition("\t")
    # fc-match always answers: with another family when this one is not installed.
    if family.name not in names.split(",") or not index.isdigit():
        return None
    try:
        return FontFile(path, int(index), os.stat(path).st_size)
    except OSError:
        return None


@functools.cache
def chain(key: str) -> tuple[FontFile, ...]:
    """The fonts of this machine for the script key ``key``, in the order they are tried
    (found once per process, as :func:`find` finds each: every card of a locale asks)."""
    found = (find(family) for family in families(key))
    return tuple(dict.fromkeys(font for font in found if font is not None))


@functools.cache
def chain_key(fonts: tuple[FontFile, ...]) -> str:
    """What a card drawn with ``fonts`` depends on (paths, faces, sizes)."""
    return ";".join(f"{Path(font.path).name}:{font.face}:{font.size}" for font in fonts)


@functools.cache
def load(font: FontFile | None, size: int) -> FreeTypeFont:
    """The font at ``size`` pixels (Pillow's default font for ``None``); cached per process."""
    from PIL import ImageFont  # noqa: PLC0415 (see TYPE_CHECKING above)

    if font is None:
        default = ImageFont.load_default(size)
        # A FreeType font whenever Pillow has FreeType, which it needs to draw text at all.
        assert isinstance(default, ImageFont.FreeTypeFont), "Pillow without FreeType"
        return default
    return ImageFont.truetype(font.path, size, index=font.face)


_NOT_A_CHARACTER = "\U0010fffd"
"""No font has a glyph for it: what a font draws for a missing glyph (its ``.notdef``)."""


@functools.cache
def _drawn(font: FontFile | None, text: str) -> bytes:
    from PIL import Image, ImageDraw  # noqa: PLC0415

    image = Image.new("L", (64, 64))
    ImageDraw.Draw(image).text((8, 8), text, font=load(font, 32), fill=255)
    return image.tobytes()


def covers(font: FontFile | None, character: str) -> bool:
    """Whether ``font`` has a glyph for ``character`` (it draws something other than its
    missing-glyph box); whitespace counts as covered."""
    if character.isspace():
        return True
    return _drawn(font, character) != _drawn(font, _NOT_A_CHARACTER)


def pick(fonts: tuple[FontFile, ...], text: str) -> FontFile | None:
    """The first of ``fonts`` that covers every character of ``text``, else the one that
    covers most; ``None`` (Pillow's default font) when there is none."""
    best, best_count = None, -1
    characters = set(text)
    for font in fonts:
        count = sum(1 for character in characters if covers(font, character))
        if count == len(characters):
            return font
        if count > best_count:
            best, best_count = font, count
    return best
