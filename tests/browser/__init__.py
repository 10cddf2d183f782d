"""Browser tests (Playwright on Debian Chromium)."""
