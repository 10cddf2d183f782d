"""Render: the site model into output files, in memory (Jinja2 environments per locale, page contexts, feeds, sitemap); nothing here touches the disk."""
