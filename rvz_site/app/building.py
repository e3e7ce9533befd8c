"""`rvz-site build` as a person runs it: the speed layer composed with the one build.

With a build cache, in this order: nothing changed (speed/uptodate.py) -> done; one article's body
changed (speed/lane.py) -> only its pages; else the whole build (build/pipeline.py) through
the cached runners, with the page map as its recorder, and the record of it kept for next time.
Without a cache: the whole build through the plain runners.

Owns: that order. Must not: build in any other way than pipeline.build_site.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from ..build.pipeline import BuildOptions, BuildReport, Timings, decap_bundle
from ..build.pipeline import build_site as build_everything
from ..build.runners import plain
from ..outputs.writer import check_target
from ..render.theme import theme_dirs
from ..speed.lane import quick_build
from ..speed.pageindex import PageMapWriter
from ..speed.runners import cached_machinery
from ..speed.store import DEFAULT_DIR, BuildCache
from ..speed.uptodate import (
    BuildRecord,
    Inputs,
    Listing,
    last_record,
    list_output_early,
    output_intact,
    read_inputs,
    remember,
)


def read_build_inputs(options: BuildOptions, bundle: Sequence[Path], known: BuildRecord | None) -> Inputs:
    """What uptodate.py compares: every input, and the options that change the output."""
    themes = list(dict.fromkeys(d.resolve() for d in theme_dirs(options.content_dir)))
    return read_inputs(options.content_dir, themes, bundle, [
        f"today={options.today.isoformat()}", f"drafts={options.drafts}", f"future={options.future}",
        f"everything={options.everything}", f"decap={options.decap_dist}"], known.inputs if known else None,
        options.cache_dir)


def build_site(options: BuildOptions, listing: Callable[[], Listing] | None = None) -> BuildReport:
    """Build the site. `listing`: out_dir's files, listed on another core since the command started
    (uptodate.list_output_early); without it the listing starts here."""
    check_target(options.out_dir, options.content_dir)
    cache_dir = options.cache_dir
    if cache_dir is None:  # the pictures are still kept, beside out_dir
        beside = options.out_dir.absolute().parent / DEFAULT_DIR
        kept = replace(plain(options.jobs), images=beside / "social", photos=beside / "photos")
        return build_everything(options, kept)
    timings = Timings(options.listener)
    with timings.stage("up to date"):
        # Whether public/ is as the last build left it takes a listing of 40,000 files: made on
        # another core while this process reads the inputs, and perhaps builds one article.
        listing = listing or list_output_early(options.out_dir)
        last = last_record(cache_dir, options.out_dir)
        bundle = decap_bundle(options)
        inputs = read_build_inputs(options, bundle, last)
        intact = functools.cache(lambda: output_intact(cache_dir, options.out_dir, last, listing()))  # asked once
    if last is not None and last.key == inputs.key:
        with timings.stage("output intact"):
            if intact():
                return BuildReport(None, last.warnings, dict(timings.stages), last.articles, last.pages)
    elif last is not None:
        with timings.stage("one article"):  # perhaps only one article's body changed (lane.py)
            quick = quick_build(options.content_dir, options.out_dir, cache_dir, options.jobs, last, inputs, intact)
        if quick is not None:
            return BuildReport(quick.written, quick.warnings, dict(timings.stages), last.articles, last.pages)
    intact()  # (also: damage found in public/ is mended in the cache before the full build)
    page_map = PageMapWriter(cache_dir, options.out_dir)
    cache = BuildCache(cache_dir)
    try:
        report = build_everything(options, cached_machinery(cache, options.jobs, page_map), timings, bundle=bundle)
        remember(cache_dir, options.out_dir, inputs, report.warnings, report.articles, report.pages)
        page_map.key = inputs.key
        page_map.finish()
    finally:
        cache.close()
        page_map.discard()
    return report
