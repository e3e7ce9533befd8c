"""Run a stage's independent pieces of work on every core, with the result one process would give.

Owns: how many worker processes, forking them, and putting their results back in input order.
Must not: decide what is parsed or rendered (parse.py, render.py) or what is cached (speed/store.py).

Workers are forked after the parent has built everything they need (the sources, the Site, the
Renderer), so nothing big is pickled on the way in: a worker takes chunks of indices and reads its
inputs from the memory it shares with the parent. Only results travel back. The parent works
too, taking chunks from the same counter: on N cores it forks N-1 workers, so one process fewer
holds private copies of what it touched (at 10,000 articles, some 80 MB less at the peak), and
no core waits. The order of results never depends on which process finished first, so the
output is the same for any number of workers.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import pickle
import queue
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from .progress import is_reporting, pieces_done

R = TypeVar("R")

# Below this many pieces the cost of forking is more than what it saves.
MIN_PARALLEL = 48
# Chunks shrink as the work runs out (guided scheduling): each is this share of what is left per
# process, so the processes finish within one small chunk of each other. With equal chunks of 1/16
# of the work, one core stood idle for up to a chunk at the end of every stage (some 3 s of parsing
# at 10,000 articles). On 2 cores the first chunk is 1/16 as before, so no process holds more
# results at once (with 1/8, peak memory at 10,000 articles was 501 MB against 488 MB before).
SHARE_OF_WHAT_IS_LEFT = 8
# The smallest chunk, as a share of the whole per process: small enough for an even end, big enough
# that handing out chunks costs nothing (some 80 articles at 10,000 on 2 cores).
SMALLEST_SHARE = 64
# How often work done in this one process tells its progress, when someone watches.
SERIAL_REPORTS = 40

Work = Callable[[Sequence[int]], list[Any]]
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def worker_count(requested: int) -> int:
    """`requested` workers, or one per core for 0."""
    return requested if requested > 0 else cores()


def _chunks(count: int, workers: int) -> list[range]:
    """Consecutive ranges covering range(count), each smaller than the one before, down to the smallest."""
    smallest = max(1, -(-count // (workers * SMALLEST_SHARE)))
    chunks: list[range] = []
    start = 0
    while start < count:
        size = max(smallest, -(-(count - start) // (workers * SHARE_OF_WHAT_IS_LEFT)))
        chunks.append(range(start, min(start + size, count)))
        start += size
    return chunks


def _claim(total: int, claimed: Any) -> Iterator[int]:
    """The chunks this process gets, one at a time, from the counter all processes share."""
    while True:
        with claimed.get_lock():
            index = int(claimed.value)
            if index >= total:
                return
            claimed.value = index + 1
        yield index


def _die_with_parent() -> None:
    """A worker whose parent is killed (SIGKILL, a stopped build) must not go on writing cache files."""
    # Not Linux: the worker finishes its chunk, then finds no parent.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _worker(work: Work, chunks: Sequence[range], claimed: Any, results: Any, parent: int) -> None:
    _die_with_parent()
    try:
        for index in _claim(len(chunks), claimed):
            if os.getppid() != parent:
                return
            results.put((index, work(chunks[index]), None))
    except BaseException as exc:  # noqa: BLE001 - handed to the parent, which raises it
        try:
            results.put((-1, None, exc))
        except Exception:  # noqa: BLE001 - an exception that cannot be pickled
            results.put((-1, None, RuntimeError(repr(exc))))


def _in_order(work: Callable[[Sequence[int]], list[R]], count: int) -> list[R]:
    """work(range(count)) in this process; in chunks when someone watches, so progress can be told."""
    if not is_reporting():
        return work(range(count))
    results: list[R] = []
    size = max(1, -(-count // SERIAL_REPORTS))
    for start in range(0, count, size):
        results += work(range(start, min(start + size, count)))
        pieces_done(len(results), count)
    return results


def map_indices(work: Callable[[Sequence[int]], list[R]], count: int, workers: int,
                min_count: int = MIN_PARALLEL) -> list[R]:
    """work(range(count)), spread over the parent and `workers - 1` forked processes; results in index order.
    Tells core.progress how many pieces are done after each chunk. `min_count`: below it everything
    runs here (lower for pieces that take long, such as photos)."""
    if workers <= 1 or count < min_count or "fork" not in multiprocessing.get_all_start_methods():
        return _in_order(work, count)
    context = multiprocessing.get_context("fork")
    chunks = _chunks(count, workers)
    finished = 0  # pieces, for the progress shown while the stage runs
    claimed = context.Value("i", 0)
    results = context.Queue()
    done: dict[int, list[R]] = {}
    # The workers share the parent's memory until they write to it, and a garbage collection
    # writes to every object it looks at: frozen, the parent's objects are left alone and stay
    # shared (at 10,000 articles this saved some 200 MB over the render's workers).
    gc.freeze()
    processes = [context.Process(target=_worker, args=(work, chunks, claimed, results, os.getpid()), daemon=True)
                 for _ in range(workers - 1)]
    try:
        for process in processes:
            process.start()
        def receive(timeout: float) -> bool:
            try:
                index, result, error = results.get(timeout=timeout)
            except queue.Empty:
                return False
            if error is not None:
                raise error
            took(index, result)
            return True

        def took(index: int, result: list[R]) -> None:
            nonlocal finished
            done[index] = result
            finished += len(chunks[index])
            pieces_done(finished, count)

        for index in _claim(len(chunks), claimed):
            took(index, work(chunks[index]))
            while receive(0):  # between its own chunks, so results do not pile up in the workers
                pass
        while len(done) < len(chunks):
            if not receive(1.0) and all(not p.is_alive() for p in processes) and results.empty():
                raise RuntimeError("a worker process stopped before its work was done")
    finally:
        for process in processes:
            if process.is_alive() and len(done) < len(chunks):
                process.terminate()
            process.join()
        results.close()
        gc.unfreeze()
    return [result for index in range(len(chunks)) for result in done[index]]


def in_background(work: Callable[[], R]) -> Callable[[], R]:
    """Start work() in a forked process, on another core; the returned function waits for its
    result (pickled back through a pipe). Where fork is missing, or with one core, it runs here."""
    if cores() <= 1 or not hasattr(os, "fork"):
        result = work()
        return lambda: result
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, and leave without running the parent's exit handlers
        code = 1
        try:
            os.close(read)
            with os.fdopen(write, "wb") as out:
                pickle.dump(work(), out, protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        finally:
            os._exit(code)
    os.close(write)

    def wait() -> R:
        with os.fdopen(read, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
        if not data:
            raise RuntimeError("a background process stopped before its work was done")
        value: R = pickle.loads(data)
        return value

    return wait

