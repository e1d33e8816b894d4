"""Engine set-up per database: SQLite needs a few switches to behave like a real server."""

from __future__ import annotations

import logging
import time
from contextlib import suppress
from typing import Any

from flask import Flask, request
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, scoped_session

from storefront.extensions import db

log = logging.getLogger(__name__)

SQLITE_BEGIN_IMMEDIATE = "storefront_sqlite_begin_immediate"


def configure_engine_options(app: Flask) -> None:
    """The pool of a PostgreSQL engine: bounded, pre-pinged, quick to give up on a dead server.

    ``pool_pre_ping`` tests each connection as it leaves the pool; after a server restart the
    first test fails, and SQLAlchemy then drops every older connection of the pool, so one
    request per process sees the restart, not one per pooled connection (and that request, if
    it only reads, is dispatched once more: ``Storefront.dispatch_request``). A refused
    connection is tried again a few times (``DATABASE_CONNECT_RETRIES``) so that a restart of
    a second or two is absorbed; past that the request gets a quick 503, not a hung worker.
    """
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "postgresql":
        return
    config = app.config
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    options.setdefault("pool_pre_ping", True)
    options.setdefault("pool_size", config["DATABASE_POOL_SIZE"])
    options.setdefault("max_overflow", config["DATABASE_MAX_OVERFLOW"])
    options.setdefault("pool_timeout", config["DATABASE_POOL_TIMEOUT"])
    options.setdefault("pool_recycle", config["DATABASE_POOL_RECYCLE"])
    connect_args = dict(options.get("connect_args") or {})
    connect_args.setdefault("connect_timeout", max(2, int(config["DATABASE_CONNECT_TIMEOUT"])))
    options["connect_args"] = connect_args
    config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def retry_refused_connections(engine: Engine, retries: int, first_delay: float = 0.25) -> None:
    """Try a refused connection ``retries`` more times, ``first_delay`` doubling in between."""
    if retries <= 0:
        return

    @event.listens_for(engine, "do_connect")
    def _connect(dialect: Any, _record: Any, cargs: tuple, cparams: dict) -> Any:
        delay = first_delay
        for attempt in range(retries + 1):
            try:
                return dialect.connect(*cargs, **cparams)
            except dialect.loaded_dbapi.OperationalError:
                if attempt == retries:
                    raise
                log.warning("database connection refused; trying again in %.2f s", delay)
                time.sleep(delay)
                delay *= 2
        return None  # not reached


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
        elif engine.dialect.name == "postgresql":
            retry_refused_connections(engine, app.config["DATABASE_CONNECT_RETRIES"])

    _end_sessions_quietly(app)

    @app.before_request
    def _start_writes_as_writes() -> None:
        """A request that may write starts a write transaction (see ``begin_writing``)."""
        if request.method in WRITING_METHODS:
            begin_writing(db.session)


def _end_sessions_quietly(app: Flask) -> None:
    """Flask-SQLAlchemy's session teardown, minus one 500: a connection the server ended.

    At the end of every request the session is closed, which rolls back its transaction. When
    PostgreSQL restarted while the request held a connection ("terminating connection due to
    administrator command"), that rollback fails; the request's answer is ready, and nothing
    is left to roll back. The session is then dropped with its connection (invalidated, never
    returned to the pool) and the answer goes out.
    """
    hooks = app.teardown_appcontext_funcs

    def teardown_session(exc: BaseException | None) -> None:
        try:
            db._teardown_session(exc)
        except DBAPIError as error:
            log.warning(
                "database connection lost at the end of a request (%s): dropped",
                type(getattr(error, "orig", error)).__name__,
            )
            with suppress(DBAPIError):
                db.session().invalidate()
            db.session.registry.clear()

    for index, hook in enumerate(hooks):
        if getattr(hook, "__func__", None) is type(db)._teardown_session:
            hooks[index] = teardown_session


def include_in_migrations(name: str | None, type_: str, _parent_names: dict) -> bool:
    """Leave database-specific search indexes out of autogenerate's model comparison.

    The FTS5 table (and its shadow tables) on SQLite and the pg_trgm index on PostgreSQL are
    created by hand in their migration; the models cannot describe them.
    """
    from catalog.search import POSTGRES_SEARCH_INDEXES, SQLITE_FTS_TABLE

    if type_ == "table" and name and name.startswith(SQLITE_FTS_TABLE):
        return False
    return not (type_ == "index" and name in POSTGRES_SEARCH_INDEXES)
