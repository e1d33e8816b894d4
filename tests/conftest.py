"""Shared fixtures: one app and one migrated, demo-loaded database per test run.

The database is SQLite in a temporary folder unless STOREFRONT_DATABASE_URL names another
(CI runs the suite twice: SQLite and PostgreSQL). Each test runs inside a transaction that is
rolled back, so tests see the demo catalog and never each other's changes.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask, has_app_context
from flask_migrate import upgrade
from sqlalchemy import event, text
from sqlalchemy.orm import scoped_session, sessionmaker

from catalog.demo.loader import load_demo_catalog
from storefront import create_app
from storefront.customs import CustomsAdapter, customs_adapter
from storefront.extensions import db
from storefront.inventory.ledger import take_on_stock
from storefront.pickup.demo import load_bonded_demo

REPO_ROOT = Path(__file__).resolve().parent.parent
CUSTOMS_XSD_DIR = Path(
    os.environ.get("STOREFRONT_CUSTOMS_XSD_DIR", REPO_ROOT.parent / "shared/customs/xsd")
)


def _database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("STOREFRONT_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


def _reset_database(app: Flask) -> None:
    engine = db.engine
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    else:
        db.drop_all()
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    exchange = tmp_path_factory.mktemp("customs")
    customs_keys = tmp_path_factory.mktemp("customs-keys")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": _database_url(tmp_path_factory),
            "WTF_CSRF_ENABLED": False,
            "SERVER_NAME": "shop.test",
            "PUBLIC_URL": "http://shop.test",
            "CUSTOMS_EXCHANGE_DIR": str(exchange),
            "CUSTOMS_XSD_DIR": str(CUSTOMS_XSD_DIR),
            "CUSTOMS_SIGNING_KEY_PATH": str(customs_keys / "customs-signing-key.pem"),
            "CUSTOMS_SIGNING_CERT_PATH": str(customs_keys / "customs-signing-cert.pem"),
            "PICKUP_ID_KEY_FILE": str(customs_keys / "pickup-id.key"),
            "RATELIMIT_ENABLED": False,
            "REFERENCE_CACHE_SECONDS": 0,
            "PAGE_CACHE_SECONDS": 0,
            "FRAGMENT_CACHE_SECONDS": 0,
            # The stamp read on every request: query counts must not depend on the clock.
            "CATALOG_STAMP_SECONDS": 0,
            "MAIL_BACKEND": "memory",
            "MEDIA_DIR": str(tmp_path_factory.mktemp("media")),
        }
    )
    with app.app_context():
        _reset_database(app)
        upgrade()
        load_demo_catalog(db.session)
        load_bonded_demo(db.session)
        take_on_stock(db.session)
        db.session.commit()
        db.session.remove()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def order_declarations(app: Flask) -> CustomsAdapter:
    """The app's customs adapter, handed to the order services as a caller would."""
    return customs_adapter(app)


@pytest.fixture
def db_session(app: Flask) -> Iterator[scoped_session]:
    """A session inside a transaction rolled back at the end; the app's commits are savepoints.

    The test body runs inside one application context, which test-client requests reuse, so
    ``g`` (and what extensions cache in it) carries over from one request to the next. Tests of
    per-request behaviour push a fresh ``app.app_context()`` around each request, or do without
    this fixture (see tests/storefront/test_page_cache.py).
    """
    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        session = scoped_session(
            sessionmaker(bind=connection, join_transaction_mode="create_savepoint")
        )
        original = db.session
        db.session = session
        try:
            yield session
        finally:
            session.remove()
            db.session = original
            if outer.is_active:
                outer.rollback()
            connection.close()


@pytest.fixture
def client(app: Flask, db_session: scoped_session):
    return app.test_client()


@pytest.fixture
def count_queries(app: Flask):
    """Count SQL statements run inside a ``with count_queries() as counter:`` block."""
    from contextlib import contextmanager

    @contextmanager
    def counter():
        statements: list[str] = []

        def record(_conn, _cursor, statement, *_args):
            if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
                statements.append(statement)

        # Popping an app context would tear down (and roll back) the test's session, losing
        # the data the test just created: only push one when none is active.
        if has_app_context():
            engine = db.engine
        else:
            with app.app_context():
                engine = db.engine
        event.listen(engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", record)

    return counter


@pytest.fixture
def redis_url(tmp_path):
    """A private redis-server on a free port (installed by .ci/run), stopped after the test."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            with socket.socket() as attempt:
                if attempt.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)
