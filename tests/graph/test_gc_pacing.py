"""Loads pace the garbage collector and give the process its pacing back."""

from __future__ import annotations

import gc

import pytest

from graph.gc_pacing import BULK_THRESHOLD, fewer_collections


def test_fewer_collections_during_loads_and_the_process_pacing_back_after_the_last() -> None:
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold()[0] == max(BULK_THRESHOLD, before[0])
        with fewer_collections():  # an overlapping load (the API runs imports in threads)
            pass
        assert gc.get_threshold()[0] == max(BULK_THRESHOLD, before[0])
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("a failed load")
    assert gc.get_threshold() == before
