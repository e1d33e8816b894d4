"""Engine set-up per database: SQLite needs a few switches to behave like a real server."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from storefront.extensions import db


def configure_sqlite(engine: Engine) -> None:
    """Foreign keys on, WAL, a busy timeout, and transactions that SAVEPOINT correctly.

    pysqlite's own transaction handling defers BEGIN and breaks SAVEPOINT; SQLAlchemy's
    documented recipe is to turn it off and emit BEGIN ourselves.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")


def init_app(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            configure_sqlite(engine)


def include_in_migrations(name: str | None, type_: str, _parent_names: dict) -> bool:
    """Leave database-specific search indexes out of autogenerate's model comparison.

    The FTS5 table (and its shadow tables) on SQLite and the pg_trgm index on PostgreSQL are
    created by hand in their migration; the models cannot describe them.
    """
    from catalog.search import POSTGRES_SEARCH_INDEXES, SQLITE_FTS_TABLE

    if type_ == "table" and name and name.startswith(SQLITE_FTS_TABLE):
        return False
    return not (type_ == "index" and name in POSTGRES_SEARCH_INDEXES)
