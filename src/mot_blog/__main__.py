"""Allow ``python -m mot_blog``."""

import os
import signal

# Ctrl-C while the program itself loads: the same one line and exit code as later on
# (mot_blog.cli.run takes over at once, this only covers the import of mot_blog.cli).
signal.signal(signal.SIGINT, lambda *_: (os.write(2, b"interrupted\n"), os._exit(130)))

from mot_blog.cli import run  # noqa: E402

run()
