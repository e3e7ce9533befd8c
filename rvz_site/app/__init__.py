"""The command line and the dev server: the programs a person runs.

May import: everything in rvz_site.
"""
