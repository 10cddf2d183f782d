"""Article pages: a post's own page, and its fallback page in a locale without a version
of it (:mod:`mot_blog.model.fallbacks`); :class:`~mot_blog.render.pages.Renderer` adds the
other page kinds."""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from typing import Any

from markupsafe import Markup

from mot_blog.load.locales import LocaleConfig, own_language_name
from mot_blog.markup.text import reading_measure, separates_words
from mot_blog.model.fallbacks import Fallback
from mot_blog.model.site import Author, Post
from mot_blog.render.base import PageParts
from mot_blog.render.body import table_of_contents
from mot_blog.render.fallback import as_fallback, notice, switch_targets
from mot_blog.render.jobs import Output
from mot_blog.render.meta import blog_posting, json_for_script
from mot_blog.render.shortcodes import with_shortcodes


@dataclass(frozen=True, slots=True)
class Byline:
    """An author of an article, with their texts in the article's language."""

    author: Author
    role: str
    bio: str


class ArticlePages(PageParts):
    """The article pages of a :class:`~mot_blog.model.site.Site`."""

    def article_context(self, post: Post, page: Fallback | None = None) -> dict[str, Any]:
        """Context of ``article.html``: the base context plus

        - ``post``: the :class:`~mot_blog.model.site.Post` (title, dates, body, category or
          ``None``, tags, image, ``extra``), its shortcodes rendered in ``body_html``
        - ``reading_minutes``: whole minutes at the configured reading speeds (at least 1;
          characters, not words, in a language written without spaces: :meth:`_reading_minutes`)
        - ``authors``: a :class:`Byline` per author, in order (empty: the publisher's card)
        - ``author``, ``role``, ``bio``: the first author and their texts in this locale, or
          ``None`` and empty texts (for templates written for one author)
        - ``publisher``, ``publisher_description``: the card shown when there is no author
        - ``share_links``: ``{network, name, href}`` per network; ``share_url`` for copying
          (added by the core plugin's ``page_context``: :mod:`mot_blog.render.core`)
        - ``related``: related posts, best first; ``related_heading``: its configured heading
        - ``body``: the body's HTML in this locale's words (markup; ``post.body_html`` holds
          placeholders where the catalogs' words go: :mod:`mot_blog.render.body`)
        - ``toc``: the table of contents, :class:`~mot_blog.render.body.TocEntry` values
          (``text``, ``id``, ``children``); empty when the post has none
        - ``notice``: ``machine`` (a machine translation awaiting review), ``fallback`` (the
          original shown in a locale without a translation) or ''
        - ``content_lang``: the locale code of the post's content where it is not the page's
          (a fallback page), else ''
        - ``translator``: the :class:`~mot_blog.model.site.Translator` credited, or ``None``

        ``page``: the :class:`~mot_blog.model.fallbacks.Fallback` page showing ``post`` in
        another locale (:func:`~mot_blog.render.fallback.as_fallback`).

        ``json_ld`` is the post's schema.org ``BlogPosting`` (see :mod:`mot_blog.render.meta`).
        """
        locale = self.config.locale(page.locale if page else post.locale)
        url = page.url if page else post.url
        context = self.base_context(
            locale,
            url,
            post.title,
            post.summary,
            {} if page else self._article_targets(post),
            fallbacks=switch_targets(self, post),
            post=post,
            x_default=page is None and not post.awaiting_review,
        )
        authors = [
            Byline(a, a.roles.get(locale.code, ""), a.bios.get(locale.code, ""))
            for a in post.authors
        ]
        shown = self._shown(post)
        context.update(
            post=shown,
            reading_minutes=self._reading_minutes(post, self.config.locale(post.locale)),
            authors=authors,
            author=post.author,
            role=authors[0].role if authors else "",
            bio=authors[0].bio if authors else "",
            publisher=self.site.publisher,
            publisher_description=self.site.publisher.descriptions.get(locale.code, ""),
            related=self.site.related.get(post.source, ()),
            related_heading=locale.related_heading,
            json_ld=json_for_script(blog_posting(self.site, post)),
            body=Markup(self.body_html(shown)),
            toc=table_of_contents(post.headings, post.toc),
            notice=notice(post),
            content_lang="",
            translator=post.provenance and post.provenance.translator,
        )
        return as_fallback(self, context, page) if page else context

    def _reading_minutes(self, post: Post, locale: LocaleConfig) -> int:
        """Whole minutes to read a post (at least 1): its words at ``words_per_minute``;
        in a language written without spaces between words (its name in itself is: 日本語,
        ไทย), its characters of such scripts at ``characters_per_minute`` plus its other
        words at ``words_per_minute``."""
        config = self.config
        if separates_words(own_language_name(locale.code)):
            return max(1, ceil(post.word_count / config.words_per_minute))
        words, characters = reading_measure(post.body_html)
        minutes = words / config.words_per_minute + characters / config.characters_per_minute
        return max(1, ceil(minutes))

    def _shown(self, post: Post) -> Post:
        """``post`` with its shortcodes rendered in its body, in its locale."""
        if not post.shortcodes:
            return post
        code = post.locale
        env, locale, fragments = self.envs[code], self.config.locale(code), self._fragments[code]
        return with_shortcodes(post, env, locale, self.assets, self.image_info, fragments)

    def _article_targets(self, post: Post) -> dict[str, str]:
        """URL of each version of an article that is an alternate, by locale: all but a
        machine translation awaiting review, whose own page lists none."""
        if post.awaiting_review:
            return {}
        return {p.locale: p.url for p in self.site.versions_of(post) if not p.awaiting_review}

    def article(self, post: Post) -> Output:
        """One article page."""
        sources = tuple(p.source for p in self.site.versions_of(post))
        context = self.article_context(post)
        data = self._render(post.locale, "article.html", context)
        entry = None
        # A post first published elsewhere has its canonical page there; a machine
        # translation awaiting review is not offered to search engines yet: not listed.
        if post.canonical_url is None and not post.awaiting_review:
            entry = self._sitemap_entry(post.url, self._article_targets(post), post.modified)
        return Output(post.output_path, data, sources, entry)

    def fallback(self, page: Fallback) -> Output:
        """A fallback page: the post's original in a locale without a version of it (not
        listed in the sitemap)."""
        post = page.original
        sources = tuple(p.source for p in self.site.versions_of(post))
        data = self._render(page.locale, "article.html", self.article_context(post, page))
        return Output(page.output_path, data, sources)
