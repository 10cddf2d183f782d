"""Allow ``python -m mot_blog``."""

from mot_blog.cli import main

raise SystemExit(main())
