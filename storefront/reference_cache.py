"""A small per-process cache for reference data that changes rarely (rates, destination rules).

Values must be immutable plain data (frozen dataclasses, tuples, dicts never mutated), never ORM
objects. Entries expire after ``REFERENCE_CACHE_SECONDS`` (0 turns the cache off, as tests do
when they change reference data in the middle of a test).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from flask import current_app

T = TypeVar("T")

_MAX_ENTRIES = 512


class ReferenceCache:
    """Entries that expire, bounded in number (and, with ``weigh``, in total weight).

    When a bound is passed, the oldest entries go first (entries are kept in the order they
    were stored) until a quarter of the room is free again: a process that sees many keys
    keeps its recent ones instead of forgetting everything at once.
    """

    def __init__(
        self,
        max_entries: int = _MAX_ENTRIES,
        *,
        weigh: Callable[[Any], int] | None = None,
        max_weight: int = 0,
    ) -> None:
        self._entries: dict[Hashable, tuple[float, Any]] = {}
        self._lock = threading.Lock()
        self._max_entries = max_entries
        self._weigh = weigh
        self._max_weight = max_weight
        self._weight = 0

    def get_or_load(self, key: Hashable, ttl_seconds: float, load: Callable[[], T]) -> T:
        if ttl_seconds <= 0:
            return load()
        now = time.monotonic()
        entry = self._entries.get(key)
        if entry is not None and entry[0] > now:
            return entry[1]
        value = load()
        with self._lock:
            self._store(key, (now + ttl_seconds, value))
        return value

    def get(self, key: Hashable) -> Any:
        """The value kept for ``key`` if it has not expired, else None."""
        entry = self._entries.get(key)
        if entry is not None and entry[0] > time.monotonic():
            return entry[1]
        return None

    def put(self, key: Hashable, ttl_seconds: float, value: Any) -> None:
        if ttl_seconds <= 0:
            return
        with self._lock:
            self._store(key, (time.monotonic() + ttl_seconds, value))

    def _store(self, key: Hashable, entry: tuple[float, Any]) -> None:
        self._forget(key)
        self._entries[key] = entry
        if self._weigh is not None:
            self._weight += self._weigh(entry[1])
        too_heavy = self._weigh is not None and self._weight > self._max_weight
        if len(self._entries) > self._max_entries or too_heavy:
            keep_entries = self._max_entries * 3 // 4
            keep_weight = self._max_weight * 3 // 4
            for old in list(self._entries):
                heavy = self._weigh is not None and self._weight > keep_weight
                if len(self._entries) <= keep_entries and not heavy:
                    break
                self._forget(old)

    def _forget(self, key: Hashable) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None and self._weigh is not None:
            self._weight -= self._weigh(entry[1])

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._weight = 0


reference_cache = ReferenceCache()


def cached(key: Hashable, load: Callable[[], T]) -> T:
    """``load()`` once per ``REFERENCE_CACHE_SECONDS`` for ``key`` in this process."""
    ttl = current_app.config["REFERENCE_CACHE_SECONDS"]
    return reference_cache.get_or_load(key, ttl, load)
