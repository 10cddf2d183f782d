"""The words of the site ``mot-blog init`` writes: its sample post, author and terms, in
English, Italian and Dutch (the languages its sample is written in; the theme's own words
come from its catalogs, in 33 languages). A locale in any other language gets the English text
with a line that says to replace it: a sample is better left in English than written
badly in a language its editor reads better than we do."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Sample:
    """The sample post and its labels, in one language."""

    title: str
    summary: str
    category: str
    tag: str
    image_alt: str
    role: str
    bio: str
    body: str
    """Markdown; ``{new}`` is the command that starts a post, ``{translate}`` the line on
    translating (or adding a language)."""
    translate: str
    """With a second locale: ``{command}`` starts a translation of this post."""
    add_language: str
    """With one locale: how to add another."""


ENGLISH = Sample(
    title="Welcome to your new blog",
    summary="A first post to show how a post is made: edit it, or delete it once yours are "
    "written.",
    category="Notes",
    tag="getting started",
    image_alt="An open notebook with a pen beside it, in the morning sun",
    role="Editor",
    bio="Writes this blog. (Replace this text in content/authors.yaml.)",
    body="""\
This is the first post of your blog: a Markdown file, with its settings (the *front
matter*, between the two `---` lines) at the top. Change it and save: `mot-blog serve`
shows the change at once.

## Write a post

```sh
{new}
```

writes a new file in `content/` as a draft: `mot-blog serve --drafts` shows it while
you write, and removing its line `draft: true` publishes it.

## In more than one language

{translate}

## Publish

`mot-blog build` writes the whole site into `public/`, for any static host;
`mot-blog check` checks its links, images and languages first.
""",
    translate="""\
Every post can have a translation in each language of the site, linked to it: readers
switch between them, and search engines know they are one article.

```sh
{command}
```

starts one, with this post's text to translate.""",
    add_language="""\
Add a language under `locales:` in `site.yaml`; then `mot-blog new "..." --locale CODE
--translation-of content/.../post.md` starts a translation of any post, linked to it.""",
)

ITALIAN = Sample(
    title="Benvenuto nel tuo nuovo blog",
    summary="Un primo articolo per mostrare com'è fatto un articolo: modificalo, o eliminalo "
    "quando avrai scritto i tuoi.",
    category="Appunti",
    tag="primi passi",
    image_alt="Un quaderno aperto con una penna accanto, al sole del mattino",
    role="Redazione",
    bio="Scrive questo blog. (Sostituisci questo testo in content/authors.yaml.)",
    body="""\
Questo è il primo articolo del tuo blog: un file Markdown, con le sue impostazioni (il
*front matter*, tra le due righe `---`) in cima. Modificalo e salva: `mot-blog serve`
mostra subito la modifica.

## Scrivere un articolo

```sh
{new}
```

crea un nuovo file in `content/` come bozza: `mot-blog serve --drafts` lo mostra mentre
scrivi, e togliendo la riga `draft: true` lo pubblichi.

## In più lingue

{translate}

## Pubblicare

`mot-blog build` scrive tutto il sito in `public/`, pronto per qualsiasi hosting
statico; `mot-blog check` ne controlla prima link, immagini e lingue.
""",
    translate="""\
Ogni articolo può avere una traduzione in ciascuna lingua del sito, collegata
all'originale: i lettori passano dall'una all'altra, e i motori di ricerca sanno che
sono lo stesso articolo.

```sh
{command}
```

ne avvia una, con il testo di questo articolo da tradurre.""",
    add_language="""\
Aggiungi una lingua sotto `locales:` in `site.yaml`; poi `mot-blog new "..." --locale
CODICE --translation-of content/.../articolo.md` avvia la traduzione di un articolo,
collegata all'originale.""",
)

DUTCH = Sample(
    title="Welkom op je nieuwe blog",
    summary="Een eerste artikel om te laten zien hoe een artikel in elkaar zit: pas het aan, "
    "of verwijder het zodra je eigen artikelen klaar zijn.",
    category="Notities",
    tag="eerste stappen",
    image_alt="Een opengeslagen schrift met een pen ernaast, in de ochtendzon",
    role="Redactie",
    bio="Schrijft deze blog. (Vervang deze tekst in content/authors.yaml.)",
    body="""\
Dit is het eerste artikel van je blog: een Markdown-bestand, met bovenaan de
instellingen (de *front matter*, tussen de twee regels `---`). Pas het aan en sla het
op: `mot-blog serve` laat de wijziging meteen zien.

## Een artikel schrijven

```sh
{new}
```

maakt een nieuw bestand in `content/` aan als concept: `mot-blog serve --drafts` toont
het terwijl je schrijft, en zodra je de regel `draft: true` weghaalt, is het
gepubliceerd.

## In meer talen

{translate}

## Publiceren

`mot-blog build` schrijft de hele site naar `public/`, klaar voor elke statische
hosting; `mot-blog check` controleert eerst de links, afbeeldingen en talen.
""",
    translate="""\
Elk artikel kan een vertaling hebben in elke taal van de site, gekoppeld aan het
origineel: lezers wisselen ertussen, en zoekmachines weten dat het om één artikel gaat.

```sh
{command}
```

begint er een, met de tekst van dit artikel om te vertalen.""",
    add_language="""\
Voeg een taal toe onder `locales:` in `site.yaml`; daarna begint `mot-blog new "..."
--locale CODE --translation-of content/.../artikel.md` een vertaling van een artikel,
gekoppeld aan het origineel.""",
)

SAMPLES = {"en": ENGLISH, "it": ITALIAN, "nl": DUTCH}
"""The samples by language; any other language gets :data:`ENGLISH` and :data:`REPLACE`."""

REPLACE = "*This sample post is in English: replace it with a post in {language}.*\n\n"
"""The first line of the English sample in a locale of another language."""
NEW_TITLE = {"en": "My first post", "it": "Il mio primo articolo", "nl": "Mijn eerste artikel"}
"""The title the sample's ``mot-blog new`` line suggests."""

README = """\
# {title}

A blog made with mot-blog: posts are Markdown files in `content/<locale>/`, one folder per
language, and `mot-blog build` turns them into a static site.

## Next steps

1. **Preview it**: `mot-blog serve`, then open <http://127.0.0.1:8000/>. Every save
   rebuilds the pages and reloads the browser.
2. **Make it yours**: in `site.yaml`, the site's `title` and the `base_url` it will be
   served from; in `content/authors.yaml`, your name and a few words about you.
3. **Write**: `mot-blog new "The title" --locale {locale}` starts a post (a draft:
   `mot-blog serve --drafts` shows it; remove `draft: true` to publish it). Then delete the
   sample post, `content/*/{slug}.md`, and its picture, `static/{image}`.
4. **Translate**: {translate}
5. **Publish**: `mot-blog check` checks links, images and languages; `mot-blog build`
   writes the site into `public/`, ready for any static host.
{catalogs}
The site's look (colours, logo, templates) is a theme: see "Make it yours" in mot-blog's
README and its `docs/themes.md`.
"""
"""The new site's README.md (English: it is for the site's maintainer, not its readers)."""
README_TRANSLATE = (
    '`mot-blog new "Its title" --locale {other} --translation-of content/{locale}/post.md` '
    "starts a translation, linked to the original (readers switch between them)."
)
README_ONE_LOCALE = (
    "add a language under `locales:` in `site.yaml`, then `mot-blog new ... "
    "--translation-of content/{locale}/post.md` translates a post into it."
)
README_CATALOGS = """
**The theme's words in {languages}**: the theme has no translation of its buttons and
labels into {them}, so those pages show them in English. Translate the `msgstr` lines of
{files} (`mot-blog status` lists what is left); until then `mot-blog check` names each
English word it finds on those pages.
"""

WELCOME_SVG = """\
<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">
  <rect width="1200" height="630" fill="#f2f6f9"/>
  <circle cx="985" cy="150" r="78" fill="#fde68a"/>
  <g fill="none" stroke="#fde68a" stroke-width="10" stroke-linecap="round">
    <path d="M985 36v-22M985 286v22M871 150h-22M1099 150h22M904 69l-16-16M1066 231l16 16M904 231l-16 16M1066 69l16-16"/>
  </g>
  <path d="M0 560c200-40 420-40 600 0s400 40 600 0v70H0z" fill="#d9e0e7"/>
  <g transform="rotate(-4 600 330)">
    <path d="M290 150c110-30 210-22 310 18v330c-100-40-200-48-310-18z" fill="#fff" stroke="#1c2430" stroke-width="6" stroke-linejoin="round"/>
    <path d="M910 150c-110-30-210-22-310 18v330c100-40 200-48 310-18z" fill="#fff" stroke="#1c2430" stroke-width="6" stroke-linejoin="round"/>
    <g fill="none" stroke="#0b5cad" stroke-width="8" stroke-linecap="round">
      <path d="M335 220c75-16 150-12 220 10M335 275c75-16 150-12 220 10M335 330c75-16 150-12 150-4"/>
      <path d="M645 230c70-22 145-26 220-10M645 285c70-22 145-26 220-10"/>
    </g>
  </g>
  <g transform="rotate(-32 840 420)">
    <rect x="700" y="402" width="300" height="36" rx="18" fill="#0b5cad"/>
    <rect x="930" y="402" width="70" height="36" rx="18" fill="#1c2430"/>
    <path d="M700 404l-58 16 58 16z" fill="#c2410c"/>
  </g>
</svg>
"""
"""The sample post's picture: drawn for the new site (no one else's picture to license)."""
