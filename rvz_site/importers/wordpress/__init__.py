"""`rvz-site import-wordpress`: a WordPress export (WXR) turned into a content folder.

Owns reading the export (wxr.py), the model of what it holds (items.py), the map file
(mapping.py), turning bodies into the site's Markdown (shortcodes.py, autop.py, blocks.py,
html2md.py, body.py), the pictures and files (media.py), the checks (roundtrip.py), the
decisions per item (plan.py), the report (report.py) and the one staged write (write.py);
run.py puts them in order. It may import only rvz_site.core and rvz_site.content (the
Markdown, the HTML policy, the YAML reader, the errors); never the build or the renderers.
"""

from __future__ import annotations

from .run import ImportOptions, import_wordpress
from .write import ImportWriteError

__all__ = ["ImportOptions", "ImportWriteError", "import_wordpress"]
