"""Live reload for ``mot-blog serve``: build generations, event streams, the injected script.

The dev server's rebuild loop announces each finished (or failed) build here;
every open tab holds a Server-Sent Events stream and hears it. Served HTML
pages (never ``mot-blog build`` output) get the client script, plus an overlay
listing the problems while the build is broken.
"""

from __future__ import annotations

import html
import json
import queue
import re
import threading
from pathlib import Path

LIVE_PREFIX = "/__mot-blog/"
SCRIPT_PATH = LIVE_PREFIX + "live.js"
EVENTS_PATH = LIVE_PREFIX + "events"
KEEPALIVE_SECONDS = 10.0
"""How often an idle event stream sends a comment, so proxies and browsers keep it open."""

CLIENT_JS = (Path(__file__).parent / "devserver_client.js").read_text(encoding="utf-8")
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


class LiveState:
    """Build generation, current problems and the open event streams."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._streams: set[queue.SimpleQueue[tuple[str, str] | None]] = set()
        self.generation = 0
        self.problems: tuple[str, ...] = ()
        self.base_path = "/"

    def announce(self, event: str, data: object, problems: tuple[str, ...] = ()) -> None:
        """Start a new generation and send ``event`` to every open stream."""
        with self._lock:
            self.generation += 1
            self.problems = problems
            payload = json.dumps(
                {"generation": self.generation, **({"data": data} if data else {})}
            )
            for stream in self._streams:
                stream.put((event, payload))

    def subscribe(self) -> queue.SimpleQueue[tuple[str, str] | None]:
        """A new stream's queue, primed with a ``hello`` naming the current generation."""
        stream: queue.SimpleQueue[tuple[str, str] | None] = queue.SimpleQueue()
        with self._lock:
            stream.put(("hello", json.dumps({"generation": self.generation})))
            if self.problems:
                stream.put(
                    (
                        "problems",
                        json.dumps({"generation": self.generation, "data": list(self.problems)}),
                    )
                )
            self._streams.add(stream)
        return stream

    def unsubscribe(self, stream: queue.SimpleQueue[tuple[str, str] | None]) -> None:
        """Forget a closed stream."""
        with self._lock:
            self._streams.discard(stream)

    def current(self) -> tuple[int, tuple[str, ...]]:
        """The generation and the problems a page served now should carry."""
        with self._lock:
            return self.generation, self.problems

    def close_streams(self) -> None:
        """Tell every stream to end (server shutdown)."""
        with self._lock:
            for stream in self._streams:
                stream.put(None)


def inject(page: bytes, state: LiveState) -> bytes:
    """``page`` with the live-reload script (and the problems overlay, while broken)."""
    generation, problems = state.current()
    snippet = f'<script src="{SCRIPT_PATH}" data-generation="{generation}"></script>'
    if problems:
        snippet = overlay_html(problems) + snippet
    data = snippet.encode("utf-8")
    matches = list(_BODY_END.finditer(page))
    if not matches:
        return page + data
    at = matches[-1].start()
    return page[:at] + data + page[at:]


def overlay_html(problems: tuple[str, ...]) -> str:
    """The overlay markup listing build problems (developer text, never published)."""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in problems)
    return (
        '<div id="mot-blog-overlay" role="alert" style="position:fixed;inset:0;z-index:2147483647;'
        "overflow:auto;background:rgba(20,20,20,.94);color:#fff;font:14px/1.5 monospace;"
        'padding:2rem"><p style="color:#ff8a80;font-weight:bold">The build is broken; '
        "showing the last good pages. Fix the file and save.</p>"
        f'<ul style="list-style:none;padding:0">{items}</ul></div>'
    )
