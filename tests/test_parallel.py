"""Work on every core (core/parallel.py): results in order, an even end, the parent's own work beside the workers'."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Sequence

import pytest

from rvz_site.core.parallel import _chunks, map_indices


@pytest.mark.parametrize(("count", "workers"), [(10_000, 2), (2_000, 2), (100, 2), (48, 4), (25_000, 8)])
def test_chunks_cover_the_work_in_order_and_end_small(count: int, workers: int) -> None:
    chunks = _chunks(count, workers)
    assert [i for chunk in chunks for i in chunk] == list(range(count))
    sizes = [len(chunk) for chunk in chunks]
    assert sizes == sorted(sizes, reverse=True)
    # The last chunks, where one process may wait for the other, are a small share of the work.
    assert sizes[-1] <= max(1, count // (workers * 32))
    assert len(chunks) <= workers * 32  # few enough that handing them out costs nothing


@pytest.mark.parametrize("workers", [1, 2])
def test_the_parents_own_work_runs_once_while_the_workers_work(workers: int) -> None:
    parent = os.getpid()
    by_workers = multiprocessing.get_context("fork").Value("i", 0)
    ran: list[int] = []

    def work(indices: Sequence[int]) -> list[int]:
        if os.getpid() != parent:
            with by_workers.get_lock():
                by_workers.value += len(indices)
        return [i * 3 for i in indices]

    def meanwhile() -> None:
        ran.append(os.getpid())
        if workers > 1:  # done before the workers started, this would wait in vain
            deadline = time.monotonic() + 30
            while by_workers.value == 0 and time.monotonic() < deadline:
                time.sleep(0.01)
            assert by_workers.value > 0

    assert map_indices(work, 500, workers, meanwhile=meanwhile) == [i * 3 for i in range(500)]
    assert ran == [parent]
