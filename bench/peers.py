"""Minimal Hugo and Pelican sites made from a mot-blog benchmark site.

Each peer renders the equivalent of mot-blog's pages: per language, one page
per article (title, localized date, author, category and tags, hero image,
body, link to the translation, related articles), one index of all the
language's articles (title, date, summary), and one page per category and tag.
Feeds, sitemaps, pagination and overview pages are off.

* Hugo (Debian ``hugo``): one ``contentDir`` per language, ``translationKey``,
  taxonomies, related content on tags and categories.
* Pelican (pip, in a venv): ``ARTICLE_TRANSLATION_ID``, per-language article
  URLs; no plugins, so the Dutch articles share the Italian index and term
  pages (Pelican without ``i18n_subsites`` has one index) and there are no
  related articles: Pelican does a little less work than the others.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

LANGS = {"it-IT": "it", "nl-NL": "nl"}
MONTHS = {
    "it": [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ],
    "nl": [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
}


@dataclass(frozen=True)
class Article:
    """One post of the corpus, as the peers need it."""

    lang: str
    slug: str
    meta: dict
    body: str


def read_corpus(site: Path) -> list[Article]:
    """Every post of a mot-blog site (front matter parsed with PyYAML)."""
    articles = []
    for code, lang in languages(site).items():
        for path in sorted((site / "content" / code).glob("*.md")):
            text = path.read_text(encoding="utf-8")
            _, front, body = text.split("---\n", 2)
            meta = yaml.load(front, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
            # mot-blog resolves relative image paths under static/; the peers get site-absolute ones
            body = re.sub(r"\]\(images/", "](/images/", body)
            articles.append(Article(lang, path.stem, meta, body))
    return articles


def languages(site: Path) -> dict[str, str]:
    """The corpus's locales (``site.yaml``) and the language key each has in the peers: the
    Italian and Dutch ones as ever, the others (``--locales``) by their URL prefix."""
    config = yaml.safe_load((site / "site.yaml").read_text(encoding="utf-8"))
    return {code: LANGS.get(code, entry["prefix"]) for code, entry in config["locales"].items()}


def hugo_config(site: Path) -> dict:
    """:data:`HUGO_CONFIG` with every locale of the corpus as a language."""
    config = json.loads(json.dumps(HUGO_CONFIG))
    config["languages"] = {
        lang: HUGO_CONFIG["languages"].get(lang)
        or {
            "languageCode": code,
            "languageName": code,
            "contentDir": f"content/{lang}",
            "weight": weight,
        }
        for weight, (code, lang) in enumerate(languages(site).items(), start=1)
    }
    return config


def _copy_static(site: Path, target: Path) -> None:
    shutil.copytree(site / "static", target, dirs_exist_ok=True)


HUGO_CONFIG = {
    "baseURL": "/",
    "title": "Bench blog",
    "defaultContentLanguage": "it",
    "defaultContentLanguageInSubdir": True,
    "disableKinds": ["section", "taxonomy", "RSS", "sitemap", "robotsTXT", "404"],
    "ignoreErrors": ["error-disable-taxonomy"],
    "taxonomies": {"tag": "tags", "category": "categories"},
    "languages": {
        "it": {
            "languageCode": "it-IT",
            "languageName": "Italiano",
            "contentDir": "content/it",
            "weight": 1,
        },
        "nl": {
            "languageCode": "nl-NL",
            "languageName": "Nederlands",
            "contentDir": "content/nl",
            "weight": 2,
        },
    },
    "related": {
        "includeNewer": True,
        "threshold": 1,
        "toLower": False,
        "indices": [{"name": "categories", "weight": 4}, {"name": "tags", "weight": 2}],
    },
}
HUGO_BASEOF = """<!DOCTYPE html>
<html lang="{{ .Site.Language.Lang }}">
<head><meta charset="utf-8"><title>{{ .Title }} | {{ .Site.Title }}</title>
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Lang }}" href="{{ .Permalink }}">{{ end }}</head>
<body><header><a href="{{ "" | relLangURL }}">Blog</a></header>
<main>{{ block "main" . }}{{ end }}</main><footer>{{ .Site.Title }}</footer></body></html>
"""
HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><ul class="posts">
{{ range (cond .IsHome .Site.RegularPages .Pages).ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<time>{{ .Date | time.Format ":date_long" }}</time><p>{{ .Params.summary }}</p></li>
{{ end }}</ul>{{ end }}
"""
HUGO_SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date | time.Format ":date_long" }}</time>
{{ with .Params.author }}{{ with index site.Data.authors . }} {{ .name }}{{ end }}{{ end }}</p>
<p>{{ range .GetTerms "categories" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}
{{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
<img src="/{{ .Params.image }}" alt="{{ .Params.image_alt }}">
{{ .Content }}
{{ range .Translations }}<p><a href="{{ .RelPermalink }}" hreflang="{{ .Lang }}">{{ .Title }}</a></p>{{ end }}
</article>
{{ with first 5 (.Site.RegularPages.Related .) }}<aside><ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></aside>{{ end }}
{{ end }}
"""


def prepare_hugo(site: Path, target: Path) -> Path:
    """A Hugo site equivalent to ``site``; returns the article file an edit should touch."""
    shutil.rmtree(target, ignore_errors=True)
    layouts = target / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (layouts / "baseof.html").write_text(HUGO_BASEOF)
    (layouts / "list.html").write_text(HUGO_LIST)
    (layouts / "single.html").write_text(HUGO_SINGLE)
    (target / "config.json").write_text(json.dumps(hugo_config(site), indent=1))
    (target / "data").mkdir()
    shutil.copyfile(site / "content" / "authors.yaml", target / "data" / "authors.yaml")
    _copy_static(site, target / "static")
    first = None
    for article in read_corpus(site):
        m = article.meta
        front = {
            "title": m["title"],
            "date": m["date"].isoformat() if hasattr(m["date"], "isoformat") else str(m["date"]),
            "summary": m["summary"],
            "categories": [m["category"]],
            "tags": m.get("tags", []),
            "translationKey": m["translation_key"],
            "image": m["image"],
            "image_alt": m["image_alt"],
        }
        if m.get("author"):
            front["author"] = m["author"]
        path = target / "content" / article.lang / "posts" / f"{article.slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            "---\n" + json.dumps(front, ensure_ascii=False) + "\n---\n" + article.body,
            encoding="utf-8",
        )
        first = first or path
    assert first is not None
    return first


def hugo_clean(target: Path) -> None:
    """Delete Hugo's output and caches."""
    for name in ("public", "resources", ".hugo_build.lock"):
        path = target / name
        shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)


def hugo_command(target: Path) -> list[str]:
    """The timed Hugo build."""
    return ["hugo", "--source", str(target), "--destination", "public", "--quiet"]


PELICAN_CONF = """\
AUTHOR = "Bench"
SITENAME = "Bench blog"
SITEURL = ""
PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
TIMEZONE = "Europe/Rome"
DEFAULT_LANG = "it"
ARTICLE_TRANSLATION_ID = "translation_key"
DEFAULT_PAGINATION = False
DIRECT_TEMPLATES = ["index"]
STATIC_PATHS = ["images"]
THEME_STATIC_PATHS = []
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
TAGS_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
PAGE_SAVE_AS = ""
ARTICLE_URL = "{lang}/{slug}/"
ARTICLE_SAVE_AS = "{lang}/{slug}/index.html"
ARTICLE_LANG_URL = "{lang}/{slug}/"
ARTICLE_LANG_SAVE_AS = "{lang}/{slug}/index.html"
INDEX_SAVE_AS = "it/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
CATEGORY_URL = "categoria/{slug}/"
CATEGORY_SAVE_AS = "categoria/{slug}/index.html"
MONTHS = %(months)r


def ldate(d, lang):
    return "%%d %%s %%d" %% (d.day, MONTHS[lang][d.month - 1], d.year)


JINJA_FILTERS = {"ldate": ldate}
"""
PELICAN_TEMPLATES = {
    "base.html": """<!DOCTYPE html><html lang="it"><head><meta charset="utf-8">
<title>{% block title %}{{ SITENAME }}{% endblock %} | {{ SITENAME }}</title></head>
<body><header><a href="/it/">Blog</a></header><main>{% block content %}{% endblock %}</main>
<footer>{{ SITENAME }}</footer></body></html>
""",
    "article.html": """{% extends "base.html" %}{% block title %}{{ article.title }}{% endblock %}
{% block content %}<article><h1>{{ article.title }}</h1>
<p><time datetime="{{ article.date.isoformat() }}">{{ article.date|ldate(article.lang) }}</time>
{% if article.author and article.author.name != AUTHOR %} {{ article.author }}{% endif %}</p>
<p><a href="/{{ article.category.url }}">{{ article.category }}</a>
{% for tag in article.tags %}<a href="/{{ tag.url }}">{{ tag }}</a> {% endfor %}</p>
<img src="/{{ article.image }}" alt="{{ article.image_alt }}">
{{ article.content }}
{% for t in article.translations %}<p><a href="/{{ t.url }}" hreflang="{{ t.lang }}">{{ t.title }}</a></p>{% endfor %}
</article>{% endblock %}
""",
    "index.html": """{% extends "base.html" %}{% block content %}<ul class="posts">
{% for a in articles %}<li><a href="/{{ a.url }}">{{ a.title }}</a> <time>{{ a.date|ldate(a.lang) }}</time>
<p>{{ a.summary|striptags }}</p></li>{% endfor %}</ul>{% endblock %}
""",
}
PELICAN_TEMPLATES["tag.html"] = PELICAN_TEMPLATES["index.html"]
PELICAN_TEMPLATES["category.html"] = PELICAN_TEMPLATES["index.html"]


def prepare_pelican(site: Path, target: Path) -> Path:
    """A Pelican site equivalent to ``site``; returns the article file an edit should touch."""
    shutil.rmtree(target, ignore_errors=True)
    templates = target / "theme" / "templates"
    templates.mkdir(parents=True)
    for name, text in PELICAN_TEMPLATES.items():
        (templates / name).write_text(text)
    (target / "pelicanconf.py").write_text(PELICAN_CONF % {"months": MONTHS})
    _copy_static(site, target / "content")
    authors = yaml.safe_load((site / "content" / "authors.yaml").read_text(encoding="utf-8"))
    first = None
    for article in read_corpus(site):
        m = article.meta
        lines = [f"Title: {m['title']}", f"Date: {m['date']}"]
        if m.get("author"):
            lines.append(f"Author: {authors[m['author']]['name']}")
        lines += [
            f"Category: {m['category']}",
            f"Tags: {', '.join(m.get('tags', []))}",
            f"Summary: {m['summary']}",
            f"Slug: {article.slug}",
            f"Lang: {article.lang}",
            f"Translation_key: {m['translation_key']}",
            f"Image: {m['image']}",
            f"Image_alt: {m['image_alt']}",
        ]
        path = target / "content" / article.lang / f"{article.slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n\n" + article.body, encoding="utf-8")
        first = first or path
    assert first is not None
    return first


def pelican_clean(target: Path) -> None:
    """Delete Pelican's output and caches."""
    for name in ("output", "cache", "__pycache__"):
        shutil.rmtree(target / name, ignore_errors=True)


def pelican_command(target: Path, pelican: Path) -> list[str]:
    """The timed Pelican build."""
    return [
        str(pelican),
        "-s",
        str(target / "pelicanconf.py"),
        "-q",
        "-o",
        str(target / "output"),
        str(target / "content"),
    ]


def version(command: list[str]) -> str | None:
    """The first line a peer's ``--version`` prints, or None when it is not installed."""
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = (run.stdout or run.stderr).strip().splitlines()
    return text[0] if run.returncode == 0 and text else None


HUGO_IMAGES_CONFIG = {
    "baseURL": "/",
    "title": "Photos",
    "disableKinds": ["section", "taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"],
    "imaging": {"resampleFilter": "Lanczos", "quality": 82},
}
HUGO_IMAGES_SINGLE = """<!DOCTYPE html><html><body>
{{ range .Params.photos }}{{ $img := resources.Get (printf "photos/%s" .) }}
{{ $fmt := cond (eq $img.MediaType.SubType "png") "png" "jpg" }}
{{ $widths := slice }}{{ range slice 480 960 1600 }}{{ if lt . $img.Width }}{{ $widths = $widths | append . }}{{ end }}{{ end }}
{{ $widths = $widths | append (cond (lt $img.Width 1600) $img.Width 1600) | uniq }}
<picture>{{ range $widths }}{{ $webp := $img.Resize (printf "%dx webp q80" .) }}{{ $own := $img.Resize (printf "%dx %s q82" . $fmt) }}
<source srcset="{{ $webp.RelPermalink }} {{ . }}w"><img src="{{ $own.RelPermalink }}" width="{{ $own.Width }}" alt="">{{ end }}</picture>
{{ end }}</body></html>
"""
"""An album page: each of its pictures in the widths and formats mot-blog makes (480, 960,
1600 below the original, and the original's width up to 1600; WebP at quality 80 and the
source's format, JPEG at 82), resized with Lanczos as mot-blog does. One page per album
(of 20 pictures, as in the mot-blog site): Hugo renders pages in parallel, so its image
processing uses every core too."""


def prepare_hugo_images(site: Path, target: Path) -> None:
    """A Hugo site that makes the image variants of the image corpus (bench/make_images.py):
    its pictures as global resources (``assets/photos``, hard links), one home template."""
    shutil.rmtree(target, ignore_errors=True)
    (target / "layouts" / "_default").mkdir(parents=True)
    (target / "layouts" / "_default" / "single.html").write_text(HUGO_IMAGES_SINGLE)
    (target / "layouts" / "index.html").write_text("<!DOCTYPE html><title>Photos</title>")
    (target / "config.json").write_text(json.dumps(HUGO_IMAGES_CONFIG, indent=1))
    photos = target / "assets" / "photos"
    photos.mkdir(parents=True)
    pictures = sorted((site / "static" / "photos").iterdir())
    for picture in pictures:
        try:
            (photos / picture.name).hardlink_to(picture)
        except OSError:
            shutil.copyfile(picture, photos / picture.name)
    (target / "content").mkdir()
    for start in range(0, len(pictures), 20):
        names = [picture.name for picture in pictures[start : start + 20]]
        front = {"title": f"Album {start // 20}", "photos": names}
        (target / "content" / f"album-{start // 20:03d}.md").write_text(
            "---\n" + json.dumps(front) + "\n---\n"
        )
