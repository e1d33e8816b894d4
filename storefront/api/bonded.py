"""The bonded API (``/api/v1/bonded/``): the tax estimate, quotes by SKU, the goods.

``tax-estimate`` is the same function as the shop's quotes (``storefront.pickup.tax``), for
the zone's partners and the showroom's tablets. ``quote`` prices SKUs for an orderer and says
what is left of their year: it reads the quota, so it is rate limited per address, and it
never returns the ID number. All three are in the OpenAPI document.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import Blueprint, current_app, g, jsonify, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from catalog.locales import SUPPORTED_LOCALES
from catalog.translation import translated_field
from storefront.api.bonded_input import (
    MAX_ANNUAL,
    MAX_COSTS,
    MAX_PRICE,
    MAX_QUANTITY,
    BadBody,
    BodyProblems,
    amount,
    flag,
    items,
    read_object,
    whole,
)
from storefront.api.params import InvalidParameter, raw_locale
from storefront.bonded import pickup_limits, vault_of
from storefront.bonded.labels import violation_message
from storefront.bonded.quotes import annual_total_of, goods_by_sku, quote_goods
from storefront.extensions import csrf, db, limiter
from storefront.i18n import current_locale
from storefront.pickup.goods import BondedGood
from storefront.pickup.identity import InvalidIdNumber, resident_id
from storefront.pickup.tax import (
    TaxEstimate,
    TaxLine,
    Violation,
    ViolationCode,
    estimate_tax,
)
from storefront.rate_limits import address_key

bp = Blueprint("bonded_api", __name__, url_prefix="/api/v1/bonded")
csrf.exempt(bp)  # JSON computations; no cookie is trusted here


@bp.before_request
def _use_asked_locale() -> None:
    locale = raw_locale(request.args)
    if locale in SUPPORTED_LOCALES:
        g.locale = locale


@bp.errorhandler(BadBody)
def _bad_body(_error: BadBody):
    message = _("The body must be a JSON object.")
    return jsonify(error={"status": 400, "message": message}), 400


@bp.errorhandler(BodyProblems)
def _invalid_body(error: BodyProblems):
    message = _("Some fields are missing or not valid.")
    return jsonify(error={"status": 422, "message": message, "fields": error.problems}), 422


def _money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):f}"


def _violations(violations: tuple[Violation, ...], names: dict[str, str] | None = None):
    return [{"code": v.code.value, "message": violation_message(v, names)} for v in violations]


def _totals(estimate: TaxEstimate) -> dict[str, Any]:
    return {
        "allowed": estimate.allowed,
        "channel": estimate.channel.value if estimate.allowed else None,
        "dutiable_price": _money(estimate.dutiable_price),
        "tariff": _money(estimate.tariff),
        "consumption_tax": _money(estimate.consumption_tax),
        "vat": _money(estimate.vat),
        "total_tax": _money(estimate.total_tax),
        "annual_total_after": _money(estimate.annual_total_after),
    }


@bp.post("/tax-estimate")
def tax_estimate():
    body = read_object(request.get_data())
    problems = BodyProblems()
    lines: list[TaxLine] = []
    for index, line in enumerate(items(body, "lines", problems)):
        where = f"lines[{index}]."
        price = amount(line, "unit_price", problems, where=where, maximum=MAX_PRICE,
                       exclusive_minimum=True)  # fmt: skip
        quantity = whole(line, "quantity", problems, where=where, maximum=MAX_QUANTITY)
        rates = [
            amount(
                line,
                name,
                problems,
                where=where,
                maximum=Decimal(1),
                places=4,
                exclusive_maximum=name == "consumption_tax_rate",
            )  # fmt: skip
            for name in ("vat_rate", "consumption_tax_rate", "tariff_rate")
        ]
        indivisible = flag(line, "indivisible", problems, where=where)
        if price is not None and quantity is not None and None not in rates:
            vat, consumption, tariff = rates
            lines.append(TaxLine(price, quantity, vat, consumption, tariff, indivisible))  # type: ignore[arg-type]
    freight = amount(body, "freight", problems, maximum=MAX_COSTS)
    insurance = amount(body, "insurance", problems, maximum=MAX_COSTS)
    before = amount(body, "annual_total_before", problems, maximum=MAX_ANNUAL)
    if problems.problems:
        raise problems
    assert freight is not None and insurance is not None and before is not None
    estimate = estimate_tax(
        lines,
        freight=freight,
        insurance=insurance,
        annual_total_before=before,
        limits=pickup_limits(current_app),
    )
    return jsonify(
        **_totals(estimate),
        violations=_violations(estimate.violations),
        total_payable=_money(estimate.total_payable),
        lines=[
            {
                "dutiable_price": _money(line.dutiable_price),
                "tariff": _money(line.tariff),
                "consumption_tax": _money(line.consumption_tax),
                "vat": _money(line.vat),
                "total_tax": _money(line.total_tax),
            }
            for line in estimate.lines
        ],
    )


def _quote_rate_limit() -> str:
    return current_app.config["PICKUP_QUOTE_RATE_LIMIT"]


@bp.post("/quote")
@limiter.limit(_quote_rate_limit, key_func=address_key)
def quote():
    body = read_object(request.get_data())
    problems = BodyProblems()
    wanted: list[tuple[str, int]] = []
    for index, item in enumerate(items(body, "items", problems)):
        sku = item.get("sku")
        if not isinstance(sku, str) or not 1 <= len(sku) <= 20:
            problems.add(f"items[{index}].sku", _("A SKU of the bonded goods."))
            continue
        qty = whole(item, "qty", problems, where=f"items[{index}].", maximum=MAX_QUANTITY)
        if qty is not None:
            wanted.append((sku, qty))
    raw_id = body.get("buyer_id_number")
    if not isinstance(raw_id, str):
        problems.add("buyer_id_number", _("This field is required."))
    goods = goods_by_sku(db.session, [sku for sku, _qty in wanted])
    for index, (sku, _qty) in enumerate(wanted):
        good = goods.get(sku)
        if good is None or not good.is_published:
            problems.add(f"items[{index}].sku", _("No bonded good has this SKU."))
    if len({sku for sku, _qty in wanted}) != len(wanted):
        problems.add("items", _("Each SKU once."))
    if problems.problems:
        raise problems
    extra: list[Violation] = []
    before = Decimal("0.00")
    try:
        number = resident_id(raw_id)
    except InvalidIdNumber:
        extra.append(Violation(ViolationCode.INVALID_ID))
    else:
        before = annual_total_of(db.session, vault_of(current_app), number)
    limits = pickup_limits(current_app)
    lines = [(goods[sku], qty) for sku, qty in wanted]
    the_quote = quote_goods(lines, limits=limits, annual_total_before=before, extra=extra)
    estimate = the_quote.estimate
    locale = current_locale()
    names = {good.sku: translated_field(good, "name", locale) for good, _qty in lines}
    return jsonify(
        **_totals(estimate),
        goods_value=_money(estimate.goods_value),
        total_payable=_money(estimate.total_payable),
        remaining_annual_allowance=_money(the_quote.remaining_allowance),
        violations=_violations(estimate.violations, names),
        lines=[
            {
                "sku": line.good.sku,
                "name": names[line.good.sku],
                "qty": line.quantity,
                "unit_price": _money(line.good.price),
                "line_total": _money(line.tax.goods_value),
                "dutiable_price": _money(line.tax.dutiable_price),
                "tariff": _money(line.tax.tariff),
                "consumption_tax": _money(line.tax.consumption_tax),
                "vat": _money(line.tax.vat),
                "total_tax": _money(line.tax.total_tax),
            }
            for line in the_quote.lines
        ],
    )


def product_json(good: BondedGood, locale: str) -> dict[str, Any]:
    return {
        "sku": good.sku,
        "name": translated_field(good, "name", locale),
        "category": good.category.value,
        "origin_country": good.origin_country,
        "hs_code": good.hs_code,
        "price": {"amount": _money(good.price), "currency": "CNY"},
        "vat_rate": f"{good.vat_rate:f}",
        "consumption_tax_rate": f"{good.consumption_tax_rate_at():f}",
        "tariff_rate": f"{good.tariff_rate:f}",
        "indivisible": good.indivisible,
        "on_positive_list": good.on_positive_list,
        "stock": good.stock,
        "url": url_for("bonded.good_detail", locale=locale, sku=good.sku, _external=True),
        "picture": url_for("bonded_pictures.good_picture", sku=good.sku, _external=True),
    }


@bp.errorhandler(InvalidParameter)
def _invalid_parameter(error: InvalidParameter):
    body = {"status": 400, "parameter": error.parameter, "message": error.message()}
    return jsonify(error=body), 400


@bp.get("/products")
def products():
    locale = raw_locale(request.args)
    if locale not in SUPPORTED_LOCALES:
        raise InvalidParameter("locale", locale)
    goods = db.session.scalars(
        select(BondedGood).where(BondedGood.is_published.is_(True)).order_by(BondedGood.sku)
    )
    return jsonify(items=[product_json(good, locale) for good in goods])
