"""Commands around the build: check, status, new, init, translate, import."""
