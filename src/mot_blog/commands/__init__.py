"""Commands around the build: check, status, new, import."""
