"""Shortcodes: Hugo's ``{{< name args >}}`` calls rendered by ``templates/shortcodes/NAME.html``
(the site's, else the theme's) when the page renders, in the page's language; problems at
their Markdown line; the theme's youtube, vimeo, figure, details and video."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import post, write_site
from markdown_sites import ENGINES, body_of, config, png, problems_of

from mot_blog.build import build
from mot_blog.load.shortcodes import ShortcodeSpec
from mot_blog.markup.shortcodes import find_shortcodes

SPECS = {
    "x": ShortcodeSpec(False, False),
    "box": ShortcodeSpec(True, False),
    "note": ShortcodeSpec(True, True),
}
SHOW = (
    "{{ name }}|{{ args|map('string')|join(',') }}|"
    "{% for k, v in params|dictsort %}{{ k }}={{ v }};{% endfor %}|"
    "{{ args|map('attr', '__class__')|map(attribute='__name__')|join(',') }}"
)


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return request.param


def _site(tmp_path: Path, engine: str, files: dict) -> Path:
    return write_site(tmp_path / "site", {"site.yaml": config(engine), **files})


def _built(tmp_path: Path, engine: str, body: str, **files: str | bytes) -> str:
    site = _site(tmp_path, engine, {"content/it-IT/a.md": post("A", body=body), **files})
    build(site, tmp_path / "out", cache=False, workers=1)
    return body_of(tmp_path / "out/it/a/index.html")


# ---- reading calls ---------------------------------------------------------------------------


def test_arguments_are_typed_as_hugo_passes_them() -> None:
    found = find_shortcodes('{{< x "a \\"q\\"" 42 -1.5 true `raw\nline` bare >}}', SPECS)
    (node,) = found.nodes
    assert node.tag.args == ['a "q"', 42, -1.5, True, "raw\nline", "bare"]
    named = find_shortcodes('{{< x id="7" n=7 on=false >}}', SPECS).nodes[0]
    assert named.tag.params == {"id": "7", "n": 7, "on": False}


def test_a_call_is_a_placeholder_and_a_call_alone_keeps_the_line_count() -> None:
    body = "a\n\n{{< box >}}\ninner\n{{< /box >}}\n\nb {{< x >}} c\n"
    found = find_shortcodes(body, SPECS)
    assert found.text.count("\n") == body.count("\n")
    box, x = found.nodes
    assert found.text.splitlines()[2] == box.token and f"b {x.token} c" in found.text
    assert found.inner_text[box.token] == "\ninner\n"


def test_shortcodes_in_code_stay_as_written_but_the_comment_form_shows_the_call() -> None:
    body = "`{{< x >}}` and\n\n```\n{{< x >}} {{</* x 1 */>}}\n```\n"
    found = find_shortcodes(body, SPECS)
    assert found.nodes == [] and found.problems == []
    assert "`{{< x >}}`" in found.text and "{{< x >}} {{< x 1 >}}" in found.text


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{{< x "open >}}', "shortcode 'x': unclosed quote; end the argument with \""),
        ("{{< x a=1 2 >}}", "shortcode 'x' mixes positional and named arguments; use one kind"),
        ("{{< box >}}\ntext", "shortcode 'box' is never closed; add {{< /box >}} after its inner"),
        ("{{< /box >}}", "closing tag of shortcode 'box' without an opening one; remove it"),
        ("{{< x >}}a{{< /x >}}", "shortcode 'x' takes no inner text"),
        ("{{< x key= >}}", "shortcode 'x': 'key=' has no value"),
        ("{{% box %}}a{{< /box >}}", "shortcode 'box' is opened with {{% %}}; close it alike"),
        ("{{< x", "shortcode 'x' is not closed; end it with >}}"),
        ("{{< boxx >}}", "unknown shortcode 'boxx' (did you mean 'box'?)"),
    ],
)
def test_bad_calls_are_problems_at_their_line(body: str, message: str) -> None:
    found = find_shortcodes("first line\n\n" + body, SPECS)
    assert [(line, text[: len(message)]) for line, text in found.problems] == [(2, message)]


# ---- rendering -------------------------------------------------------------------------------


def test_a_template_sees_arguments_inner_text_the_post_and_the_locale(
    tmp_path: Path, engine: str
) -> None:
    template = (
        "<b>{{ args[0] }} {{ params|length }} {{ get(1, 'none') }} {{ post.title }} "
        "{{ locale.code }} {{ _('Back to the blog') }}</b>"
    )
    html = _built(
        tmp_path,
        engine,
        'Prima.\n\n{{< greet "Ciao" >}}\n\nDopo {{< greet "<x>" >}} qui.',
        **{"templates/shortcodes/greet.html": template},
    )
    # alone in its paragraph, the call takes the paragraph's place; inline, it stays inline
    assert "<b>Ciao 0 none A it-IT Torna al blog</b>" in html
    assert "<p><b>Ciao" not in html
    assert "<p>Dopo <b>&lt;x&gt; 0 none A it-IT Torna al blog</b> qui.</p>" in html


def test_inner_text_is_raw_with_angle_brackets_and_markdown_with_percent_signs(
    tmp_path: Path, engine: str
) -> None:
    template = "<div class='box'>{{ inner }}</div>"
    html = _built(
        tmp_path,
        engine,
        "{{< box >}}*raw* <kbd>K</kbd>{{< /box >}}\n\n{{% box %}}\n*md* text\n{{% /box %}}\n\n"
        "Inline {{% box %}}*one*{{% /box %}} line.",
        **{"templates/shortcodes/box.html": template},
    )
    assert "<div class='box'>*raw* <kbd>K</kbd></div>" in html
    assert "<div class='box'><p><em>md</em> text</p></div>" in html
    assert "Inline <div class='box'><em>one</em></div> line." in html


def test_nested_calls_render_inside_out(tmp_path: Path, engine: str) -> None:
    html = _built(
        tmp_path,
        engine,
        "{{% box %}}\nA {{< tag x >}} and\n\n{{% box %}}\ninner\n{{% /box %}}\n{{% /box %}}",
        **{
            "templates/shortcodes/box.html": "<section>{{ inner }}</section>",
            "templates/shortcodes/tag.html": "<i>{{ args[0] }}</i>",
        },
    )
    assert (
        re.sub(r"\s+", "", html)
        == "<section><p>A<i>x</i>and</p><section><p>inner</p></section></section>"
    )


def test_the_comment_form_shows_the_call_and_is_no_leftover(tmp_path: Path, engine: str) -> None:
    site = _site(
        tmp_path,
        engine,
        {"content/it-IT/a.md": post("A", body="Write {{</* youtube ID */>}} in a post.")},
    )
    result = build(site, tmp_path / "out", cache=False, workers=1)
    assert "<p>Write {{&lt; youtube ID &gt;}} in a post.</p>" in body_of(
        tmp_path / "out/it/a/index.html"
    )
    assert result.warnings == ()


def test_placeholders_count_no_words(tmp_path: Path, engine: str) -> None:
    from mot_blog.build import load  # noqa: PLC0415
    from mot_blog.model.assemble import BuildOptions  # noqa: PLC0415

    body = "uno due\n\n{{< x >}}\n\ntre {{< x >}} quattro\n\n{{% box %}}\ncinque sei\n{{% /box %}}"
    site = _site(
        tmp_path,
        engine,
        {
            "content/it-IT/a.md": post("A", body=body),
            "templates/shortcodes/x.html": "<hr>",
            "templates/shortcodes/box.html": "{{ inner }}",
        },
    )
    (only,) = load(site, BuildOptions()).site.posts
    assert only.word_count == 6


def test_unknown_shortcodes_and_bad_arguments_fail_the_build_at_their_markdown_line(
    tmp_path: Path, engine: str
) -> None:
    body = 'Testo.\n\n{{< yotube abc >}}\n\n{{< figure src="x.png >}}'
    site = _site(tmp_path, engine, {"content/it-IT/a.md": post("A", body=body)})
    assert problems_of(site, tmp_path / "out") == [
        "content/it-IT/a.md:10: unknown shortcode 'yotube' (did you mean 'youtube'?); add "
        "templates/shortcodes/yotube.html, or write {{</* yotube */>}} to show the call",
        "content/it-IT/a.md:12: shortcode 'figure': unclosed quote; end the argument with \"",
    ]


def test_problem_lines_after_a_paired_call_stay_the_markdown_lines(
    tmp_path: Path, engine: str
) -> None:
    body = "{{< details >}}\nuno\n\ndue\n{{< /details >}}\n\n![x](missing.png)"
    site = _site(tmp_path, engine, {"content/it-IT/a.md": post("A", body=body)})
    assert problems_of(site, tmp_path / "out") == [
        "content/it-IT/a.md:14: image 'missing.png' not found under static/; check the path"
    ]


def test_raw_inner_text_follows_the_raw_html_policy(tmp_path: Path, engine: str) -> None:
    site = _site(
        tmp_path,
        engine,
        {
            "site.yaml": config(engine, "raw_html: escape\n"),
            "content/it-IT/a.md": post("A", body="{{< box >}}<script>x()</script>{{< /box >}}"),
            "templates/shortcodes/box.html": "<div>{{ inner }}</div>",
        },
    )
    build(site, tmp_path / "out", cache=False, workers=1)
    assert "<div>&lt;script&gt;x()&lt;/script&gt;</div>" in body_of(
        tmp_path / "out/it/a/index.html"
    )


def test_a_changed_template_renders_the_page_again(tmp_path: Path, engine: str) -> None:
    site = _site(
        tmp_path,
        engine,
        {
            "content/it-IT/a.md": post("A", body="{{< x >}}"),
            "templates/shortcodes/x.html": "<p>one</p>",
        },
    )
    build(site, tmp_path / "out")
    (site / "templates/shortcodes/x.html").write_text("<p>two</p>", encoding="utf-8")
    build(site, tmp_path / "out")
    assert body_of(tmp_path / "out/it/a/index.html").strip() == "<p>two</p>"


def test_feeds_carry_the_rendered_shortcodes(tmp_path: Path, engine: str) -> None:
    site = _site(
        tmp_path,
        engine,
        {
            "content/it-IT/a.md": post("A", body="{{< x >}}"),
            "templates/shortcodes/x.html": "<p>shown</p>",
        },
    )
    build(site, tmp_path / "out", cache=False, workers=1)
    feed = (tmp_path / "out/it/feed.xml").read_text(encoding="utf-8")
    assert "&lt;p&gt;shown&lt;/p&gt;" in feed and "mOtSc" not in feed


def test_a_template_can_refuse_a_call_at_its_markdown_line(tmp_path: Path, engine: str) -> None:
    site = _site(
        tmp_path, engine, {"content/it-IT/a.md": post("A", body="Uno.\n\n{{< youtube >}}")}
    )
    assert problems_of(site, tmp_path / "out") == [
        "content/it-IT/a.md:10: shortcode 'youtube': needs the video's id: {{< youtube ID >}}"
    ]


# ---- the theme's shortcodes ------------------------------------------------------------------


def test_youtube_loads_nothing_from_youtube_until_the_reader_clicks(
    tmp_path: Path, engine: str
) -> None:
    site = _site(
        tmp_path,
        engine,
        {
            "content/it-IT/a.md": post("A", body='{{< youtube id=dQw4w9WgXcQ title="Il video" >}}'),
            "content/nl-NL/a.md": post("A", body="{{< youtube id=dQw4w9WgXcQ start=30 >}}"),
        },
    )
    build(site, tmp_path / "out", cache=False, workers=1)
    italian = body_of(tmp_path / "out/it/a/index.html")
    dutch = body_of(tmp_path / "out/nl/a/index.html")
    for html in (italian, dutch):
        assert "<iframe" not in html and "<img" not in html  # a local placeholder, no thumbnail
        assert 'class="video-placeholder"' in html
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in italian
    assert 'data-embed="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"' in italian
    assert (
        "Guarda il video su YouTube" in italian and "<figcaption>Il video</figcaption>" in italian
    )
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=30s"' in dutch
    assert "Bekijk de video op YouTube" in dutch and 'data-embed-title="Video op YouTube"' in dutch
    script = (Path(__file__).parent.parent / "src/mot_blog/theme/static/js/site.js").read_text()
    assert 'querySelectorAll("a[data-embed]")' in script and 'createElement("iframe")' in script


def test_vimeo_and_a_poster_of_the_site(tmp_path: Path, engine: str) -> None:
    site = _site(
        tmp_path,
        engine,
        {
            "content/it-IT/a.md": post(
                "A", body='{{< vimeo id=146022717 poster="images/p.png" >}}'
            ),
            "static/images/p.png": png(800, 450),
        },
    )
    build(site, tmp_path / "out", cache=False, workers=1)
    html = body_of(tmp_path / "out/it/a/index.html")
    assert 'href="https://vimeo.com/146022717"' in html
    assert 'data-embed="https://player.vimeo.com/video/146022717?autoplay=1&amp;dnt=1"' in html
    assert re.search(r'<img src="/images/p\.[0-9a-f]{10}\.png" alt="" class="video-poster"', html)
    assert "Guarda il video su Vimeo" in html and "srcset=" in html


def test_figure_shows_an_image_with_sizes_and_variants(tmp_path: Path, engine: str) -> None:
    html = _built(
        tmp_path,
        engine,
        '{{< figure src="images/f.png" alt="Una foto" caption="Fonte: noi" link="https://example.com/" >}}',
        **{"static/images/f.png": png(1000, 500)},
    )
    assert '<a href="https://example.com/"><picture><source type="image/webp"' in html
    assert re.search(r'<img src="/images/f\.[0-9a-f]{10}\.png" alt="Una foto" loading="lazy"', html)
    assert 'width="1000" height="500"' in html and "<figcaption>Fonte: noi</figcaption>" in html


def test_details_shows_its_inner_markdown(tmp_path: Path, engine: str) -> None:
    html = _built(
        tmp_path,
        engine,
        '{{< details summary="Di più" >}}\nUn testo **forte**.\n{{< /details >}}\n\n'
        "{{< details />}}",
    )
    assert "<summary>Di più</summary>\n<p>Un testo <strong>forte</strong>.</p>\n</details>" in html
    assert "<summary>Dettagli</summary>" in html


def test_video_plays_a_file_of_the_page_bundle(tmp_path: Path, engine: str) -> None:
    site = _site(
        tmp_path,
        engine,
        {
            "content/it-IT/clip/index.md": post(
                "Clip", body='{{< video src="clip.mp4" poster="./clip.png" caption="Il clip" >}}'
            ),
            "content/it-IT/clip/clip.mp4": b"\x00\x00\x00\x18ftypmp42",
            "content/it-IT/clip/clip.png": png(640, 360),
        },
    )
    build(site, tmp_path / "out", cache=False, workers=1)
    html = body_of(tmp_path / "out/it/clip/index.html")
    video = re.search(
        r'<video controls preload="metadata" playsinline src="([^"]+)" poster="([^"]+)">', html
    )
    assert video, html
    assert re.fullmatch(r"/it/clip/clip\.[0-9a-f]{10}\.mp4", video.group(1))
    assert re.fullmatch(r"/it/clip/clip\.[0-9a-f]{10}\.png", video.group(2))
    assert (tmp_path / "out" / video.group(1)[1:]).is_file()
    assert "Scarica il video</a>" in html and "<figcaption>Il clip</figcaption>" in html


def test_a_file_a_shortcode_names_must_exist(tmp_path: Path, engine: str) -> None:
    site = _site(
        tmp_path,
        engine,
        {"content/it-IT/a.md": post("A", body='Uno.\n\n{{< figure src="nope.png" alt="x" >}}')},
    )
    assert problems_of(site, tmp_path / "out") == [
        "content/it-IT/a.md:10: shortcode 'figure': file 'nope.png' not found in the page "
        "bundle or under static/; check the path"
    ]


def test_check_names_raw_scripts_in_inner_text_at_their_line(tmp_path: Path, engine: str) -> None:
    from mot_blog.commands.check import check_site  # noqa: PLC0415

    body = "Uno.\n\n{{< box >}}\n<script>alert(1)</script>\n{{< /box >}}"
    site = _site(
        tmp_path,
        engine,
        {
            "content/it-IT/a.md": post("A", body=body),
            "templates/shortcodes/box.html": "<div>{{ inner }}</div>",
        },
    )
    assert [str(f) for f in check_site(site)] == [
        "content/it-IT/a.md:11: raw <script> in the body; remove it, or set raw_html: sanitize "
        "[it/a/index.html]"
    ]


def test_a_failing_shortcode_template_is_a_problem_at_the_template_line(
    tmp_path: Path, engine: str
) -> None:
    site = _site(
        tmp_path,
        engine,
        {
            "content/it-IT/a.md": post("A", body="{{< x >}}"),
            "templates/shortcodes/x.html": "<p>\n{{ params.missing.deeper }}</p>",
        },
    )
    (problem,) = problems_of(site, tmp_path / "out", cache=False, workers=1)
    assert problem.startswith("templates/shortcodes/x.html:2: template error: ")
