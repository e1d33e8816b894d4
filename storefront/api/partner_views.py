"""The partner API (``/api/v1/producers``, ``/orders``, ``/declarations``): bearer tokens the
operator issues (storefront/api/tokens.py), one scope per resource, rate limited per token."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from functools import wraps
from typing import Any

from flask import Blueprint, current_app, g, jsonify, request
from flask_babel import gettext as _

from catalog.base import as_utc, utcnow
from catalog.locales import SUPPORTED_LOCALES
from storefront.api.params import InvalidParameter, page_options, raw_locale
from storefront.api.partner_queries import (
    declaration_page,
    order_page,
    paid_order,
    producer_page,
)
from storefront.api.tokens import active_token
from storefront.customs.declarations.models import DeclarationStatus
from storefront.extensions import csrf, db, limiter
from storefront.statistics.periods import CHINA

bp = Blueprint("partner_api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # bearer tokens, no cookies

USED_EVERY = timedelta(minutes=5)  # last_used_at is written at most this often per token


def _bearer() -> str:
    header = request.headers.get("Authorization", "")
    scheme, _space, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


def token_key() -> str:
    """The rate limit's key: the token presented (hashed), else the address."""
    raw = _bearer()
    if raw:
        return "partner:" + hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()[:32]
    return "partner-address:" + (request.remote_addr or "")


def _rate_limit() -> str:
    return str(current_app.config["PARTNER_API_RATE_LIMIT"])


def _error(status: int, message: str):
    response = jsonify(error={"status": status, "message": message})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="partners"'
    return response


@bp.before_request
def _use_asked_locale() -> None:
    locale = raw_locale(request.args)
    if locale in SUPPORTED_LOCALES:
        g.locale = locale


@bp.errorhandler(InvalidParameter)
def _invalid_parameter(error: InvalidParameter):
    body = {"status": 400, "parameter": error.parameter, "message": error.message()}
    return jsonify(error=body), 400


def scope_required(scope: str) -> Callable:
    """The view answers only to an unrevoked token carrying ``scope`` (401 / 403 otherwise)."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any):
            token = active_token(db.session, _bearer())
            if token is None:
                return _error(401, _("An API token is needed: Authorization: Bearer <token>."))
            if scope not in token.scopes:
                return _error(403, _("This token does not allow %(scope)s.", scope=scope))
            now = utcnow()
            if token.last_used_at is None or now - as_utc(token.last_used_at) > USED_EVERY:
                token.last_used_at = now
                db.session.commit()
            return view(*args, **kwargs)

        return limiter.limit(_rate_limit, key_func=token_key)(guarded)

    return decorate


def _day(name: str, *, after: bool = False) -> datetime | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw[:10]) if len(raw) == 10 else None
    except ValueError:
        day = None
    if day is None or not date(2000, 1, 1) <= day <= date(2100, 12, 31):
        raise InvalidParameter(name, raw)
    return datetime.combine(day + timedelta(days=1 if after else 0), time(), CHINA)


@bp.get("/producers")
@scope_required("producers:read")
def producers():
    page, per_page = page_options(request.args)
    locale = g.get("locale", "en")
    return jsonify(producer_page(db.session, str(locale), page, per_page).as_json())


@bp.get("/orders")
@scope_required("orders:read")
def orders():
    page, per_page = page_options(request.args)
    paid_from, paid_to = _day("paid_from"), _day("paid_to", after=True)
    return jsonify(order_page(db.session, page, per_page, paid_from, paid_to).as_json())


@bp.get("/orders/<number>")
@scope_required("orders:read")
def order_detail(number: str):
    # Order numbers are printable ASCII; anything else (a NUL byte: PostgreSQL refuses it) is
    # simply not one.
    found = (
        paid_order(db.session, number[:24]) if number.isascii() and number.isprintable() else None
    )
    if found is None:
        return _error(404, _("No paid order has this number."))
    return jsonify(found)


@bp.get("/declarations")
@scope_required("declarations:read")
def declarations():
    page, per_page = page_options(request.args)
    raw = request.args.get("status", "").strip()
    status = None
    if raw:
        try:
            status = DeclarationStatus(raw)
        except ValueError:
            raise InvalidParameter("status", raw) from None
    return jsonify(declaration_page(db.session, page, per_page, status).as_json())
