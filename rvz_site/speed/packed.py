"""Records kept zlib-compressed in one file, and read back one at a time: the page map's two .bin
files (pageindex.py).

A record is known by its address: where it starts in the stream of all records uncompressed, so
the page map keeps addresses where it kept file offsets. Records are packed in blocks, each one
zlib stream, and a record never spans two. `Blocks` says where each block starts, in the stream
and in the file. Two ways to cut them, for two ways of reading:
- blocks of some 64 KB (`per_record=False`), for records much like their neighbours (the pages'
  contexts: a block shrinks to a tenth, a context alone to four tenths);
- a block per record, against a dictionary made of the first records (`per_record=True`), for
  records read a few at a time from all over the file (the articles the lane needs).
The writer compresses on a thread beside the caller (zlib lets go of the GIL while it works),
in order, with a bounded queue so a slow disk cannot fill memory.

Owns: the file format. Must not: know what the records are.
"""

from __future__ import annotations

import threading
import zlib
from array import array
from bisect import bisect_right
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

BLOCK = 64 * 1024  # 16 KB blocks keep 0.13 of the pages' contexts, 64 KB 0.09, 256 KB 0.07
# Level 1: a tenth larger than the default 6 and half the time; the full build writes 170 MB here
# at 10,000 articles.
LEVEL = 1
DICTIONARY = 32 * 1024  # zlib looks back this far at most
_QUEUED = 8  # batches waiting for the thread, at most


@dataclass
class Blocks:
    """Where each block of a packed file starts: in the records' stream, and (its end) in the file."""

    starts: array[int] = field(default_factory=lambda: array("q"))
    ends: array[int] = field(default_factory=lambda: array("q"))
    dictionary: bytes = b""


def pack(data: bytes, dictionary: bytes = b"") -> bytes:
    """One zlib stream; `dictionary` as zlib's preset dictionary (unpack needs the same)."""
    packer = zlib.compressobj(LEVEL, zdict=dictionary) if dictionary else zlib.compressobj(LEVEL)
    return packer.compress(data) + packer.flush()


def unpack(data: bytes, dictionary: bytes = b"") -> bytes:
    """What pack made; ValueError for anything else (zlib checks the dictionary and a checksum)."""
    try:
        unpacker = zlib.decompressobj(zdict=dictionary) if dictionary else zlib.decompressobj()
        whole = unpacker.decompress(data)
    except zlib.error as exc:
        raise ValueError(f"not a packed record: {exc}") from exc
    if not unpacker.eof or unpacker.unused_data:
        raise ValueError("a packed record cut short or run on")
    return whole


class PackedWriter:
    """Appends records to a new file; close() says where its blocks are."""

    def __init__(self, path: Path, pool: ThreadPoolExecutor, per_record: bool = False) -> None:
        self._file = path.open("wb")
        self._pool, self._per_record = pool, per_record
        self._batch: list[bytes] = []
        self._batched = 0  # bytes in _batch
        self._size = 0  # the records' stream so far: the next record's address
        self._blocks = Blocks()
        self._room = threading.BoundedSemaphore(_QUEUED)
        self._failed: OSError | None = None
        self._packer: zlib._Compress | None = None  # per record: one that has read the dictionary

    def add(self, data: bytes) -> int:
        """Keep one record; returns its address."""
        address = self._size
        if self._per_record or not self._batch:
            self._blocks.starts.append(address)
        self._batch.append(data)
        self._batched += len(data)
        self._size += len(data)
        if self._batched >= BLOCK:
            self._send()
        return address

    def _send(self) -> None:
        if not self._batch:
            return
        if self._per_record and self._packer is None:
            # The first records, whatever they are: an article is mostly markup and words like every other.
            self._blocks.dictionary = b"".join(self._batch)[:DICTIONARY]
            self._packer = zlib.compressobj(LEVEL, zdict=self._blocks.dictionary)
        batch, self._batch, self._batched = self._batch, [], 0
        self._room.acquire()
        self._pool.submit(self._write, batch)

    def _write(self, batch: list[bytes]) -> None:
        """On the thread: compress the batch (one block, or one per record) and write it."""
        try:
            if self._failed is not None:
                return
            if not self._per_record:
                blocks = [pack(b"".join(batch))]
            else:
                blocks = []
                assert self._packer is not None
                for record in batch:
                    packer = self._packer.copy()  # the dictionary read once, not once a record
                    blocks.append(packer.compress(record) + packer.flush())
            for block in blocks:
                self._file.write(block)
                self._blocks.ends.append(self._file.tell())
        except Exception as exc:  # noqa: BLE001 - told by close(), on the caller's thread
            self._failed = exc if isinstance(exc, OSError) else OSError(f"{type(exc).__name__}: {exc}")
        finally:
            self._room.release()

    def close(self) -> Blocks:
        """Write what is left and wait for it; OSError when the file could not be written whole."""
        try:
            self._send()
            for _ in range(_QUEUED):  # every batch written
                self._room.acquire()
            for _ in range(_QUEUED):
                self._room.release()
        finally:
            self._file.close()
        if self._failed is not None:
            raise self._failed
        if len(self._blocks.ends) != len(self._blocks.starts):
            raise OSError(f"{self._file.name}: not every block was written")
        return self._blocks


class PackedReader:
    """Reads records of a packed file by address, keeping the last block it unpacked."""

    def __init__(self, path: Path, blocks: Blocks) -> None:
        self._path, self._blocks = path, blocks
        self._last: tuple[int, bytes] = (-1, b"")

    def block(self, address: int) -> tuple[bytes, int]:
        """The unpacked block that holds the record at `address`, and where in it the record starts.
        ValueError (or OSError) when the file is not as the blocks say."""
        starts, ends = self._blocks.starts, self._blocks.ends
        i = bisect_right(starts, address) - 1
        if not 0 <= i < len(ends):
            raise ValueError(f"no record at {address}")
        if self._last[0] != i:
            begin = ends[i - 1] if i else 0
            with self._path.open("rb") as handle:
                handle.seek(begin)
                data = handle.read(ends[i] - begin)
            self._last = (i, unpack(data, self._blocks.dictionary))
        return self._last[1], address - starts[i]

    def record(self, address: int, length: int) -> bytes:
        block, start = self.block(address)
        if start + length > len(block):
            raise ValueError(f"no record of {length} bytes at {address}")
        return block[start:start + length]
