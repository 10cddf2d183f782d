"""The Python-Markdown engine: Python-Markdown with a site's extensions, and our conventions
written as Python-Markdown processors (see :mod:`mot_blog.markup.pymd.engine`)."""
