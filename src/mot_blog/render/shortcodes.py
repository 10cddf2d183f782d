"""Shortcodes rendered when their page renders: each call's template in its placeholder's
place (the parse stage left the placeholders, :mod:`mot_blog.markup.shortcodes`).

A call renders ``shortcodes/NAME.html`` (the site's, else its theme's, else the default
theme's) in the page's locale, so ``_()`` speaks the page's language, with the
environment's globals and:

- ``args``: the positional arguments (a list), ``params``: the named ones (a mapping),
  ``get(key, default=None)``: either, by position (``get(0)``) or by name (``get("id")``);
- ``inner``: the inner text (``None`` without one), as written with ``{{< >}}``, rendered
  as Markdown with ``{{% %}}``; ``inner_html``: rendered as Markdown either way (when the
  template uses it); both markup, shortcodes inside them already rendered;
- ``post``: the :class:`~mot_blog.model.site.Post` (``title``, ``locale``, ``url``...),
  ``locale``: its :class:`~mot_blog.load.locales.LocaleConfig`;
- ``name``, ``ordinal`` (the call's position in the post, from 0: for unique ids);
- ``file_url(path)``: the published URL of a file of the page bundle or of ``static/`` an
  argument names (a URL or a page path is given back as it is; a missing file is a
  problem at the call's Markdown line), ``image(path, alt, eager=False, css_class="")``:
  that image as the body shows images (size, ``srcset``, WebP);
- ``fail(message)``: stop the build with a problem at the call's Markdown line (a call
  without the argument the template needs, say).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, NoReturn

import jinja2
from markupsafe import Markup

from mot_blog.errors import BuildFailed, Problem
from mot_blog.load.assets import AssetManifest
from mot_blog.load.images import ImageInfo
from mot_blog.load.locales import LocaleConfig
from mot_blog.load.shortcodes import SHORTCODES_DIR
from mot_blog.markup.html import image_html
from mot_blog.markup.sanitize import is_unsafe_url
from mot_blog.markup.shortcode_calls import ShortcodeCall, looks_like_file
from mot_blog.model.site import Post
from mot_blog.render.fragments import STORE as FRAGMENT_STORE


def with_shortcodes(
    post: Post,
    env: jinja2.Environment,
    locale: LocaleConfig,
    assets: AssetManifest,
    image_info: Mapping[str, ImageInfo],
    fragments: dict[Any, str],
) -> Post:
    """``post`` with each of its shortcodes rendered in its body (itself when it has none)."""
    if not post.shortcodes:
        return post
    calls = _Calls(post, env, locale, assets, image_info, fragments)
    return dataclasses.replace(post, body_html=calls.expand(post.body_html))


class _Calls:
    """The calls of one post, rendered."""

    def __init__(
        self,
        post: Post,
        env: jinja2.Environment,
        locale: LocaleConfig,
        assets: AssetManifest,
        image_info: Mapping[str, ImageInfo],
        fragments: dict[Any, str],
    ):
        self.post = post
        self.env = env
        self.locale = locale
        self.assets = assets
        self.image_info = image_info
        self.fragments = fragments

    def expand(self, text: str) -> str:
        """``text`` with each placeholder it holds replaced by its call's output (a call
        alone in a paragraph replaces the paragraph)."""
        for call in self.post.shortcodes:
            if call.token in text:
                output = self.render(call)
                text = text.replace(f"<p>{call.token}</p>", output).replace(call.token, output)
        return text

    def render(self, call: ShortcodeCall) -> str:
        args = list(call.args)
        params = dict(call.params)

        def get(key: int | str, default: Any = None) -> Any:
            if isinstance(key, int):
                return args[key] if -len(args) <= key < len(args) else default
            return params.get(key, default)

        context: dict[str, Any] = {
            "name": call.name,
            "args": args,
            "params": params,
            "get": get,
            "inner": self._markup(call.inner),
            "inner_html": self._markup(call.inner_html),
            "post": self.post,
            "locale": self.locale,
            "ordinal": self.post.shortcodes.index(call),
            "file_url": lambda path: self.file_url(call, path),
            "image": lambda path, alt="", eager=False, css_class="": self.image(
                call, path, alt, eager, css_class
            ),
            "fail": lambda message: self._fail(call, str(message)),
            FRAGMENT_STORE: self.fragments,
        }
        template = self.env.get_template(f"{SHORTCODES_DIR}/{call.name}.html")
        return template.render(context).strip()

    def _markup(self, text: str | None) -> Markup | None:
        return None if text is None else Markup(self.expand(text))

    def file_url(self, call: ShortcodeCall, path: Any) -> str:
        """The published URL of the file an argument names (see the module docstring)."""
        value = str(path)
        name = dict(call.files).get(value)
        if name is not None:
            return self.assets.urls[name]
        if is_unsafe_url(value):
            self._fail(
                call, f"script link '{value[:40]}' is not allowed; link to a web page instead"
            )
        if looks_like_file(value) and not value.startswith("/"):
            self._fail(
                call,
                f"file '{value}' not found in the page bundle or under static/; check the path",
            )
        return value

    def image(
        self, call: ShortcodeCall, path: Any, alt: str, eager: bool, css_class: str
    ) -> Markup:
        """An image an argument names, as the body shows images."""
        url = self.file_url(call, path)
        attributes = {"src": url, "alt": str(alt)}
        if css_class:
            attributes["class"] = css_class
        if eager:
            attributes.update(loading="eager", decoding="async", fetchpriority="high")
        else:
            attributes.update(loading="lazy", decoding="async")
        return Markup(image_html(attributes, self.image_info.get(url), None))

    def _fail(self, call: ShortcodeCall, message: str) -> NoReturn:
        raise BuildFailed(
            [Problem(self.post.source, call.line, f"shortcode '{call.name}': {message}")]
        )
