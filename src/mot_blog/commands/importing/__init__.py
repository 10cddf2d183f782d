"""``mot-blog import GENERATOR SOURCE --site DEST``: another generator's site as a new
mot-blog site (docs/moving.md).

An importer (``hugo``, ``jekyll``, ``pelican``, ``wordpress``, or a plugin's, entry point
group ``mot_blog.importers``) reads the source into an
:class:`~mot_blog.commands.importing.model.ImportedSite`; :mod:`.writer` decides the new
site's files; they are written into a staging folder beside DEST, then moved into place,
so that DEST is the whole new site or is not there at all. DEST must be absent or empty.
"""
