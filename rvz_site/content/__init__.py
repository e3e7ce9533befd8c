"""Reading and checking the content folder: YAML with places, front matter, the schema, site
settings, the registries, discovery, parsing Markdown into checked Articles, the HTML policy,
aliases, scheduling, and assembling one Site.

May import: rvz_site.core.
"""
