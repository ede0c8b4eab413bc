"""A least-recently-used cache of answers that are fixed for one graph version (pages, entity views)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class VersionedCache(Generic[V]):
    """Answers keyed by request, all dropped when the graph version changes; thread-safe.

    ``compute`` runs outside the lock (two threads may compute the same answer once each), and an answer
    computed while the version moved on is not kept.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, V] = OrderedDict()
        self._version: str | None = None
        self._lock = threading.Lock()

    def get(self, version: str, key: Hashable, compute: Callable[[], V]) -> V:
        with self._lock:
            if self._version != version:
                self._items.clear()
                self._version = version
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = compute()
        with self._lock:
            if self._version == version:
                self._items[key] = value
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
        return value
