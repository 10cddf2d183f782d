"""Publish: the only writer of the output folder (staging, atomic swap, static files) and the search index made before the swap."""
