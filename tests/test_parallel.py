"""Work on every core (core/parallel.py): the chunks cover the work in order and end evenly."""

from __future__ import annotations

import pytest

from rvz_site.core.parallel import _chunks


@pytest.mark.parametrize(("count", "workers"), [(10_000, 2), (2_000, 2), (100, 2), (48, 4), (25_000, 8)])
def test_chunks_cover_the_work_in_order_and_end_small(count: int, workers: int) -> None:
    chunks = _chunks(count, workers)
    assert [i for chunk in chunks for i in chunk] == list(range(count))
    sizes = [len(chunk) for chunk in chunks]
    assert sizes == sorted(sizes, reverse=True)
    # The last chunks, where one process may wait for the other, are a small share of the work.
    assert sizes[-1] <= max(1, count // (workers * 32))
    assert len(chunks) <= workers * 32  # few enough that handing them out costs nothing
