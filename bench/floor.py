#!/usr/bin/env python3
"""The floor for a build: every article body converted with the site's Python-Markdown, on all cores.

Usage: python bench/floor.py CONTENT [--plain]

Nothing else: no front matter, no templates, no writing. Each worker reads its own files, so the
figure is what any generator that converts these bodies with Python-Markdown must at least spend.
--plain converts with Python-Markdown without extensions, for comparison with other generators.
Prints the number of bodies converted; bench/run.py times the whole process.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PLAIN = False


def _body(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if text.startswith("---"):
        parts = text.split("\n---", 2)
        if len(parts) == 3:
            return parts[2]
    return text


def _convert(paths: list[Path]) -> int:
    if PLAIN:
        import markdown

        md = markdown.Markdown()
        for path in paths:
            md.reset()
            md.convert(_body(path))
    else:
        from rvz_site.content.markdown import render_markdown

        for path in paths:
            render_markdown(_body(path))
    return len(paths)


def main() -> None:
    global PLAIN
    parser = argparse.ArgumentParser()
    parser.add_argument("content", type=Path)
    parser.add_argument("--plain", action="store_true")
    args = parser.parse_args()
    PLAIN = args.plain
    paths = sorted(p for p in args.content.rglob("*.md") if "media" not in p.parts)
    workers = len(os.sched_getaffinity(0))
    chunks = [paths[i::workers * 8] for i in range(workers * 8)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        done = sum(pool.map(_convert, chunks, chunksize=1))
    print(f"{done} bodies")


if __name__ == "__main__":
    main()
