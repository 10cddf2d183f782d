"""Allow ``python -m mot_blog``."""

from mot_blog.cli import run

run()
