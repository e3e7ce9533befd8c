"""Build the site: `python build.py` is `rvz-site build` (see README)."""
from rvz_site.app.cli import run

run()
