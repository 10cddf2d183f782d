"""mot-blog: a multilingual static-site blog publisher."""

__version__ = "0.1.0"
