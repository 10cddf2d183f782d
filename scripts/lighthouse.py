#!/usr/bin/env python3
"""Lighthouse scores of the built site: the root, an index page and an article.

Builds this checkout's site into a temporary folder, serves it on 127.0.0.1 (a
free port), runs Lighthouse (npm ``lighthouse``, Debian's Chromium) on each page in
the light and the dark scheme (Chromium's ``--force-dark-mode`` makes
``prefers-color-scheme: dark`` match), prints the four category scores per page and
scheme and exits 1 when any is below the threshold (0.95; the target is 1.0
everywhere), 2 when Lighthouse cannot run.

    python scripts/lighthouse.py            # the three default pages, both schemes
    python scripts/lighthouse.py /nl/       # other pages
    python scripts/lighthouse.py --scheme dark
    LIGHTHOUSE_REPORTS=test-artifacts/lighthouse python scripts/lighthouse.py  # keep JSON

Needs ``npm install`` (lighthouse is a devDependency) and /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = Path("/usr/bin/chromium")
PAGES = ["/", "/it/", "/it/momenti-di-verita-servizi-finanziari/"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
THRESHOLD = 0.95
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib signature)
        pass


SCHEMES = {"light": "", "dark": " --force-dark-mode"}
"""The colour schemes a page is scored in, and the Chromium flag that selects each."""


def run_lighthouse(url: str, report: Path, scheme: str = "light") -> dict[str, float]:
    """Run Lighthouse on ``url`` in ``scheme``, write its JSON to ``report``; the category
    scores."""
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            f"--chrome-flags={CHROME_FLAGS}{SCHEMES[scheme]}",
            "--output=json",
            f"--output-path={report}",
            "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
        ],
        env=env,
        check=True,
        timeout=300,
    )
    data = json.loads(report.read_text(encoding="utf-8"))
    return {name: data["categories"][name]["score"] or 0.0 for name in CATEGORIES}


def failing_audits(report: Path) -> list[str]:
    """Titles of the audits that did not pass (what to fix), from a JSON report."""
    data = json.loads(report.read_text(encoding="utf-8"))
    audits = data["audits"]
    names = []
    for category in CATEGORIES:
        for ref in data["categories"][category]["auditRefs"]:
            audit = audits[ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                names.append(f"{category}: {audit['id']} ({audit['score']}) {audit['title']}")
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", default=PAGES, help="site paths (default: %(default)s)")
    parser.add_argument(
        "--scheme", choices=[*SCHEMES, "both"], default="both", help="colour scheme (both)"
    )
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        print(f"lighthouse not found at {LIGHTHOUSE}: run npm install", file=sys.stderr)
        return 2
    if not CHROMIUM.exists():
        print(f"Chromium not found at {CHROMIUM}: apt-get install chromium", file=sys.stderr)
        return 2
    sys.path.insert(0, str(REPO / "src"))
    from mot_blog.build import build

    keep = os.environ.get("LIGHTHOUSE_REPORTS")
    with tempfile.TemporaryDirectory(prefix="mot-lighthouse-") as tmp:
        out = Path(tmp) / "public"
        build(REPO, out)
        reports = Path(keep) if keep else Path(tmp) / "reports"
        reports.mkdir(parents=True, exist_ok=True)
        handler = functools.partial(_QuietHandler, directory=str(out))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        worst = 1.0
        try:
            base = f"http://127.0.0.1:{server.server_address[1]}"
            schemes = list(SCHEMES) if args.scheme == "both" else [args.scheme]
            column = max(len(page) for page in [*args.pages, "page"]) + 2
            print(f"{'page':{column}}{'scheme':8}" + " ".join(f"{name:>15}" for name in CATEGORIES))
            for page in args.pages:
                for scheme in schemes:
                    name = page.strip("/").replace("/", "_") or "root"
                    report = reports / f"{name}-{scheme}.json"
                    scores = run_lighthouse(base + page, report, scheme)
                    worst = min(worst, *scores.values())
                    print(
                        f"{page:{column}}{scheme:8}"
                        + " ".join(f"{scores[n]:>15.2f}" for n in CATEGORIES)
                    )
                    for line in failing_audits(report):
                        print(f"    {line}")
        except subprocess.CalledProcessError as exc:
            print(f"lighthouse failed: {exc}", file=sys.stderr)
            return 2
        finally:
            server.shutdown()
            server.server_close()
    if worst < THRESHOLD:
        print(f"FAIL: a score is below {THRESHOLD}", file=sys.stderr)
        return 1
    print(f"ok: every score >= {THRESHOLD}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
