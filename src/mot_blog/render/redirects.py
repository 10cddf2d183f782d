"""Old URLs of posts (``aliases:``): a small redirect page at each, and ``_redirects``.

A redirect page (``redirect.html``) is HTML in the post's language with
``<meta http-equiv="refresh" content="0; url=...">``, a canonical link to the post,
``<meta name="robots" content="noindex">`` and a visible link, for hosts that only serve
files. ``_redirects``, at the top of the output folder, is the same as rules in the format
Netlify and Cloudflare Pages read (``/old/path/  /new/url/  301``), so those hosts answer
with a real ``301``; it is written only when some post has an alias. A site's own
``static/_redirects`` is kept: its rules come first (hosts take the first rule that
matches), then the aliases'.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from mot_blog.model.site import Alias, Post
from mot_blog.model.urls import absolute

if TYPE_CHECKING:
    from mot_blog.render.base import PageParts

ALIASES_HEADER = "# Old URLs of posts (their aliases:), written by mot-blog"


def redirect_context(parts: PageParts, post: Post, alias: Alias) -> dict[str, Any]:
    """Context of ``redirect.html``, the page at one of a post's old URLs:

    - ``locale``: the post's :class:`~mot_blog.load.config.LocaleConfig`
    - ``post``: the :class:`~mot_blog.model.site.Post` it leads to
    - ``alias``: the :class:`~mot_blog.model.site.Alias` (its old ``url``)
    - ``target``: absolute URL of the post's page (where the refresh and the link go)
    - ``canonical``: the post's canonical URL (its ``canonical_url``, else ``target``)
    """
    target = absolute(parts.config, post.url)
    return {
        "locale": parts.config.locale(post.locale),
        "post": post,
        "alias": alias,
        "target": target,
        "canonical": post.canonical_url or target,
    }


def redirects_file(posts: Sequence[Post], static_rules: bytes | None) -> bytes:
    """``_redirects``: ``static_rules`` as they are (a line break added if they lack the
    last), then a comment and ``<alias URL>  <post URL>  301`` for every alias of
    ``posts``, in their order."""
    lines = [ALIASES_HEADER]
    for post in posts:
        # (percent-encoded as the alias URLs are: a space would end the rule's field)
        target = quote(post.url, safe="/%!$&'()*+,;=@~")
        lines += [f"{alias.url}  {target}  301" for alias in post.aliases]
    text = "\n".join(lines).encode() + b"\n"
    if not static_rules:
        return text
    return static_rules + (b"" if static_rules.endswith(b"\n") else b"\n") + text
