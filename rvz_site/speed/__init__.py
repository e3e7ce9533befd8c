"""The speed layer beside the pipeline: the build cache, the record of the last build
("nothing changed"), the page map (which pages show which article) and the fast lanes.

May import: everything above (core, content, render, outputs, build). Is imported only by rvz_site.app.
"""
