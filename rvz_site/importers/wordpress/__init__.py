"""`rvz-site import-wordpress`: a WordPress export (WXR) turned into a content folder.

Owns, one module each: reading the export safely and mending it (wxr.py) into frozen values
(items.py); the map file (mapping.py); categories and tags as themes, keywords and organisations
(terms.py); the decision per item: status, dates, slug, aliases (plan.py); bodies in the site's
Markdown (blocks.py, shortcodes.py, autop.py, body.py, html2md.py) and their check (roundtrip.py);
the old uploads (media.py); the text of every file (output.py); the dry run's inventory and starter
map (inventory.py); the report (report.py); the one staged write (write.py); and run.py, which puts
them in order. It may import only rvz_site.core and rvz_site.content (the model, the errors, the
Markdown, the HTML policy, the YAML reader and the registries); never the build or the renderers
(tests/importers/test_wordpress_parts.py checks this).
"""

from __future__ import annotations

from .run import ImportOptions, import_wordpress
from .write import ImportWriteError

__all__ = ["ImportOptions", "ImportWriteError", "import_wordpress"]
