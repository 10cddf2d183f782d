"""Addresses of the real site that the browser tests visit, and where artifacts go."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
IT_ARTICLE = "/it/momenti-di-verita-servizi-finanziari/"
NL_ARTICLE = "/nl/moments-of-truth-financiele-dienstverlening/"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
"""CI keeps this folder (gitignored)."""
