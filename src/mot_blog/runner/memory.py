"""The garbage collector while a site loads: paused, then the loaded site frozen out of its
reach (it lives as long as the build)."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def loading() -> Iterator[None]:
    """Load a site with the cyclic garbage collector paused, then :func:`settle` it.

    Loading makes hundreds of thousands of long-lived objects (the parse cache of 10,000
    articles, the site model) and no cyclic garbage (parsing 500 posts left none); each
    full collection while they pile up walks them all again: 0.2 s of the 0.65 s that
    reading that parse cache took. Forked parse workers inherit the pause, harmlessly.
    A build lists its render jobs so too (at 50,000 articles the renderer's cards and
    pages and the 125,000 jobs took 4.2 s with the collector on, 2.0 s with it paused);
    the dev server, whose renderer and jobs change with every edit, does not."""
    with paused():
        try:
            yield
        finally:
            # Frozen before the collector is back on: its first allocation would otherwise
            # find every object made meanwhile pending and run a full collection over them
            # (0.14 s at 10,000 articles) just before they are frozen anyway.
            settle()


def settle() -> None:
    """Take everything allocated so far (call it once the site is loaded) out of the
    cyclic garbage collector's reach, for the rest of the process.

    The loaded site lives as long as the build: millions of objects that every full
    collection would walk again while the render jobs allocate (listing 15,000 jobs at
    10,000 articles took 0.27 s, 0.075 s once frozen). Forked workers gain too: the
    collector no longer writes to those objects' headers, so their pages stay shared.
    Garbage made afterwards is collected as usual."""
    gc.freeze()


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """The cyclic garbage collector paused for the block, nothing frozen: for work that
    makes many objects and no cyclic garbage, and whose results are dropped later (the dev
    server's renderer and jobs, made again after each edit: at 50,000 articles the
    collector's full passes while they are made cost as much as making them)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
