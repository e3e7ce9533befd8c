"""The command line and the dev server: the programs a person runs.

May import: everything: rvz_site.core, rvz_site.content, rvz_site.render, rvz_site.outputs,
rvz_site.build, rvz_site.importers, rvz_site.speed. It composes the speed layer with the build.
"""
