"""``/api/v1/products``, ``/api/v1/products/<slug>`` and ``/api/v1/openapi.json``."""

from __future__ import annotations

from flask import Blueprint, abort, g, jsonify, request

from catalog import queries
from catalog.eligibility import eligibility_by_class
from catalog.exchange import rate_on
from catalog.locales import SUPPORTED_LOCALES
from catalog.search import SearchFilters, search_products
from storefront.api.openapi import openapi_document
from storefront.api.params import (
    ApiOptions,
    InvalidParameter,
    api_options,
    page_options,
    raw_locale,
    search_query,
)
from storefront.api.serializers import product_json
from storefront.extensions import csrf, db
from storefront.preferences.visitor import shop_today
from storefront.reference_cache import cached

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # read-only JSON; no cookies are trusted for writes here


@bp.before_request
def _use_asked_locale() -> None:
    # Error messages and translated fields follow ?locale= (when it is a known one).
    locale = raw_locale(request.args)
    if locale in SUPPORTED_LOCALES:
        g.locale = locale


@bp.errorhandler(InvalidParameter)
def _invalid_parameter(error: InvalidParameter):
    body = {"status": 400, "parameter": error.parameter, "message": error.message()}
    return jsonify(error=body), 400


def _context(options: ApiOptions):
    session = db.session
    today = shop_today()
    rate = cached(
        ("display_rate", options.currency, today),
        lambda: rate_on(session, options.currency, today),
    )
    answers = (
        cached(
            ("eligibility", options.ship_to, options.locale),
            lambda: eligibility_by_class(session, options.ship_to, options.locale),
        )
        if options.ship_to
        else {}
    )
    return rate, answers


@bp.get("/products")
def product_list():
    options = api_options(request.args)
    page, per_page = page_options(request.args)
    query = search_query(request.args)
    result = search_products(db.session, SearchFilters(query=query), page=page, per_page=per_page)
    rate, answers = _context(options)
    return jsonify(
        items=[
            product_json(p, options.locale, rate, answers.get(p.product_class), options.ship_to)
            for p in result.items
        ],
        page=result.page,
        per_page=result.per_page,
        total=result.total,
        pages=result.pages,
        currency=options.currency,
        rate_date=rate.effective_on.isoformat() if rate and rate.effective_on else None,
    )


@bp.get("/products/<slug>")
def product_detail(slug: str):
    options = api_options(request.args)
    match = queries.product_by_slug(db.session, options.locale, slug[:200])
    if match is None:
        abort(404)
    product = match.obj
    rate, answers = _context(options)
    return jsonify(
        product_json(
            product,
            options.locale,
            rate,
            answers.get(product.product_class),
            options.ship_to,
            detail=True,
        )
    )


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())
