"""The values and rules every other package shares: the model (frozen dataclasses), problems
with file:line:col, every URL rule, dates as the site shows them, the one digest, atomic writes
running pieces of work on every core, and giving memory back between stages.

May import: nothing of rvz_site. Does no reading of content and no rendering.
"""
