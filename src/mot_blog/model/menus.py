"""A locale's menu and footer links resolved: a ``page:`` entry of site.yaml
(:mod:`mot_blog.load.navigation`) becomes a link to that locale's translation of the post,
labelled with its title unless the entry gives a label."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from mot_blog.errors import Problem, did_you_mean
from mot_blog.load.config import SiteConfig
from mot_blog.load.navigation import LinkConfig
from mot_blog.load.settings import CONFIG_FILE
from mot_blog.model.site import Post


@dataclass(frozen=True, slots=True)
class NavLink:
    """A link of a menu or footer as the pages show it."""

    label: str
    url: str
    """Site-relative (starting with the base path) or absolute."""
    post: str = ""
    """The source of the post it goes to ('' for a URL): the pages that show the link
    depend on that post's title and URL."""


Navigation = Mapping[str, tuple[NavLink, ...]]
"""Links per locale code."""


def resolve_links(
    config: SiteConfig, groups: Mapping[str, tuple[Post, ...]], problems: list[Problem]
) -> tuple[Navigation, Navigation]:
    """Every locale's menu and footer links; a ``page:`` no post of the locale has is a
    problem at its line of site.yaml."""
    menus, footers = {}, {}
    for locale in config.locales:
        menus[locale.code] = _links(config, locale.code, "menu", locale.menu, groups, problems)
        footers[locale.code] = _links(
            config, locale.code, "footer_links", locale.footer_links, groups, problems
        )
    return menus, footers


def _links(
    config: SiteConfig,
    code: str,
    where: str,
    links: tuple[LinkConfig, ...],
    groups: Mapping[str, tuple[Post, ...]],
    problems: list[Problem],
) -> tuple[NavLink, ...]:
    resolved = []
    for link in links:
        if not link.page:
            url = link.url
            if url.startswith("/"):  # a path of the site: under base_url's path
                url = config.base_path + url[1:]
            resolved.append(NavLink(link.label, url))
            continue
        group = groups.get(link.page, ())
        post = next((p for p in group if p.locale == code), None)
        if post is not None:
            resolved.append(NavLink(link.label or post.title, post.url, post.source))
            continue
        if group:
            have = ", ".join(p.locale for p in group)
            message = (
                f"{where} of {code}: page '{link.page}' has no {code} translation "
                f"(it is in {have}); translate it or link to another page"
            )
        else:
            hint = did_you_mean(link.page, groups)
            message = (
                f"{where} of {code}: no published post has translation_key '{link.page}'{hint}"
            )
        problems.append(Problem(CONFIG_FILE, link.line, message))
    return tuple(resolved)
