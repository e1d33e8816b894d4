"""Rate limits that every worker counts together, per address and per account.

Storage: Redis when ``STOREFRONT_REDIS_URL`` is set; otherwise a small SQLite file
(``RATELIMIT_FILE``, ``instance/rate-limits.sqlite3``) that every process of the machine shares,
so gunicorn with several workers counts one budget, not one per worker. The file store is a
``limits`` storage backend (``sqlite-file://<path>``) for the fixed-window strategy: one row per
key with its count and the moment the window ends, updated in one ``BEGIN IMMEDIATE``
transaction.

Keys: ``address_key`` (the client's address) and ``account_key`` (the e-mail address the form
names, normalised), so guesses for one account from many addresses share one budget.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
import time
from pathlib import Path
from urllib.parse import unquote

from flask import Flask, request
from flask_limiter.util import get_remote_address
from limits.storage import Storage

from storefront.accounts.models import normalise_email

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS rate_limit_windows ("
    " key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires_at REAL NOT NULL)"
)


class SQLiteFileStorage(Storage):
    """``limits`` storage in a SQLite file: shared by every process that opens the same path."""

    STORAGE_SCHEME = ["sqlite-file"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        path = unquote((uri or "").removeprefix("sqlite-file://"))
        if not path:
            raise ValueError("sqlite-file:// needs a file path")
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._local = threading.local()
        with self._connection() as connection:
            connection.execute(_SCHEMA)

    @property
    def base_exceptions(self) -> type[Exception]:
        return sqlite3.Error

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        # A connection never crosses a fork (gunicorn's preload_app forks after init_app).
        if connection is None or self._local.pid != os.getpid():
            connection = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            self._local.connection = connection
            self._local.pid = os.getpid()
        return connection

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        connection = self._connection()
        connection.execute("BEGIN IMMEDIATE")
        try:
            row = connection.execute(
                "SELECT count, expires_at FROM rate_limit_windows WHERE key = ?", (key,)
            ).fetchone()
            if row is None or row[1] <= now:
                count = amount
                connection.execute(
                    "INSERT OR REPLACE INTO rate_limit_windows (key, count, expires_at)"
                    " VALUES (?, ?, ?)",
                    (key, count, now + expiry),
                )
            else:
                count = row[0] + amount
                connection.execute(
                    "UPDATE rate_limit_windows SET count = ? WHERE key = ?", (count, key)
                )
            connection.execute("DELETE FROM rate_limit_windows WHERE expires_at <= ?", (now,))
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        return count

    def get(self, key: str) -> int:
        row = (
            self._connection()
            .execute(
                "SELECT count FROM rate_limit_windows WHERE key = ? AND expires_at > ?",
                (key, time.time()),
            )
            .fetchone()
        )
        return int(row[0]) if row else 0

    def get_expiry(self, key: str) -> float:
        row = (
            self._connection()
            .execute("SELECT expires_at FROM rate_limit_windows WHERE key = ?", (key,))
            .fetchone()
        )
        return float(row[0]) if row and row[0] > time.time() else time.time()

    def check(self) -> bool:
        try:
            self._connection().execute("SELECT 1")
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        cursor = self._connection().execute("DELETE FROM rate_limit_windows")
        return cursor.rowcount

    def clear(self, key: str) -> None:
        self._connection().execute("DELETE FROM rate_limit_windows WHERE key = ?", (key,))


def storage_uri(config: dict) -> str:
    """Where the limits are counted: an explicit URI, Redis, else the shared SQLite file."""
    explicit = config.get("RATELIMIT_STORAGE_URI")
    if explicit:
        return str(explicit)
    if config.get("REDIS_URL"):
        return str(config["REDIS_URL"])
    return "sqlite-file://" + str(config["RATELIMIT_FILE"])


def address_key() -> str:
    return "address:" + get_remote_address()


def account_key() -> str:
    """The account a form names (its e-mail address), hashed: keys hold no personal data."""
    email = normalise_email(str(request.form.get("email", "")))[:254]
    return "account:" + hashlib.sha256(email.encode("utf-8", "replace")).hexdigest()


def init_app(app: Flask) -> None:
    app.config["RATELIMIT_STORAGE_URI"] = storage_uri(app.config)
    if app.config["RATELIMIT_STORAGE_URI"].startswith(("redis://", "rediss://", "unix://")):
        timeout = float(app.config["REDIS_TIMEOUT_SECONDS"])
        options = dict(app.config.get("RATELIMIT_STORAGE_OPTIONS") or {})
        options.setdefault("socket_timeout", timeout)
        options.setdefault("socket_connect_timeout", timeout)
        app.config["RATELIMIT_STORAGE_OPTIONS"] = options
