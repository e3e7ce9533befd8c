"""Run a stage's independent pieces of work on every core, with the result one process would give.

Owns: how many worker processes, forking them, and putting their results back in input order.
Must not: decide what is parsed or rendered (parse.py, render.py) or what is cached (cache.py).

Workers are forked after the parent has built everything they need (the sources, the Site, the
Renderer), so nothing big is pickled on the way in: a worker gets a range of indices and reads its
inputs from the memory it shares with the parent. Only results travel back. The order of results
never depends on which worker finished first, so the output is the same for any number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

R = TypeVar("R")

# Below this many pieces the cost of forking is more than what it saves.
MIN_PARALLEL = 48
# Pieces per worker handed out one chunk at a time, so a slow chunk does not leave a core idle.
CHUNKS_PER_WORKER = 8

Work = Callable[[Sequence[int]], list[Any]]
_work: Work | None = None  # what the forked workers run; set just before the fork


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def worker_count(requested: int) -> int:
    """`requested` workers, or one per core for 0."""
    return requested if requested > 0 else cores()


def _run_chunk(indices: Sequence[int]) -> list[Any]:
    assert _work is not None
    return _work(indices)


def _chunks(count: int, workers: int) -> list[range]:
    size = max(1, -(-count // (workers * CHUNKS_PER_WORKER)))
    return [range(start, min(start + size, count)) for start in range(0, count, size)]


def map_indices(work: Callable[[Sequence[int]], list[R]], count: int, workers: int) -> list[R]:
    """work(range(count)), spread over `workers` forked processes; results in index order."""
    if workers <= 1 or count < MIN_PARALLEL or "fork" not in multiprocessing.get_all_start_methods():
        return work(range(count))
    global _work
    _work = work
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_run_chunk, _chunks(count, workers), chunksize=1)
    finally:
        _work = None
    return [result for part in parts for result in part]
