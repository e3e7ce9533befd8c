#!/usr/bin/env python3
"""What the page map and the parse results cost: their size on disk, and the time to save and load
them. Prints figures; asserts nothing.

Usage: PYTHONPATH=. python bench/cachesize.py CONTENT WORK [--samples N]

1. A cold build of CONTENT into WORK/public with the cache WORK/cache (a fresh process), unless
   WORK/cache is there already.
2. In this process, a full build through that cache without public/ (what a Netlify deploy does),
   with a stopwatch on each method that reads or writes the parse results or the page map.
3. What the one-article lane reads, for N articles spread over the site, each as a new process
   would: PageMap.open, the contexts of the article's pages and the articles they hold, and the
   article's parse result.
4. The size of each file of the page map and of the parse results.

Run it against two versions of rvz-site (PYTHONPATH) in the same minute to compare them.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

TODAY = "2026-01-01"
SPENT: dict[str, float] = defaultdict(float)  # wall time
CPU: dict[str, float] = defaultdict(float)  # this thread's CPU time: what a free core would not hide
CALLS: dict[str, int] = defaultdict(int)


def stopwatch(owner: type, name: str) -> None:
    """Time every call of owner.name, under 'Owner.name'."""
    original: Callable[..., Any] = getattr(owner, name)
    label = f"{owner.__name__}.{name}"

    @functools.wraps(original)
    def timed(*args: Any, **kwargs: Any) -> Any:
        start, cpu = time.perf_counter(), time.thread_time()
        try:
            return original(*args, **kwargs)
        finally:
            SPENT[label] += time.perf_counter() - start
            CPU[label] += time.thread_time() - cpu
            CALLS[label] += 1

    setattr(owner, name, timed)


def build_args(content: Path, out: Path, cache: Path) -> list[str]:
    return ["build", "--content", str(content), "--out", str(out), "--cache", str(cache), "--today", TODAY, "--quiet"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("content", type=Path)
    parser.add_argument("work", type=Path)
    parser.add_argument("--samples", type=int, default=20)
    args = parser.parse_args()
    out, cache = args.work / "public", args.work / "cache"
    if not cache.exists():
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "from rvz_site.app.cli import main; raise SystemExit(main())",
                        *build_args(args.content, out, cache)], check=True)
        print(f"cold build: {time.perf_counter() - start:.1f} s")

    from rvz_site.app.cli import main as cli_main
    from rvz_site.speed import pageindex, store
    from rvz_site.speed.uptodate import last_record

    for name in ("parsed", "keep_parsed", "parsed_one"):
        stopwatch(store.BuildCache, name)
    for name in ("loaded", "add_article", "add_job", "finish"):
        stopwatch(pageindex.PageMapWriter, name)
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    code = cli_main(build_args(args.content, out, cache))
    print(f"full build through the cache, no public/ (exit {code}): {time.perf_counter() - start:.2f} s")
    for label in sorted(SPENT):
        print(f"  {label:34} {SPENT[label] * 1000:8.1f} ms ({CPU[label] * 1000:7.1f} ms CPU) in {CALLS[label]} calls")

    record = last_record(cache, out)
    assert record is not None
    opened, reads, cpu = [], [], []
    page_map = pageindex.PageMap.open(cache, out, record.key)
    assert page_map is not None
    sources = sorted(page_map.index.articles)
    step = max(1, len(sources) // args.samples)
    held = 0
    for source in sources[::step][:args.samples]:
        start, started = time.perf_counter(), time.thread_time()
        page_map = pageindex.PageMap.open(cache, out, record.key)
        assert page_map is not None
        opened.append(time.perf_counter() - start)
        start = time.perf_counter()
        index = page_map.index
        db = store.BuildCache(cache)
        article = page_map.article(source, {})
        db.parsed_one(index.parse_keys.get(article.rel, ""))
        page_map.contexts(list(index.article_jobs.get(source, ())), {})
        db.close()
        reads.append(time.perf_counter() - start)
        cpu.append(time.thread_time() - started)
        held += len(page_map._loaded)
    n = len(opened)
    print(f"lane reads, {n} articles: PageMap.open {sum(opened) / n * 1000:.1f} ms, "
          f"its pages and articles {sum(reads) / n * 1000:.1f} ms, both {sum(cpu) / n * 1000:.1f} ms CPU "
          f"(mean; {held / n:.0f} articles each)")

    folder = pageindex.map_folder(cache, out)
    print("sizes (MB)")
    for path in sorted(folder.iterdir()):
        print(f"  page map {path.name:22} {path.stat().st_size / 1e6:8.2f}")
    db = sqlite3.connect(cache / "cache.sqlite")
    rows, stored = db.execute("SELECT count(*), sum(length(value)) FROM parsed").fetchone()
    db.close()
    sqlite_mb = sum(p.stat().st_size for p in cache.glob("cache.sqlite*")) / 1e6
    print(f"  parse results ({rows} rows)      {stored / 1e6:8.2f}   (cache.sqlite* files: {sqlite_mb:.2f})")
    record_mb = sum(p.stat().st_size for p in folder.parent.glob("*.pickle")) / 1e6
    print(f"  build record                     {record_mb:8.2f}")
    sys.stdout.flush()
    os._exit(0)  # as build.py does: freeing a large site object by object only costs time


if __name__ == "__main__":
    main()
