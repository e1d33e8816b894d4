"""The Redis every machine shares (``STOREFRONT_REDIS_URL``): one client per process.

Used by the page cache (``page_cache.py``) and the readiness probe; Flask-Limiter opens its own
connection to the same URL (``rate_limits.py``). Redis only ever speeds things up or shares a
budget: when it does not answer within ``REDIS_TIMEOUT_SECONDS``, the page cache works from the
process's own copies and renders the rest, then leaves Redis alone for ``PAUSE_SECONDS`` (one
log line per pause, not one per request), so an outage costs one timeout per pause and process.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from flask import Flask

log = logging.getLogger(__name__)

PAUSE_SECONDS = 5.0


class SharedRedis:
    def __init__(self, url: str, timeout: float) -> None:
        import redis

        self.errors = (redis.RedisError, OSError)
        self.client = redis.Redis.from_url(
            url, socket_timeout=timeout, socket_connect_timeout=timeout
        )
        self._paused_until = 0.0
        self._lock = threading.Lock()

    @property
    def available(self) -> bool:
        return time.monotonic() >= self._paused_until

    def _failed(self, error: BaseException) -> None:
        with self._lock:
            if self.available:
                log.warning(
                    "redis unreachable (%s); using process caches for %.0f s",
                    type(error).__name__,
                    PAUSE_SECONDS,
                )
            self._paused_until = time.monotonic() + PAUSE_SECONDS

    def get(self, key: str) -> bytes | None:
        if not self.available:
            return None
        try:
            return self.client.get(key)
        except self.errors as error:
            self._failed(error)
            return None

    def set(self, key: str, value: bytes, ttl_seconds: float) -> None:
        if not self.available:
            return
        try:
            self.client.set(key, value, px=max(int(ttl_seconds * 1000), 1))
        except self.errors as error:
            self._failed(error)

    def ping(self) -> bool:
        """Whether Redis answers now (the readiness probe; ignores the pause)."""
        try:
            return bool(self.client.ping())
        except self.errors:
            return False


def shared_redis(app: Flask) -> SharedRedis | None:
    return app.extensions.get("shared_redis")


def init_app(app: Flask, **_options: Any) -> None:
    url = app.config["REDIS_URL"]
    app.extensions["shared_redis"] = (
        SharedRedis(url, float(app.config["REDIS_TIMEOUT_SECONDS"])) if url else None
    )
