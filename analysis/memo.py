"""Memos of pure functions that live as long as the process (a worker, the dashboard's server), bounded.

A memo kept for the life of the Streamlit server grows with every session's texts unless it has a bound in
entries and in the size of what it keeps (issue 22 item 25): ``BoundedMemo`` drops the least recently used
entries past either bound.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, NamedTuple, TypeVar

V = TypeVar("V")


class CacheInfo(NamedTuple):  # as functools.lru_cache's
    hits: int
    misses: int
    maxsize: int
    currsize: int


class BoundedMemo(Generic[V]):
    """key -> value, least recently used dropped first, at most ``max_items`` entries and ``max_size`` in all
    (the sum of ``size(key)``: characters of a text key). Thread-safe; a key larger than the whole bound is not
    kept."""

    def __init__(self, max_items: int, max_size: int, size: Callable[[Hashable], int] = len):
        self.max_items, self.max_size, self.size = max_items, max_size, size
        self._data: OrderedDict[Hashable, V] = OrderedDict()
        self._sizes: dict[Hashable, int] = {}
        self.total = 0  # the sum of the sizes of the keys kept
        self.hits = self.misses = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._data)

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
                self.hits += 1
            else:
                self.misses += 1
            return value

    def put(self, key: Hashable, value: V) -> None:
        n = self.size(key)
        if n > self.max_size:
            return
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return
            self._data[key] = value
            self._sizes[key] = n
            self.total += n
            while len(self._data) > self.max_items or self.total > self.max_size:
                old, _ = self._data.popitem(last=False)
                self.total -= self._sizes.pop(old)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self._sizes.clear()
            self.total = 0
            self.hits = self.misses = 0

    def cache_info(self) -> CacheInfo:
        return CacheInfo(self.hits, self.misses, self.max_items, len(self._data))

    def memoised(self, fn: Callable[[Hashable], V]) -> Callable[[Hashable], V]:
        """``fn`` with this memo in front (one argument, a hashable key), with ``functools.lru_cache``'s
        ``cache_info``, ``cache_clear`` and ``__wrapped__``."""

        def call(key):
            value = self.get(key)
            if value is None:
                value = fn(key)
                self.put(key, value)
            return value

        call.__wrapped__ = fn
        call.__doc__ = fn.__doc__
        call.__name__ = getattr(fn, "__name__", "memoised")
        call.memo = self
        call.cache_info = self.cache_info
        call.cache_clear = self.clear
        return call
