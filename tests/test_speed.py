"""Speed never changes a byte: cached, parallel and incremental builds equal a clean build.

Each test compares whole output folders with a clean build's (no cache, one
process), byte for byte; none measures time (bench/run.py does).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import time
from functools import partial
from pathlib import Path

import pytest
from conftest import post, run_cli, write_site

from mot_blog import progress
from mot_blog.build import build
from mot_blog.load import sources
from mot_blog.model.assemble import BuildOptions
from mot_blog.model.related import NEIGHBOURS, related_posts, score
from mot_blog.runner import cache, cached
from mot_blog.runner.cache import CACHE_DIR
from mot_blog.runner.cached import KNOWN_FILES, RELATED_LISTS
from mot_blog.runner.keys import FINGERPRINTS
from mot_blog.runner.workers import Background, fork_map
from mot_blog.serve.incremental import IncrementalBuilder

OPTIONS = BuildOptions()
THEME = Path(__file__).resolve().parent.parent / "src/mot_blog/theme"

AUTHORS = """\
ada:
  name: Ada Rossi
  role: {it-IT: Redattrice, nl-NL: Redacteur}
"""
CATALOG = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Back to the blog"
msgstr "Torna al blog di prova"
"""


def files(pairs: int = 3) -> dict[str, str | bytes]:
    """A bilingual site: ``pairs`` translated posts with tags, authors and a body image."""
    site: dict[str, str | bytes] = {
        "content/authors.yaml": AUTHORS,
        "static/images/a.svg": b'<svg xmlns="http://www.w3.org/2000/svg"/>\n',
    }
    for n in range(pairs):
        tags = "[uno, due]" if n % 2 else "[tre]"
        body = f"Testo {n}.\n\n![Figura](images/a.svg)"
        site[f"content/it-IT/post-{n}.md"] = post(
            f"Articolo {n}",
            (dt.date(2024, 1, 1) + dt.timedelta(days=n)).isoformat(),
            tags=tags,
            author="ada",
            translation_key=f"k{n}",
            body=body,
        )
        site[f"content/nl-NL/post-{n}.md"] = post(
            f"Artikel {n}",
            (dt.date(2024, 1, 1) + dt.timedelta(days=n)).isoformat(),
            tags=tags,
            translation_key=f"k{n}",
            body=f"Tekst {n}.",
        )
    return site


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def clean_build(root: Path, out: Path) -> dict[str, bytes]:
    """The reference: no cache, one process."""
    shutil.rmtree(out, ignore_errors=True)
    build(root, out, OPTIONS, cache=False, workers=1)
    return tree(out)


def engine_update(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new engine version."""
    monkeypatch.setattr(cache, "__version__", "999.0")
    monkeypatch.setattr(cache, "_engine", None)


CHANGES = {
    "post": lambda root, mp: (root / "content/it-IT/post-1.md").write_text(
        post("Titolo nuovo", "2024-01-02", tags="[uno]", translation_key="k1")
    ),
    "new post": lambda root, mp: (root / "content/nl-NL/nieuw.md").write_text(
        post("Nieuw", "2024-02-01", tags="[tre]")
    ),
    "deleted post": lambda root, mp: (root / "content/nl-NL/post-2.md").unlink(),
    "author": lambda root, mp: (root / "content/authors.yaml").write_text(
        AUTHORS.replace("Ada Rossi", "Ada Bianchi")
    ),
    "template": lambda root, mp: (
        (root / "templates/article.html").parent.mkdir()
        or (root / "templates/article.html").write_text(
            (THEME / "templates/article.html")
            .read_text()
            .replace("<article", "<!-- mine --><article", 1)
        )
    ),
    "catalog": lambda root, mp: (
        (root / "locales/it/LC_MESSAGES").mkdir(parents=True)
        or (root / "locales/it/LC_MESSAGES/messages.po").write_text(CATALOG)
    ),
    "config": lambda root, mp: (root / "site.yaml").write_text(
        (root / "site.yaml").read_text().replace("Test Blog", "Blog Nuovo")
    ),
    "static file": lambda root, mp: (root / "static/images/a.svg").write_bytes(
        b'<svg xmlns="http://www.w3.org/2000/svg" width="2"/>\n'
    ),
    "engine version": engine_update,
}


@pytest.mark.parametrize("kind", list(CHANGES))
def test_cache_never_serves_a_stale_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    root = write_site(tmp_path / "site", files())
    out = tmp_path / "out"
    build(root, out, OPTIONS)
    again = build(root, out, OPTIONS)
    assert again.rendered == 0 and again.reused >= again.pages > 0  # nothing changed: nothing done
    CHANGES[kind](root, monkeypatch)
    warm = build(root, out, OPTIONS)
    assert warm.rendered > 0
    assert tree(out) == clean_build(root, tmp_path / "clean")
    if kind == "post":
        assert warm.parse_hits == warm.parsed - 1  # the other posts came from the cache
    if kind == "engine version":
        assert warm.parse_hits == 0 and warm.reused == 0


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],
        lambda data: data.replace(
            f"mot-blog cache {cache.FORMAT}".encode(), b"mot-blog cache 0", 1
        ),
        lambda data: os.urandom(len(data)),
        lambda data: data[:-40] + bytes(40),
    ],
    ids=["truncated", "wrong version", "random bytes", "corrupt payload"],
)
def test_damaged_cache_is_ignored_and_rebuilt(tmp_path: Path, damage) -> None:  # noqa: ANN001
    root = write_site(tmp_path / "site", files())
    out = tmp_path / "out"
    build(root, out, OPTIONS)
    for path in (root / CACHE_DIR).iterdir():
        if path.is_file():  # (images/ holds the drawn social cards: not the build cache)
            path.write_bytes(damage(path.read_bytes()))
    (root / "content/it-IT/post-0.md").write_text(
        post("Cambiato", "2024-01-01", translation_key="k0")
    )
    result = build(root, out, OPTIONS)
    assert result.parse_hits == 0 and result.reused == 0
    assert tree(out) == clean_build(root, tmp_path / "clean")
    (root / "content/it-IT/post-1.md").write_text(
        post("Cambiato anche", "2024-01-02", translation_key="k1")
    )
    assert (
        build(root, out, OPTIONS).parse_hits == result.parsed - 1
    )  # and a good cache is written again


def test_parallel_build_equals_serial_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # enough posts per locale for every forked stage (parse, related articles, render)
    monkeypatch.setattr(cached, "RANK_IN_WORKERS_FROM", 0)
    root = write_site(tmp_path / "site", files(pairs=60))
    build(root, tmp_path / "parallel", OPTIONS, cache=False, workers=2)
    assert tree(tmp_path / "parallel") == clean_build(root, tmp_path / "serial")


def test_warm_build_links_unchanged_pages_from_the_previous_output(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", files())
    out = tmp_path / "out"
    build(root, out, OPTIONS)
    before = (out / "nl/post-0/index.html").stat().st_ino
    (root / "content/it-IT/post-2.md").write_text(
        post("Altro", "2024-01-03", tags="[tre]", translation_key="k2")
    )
    result = build(root, out, OPTIONS)
    assert 0 < result.rendered < result.pages and result.reused > 0
    assert (out / "nl/post-0/index.html").stat().st_ino == before
    assert tree(out) == clean_build(root, tmp_path / "clean")


def test_warm_builds_through_the_spare_folder_equal_clean_builds(tmp_path: Path) -> None:
    """From the second publishing build on, the staging folder is the previous site's
    spare, brought up to date: edits, a deletion, a new post and a static file later,
    every output still equals a clean build's, and the live site was never written into."""
    root = write_site(tmp_path / "site", files(pairs=4))
    out = tmp_path / "out"
    spare = tmp_path / ".out.spare"
    steps = [
        lambda: (root / "content/it-IT/post-1.md").write_text(post("Uno", "2024-01-02")),
        lambda: (root / "content/nl-NL/post-2.md").unlink(),
        lambda: (root / "content/nl-NL/nuovo.md").write_text(post("Nieuw", "2024-02-01")),
        lambda: (root / "static/images/a.svg").write_bytes(
            b"<svg xmlns='http://www.w3.org/2000/svg'/>"
        ),
        lambda: (root / "content/it-IT/post-1.md").write_text(post("Uno bis", "2024-01-02")),
    ]
    build(root, out, OPTIONS)
    for n, step in enumerate(steps):
        before = tree(out)
        step()
        build(root, out, OPTIONS)
        assert tree(out) == clean_build(root, tmp_path / f"clean-{n}"), f"step {n}"
        assert spare.is_dir() and tree(spare) == before, f"step {n}: the spare is the site before"
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out."))
    assert leftovers == [".out.spare"]


def test_unchanged_post_files_are_known_by_their_signature_and_edits_still_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A warm build does not read a post file whose size, times and inode are as the last
    build saw them; an edit that keeps the size and puts the old modification time back
    still changes the status-change time, and is built."""
    monkeypatch.setattr(sources, "_RACY_NS", -(10**12))  # trust files written just now
    root = write_site(tmp_path / "site", files())
    out = tmp_path / "out"
    build(root, out, OPTIONS)
    tree_now, _ = sources.read_content(
        root, ("it-IT", "nl-NL"), cache.read_memo(root / CACHE_DIR, KNOWN_FILES)
    )
    assert tree_now.posts and all(source.raw is None for source in tree_now.posts)
    edited = root / "content/it-IT/post-1.md"
    text, stat = edited.read_text(), edited.stat()
    time.sleep(0.05)  # the next tick of the file clock
    edited.write_text(text.replace("Articolo 1", "Articolo 7"))
    os.utime(edited, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert edited.stat().st_size == stat.st_size and edited.stat().st_mtime_ns == stat.st_mtime_ns
    result = build(root, out, OPTIONS)
    assert result.parse_hits == result.parsed - 1
    assert tree(out) == clean_build(root, tmp_path / "clean")
    assert "Articolo 7" in (out / "it/post-1/index.html").read_text()


def test_a_file_changed_just_before_reading_is_not_trusted_next_time(tmp_path: Path) -> None:
    """Within a tick of the file clock a second write leaves the signature as it was: a
    file read that soon after its last change is read again by the next build."""
    root = write_site(tmp_path / "site", files(pairs=1))
    long_ago = time.time_ns() - 10 * 10**9
    for path in (root / "content").rglob("*.md"):
        os.utime(path, ns=(long_ago, long_ago))
    content, _ = sources.read_content(root, ("it-IT", "nl-NL"))
    # the status-change time is now (utime sets it): nothing is trusted yet
    assert content.known == {} and len(content.posts) == 2


def test_warm_builds_reuse_related_lists_and_fingerprints_only_while_valid(
    tmp_path: Path,
) -> None:
    """Related lists and post fingerprints are remembered between builds; a change of a
    post's tags (its related lists) or of the authors (every fingerprint) is built as a
    clean build would."""
    root = write_site(tmp_path / "site", files(pairs=5))
    out = tmp_path / "out"
    build(root, out, OPTIONS)
    folder = root / CACHE_DIR
    assert cache.read_memo(folder, RELATED_LISTS) and cache.read_memo(folder, FINGERPRINTS)
    steps = [
        lambda: (root / "content/it-IT/post-0.md").write_text(
            post("Articolo 0", "2024-01-01", tags="[uno, due]", author="ada", translation_key="k0")
        ),
        lambda: (root / "content/authors.yaml").write_text(AUTHORS.replace("Ada", "Eva")),
        lambda: (root / "content/it-IT/post-3.md").write_text(
            post("Articolo 3", "2023-06-01", tags="[tre]", author="ada", translation_key="k3")
        ),
    ]
    for n, step in enumerate(steps):
        step()
        build(root, out, OPTIONS)
        assert tree(out) == clean_build(root, tmp_path / f"clean-{n}"), f"step {n}"


def test_incremental_rebuild_equals_clean_build(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", files(pairs=4))
    out = tmp_path / "out"
    builder = IncrementalBuilder(root, out, OPTIONS, workers=1)
    edited = root / "content/it-IT/post-1.md"
    edited.write_text(
        post("Titolo cambiato", "2024-01-02", tags="[uno, due]", author="ada", translation_key="k1")
    )
    result = builder.rebuild([edited])
    # the article and the pages that show its title (the index, related cards), not the others
    assert "it/post-1/index.html" in result.changed_outputs
    showing = {
        p.relative_to(out).as_posix()
        for p in out.rglob("*.html")
        if "Titolo cambiato" in p.read_text()
    }
    assert any(path.startswith("it/page/") or path == "it/index.html" for path in showing)
    assert showing <= set(result.changed_outputs)
    assert "nl/post-0/index.html" not in result.changed_outputs
    assert tree(out) == clean_build(root, tmp_path / "clean")
    # The post kept its relations, so only the keys of the jobs showing it were computed
    # again: they must be every key a fresh start computes.
    assert builder.keys == IncrementalBuilder(root, tmp_path / "fresh", OPTIONS, workers=1).keys

    new = root / "content/nl-NL/extra.md"
    new.write_text(post("Extra", "2024-03-01", tags="[tre]"))
    assert "nl/extra/index.html" in builder.rebuild([new]).changed_outputs
    assert tree(out) == clean_build(root, tmp_path / "clean")

    new.unlink()
    assert "nl/extra/index.html" in builder.rebuild([new]).changed_outputs
    assert not (out / "nl/extra/index.html").exists()
    assert tree(out) == clean_build(root, tmp_path / "clean")

    (root / "site.yaml").write_text((root / "site.yaml").read_text().replace("Test Blog", "Blog"))
    builder.rebuild([root / "site.yaml"])
    assert tree(out) == clean_build(root, tmp_path / "clean")
    assert builder.rebuild([edited]).changed_outputs == ()  # nothing changed since
    builder.close()


def test_an_edit_of_the_text_re_renders_only_the_article_and_its_feeds(tmp_path: Path) -> None:
    """Listings, related cards and translations show a post's card, not its text: an edit
    of the text alone re-renders the article and the feeds that carry it in full."""
    root = write_site(tmp_path / "site", files(pairs=4))
    out = tmp_path / "out"
    builder = IncrementalBuilder(root, out, OPTIONS, workers=1)
    edited = root / "content/it-IT/post-1.md"
    edited.write_text(edited.read_text().replace("Testo 1.", "Testo 1, riscritto e più lungo."))
    result = builder.rebuild([edited])
    touched = {"it/post-1/index.html", "it/feed.xml", "it/category/notizie/feed.xml"}
    assert set(result.changed_outputs) == touched
    assert result.rendered == len(touched)
    assert tree(out) == clean_build(root, tmp_path / "clean")
    assert builder.keys == IncrementalBuilder(root, tmp_path / "fresh", OPTIONS, workers=1).keys
    builder.close()


def test_related_is_exact_on_small_sites(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", files(pairs=NEIGHBOURS))
    from mot_blog.build import load  # noqa: PLC0415

    site = load(root, BuildOptions(future=True)).site
    for code, posts in site.by_locale.items():
        for post_ in posts:
            others = [p for p in posts if p.translation_key != post_.translation_key]
            best = sorted(
                (p for p in others if score(post_, p) > 0),
                key=lambda p: (-score(post_, p), -p.published.timestamp(), p.slug),
            )[:2]
            assert list(related_posts([posts], 2)[post_.source])[: len(best)] == best, code


def test_a_background_task_runs_in_another_process_and_reports_failure(tmp_path: Path) -> None:
    marker = tmp_path / "pid"
    assert Background(lambda: marker.write_text(str(os.getpid()))).wait()
    assert int(marker.read_text()) != os.getpid()
    assert not Background(lambda: 1 / 0).wait()


def test_progress_bar_draws_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "SHOW_AFTER", 0.0)
    monkeypatch.delenv("CI", raising=False)
    screen = io.StringIO()
    bar = progress.ProgressBar(screen, enabled=True)
    bar("render", 5, 10)
    bar.clear()
    assert "render" in screen.getvalue() and "5/10" in screen.getvalue()
    log = io.StringIO()
    progress.ProgressBar(log)("render", 5, 10)  # not a terminal
    assert log.getvalue() == ""


def test_build_prints_a_summary_or_nothing_with_quiet(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", files())
    loud = run_cli("build", "--site", str(root), "--out", str(tmp_path / "out"), "--profile")
    assert loud.returncode == 0, loud.stderr
    assert loud.stdout.startswith("built ") and "posts from cache: 0/6" in loud.stdout
    assert "parse" in loud.stderr and "\x1b" not in loud.stderr
    quiet = run_cli("build", "--site", str(root), "--out", str(tmp_path / "out"), "--quiet")
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""


def _pid_after_a_moment(n: int) -> int:
    time.sleep(0.002)
    return os.getpid()


def test_forked_workers_keep_to_their_group_and_results_come_in_order() -> None:
    groups = ["it", "nl"] * 60  # interleaved, as jobs of two locales may be listed
    pids = list(fork_map(_pid_after_a_moment, len(groups), 2, group=groups.__getitem__))
    assert len(pids) == 120 and os.getpid() not in pids
    first = {group: pids[groups.index(group)] for group in ("it", "nl")}
    assert first["it"] != first["nl"]  # each worker starts with a group of its own
    assert list(fork_map(lambda n: n * n, 100, 2)) == [n * n for n in range(100)]


class _Unpicklable(Exception):
    def __reduce__(self):  # noqa: ANN204
        raise TypeError("no pickling")


def _fail_at(n: int, failure: BaseException | None) -> int:
    if n == 70 and failure is not None:
        raise failure
    if n == 70:
        os._exit(3)  # a worker that dies
    return n


@pytest.mark.parametrize(
    ("failure", "expected", "match"),
    [
        (ValueError("bad item 70"), ValueError, "bad item 70"),
        (_Unpicklable("odd"), RuntimeError, "_Unpicklable: odd"),
        (None, RuntimeError, "ended before its work was done"),
    ],
)
def test_a_failing_task_fails_the_map_in_this_process(
    failure: BaseException | None, expected: type[BaseException], match: str
) -> None:
    with pytest.raises(expected, match=match):
        list(fork_map(partial(_fail_at, failure=failure), 100, 2))
