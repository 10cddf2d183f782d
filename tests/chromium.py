"""How the tests start a browser: Debian's Chromium, never a downloaded one.

The flags keep Chromium off the network this machine does not have (background
requests, component updates, sync) and let it run as root without a sandbox.
"""

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MISSING = f"Chromium not found at {CHROMIUM}: apt-get install chromium"
"""The skip reason wherever Chromium is absent: it says how to install it."""
