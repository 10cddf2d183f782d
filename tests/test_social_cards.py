"""Social previews: every page shares a PNG or JPEG that networks show, with its size and
text; an article whose picture no network would show gets a 1200×630 card drawn for it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from listing_site import NOW, build_site, front, listing_files, page, write
from PIL import Image, features

from mot_blog.load.config import load_config
from mot_blog.model.assemble import BuildOptions
from mot_blog.render import card_image, card_text, fonts, social
from mot_blog.render.card_image import MARGIN, WIDTH, CardSpec, draw

ORIGIN = "https://blog.example.test"


def png(width: int, height: int, color: str = "#c2410c", fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format=fmt)
    return buffer.getvalue()


def _built(tmp_path: Path, extra: dict[str, str | bytes] | None = None) -> Path:
    root = write(tmp_path / "site", {**listing_files(), **(extra or {})})
    return build_site(root, tmp_path / "out")


def _shared(out: Path, rel: str) -> tuple[Image.Image, dict[str, list[str]]]:
    """The picture a page shares, opened, and its og/twitter image tags."""
    p = page(out, rel)
    tags = {
        key: p.meta(key)
        for key in (
            "og:image",
            "og:image:type",
            "og:image:width",
            "og:image:height",
            "og:image:alt",
            "twitter:image",
            "twitter:image:alt",
        )
    }
    (url,) = tags["og:image"]
    assert url.startswith(ORIGIN + "/") and tags["twitter:image"] == [url]
    image = Image.open(out / url.removeprefix(ORIGIN + "/"))
    image.load()
    return image, tags


def test_an_article_with_an_svg_picture_shares_a_1200_by_630_card(tmp_path: Path) -> None:
    out = _built(tmp_path)
    image, tags = _shared(out, "it/uno/")
    assert (image.format, image.size) == ("PNG", (1200, 630))
    assert tags["og:image"][0].startswith(f"{ORIGIN}/it/uno/card.")
    assert tags["og:image:type"] == ["image/png"]
    assert (tags["og:image:width"], tags["og:image:height"]) == (["1200"], ["630"])
    assert tags["og:image:alt"] == tags["twitter:image:alt"] == ["Uno – Test Blog"]
    # The title is drawn: ink (the brightest shade) along the left margin, under the top.
    ink = image.convert("L").crop((MARGIN, MARGIN, WIDTH // 2, 300)).getextrema()
    assert ink[1] == 255


def test_a_large_png_or_jpeg_picture_is_shared_itself_at_its_largest_variant(
    tmp_path: Path,
) -> None:
    extra = {
        "static/images/foto.jpg": png(2000, 1000, fmt="JPEG"),
        "content/it-IT/tre.md": front(
            "Tre", "2024-01-03", image="images/foto.jpg", image_alt="Una foto"
        ),
    }
    out = _built(tmp_path, extra)
    image, tags = _shared(out, "it/tre/")
    assert tags["og:image"][0].startswith(f"{ORIGIN}/images/foto-1600w.")
    assert (image.format, image.size) == ("JPEG", (1600, 800))
    assert (tags["og:image:width"], tags["og:image:height"]) == (["1600"], ["800"])
    assert tags["og:image:type"] == ["image/jpeg"]
    assert tags["og:image:alt"] == ["Una foto"]
    assert not list((out / "it/tre").glob("card.*"))


@pytest.mark.parametrize(
    ("name", "data"), [("small.png", png(300, 200)), ("big.webp", png(900, 600, fmt="WEBP"))]
)
def test_a_small_or_webp_picture_is_shown_on_the_card(
    tmp_path: Path, name: str, data: bytes
) -> None:
    extra = {
        f"static/images/{name}": data,
        "content/it-IT/tre.md": front("Tre", "2024-01-03", image=f"images/{name}", image_alt="X"),
    }
    image, tags = _shared(_built(tmp_path, extra), "it/tre/")
    assert (image.format, image.size) == ("JPEG", (1200, 630))
    assert tags["og:image:type"] == ["image/jpeg"]
    red, green, blue = image.convert("RGB").getpixel((WIDTH - 100, 315))
    assert red > 150 and blue < 100  # the picture (#c2410c) fills the end of the lines


def test_listings_share_their_locales_card(tmp_path: Path) -> None:
    out = _built(tmp_path)
    for rel in ("it/", "it/pagina/2/", "it/categoria/notizie/", "it/404.html", ""):
        image, tags = _shared(out, rel)
        assert tags["og:image"][0].startswith(f"{ORIGIN}/it/card."), rel
        assert tags["og:image:alt"] == ["Test Blog"]
    assert _shared(out, "nl/tag/klantenservice/")[1]["og:image"][0].startswith(f"{ORIGIN}/nl/card.")


def test_cards_are_drawn_once_and_taken_from_the_cache_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write(tmp_path / "site", listing_files())
    build_site(root, tmp_path / "out")
    cached = sorted((root / ".mot-cache/images/cards").iterdir())
    assert len(cached) == len(list((tmp_path / "out").rglob("card.*"))) > 2

    def no_drawing(spec: CardSpec) -> bytes:
        raise AssertionError(f"drawn again: {spec.title}")

    monkeypatch.setattr(card_image, "draw", no_drawing)
    from mot_blog.build import build  # noqa: PLC0415

    build(root, tmp_path / "again", BuildOptions(now=NOW), cache=False, workers=1)
    assert sorted(p.name for p in (tmp_path / "again/it/uno").glob("card.*")) == sorted(
        p.name for p in (tmp_path / "out/it/uno").glob("card.*")
    )
    # A new title is a new card: another name, drawn anew.
    (root / "content/it-IT/uno.md").write_text(front("Uno bis", "2024-01-01"), encoding="utf-8")
    with pytest.raises(AssertionError, match="drawn again: Uno bis"):
        build(root, tmp_path / "third", BuildOptions(now=NOW), cache=False, workers=1)


def _spec(title: str, code: str) -> CardSpec:
    return social.locale_spec(_locale(code), title, "Blog", None)


def _locale(code: str):  # noqa: ANN202
    from mot_blog.load.locales import LocaleConfig  # noqa: PLC0415

    return LocaleConfig(code, code.lower(), "", "", "category", "tag", "page")


@pytest.mark.parametrize(
    ("code", "title"),
    [
        ("ar", "اللحظات الحاسمة في تجربة العملاء مع CM"),
        ("he-IL", "רגעי האמת בשירות לקוחות"),
        ("ja-JP", "カスタマージャーニーにおける「真実の瞬間」"),
        ("zh-TW", "客戶體驗中的關鍵時刻"),
        ("pl-PL", "Zażółć gęślą jaźń"),
    ],
)
def test_every_script_is_drawn_with_a_font_that_has_its_letters(code: str, title: str) -> None:
    spec = _spec(title, code)
    font = fonts.pick(spec.fonts, title)
    assert font is not None and all(fonts.covers(font, c) for c in title), (code, font)
    assert spec.rtl == (code in ("ar", "he-IL"))
    image = Image.open(io.BytesIO(draw(spec))).convert("L")
    title_box = image.crop((0, 0, WIDTH, 400)).point(lambda v: 255 if v > 200 else 0).getbbox()
    assert title_box is not None
    left, _, right, _ = title_box
    if spec.rtl:  # set from the right margin
        assert abs(right - (WIDTH - MARGIN)) < 12 and left > MARGIN
    else:
        assert abs(left - MARGIN) < 12


def test_arabic_is_shaped_and_set_right_to_left_by_raqm() -> None:
    assert features.check("raqm"), "scripts/test.sh installs FriBiDi (libfribidi0) for it"
    spec = _spec("سلام", "ar")
    font = fonts.load(fonts.pick(spec.fonts, spec.title), 72)
    joined = font.getlength("سلام", direction="rtl", language="ar")
    apart = sum(font.getlength(letter, direction="rtl", language="ar") for letter in "سلام")
    assert joined < apart  # joined letters are narrower than their isolated forms


def test_lines_break_at_spaces_and_between_cjk_characters_but_not_before_closing_marks() -> None:
    assert card_text.break_points("真実の瞬間」とは。") == [
        "真",
        "実",
        "の",
        "瞬",
        "間」",
        "と",
        "は。",
    ]
    assert card_text.break_points("「真実」 CM.com rocks") == ["「真", "実」 ", "CM.com ", "rocks"]
    lines = card_text.wrap(card_text.break_points("aaa bbb ccc"), len, 7)
    assert lines == [["aaa ", "bbb "], ["ccc"]]
    assert card_text.wrap(["abcdefghij"], len, 4) == [["abcd"], ["efgh"], ["ij"]]


def test_a_title_too_long_for_the_card_ends_with_an_ellipsis() -> None:
    spec = _spec("parola " * 80, "it-IT")
    font = fonts.pick(spec.fonts, spec.title)
    size, lines = card_text.fit(spec.title, font, 1040, 400, card_text.Options("it"))
    assert size == card_text.TITLE_SIZES[-1] and len(lines) <= card_text.MAX_LINES
    assert "".join(lines[-1]).endswith("…")


def test_a_machine_without_a_font_for_a_locale_warns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write(
        tmp_path / "site",
        {"site.yaml": "title: T\nbase_url: https://t.test/\nlocales:\n  ja-JP: {}\n  ar: {}\n"},
    )
    config = load_config(root)
    assert social.card_warnings(config) == []
    monkeypatch.setattr(fonts, "chain", lambda key: ())
    monkeypatch.setattr(card_image, "has_raqm", lambda: False)
    assert [str(w) for w in social.card_warnings(config)] == [
        "site.yaml: warning: no font on this machine has the letters of ja-JP: its social cards "
        "would show boxes; install one (Debian: apt install fonts-noto-cjk) and build again",
        "site.yaml: warning: Pillow has no libraqm here, so the social cards of ar pages are "
        "drawn without their text (right-to-left text needs it); install it (Debian: apt "
        "install libfribidi0 libraqm0) and build again",
    ]


def test_serve_publishes_the_new_card_of_an_edited_title(tmp_path: Path) -> None:
    import re  # noqa: PLC0415
    import signal  # noqa: PLC0415
    import time  # noqa: PLC0415

    from test_serve import Server  # noqa: PLC0415 (a module of tests, not a fixture)

    root = write(tmp_path / "site", listing_files())
    server = Server(root)
    try:
        before = re.search(
            r'og:image" content="[^"]*/(it/uno/card\.\w+\.png)"', server.get("/it/uno/")[2].decode()
        )
        assert before is not None and server.get("/" + before[1])[0] == 200
        (root / "content/it-IT/uno.md").write_text(
            front("Uno nuovo", "2024-01-01"), encoding="utf-8"
        )
        server.wait_for(r"rebuilt in")
        deadline = time.monotonic() + 15
        while b"Uno nuovo" not in server.get("/it/uno/")[2]:
            assert time.monotonic() < deadline, "\n".join(server.lines)
            time.sleep(0.05)
        after = re.search(
            r'og:image" content="[^"]*/(it/uno/card\.\w+\.png)"', server.get("/it/uno/")[2].decode()
        )
        assert after is not None and after[1] != before[1]
        status, _, data = server.get("/" + after[1])
        assert status == 200 and Image.open(io.BytesIO(data)).size == (1200, 630)
        assert server.get("/" + before[1])[0] == 404  # the old card is gone with the old title
    finally:
        assert server.stop(signal.SIGINT) == 0
