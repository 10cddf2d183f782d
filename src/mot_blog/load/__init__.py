"""Load: the site folder into plain values (config, content files, data files, static files and images, catalogs), checked, nothing rendered."""
