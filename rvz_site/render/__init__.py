"""Pure: a Site goes in, OutputFiles come out, through the theme's Jinja templates (pages,
feeds, calendars, JSON-LD, sitemap, redirects, related articles). Writes nothing but what a
caller asks it to keep (compiled templates).

May import: rvz_site.core, rvz_site.content.
"""
