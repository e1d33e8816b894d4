"""Liveness and readiness probes.

``/healthz``: the process answers (no database, no Redis: as cheap as a request gets).
``/readyz``: this machine can serve the shop: the database answers ``SELECT 1`` and, when
``STOREFRONT_REDIS_URL`` is set, Redis answers ``PING``, each within its short timeout
(``DATABASE_CONNECT_TIMEOUT``, ``REDIS_TIMEOUT_SECONDS``); 503 otherwise, so a load balancer
stops sending visitors here while the database restarts.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from storefront.extensions import db
from storefront.shared_redis import shared_redis

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    checks = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except SQLAlchemyError:
        db.session.rollback()
        checks["database"] = "unreachable"
    redis = shared_redis(current_app)
    if redis is not None:
        checks["redis"] = "ok" if redis.ping() else "unreachable"
    ready = all(value == "ok" for value in checks.values())
    return jsonify(status="ready" if ready else "unavailable", **checks), 200 if ready else 503
