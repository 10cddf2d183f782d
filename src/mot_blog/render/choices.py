"""The root page's language choice: one card per locale, written in that locale's language
(its name, how many articles it has, its newest one), rendered through its own environment
as the region prompts are."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from jinja2 import Environment
from markupsafe import Markup

from mot_blog.model.site import Post, Site

TEMPLATE = "partials/language_choice.html"


def choice_cards(
    site: Site, envs: Mapping[str, Environment], choices: Sequence, page_dir: str
) -> list[Markup]:
    """A card per entry of ``choices`` (the root page's :class:`LocaleLink` list), each
    rendered by ``TEMPLATE`` in its locale's language with ``choice``, ``count`` (its
    published articles), ``latest`` (its newest :class:`Post`, or ``None``) and ``page_dir``."""
    return [
        Markup(
            envs[choice.code]
            .get_template(TEMPLATE)
            .render(
                choice=choice,
                count=len(site.posts_in(choice.code)),
                latest=next(iter(site.posts_in(choice.code)), None),
                page_dir=page_dir,
            )
        )
        for choice in choices
    ]


def newest_posts(site: Site) -> tuple[Post, ...]:
    """The newest post of each locale that has one: what the choice cards show of posts."""
    return tuple(
        posts[0] for locale in site.config.locales if (posts := site.posts_in(locale.code))
    )
