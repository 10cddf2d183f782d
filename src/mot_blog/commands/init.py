"""``mot-blog init [DIR] --locales fr-FR,de-DE``: a new site that builds at once.

It writes ``site.yaml`` (the locales with their URL prefixes, every line commented), one
sample post per locale, linked as translations of each other, an author
(``content/authors.yaml``), the sample's category and tag as terms across the locales
(``content/terms.yaml``), an original picture (``static/images/welcome.svg``) and a
``README.md`` of the next steps. The sample is written in English, Italian or Dutch (the
languages the default theme speaks: :mod:`mot_blog.commands.init_texts`); a locale in
another language gets the English sample with a line that says to replace it, and, since
the theme has no catalog for it, a catalog of the theme's messages to translate
(``locales/<ll_CC>/LC_MESSAGES/messages.po``, empty: its pages show the theme's words in
English until it is translated, and ``mot-blog status`` and ``check`` list them).

``DIR`` must be new or empty (a ``.git`` folder alone is allowed: ``git init`` first is
common): ``init`` never writes beside someone's files. The new site is loaded as a build
loads it before ``init`` reports success.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shlex
from dataclasses import dataclass
from pathlib import Path

import yaml
from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from mot_blog.commands.init_texts import (
    ENGLISH,
    NEW_TITLE,
    README,
    README_CATALOGS,
    README_ONE_LOCALE,
    README_TRANSLATE,
    REPLACE,
    SAMPLES,
    WELCOME_SVG,
    Sample,
)
from mot_blog.load.base_url import base_url_problem
from mot_blog.load.i18n import DOMAIN, catalog_candidates
from mot_blog.load.locales import LocaleConfig
from mot_blog.load.theme import LOCALES_DIR, THEME_DIR

DEFAULT_LOCALES = ("en-US",)
DEFAULT_TITLE = "My blog"
DEFAULT_BASE_URL = "https://blog.example.com/"
SLUG = "welcome"
"""The sample post's file name and translation key."""
AUTHOR = "me"
IMAGE = "images/welcome.svg"
ALLOWED = frozenset({".git"})
"""What a folder may already hold for ``init`` to write into it."""


class InitError(Exception):
    """A one-line reason ``init`` wrote nothing, with the CLI exit code (1 or 2)."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True, slots=True)
class InitRequest:
    """What the command line asked for."""

    folder: Path
    locales: tuple[str, ...] = DEFAULT_LOCALES
    title: str = DEFAULT_TITLE
    base_url: str = DEFAULT_BASE_URL


@dataclass(frozen=True, slots=True)
class Created:
    """What ``init`` wrote."""

    folder: Path
    files: tuple[str, ...]
    """Paths relative to ``folder``."""
    untranslated: tuple[str, ...]
    """The catalogs written for languages the theme does not speak (to translate)."""


def parse_locales(text: str) -> tuple[str, ...]:
    """``fr-FR,de-DE`` -> the codes, checked; :class:`InitError` (usage) names a bad one."""
    codes = tuple(code.strip() for code in text.split(",") if code.strip())
    if not codes:
        raise InitError("--locales needs at least one locale code, e.g. --locales en-US", 2)
    for code in codes:
        try:
            Locale.parse(code, sep="-")
        except (UnknownLocaleError, ValueError):
            raise InitError(
                f"--locales: unknown locale '{code}'; use codes like fr-FR, pt-BR or ja-JP", 2
            ) from None
    if len(set(codes)) < len(codes):
        raise InitError("--locales names a locale twice", 2)
    return codes


def _check_folder(folder: Path) -> None:
    try:
        entries = sorted(os.listdir(folder))
    except FileNotFoundError:
        return
    except NotADirectoryError:
        raise InitError(f"{folder} is a file; give a new or empty folder", 1) from None
    except OSError as exc:
        raise InitError(f"{folder}: {exc.strerror or exc}", 1) from None
    others = [name for name in entries if name not in ALLOWED]
    if others:
        shown = ", ".join(others[:3]) + (", ..." if len(others) > 3 else "")
        raise InitError(f"{folder} is not empty (it holds {shown}); give a new or empty folder", 1)


def _prefixes(codes: tuple[str, ...]) -> dict[str, str]:
    """Each locale's URL prefix: its language (``it``), or its whole code in lowercase when
    two locales share the language (``en-us``, ``en-gb``)."""
    languages = [Locale.parse(code, sep="-").language for code in codes]
    return {
        code: language if languages.count(language) == 1 else code.lower()
        for code, language in zip(codes, languages, strict=True)
    }


def _scalar(value: str) -> str:
    """``value`` as a YAML scalar: plain where YAML reads it back as the same text, else in
    double quotes (JSON's, which YAML reads too)."""
    if value == value.strip() and yaml.safe_load(value) == value and "#" not in value:
        return value
    return json.dumps(value, ensure_ascii=False)


def _title_comment(codes: tuple[str, ...]) -> str:
    if len(codes) < 2:
        return ""
    return f"   # or one per locale: {{{codes[0]}: ..., {codes[1]}: ...}}"


def site_yaml(request: InitRequest) -> str:
    """The new site's ``site.yaml``."""
    prefixes = _prefixes(request.locales)
    lines = [
        "# The site's settings (mot-blog's README lists them all, in 'Site configuration').",
        f"title: {_scalar(request.title)}" + _title_comment(request.locales),
        "# Where the site will be served from: its address is in every feed, sitemap and share",
        "# link, so set it before publishing.",
        f"base_url: {request.base_url}",
        "# The languages: content/<code>/ holds each one's posts; 'prefix' is the first part",
        "# of its pages' URLs (https://.../it/...).",
        "locales:",
    ]
    for code in request.locales:
        lines += [f"  {code}:", f"    prefix: {prefixes[code]}"]
    lines += [
        "# The language of the root page, which lets readers choose theirs.",
        f"default_locale: {request.locales[0]}",
        "posts_per_page: 10",
        "# theme: themes/my-theme   # a theme folder of the site, or an installed theme "
        "(docs/themes.md)",
    ]
    return "\n".join(lines) + "\n"


def _sample(code: str) -> tuple[Sample, str]:
    """The sample in ``code``'s language, or in English with the line to replace it."""
    locale = Locale.parse(code, sep="-")
    sample = SAMPLES.get(locale.language)
    if sample is not None:
        return sample, ""
    return ENGLISH, REPLACE.format(language=locale.get_language_name("en") or code)


def _post(request: InitRequest, code: str, today: dt.date) -> str:
    sample, note = _sample(code)
    language = Locale.parse(code, sep="-").language
    new = f'mot-blog new "{NEW_TITLE.get(language, NEW_TITLE["en"])}" --locale {code}'
    others = [other for other in request.locales if other != code]
    if others:
        target = others[0]
        command = f'mot-blog new "..." --locale {target} --translation-of content/{code}/{SLUG}.md'
        translate = sample.translate.format(command=command)
    else:
        translate = sample.add_language
    fields = {
        "title": _scalar(sample.title),
        "date": today.isoformat(),
        "summary": _scalar(sample.summary),
        "category": _scalar(sample.category),
        "tags": f"[{_scalar(sample.tag)}]",
        "author": AUTHOR,
        "image": IMAGE,
        "image_alt": _scalar(sample.image_alt),
        "translation_key": SLUG,
    }
    front = "".join(f"{key}: {value}\n" for key, value in fields.items())
    return "---\n" + front + "---\n\n" + note + sample.body.format(new=new, translate=translate)


def _per_locale(codes: tuple[str, ...], pick: str) -> dict[str, str]:
    return {code: getattr(_sample(code)[0], pick) for code in codes}


def data_files(codes: tuple[str, ...]) -> dict[str, str]:
    """``content/authors.yaml`` and ``content/terms.yaml``."""
    author = {
        AUTHOR: {
            "name": "Your Name",
            "role": _per_locale(codes, "role"),
            "bio": _per_locale(codes, "bio"),
        }
    }
    terms = {
        "categories": {"notes": _per_locale(codes, "category")},
        "tags": {"getting-started": _per_locale(codes, "tag")},
    }
    return {
        "content/authors.yaml": "# The people who write here: a post's 'author: me' names the "
        "entry 'me'.\n" + _dump(author),
        "content/terms.yaml": "# A category or tag is one term in every language: its label "
        "in each.\n" + _dump(terms),
    }


def _dump(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000)


def _theme_speaks(locale: LocaleConfig) -> bool:
    base = THEME_DIR / LOCALES_DIR
    names = catalog_candidates(locale)
    return locale.babel.language == "en" or any(
        (base / name / "LC_MESSAGES" / f"{DOMAIN}.po").is_file() for name in names
    )


def _catalog(locale: LocaleConfig) -> str:
    """The theme's messages, to translate into ``locale`` (as ``pybabel init`` makes it)."""
    with open(THEME_DIR / LOCALES_DIR / f"{DOMAIN}.pot", "rb") as file:
        template = read_po(file)
    catalog = Catalog(locale=locale.babel, project="mot-blog site", fuzzy=False)
    for message in template:
        if message.id:
            catalog.add(message.id, None, auto_comments=message.auto_comments)
    out = io.BytesIO()
    write_po(out, catalog, width=0, omit_header=False)
    return out.getvalue().decode("utf-8")


def init_site(request: InitRequest, today: dt.date | None = None) -> Created:
    """Write the new site into ``request.folder`` (new or empty); :class:`InitError` else."""
    if not request.title.strip():
        raise InitError("--title is empty; give the site a name", 2)
    wrong = base_url_problem(request.base_url)
    if wrong is not None:
        raise InitError(wrong.replace("'base_url'", "--base-url", 1), 2)
    _check_folder(request.folder)
    # The date of the UTC day: a post dated later than the build's moment waits (--future).
    day = today or dt.datetime.now(dt.UTC).date()
    files: dict[str, str] = {
        "site.yaml": site_yaml(request),
        **data_files(request.locales),
        f"static/{IMAGE}": WELCOME_SVG,
    }
    untranslated = []
    prefixes = _prefixes(request.locales)
    for code in request.locales:
        files[f"content/{code}/{SLUG}.md"] = _post(request, code, day)
        locale = LocaleConfig(code, prefixes[code], "", "", "category", "tag", "page")
        if not _theme_speaks(locale):
            path = f"{LOCALES_DIR}/{locale.gettext_dir}/LC_MESSAGES/{DOMAIN}.po"
            files[path] = _catalog(locale)
            untranslated.append(path)
    files["README.md"] = readme(request, untranslated)
    written = _write(request.folder, files)
    _self_check(request.folder, written)
    return Created(request.folder, tuple(written), tuple(untranslated))


def readme(request: InitRequest, catalogs: list[str]) -> str:
    """The new site's README.md: the next steps."""
    locale, *others = request.locales
    if others:
        translate = README_TRANSLATE.format(locale=locale, other=others[0])
    else:
        translate = README_ONE_LOCALE.format(locale=locale)
    names = [
        Locale.parse(path.split("/")[1], sep="_").get_language_name("en") or path
        for path in catalogs
    ]
    extra = ""
    if catalogs:
        extra = README_CATALOGS.format(
            languages=", ".join(names),
            them="them" if len(names) > 1 else "it",
            files=", ".join(f"`{path}`" for path in catalogs),
        )
    return README.format(
        title=request.title,
        locale=locale,
        slug=SLUG,
        image=IMAGE,
        translate=translate,
        catalogs=extra,
    )


def _self_check(folder: Path, written: list[str]) -> None:
    """Load the new site as a build would; a problem there is a bug of ``init`` (exit 3),
    and what it wrote is removed."""
    from mot_blog.build import load  # noqa: PLC0415 (the build's stages: only here)
    from mot_blog.errors import BuildFailed  # noqa: PLC0415
    from mot_blog.model.assemble import BuildOptions  # noqa: PLC0415

    try:
        load(folder, BuildOptions())
    except BuildFailed as failure:
        for rel in reversed(written):
            (folder / rel).unlink(missing_ok=True)
        raise InitError(
            f"internal error: the new site would not build ({failure.problems[0]}); "
            "nothing written, please report it",
            3,
        ) from None


def _write(folder: Path, files: dict[str, str]) -> list[str]:
    """Write ``files`` under ``folder``, never over a file (one made meanwhile is refused)."""
    written = []
    try:
        for rel, text in files.items():
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8", newline="\n") as file:
                file.write(text)
            written.append(rel)
    except OSError as exc:
        for rel in reversed(written):  # leave the folder as it was found
            (folder / rel).unlink(missing_ok=True)
        reason = "it appeared meanwhile" if isinstance(exc, FileExistsError) else exc.strerror
        raise InitError(f"{folder / rel}: cannot write it ({reason}); nothing written", 1) from None
    return written


def next_steps(created: Created) -> list[str]:
    """The lines ``init`` prints: what it made, what to do next."""
    folder = created.folder
    here = os.path.abspath(folder) == os.path.abspath(os.curdir)
    posts = sum(1 for rel in created.files if rel.startswith("content/") and rel.endswith(".md"))
    lines = [
        f"created a site in {folder}: site.yaml, {posts} sample post"
        f"{'s' if posts != 1 else ''} in content/, an author, terms, {IMAGE.join(('static/', ''))}"
        ", README.md"
    ]
    for path in created.untranslated:
        lines.append(
            f"note: {path} is for you to translate: the theme has no words in that language, "
            "so its pages show them in English until then (mot-blog status lists them)"
        )
    cd = "" if here else f"cd {shlex.quote(str(folder))} && "
    lines.append(
        f"next: {cd}mot-blog serve   (then open http://127.0.0.1:8000/; README.md says what comes after)"
    )
    return lines
