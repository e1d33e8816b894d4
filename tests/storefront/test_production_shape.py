"""Production shape: request ids and JSON logs, readiness, a database that goes away, proxies."""

from __future__ import annotations

import io
import json
import logging

import pytest
from sqlalchemy.exc import OperationalError

from storefront import create_app
from storefront.exceptions import ConfigurationError
from storefront.extensions import db
from storefront.logs import configure_logging
from tests.storefront.test_security import PRODUCTION

UNREACHABLE_POSTGRES = "postgresql://postgres@127.0.0.1:1/nothing"


@pytest.fixture
def make_app():
    """Apps of their own for one test; their connections are closed afterwards."""
    apps = []

    def make(config: dict):
        made = create_app(config)
        apps.append(made)
        return made

    yield make
    for made in apps:
        with made.app_context():
            db.engine.dispose()


def test_every_answer_carries_a_request_id_and_a_proxys_id_is_kept(app):
    client = app.test_client()
    made = client.get("/healthz").headers["X-Request-ID"]
    assert len(made) == 16 and made != client.get("/healthz").headers["X-Request-ID"]
    kept = client.get("/healthz", headers={"X-Request-ID": "nginx-0123456789abcdef"})
    assert kept.headers["X-Request-ID"] == "nginx-0123456789abcdef"
    odd = client.get("/healthz", headers={"X-Request-ID": "<script>"}).headers["X-Request-ID"]
    assert odd != "<script>" and len(odd) == 16  # only a plain token is taken over


def test_one_json_line_per_request_with_the_route_pattern_and_nothing_personal(app):
    stream = io.StringIO()
    handler = configure_logging(app, stream)
    try:
        app.test_client().get(
            "/en/account/orders/lookup?email=mei@example.com",
            headers={"X-Request-ID": "req-abcdef123456", "X-Forwarded-For": "203.0.113.9"},
            environ_base={"REMOTE_ADDR": "198.51.100.7"},
        )
        app.test_client().get("/healthz")  # probes are not logged
    finally:
        logging.getLogger().removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    requests = [line for line in lines if line["logger"] == "storefront.request"]
    assert len(requests) == 1
    entry = requests[0]
    assert entry["request_id"] == "req-abcdef123456" and entry["method"] == "GET"
    assert entry["route"] == "/<locale:locale>/account/orders/lookup"
    assert entry["status"] == 200 and entry["ms"] >= 0 and entry["level"] == "INFO"
    text = stream.getvalue()
    assert "mei@example.com" not in text and "198.51.100.7" not in text and "203.0.113" not in text


def test_readiness_checks_the_database_and_redis_when_configured(app, redis_url, make_app):
    ready = app.test_client().get("/readyz")
    assert ready.status_code == 200 and ready.json == {"status": "ready", "database": "ok"}
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    with_redis = make_app({"SQLALCHEMY_DATABASE_URI": uri, "REDIS_URL": redis_url})
    assert with_redis.test_client().get("/readyz").json == {
        "status": "ready",
        "database": "ok",
        "redis": "ok",
    }
    redis_down = make_app({"SQLALCHEMY_DATABASE_URI": uri, "REDIS_URL": "redis://127.0.0.1:1/0"})
    answer = redis_down.test_client().get("/readyz")
    assert answer.status_code == 503 and answer.json["redis"] == "unreachable"


@pytest.fixture(scope="module")
def database_gone():
    """An app whose PostgreSQL server does not answer (nothing listens on port 1)."""
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": UNREACHABLE_POSTGRES,
            "DATABASE_CONNECT_RETRIES": 0,
            "MAIL_BACKEND": "memory",
        }
    )


def test_without_the_database_pages_answer_503_at_once_and_the_probes_tell(database_gone):
    client = database_gone.test_client()
    page = client.get("/fr/products/linwu-braised-duck")
    assert page.status_code == 503 and page.headers["Retry-After"] == "5"
    html = page.get_data(as_text=True)
    assert "La boutique est momentanément indisponible" in html and 'lang="fr"' in html
    api = client.get("/api/v1/products")
    assert api.status_code == 503 and api.json["error"]["status"] == 503
    assert client.get("/readyz").status_code == 503
    assert client.get("/healthz").status_code == 200  # the process itself is alive


def test_a_read_whose_connection_died_is_dispatched_once_more(app, make_app):
    fresh = make_app(
        {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "WTF_CSRF_ENABLED": False,
        }
    )
    calls = []

    def flaky():
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError(
                "SELECT 1",
                {},
                Exception("server closed the connection"),
                connection_invalidated=True,
            )
        return "read again"

    fresh.add_url_rule("/flaky", "flaky", flaky, methods=["GET", "POST"])
    assert fresh.test_client().get("/flaky").get_data(as_text=True) == "read again"
    assert len(calls) == 2
    calls.clear()
    assert fresh.test_client().post("/flaky").status_code == 503  # a write is never repeated
    assert len(calls) == 1


def test_production_refuses_a_mail_backend_that_would_keep_the_mail():
    for backend in ("file", "memory"):
        with pytest.raises(ConfigurationError, match="MAIL_BACKEND=smtp"):
            create_app({**PRODUCTION, "MAIL_BACKEND": backend})


def test_behind_one_proxy_the_client_address_is_the_one_the_proxy_saw(app, make_app):
    def address_app(hops: int):
        shop = make_app(
            {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], "PROXY_HOPS": hops}
        )
        from flask import request

        shop.add_url_rule("/address", "address", lambda: request.remote_addr)
        return shop.test_client()

    headers = {"X-Forwarded-For": "10.9.9.9, 203.0.113.9"}  # the client wrote the first one
    proxied = address_app(1).get(
        "/address", headers=headers, environ_base={"REMOTE_ADDR": "127.0.0.1"}
    )
    assert proxied.get_data(as_text=True) == "203.0.113.9"
    direct = address_app(0).get(
        "/address", headers=headers, environ_base={"REMOTE_ADDR": "198.51.100.7"}
    )
    assert direct.get_data(as_text=True) == "198.51.100.7"


def test_a_connection_the_server_ended_does_not_turn_a_finished_answer_into_a_500(app, monkeypatch):
    """PostgreSQL restarted while the request held a connection: closing the session at the
    end fails ("terminating connection due to administrator command"); the answer stands."""
    from flask_sqlalchemy import SQLAlchemy

    def ended(_self, _exc):
        raise OperationalError("ROLLBACK", {}, Exception("terminating connection"))

    monkeypatch.setattr(SQLAlchemy, "_teardown_session", ended)
    answer = app.test_client().get("/en/products/linwu-braised-duck")
    assert answer.status_code == 200
    monkeypatch.undo()
    assert app.test_client().get("/readyz").status_code == 200  # the next request is served
