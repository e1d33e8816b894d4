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
    def __init__(self) -> None:
        self._entries: dict[Hashable, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def get_or_load(self, key: Hashable, ttl_seconds: float, load: Callable[[], T]) -> T:
        if ttl_seconds <= 0:
            return load()
        now = time.monotonic()
        entry = self._entries.get(key)
        if entry is not None and entry[0] > now:
            return entry[1]
        value = load()
        with self._lock:
            if len(self._entries) >= _MAX_ENTRIES:
                self._entries.clear()
            self._entries[key] = (now + ttl_seconds, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


reference_cache = ReferenceCache()


def cached(key: Hashable, load: Callable[[], T]) -> T:
    """``load()`` once per ``REFERENCE_CACHE_SECONDS`` for ``key`` in this process."""
    ttl = current_app.config["REFERENCE_CACHE_SECONDS"]
    return reference_cache.get_or_load(key, ttl, load)
