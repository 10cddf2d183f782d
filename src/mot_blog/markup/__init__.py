"""Markup: a post's Markdown body into HTML, with the site's conventions."""
