"""Importers: other formats turned into a content folder. May import only rvz_site.core and rvz_site.content."""
