"""The speed layer beside the pipeline: the build cache, the record of the last build
("nothing changed"), the page map (which pages show which article) and the fast lanes.

May import: everything but app: rvz_site.core, rvz_site.content, rvz_site.render, rvz_site.outputs,
rvz_site.build.

Is imported only by the app (cli, serve), which composes it with the build.
"""
