"""A deterministic bilingual benchmark site in mot-blog's own layout.

    python bench/make_corpus.py --pairs 500 --out /tmp/mot-bench-500 [--seed 7]

writes a complete site (``site.yaml``, ``content/it-IT/*.md``,
``content/nl-NL/*.md``, ``content/authors.yaml``, ``content/terms.yaml``,
``content/publisher.yaml``, ``static/images/``) with ``pairs`` article
pairs (2 x pairs article pages). Each pair is one article in Italian and its Dutch translation (same
``translation_key``), both rendered from one abstract token stream through two
made-up, word-for-word aligned vocabularies, so both have the same length and
structure: about 1,000 words, 3-5 ``##`` sections, a bulleted and a numbered
list, a quote with attribution, a body image, 2-4 links, emphasis. Front
matter: title, date, summary, category (1 of 8), tags (2-4 of 40), author (1
of 12; about 12% have none), hero image, translation_key.

The same arguments always give byte-identical files; stdlib only.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import json
import random
import re
import shutil
import unicodedata
from pathlib import Path

LOCALES = ("it-IT", "nl-NL")
MORE_LOCALES = (
    "de-DE", "fr-FR", "es-ES", "pt-PT", "sv-SE", "da-DK", "fi-FI", "pl-PL",
    "cs-CZ", "hu-HU", "ro-RO", "el-GR", "tr-TR", "hr-HR", "sk-SK",
)  # fmt: skip
"""With ``--locales N``: the locales after the first two. Each gets a made-up vocabulary
of its own, drawn like Italian's or Dutch's with its own letters at the end of words."""
CATEGORIES = 8
TAGS = 40
AUTHORS = 12
IMAGES = 24
"""Hero and body images are shared: a site of 50,000 pages does not need 50,000 files."""

_SYLLABLES = {
    "it-IT": (
        [
            "b",
            "c",
            "d",
            "f",
            "g",
            "l",
            "m",
            "n",
            "p",
            "r",
            "s",
            "t",
            "v",
            "ch",
            "br",
            "pr",
            "st",
            "tr",
            "sc",
        ],
        ["a", "e", "i", "o", "u", "ia", "io"],
        ["o", "a", "e", "i", "one", "etto", "ella", "ino", "ario", "ezza", "ale", "ura", "ità"],
    ),
    "nl-NL": (
        [
            "b",
            "d",
            "f",
            "g",
            "h",
            "k",
            "l",
            "m",
            "n",
            "p",
            "r",
            "s",
            "t",
            "v",
            "w",
            "z",
            "sch",
            "st",
            "kr",
        ],
        ["a", "e", "i", "o", "u", "aa", "ee", "oo", "oe", "ij", "ui"],
        ["en", "er", "heid", "lijk", "je", "ig", "ing", "el", "te", "baar", "schap"],
    ),
}
# Real function words, aligned index by index, so sentences read a little like language.
_FUNCTION = {
    "it-IT": [
        "il",
        "la",
        "di",
        "e",
        "che",
        "per",
        "con",
        "un",
        "una",
        "non",
        "del",
        "della",
        "in",
        "a",
        "si",
        "come",
        "più",
        "anche",
        "ma",
        "questo",
    ],
    "nl-NL": [
        "de",
        "het",
        "van",
        "en",
        "dat",
        "voor",
        "met",
        "een",
        "ook",
        "niet",
        "des",
        "der",
        "in",
        "op",
        "zich",
        "als",
        "meer",
        "toch",
        "maar",
        "dit",
    ],
}
_FIRST_NAMES = [
    "Giulia",
    "Marco",
    "Sanne",
    "Pieter",
    "Elena",
    "Luca",
    "Fenna",
    "Daan",
    "Chiara",
    "Matteo",
    "Lotte",
    "Bram",
]

SITE_YAML = """\
# Benchmark site written by bench/make_corpus.py (pairs={pairs}, seed={seed}).
title:
  it-IT: Blog di prova
  nl-NL: Testblog
base_url: https://bench.example.test/
default_locale: it-IT
locales:
  it-IT:
    prefix: it
    related_heading: Articoli correlati
    category_path: categoria
    page_path: pagina
  nl-NL:
    prefix: nl
    related_heading: Gerelateerde artikelen
    category_path: categorie
    page_path: pagina
posts_per_page: 10
related_count: 5
"""

_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">'
    '<rect width="1200" height="630" fill="#{color}"/></svg>\n'
)


def _base(code: str) -> tuple[str, str]:
    """(the first two locales' code a locale's words are drawn like, the letters its words
    end with): Italian's and Dutch's own, for the others the same, with their own letters."""
    if code in LOCALES:
        return code, ""
    n = MORE_LOCALES.index(code)
    return LOCALES[n % 2], "xqwkyzjvhf"[n // 2 % 10] + "aeiou"[n % 5]


def _syllables(code: str) -> tuple[list[str], list[str], list[str]]:
    base, mark = _base(code)
    onsets, vowels, endings = _SYLLABLES[base]
    return onsets, vowels, [ending + mark for ending in endings]


def _function_words(code: str) -> list[str]:
    base, mark = _base(code)
    return [word + mark for word in _FUNCTION[base]]


def slugify(text: str) -> str:
    """ASCII, lowercase, dashes (as mot-blog's own)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def quoted(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


class Vocabulary:
    """Two aligned made-up vocabularies and a Zipf-like word choice."""

    def __init__(self, rng: random.Random, size: int = 3000, codes: tuple[str, ...] = LOCALES):
        self.rng = rng
        self.codes = codes
        self.words = {code: list(_function_words(code)) for code in codes}
        seen = {w for words in self.words.values() for w in words}
        while len(self.words[codes[0]]) < size:
            syllables = rng.choice((1, 2, 2, 3))
            made = {code: self._word(code, syllables) for code in codes}
            if any(w in seen for w in made.values()):
                continue
            seen.update(made.values())
            for code, word in made.items():
                self.words[code].append(word)
        self.function_count = len(_FUNCTION[LOCALES[0]])
        weights, total = [], 0.0
        for rank in range(size - self.function_count):
            total += 1.0 / (rank + 5)
            weights.append(total)
        self.cumulative = weights

    def _word(self, code: str, syllables: int) -> str:
        onsets, vowels, endings = _syllables(code)
        return "".join(
            self.rng.choice(onsets) + self.rng.choice(vowels) for _ in range(syllables)
        ) + self.rng.choice(endings)

    def content_word(self) -> int:
        x = self.rng.random() * self.cumulative[-1]
        return self.function_count + bisect.bisect_left(self.cumulative, x)

    def word(self) -> int:
        if self.rng.random() < 0.38:
            return self.rng.randrange(self.function_count)
        return self.content_word()

    def text(self, ids: list[int], code: str, capital: bool = False) -> str:
        s = " ".join(self.words[code][i] for i in ids)
        return s[:1].upper() + s[1:] if capital else s


class Article:
    """One article as abstract blocks, rendered per locale."""

    def __init__(self, vocab: Vocabulary, index: int):
        rng = vocab.rng
        self.vocab = vocab
        self.index = index
        self.title = [vocab.content_word() for _ in range(rng.randint(3, 7))]
        self.summary = [vocab.word() for _ in range(rng.randint(14, 24))]
        self.category = rng.randrange(CATEGORIES)
        self.tags = sorted(rng.sample(range(TAGS), rng.randint(2, 4)))
        self.author = None if rng.random() < 0.12 else rng.randrange(AUTHORS)
        self.blocks: list[tuple[str, object]] = []
        target = rng.randint(900, 1100)
        sections = rng.randint(3, 5)
        specials = ["ul", "ol", "quote", "img"]
        words = 0
        self.blocks.append(("p", self._paragraph(rng.randint(50, 80))))
        for section in range(sections):
            self.blocks.append(("h2", [vocab.content_word() for _ in range(rng.randint(2, 5))]))
            share = (target - 80) // sections
            words = 0
            while words < share:
                size = rng.randint(60, 120)
                self.blocks.append(("p", self._paragraph(size)))
                words += size
            if specials and (section == sections - 1 or rng.random() < 0.5):
                kind = specials.pop(0)
                self.blocks.append((kind, self._special(kind)))
                if section == sections - 1:
                    self.blocks += [(kind, self._special(kind)) for kind in specials]
        self.links = sorted(
            rng.sample(range(len(self.blocks)), min(len(self.blocks), rng.randint(2, 4)))
        )

    def _paragraph(self, size: int) -> list[list[tuple[str, list[int]]]]:
        rng, vocab = self.vocab.rng, self.vocab
        sentences, left = [], size
        while left > 0:
            n = min(left, rng.randint(8, 20))
            left -= n
            tokens = [("w", [vocab.word()]) for _ in range(n)]
            if n > 4 and rng.random() < 0.2:
                k = rng.randrange(1, n - 2)
                tokens[k : k + 2] = [
                    (rng.choice(("em", "strong")), [tokens[k][1][0], tokens[k + 1][1][0]])
                ]
            sentences.append(tokens)
        return sentences

    def _special(self, kind: str) -> object:
        rng, vocab = self.vocab.rng, self.vocab
        if kind in ("ul", "ol"):
            return [
                [vocab.word() for _ in range(rng.randint(4, 9))]
                for _ in range(4 if kind == "ul" else 3)
            ]
        if kind == "quote":
            return (
                [vocab.word() for _ in range(rng.randint(16, 30))],
                rng.randrange(len(_FIRST_NAMES)),
            )
        return ([vocab.content_word() for _ in range(rng.randint(3, 6))], rng.randrange(IMAGES))

    def _sentence(self, tokens: list[tuple[str, list[int]]], code: str, link: str | None) -> str:
        parts = []
        for position, (kind, ids) in enumerate(tokens):
            s = self.vocab.text(ids, code)
            if kind == "em":
                s = f"*{s}*"
            elif kind == "strong":
                s = f"**{s}**"
            elif link and position == 0:
                s = f"[{s}]({link})"
            parts.append(s)
        sentence = " ".join(parts)
        first = re.search(r"[a-zà-ÿ]", sentence)
        if first:
            sentence = (
                sentence[: first.start()]
                + sentence[first.start()].upper()
                + sentence[first.start() + 1 :]
            )
        return sentence + "."

    def body(self, code: str) -> str:
        text = self.vocab.text
        out = []
        for number, (kind, payload) in enumerate(self.blocks):
            if kind == "p":
                link = (
                    f"https://example.org/{self.index:05d}/{number}"
                    if number in self.links
                    else None
                )
                out.append(
                    " ".join(
                        self._sentence(s, code, link if i == 0 else None)
                        for i, s in enumerate(payload)
                    )
                )
            elif kind == "h2":
                out.append("## " + text(payload, code, capital=True))
            elif kind == "ul":
                out.append("\n".join("- " + text(item, code, capital=True) for item in payload))
            elif kind == "ol":
                out.append(
                    "\n".join(
                        f"{n}. {text(item, code, capital=True)}."
                        for n, item in enumerate(payload, 1)
                    )
                )
            elif kind == "quote":
                words, who = payload
                out.append(f"> {text(words, code, capital=True)}.\n>\n> — {_FIRST_NAMES[who]}")
            elif kind == "img":
                alt, image = payload
                out.append(f"![{text(alt, code, capital=True)}](images/body-{image:02d}.svg)")
        return "\n\n".join(out) + "\n"


def _authors_yaml(vocab: Vocabulary) -> tuple[str, list[str]]:
    keys, lines = [], []
    for k in range(AUTHORS):
        family = vocab.text([vocab.content_word()], LOCALES[k % 2]).capitalize()
        key = slugify(f"{_FIRST_NAMES[k]} {family}")
        keys.append(key)
        bio = [vocab.content_word() for _ in range(14)]
        lines += [f"{key}:", f"  name: {quoted(_FIRST_NAMES[k] + ' ' + family)}", "  role:"]
        lines += [
            f"    {code}: {quoted(vocab.text([vocab.content_word()], code).capitalize())}"
            for code in vocab.codes
        ]
        lines.append("  bio:")
        lines += [
            f"    {code}: {quoted(vocab.text(bio, code, capital=True) + '.')}"
            for code in vocab.codes
        ]
    return "\n".join(lines) + "\n", keys


def _terms_yaml(vocab: Vocabulary) -> tuple[str, list[dict[str, str]], list[dict[str, str]]]:
    chosen: set[int] = set()
    kinds = {}
    for kind, count in (("categories", CATEGORIES), ("tags", TAGS)):
        terms = []
        while len(terms) < count:
            i = vocab.rng.randrange(vocab.function_count + 50, vocab.function_count + 1500)
            if i not in chosen:
                chosen.add(i)
                labels = {code: vocab.words[code][i] for code in vocab.codes}
                if kind == "categories":
                    labels = {code: label.capitalize() for code, label in labels.items()}
                terms.append(labels)
        kinds[kind] = terms
    lines = []
    for kind, terms in kinds.items():
        lines.append(f"{kind}:")
        for labels in terms:
            lines.append(f"  {slugify(labels[LOCALES[0]])}:")
            lines += [f"    {code}: {quoted(label)}" for code, label in labels.items()]
    return "\n".join(lines) + "\n", kinds["categories"], kinds["tags"]


def write_site(out: Path, pairs: int, seed: int = 7, locales: int = 2) -> int:
    """Write the benchmark site into ``out`` (its content/ and static/ are replaced): ``pairs``
    articles, each in ``locales`` languages (2-17); returns the post count."""
    pairs = max(1, pairs)
    codes = (*LOCALES, *MORE_LOCALES)[: max(2, min(locales, 2 + len(MORE_LOCALES)))]
    rng = random.Random(seed)
    vocab = Vocabulary(rng, codes=codes)
    for folder in ("content", "static"):
        shutil.rmtree(out / folder, ignore_errors=True)
    images = out / "static" / "images"
    images.mkdir(parents=True)
    for n in range(IMAGES):
        color = f"{(n * 2654435761) & 0xFFFFFF:06x}"
        (images / f"hero-{n:02d}.svg").write_text(_SVG.format(color=color), encoding="utf-8")
        (images / f"body-{n:02d}.svg").write_text(_SVG.format(color=color[::-1]), encoding="utf-8")
    config = SITE_YAML.format(pairs=pairs, seed=seed)
    if len(codes) > 2:
        config = _more_locales(config, codes[2:])
        _catalogs(out, codes[2:])
    (out / "site.yaml").write_text(config, encoding="utf-8")
    content = out / "content"
    for code in codes:
        (content / code).mkdir(parents=True)
    authors, author_keys = _authors_yaml(vocab)
    (content / "authors.yaml").write_text(authors, encoding="utf-8")
    terms, categories, tags = _terms_yaml(vocab)
    (content / "terms.yaml").write_text(terms, encoding="utf-8")
    publisher = (
        'name: Bench\ndescription:\n  it-IT: "Un editore di prova."\n  nl-NL: "Een testuitgever."\n'
    )
    publisher += "".join(f'  {code}: "Bench {code}."\n' for code in codes[2:])
    (content / "publisher.yaml").write_text(publisher, encoding="utf-8")
    start = dt.datetime(2019, 1, 7, 8, 0)
    step = max(1, 6 * 365 * 24 * 60 // pairs)
    for index in range(pairs):
        date = start + dt.timedelta(minutes=index * step + rng.randrange(max(1, step // 2)))
        article = Article(vocab, index)
        for code in codes:
            title = vocab.text(article.title, code, capital=True)
            slug = f"{slugify(title)[:60].strip('-')}-{index:05d}"
            front = [
                "---",
                f"title: {quoted(title)}",
                f"date: {date:%Y-%m-%dT%H:%M:%S}+01:00",
                f"summary: {quoted(vocab.text(article.summary, code, capital=True) + '.')}",
                f"category: {quoted(categories[article.category][code])}",
                "tags: [" + ", ".join(quoted(tags[t][code]) for t in article.tags) + "]",
            ]
            if article.author is not None:
                front.append(f"author: {author_keys[article.author]}")
            front += [
                f"image: images/hero-{index % IMAGES:02d}.svg",
                f"image_alt: {quoted(title)}",
                f"translation_key: post-{index:05d}",
                "---",
            ]
            (content / code / f"{slug}.md").write_text(
                "\n".join(front) + "\n\n" + article.body(code), encoding="utf-8"
            )
    return len(codes) * pairs


def _catalogs(out: Path, codes: tuple[str, ...]) -> None:
    """A UI catalog for each further locale (mot-blog's theme has Italian and Dutch): every
    message of the theme's template, "translated" as itself (Babel, which mot-blog needs)."""
    from babel.messages.catalog import Catalog  # noqa: PLC0415 (only with --locales)
    from babel.messages.pofile import read_po, write_po  # noqa: PLC0415

    template = Path(__file__).resolve().parent.parent / "src/mot_blog/theme/locales/messages.pot"
    with template.open("rb") as handle:
        pot = read_po(handle)
    shutil.rmtree(out / "locales", ignore_errors=True)
    for code in codes:
        name = code.replace("-", "_")
        catalog = Catalog(locale=name, domain="messages")
        for message in pot:
            if not message.id:
                continue
            if isinstance(message.id, tuple | list):
                forms = (message.id[0],) + (message.id[1],) * (catalog.num_plurals - 1)
                catalog.add(tuple(message.id), forms, context=message.context)
            else:
                catalog.add(message.id, message.id, context=message.context)
        target = out / "locales" / name / "LC_MESSAGES" / "messages.po"
        target.parent.mkdir(parents=True)
        with target.open("wb") as handle:
            write_po(handle, catalog, omit_header=False)


def _more_locales(config: str, codes: tuple[str, ...]) -> str:
    """``site.yaml`` with more locales: each its title, prefix and URL segments."""
    titles = "".join(f"  {code}: Bench {code}\n" for code in codes)
    config = config.replace("  nl-NL: Testblog\n", "  nl-NL: Testblog\n" + titles, 1)
    entries = "".join(
        f"  {code}:\n    prefix: {code.lower()}\n    related_heading: Related ({code})\n"
        f"    category_path: c-{code[:2].lower()}\n    tag_path: t-{code[:2].lower()}\n"
        f"    page_path: p-{code[:2].lower()}\n"
        for code in codes
    )
    return config.replace("posts_per_page:", entries + "posts_per_page:", 1)


def main(argv: list[str] | None = None) -> None:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pairs", type=int, required=True, help="article pairs (each an it-IT and an nl-NL post)"
    )
    parser.add_argument("--out", type=Path, required=True, help="site folder to write")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--locales", type=int, default=2, help="languages of each article (2-17)")
    args = parser.parse_args(argv)
    count = write_site(args.out, args.pairs, args.seed, args.locales)
    print(f"wrote {count} posts to {args.out}")


if __name__ == "__main__":
    main()
