"""The pipeline: the stages in order, each timed, every problem collected, and the link stage
that needs both the content and the list of every page the render makes.

May import: rvz_site.core, rvz_site.content, rvz_site.render, rvz_site.outputs.

Must never import the speed layer: it sits beside the pipeline and hands the build its
runners and recorder as values.
"""
