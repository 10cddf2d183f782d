import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa

SITEURL = "https://trains.example.org"
RELATIVE_URLS = False
FEED_ALL_ATOM = "feeds/all.atom.xml"
