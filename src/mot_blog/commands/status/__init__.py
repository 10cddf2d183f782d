"""``mot-blog status``: the translation report (report.py), the terminal table (text.py),
catalog gaps (catalogs.py) and recording that a translation caught up (mark.py)."""
