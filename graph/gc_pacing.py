"""Fewer garbage collections during bulk work: a load (``loaders.pipeline``) or a projection build
(``matcher.projection``).

A load makes about fifty short-lived objects per record (records, nodes, relationships, their rows) while the
process holds a large, long-lived heap (the NLP models, the vocabulary, the load's own indexes). CPython's
default pacing (a young collection every 700 allocations, and a full collection every time the heap has
grown by a quarter) then spends its time walking that heap: 14 full collections took 3.1 s of an 11.7 s load
of 20,000 companies and people (``benchmarks/loader_bench.py``). With young collections every 50,000
allocations the same load makes one full collection. Cyclic garbage still goes (reference counting frees
everything else at once); it only waits longer. A projection build of the PatentsView graph: 5.5 s → 4.9 s.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

BULK_THRESHOLD = 50_000
"""Allocations between young collections while a load runs (CPython's default is 700)."""

_lock = threading.Lock()
_active = 0
_saved: tuple[int, int, int] = gc.get_threshold()


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Raise the young-generation threshold while the block runs; the first of overlapping loads (the API runs
    imports in threads) saves the process's thresholds and the last one to finish puts them back."""
    global _active, _saved
    with _lock:
        if _active == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(max(BULK_THRESHOLD, _saved[0]), *_saved[1:])
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0:
                gc.set_threshold(*_saved)
