"""Files beyond the rendered pages, and putting files in place: the writer (an atomic swap
of public/), the tree sync, the search index (Pagefind), the share pictures, the web editor.

May import: rvz_site.core, rvz_site.content, rvz_site.render.
"""
