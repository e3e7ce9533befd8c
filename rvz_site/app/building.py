"""`rvz-site build` as a person runs it: the speed layer composed with the one build.

With a build cache, in this order: nothing changed (speed/uptodate.py) -> done; the inputs as the
last build saw them but public/ gone or damaged (a Netlify deploy) -> its files put back from the
cache (speed/restore.py); one article's body changed (speed/lane.py) -> only its pages, in a public/
put back first if need be; else the whole build (build/pipeline.py) through the cached runners, with
the page map as its recorder, every file linked from the cache, and the record of it kept for next
time. Without a cache: the whole build through the plain runners.

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
from ..outputs.search import SEARCH_BUNDLE
from ..outputs.writer import WriteStats, check_target
from ..render.theme import theme_dirs
from ..speed.lane import quick_build
from ..speed.pageindex import PageMapWriter
from ..speed.restore import KeptOutput, forget_unused, restore
from ..speed.runners import cached_machinery
from ..speed.store import DEFAULT_DIR, BuildCache
from ..speed.uptodate import (
    BuildRecord,
    Inputs,
    Listing,
    Stored,
    keep_record,
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
    if last is not None:
        # public/ as the last build left it; gone or damaged (a Netlify deploy), put back from the
        # cache, but only once a shortcut needs it (the lane asks after it knows its pages).
        ready = functools.cache(lambda: put_back(options, cache_dir, last, inputs, intact, timings))
        if last.key == inputs.key:
            with timings.stage("output intact"):
                if intact():
                    return BuildReport(None, last.warnings, dict(timings.stages), last.articles, last.pages)
            restored = ready()
            if restored is not None:
                return BuildReport(site_files(restored[0]), last.warnings, dict(timings.stages), last.articles,
                                   last.pages)
        else:
            with timings.stage("one article"):  # perhaps only one article's body changed (lane.py)
                quick = quick_build(options.content_dir, options.out_dir, cache_dir, options.jobs, last, inputs,
                                    ready)
            if quick is not None:
                return BuildReport(quick.written, quick.warnings, dict(timings.stages), last.articles, last.pages)
    intact()  # (also: damage found in public/ is mended in the cache before the full build)
    page_map = PageMapWriter(cache_dir, options.out_dir)
    cache = BuildCache(cache_dir)
    linked = KeptOutput(cache_dir)  # every file linked from the cache, for a later put_back
    try:
        report = build_everything(options, cached_machinery(cache, options.jobs, page_map), timings,
                                  put_in_place=linked, bundle=bundle)
        remember(cache_dir, options.out_dir, inputs, report.warnings, report.articles, report.pages, linked.stored)
        forget_unused(cache_dir, linked.stored.values())
        page_map.key = inputs.key
        page_map.finish()
    finally:
        cache.close()
        page_map.discard()
    return report


def put_back(options: BuildOptions, cache_dir: Path, last: BuildRecord, inputs: Inputs,
             intact: Callable[[], bool], timings: Timings) -> tuple[Listing, Stored] | None:
    """out_dir as the last build left it: as it is when intact, else linked back from the cache
    (restore.py) and recorded so; its listing and stored files, or None when the cache cannot."""
    if intact():
        return last.files, last.stored
    with timings.stage("write") as stage:
        listing = restore(cache_dir, options.out_dir, last, options.jobs)
        if listing is None:
            return None
        stage.count = site_files(listing).files
    # The same site, in other files; with the inputs as read now when they are the same bytes.
    keep_record(cache_dir, options.out_dir, replace(
        last, files=listing, inputs=inputs.files if inputs.key == last.key else last.inputs))
    return listing, last.stored


def site_files(listing: Listing) -> WriteStats:
    """As a full build counts: the site's files besides the search index, and all their bytes."""
    return WriteStats(sum(not path.startswith(f"{SEARCH_BUNDLE}/") for path in listing),
                      sum(size for size, _, _ in listing.values()))
