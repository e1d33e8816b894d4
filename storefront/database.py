"""Engine set-up per database: SQLite needs a few switches to behave like a real server."""

from __future__ import annotations

from typing import Any

from flask import Flask, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, scoped_session

from storefront.extensions import db

SQLITE_BEGIN_IMMEDIATE = "storefront_sqlite_begin_immediate"


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
        immediate = connection.get_execution_options().get(SQLITE_BEGIN_IMMEDIATE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def begin_writing(session: Session | scoped_session) -> None:
    """Start the session's next transaction as a write transaction.

    SQLite: a transaction that reads and then writes fails at once with "database is locked"
    when another writer committed in between (its snapshot is stale). ``BEGIN IMMEDIATE`` takes
    the write lock up front, waiting up to the busy timeout, so such a transaction (placing an
    order, recording a payment) queues instead of failing. Other databases: nothing to do; they
    lock rows. Call it before the session runs its first statement; when a transaction is
    already open (as inside the tests' outer transaction) it does nothing.
    """
    if isinstance(session, scoped_session):
        session = session()
    if session.in_transaction():
        return
    if session.get_bind().dialect.name != "sqlite":
        return
    session.connection(execution_options={SQLITE_BEGIN_IMMEDIATE: True})


WRITING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def init_app(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            configure_sqlite(engine)

    @app.before_request
    def _start_writes_as_writes() -> None:
        """A request that may write starts a write transaction (see ``begin_writing``)."""
        if request.method in WRITING_METHODS:
            begin_writing(db.session)


def include_in_migrations(name: str | None, type_: str, _parent_names: dict) -> bool:
    """Leave database-specific search indexes out of autogenerate's model comparison.

    The FTS5 table (and its shadow tables) on SQLite and the pg_trgm index on PostgreSQL are
    created by hand in their migration; the models cannot describe them.
    """
    from catalog.search import POSTGRES_SEARCH_INDEXES, SQLITE_FTS_TABLE

    if type_ == "table" and name and name.startswith(SQLITE_FTS_TABLE):
        return False
    return not (type_ == "index" and name in POSTGRES_SEARCH_INDEXES)
