"""Serving a built site to the browser; addresses of the real site; where artifacts go."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
IT_ARTICLE = "/it/momenti-di-verita-servizi-finanziari/"
NL_ARTICLE = "/nl/moments-of-truth-financiele-dienstverlening/"
MANY_LANGUAGES = REPO / "tests" / "data" / "many-languages"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
"""CI keeps this folder (gitignored)."""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging every request to stderr."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib signature)
        pass


@dataclass
class Served:
    """A folder served over HTTP; ``url('/it/')`` is the absolute address of a path."""

    folder: Path
    base: str

    def url(self, path: str) -> str:
        return self.base + path


def serve(folder: Path) -> Iterator[Served]:
    """Serve ``folder`` on 127.0.0.1 (free port) in a thread until the generator is closed."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(folder, f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def build_into(root: Path, out: Path) -> Path:
    """Build the site at ``root`` into ``out`` in-process (the function the CLI calls)."""
    from mot_blog.build import build

    build(root, out)
    return out
