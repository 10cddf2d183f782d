"""The engine's default theme: ``templates/``, ``static/`` and ``locales/`` beside this file.

Registered as the theme ``default`` (:data:`mot_blog.load.theme.BUILTIN`, and as an entry
point of ``mot_blog.themes`` in ``pyproject.toml``): a theme package is shaped the same way.
"""
