"""The operator's bonded pages (``/<locale>/admin/bonded/``): goods (list, create, edit) and
bonded orders with their payment record for customs (GACC 2018 No.179)."""

from __future__ import annotations

from flask import abort, current_app, flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from catalog.locales import SUPPORTED_LOCALES
from storefront.accounts.models import UserRole
from storefront.admin.access import role_required
from storefront.bonded.admin_forms import BondedGoodForm, locale_field
from storefront.bonded.goods_admin import GOOD_FIELDS, GoodText, SkuTaken, save_good
from storefront.bonded.labels import CATEGORIES, STAGES
from storefront.bonded.payment_data import payment_exchange_info
from storefront.bonded.stages import pickup_stage
from storefront.bonded.web import admin_bp
from storefront.customs import customs_adapter
from storefront.extensions import db
from storefront.i18n import country_name
from storefront.orders.models import Order
from storefront.pickup.bonded_orders import BondedOrder
from storefront.pickup.goods import BondedGood, ContentUnit, InvalidBondedGood

ORDERS_SHOWN = 100


def _form(**kwargs) -> BondedGoodForm:
    form = BondedGoodForm(**kwargs)
    labels = {key.value: str(label) for key, label in CATEGORIES.items()}
    labels.update(
        {
            ContentUnit.GRAM.value: _("grams"),
            ContentUnit.MILLILITRE.value: _("millilitres"),
            ContentUnit.PIECE.value: _("pieces"),
        }
    )
    from storefront.customs.messages.codes import COUNTRY_CODES

    form.set_choices(labels, {code: country_name(code) for code in COUNTRY_CODES})
    return form


def _fill(form: BondedGoodForm, good: BondedGood) -> None:
    for name in GOOD_FIELDS:
        value = getattr(good, name)
        getattr(form, name).data = value.value if hasattr(value, "value") else value
    texts = {row.locale: row for row in good.translations}
    for locale in SUPPORTED_LOCALES:
        row = texts.get(locale)
        key = locale_field(locale)
        for part in ("name", "summary", "description"):
            getattr(form, f"{part}_{key}").data = getattr(row, part) if row else ""


@admin_bp.route("/new", methods=["GET", "POST"])
@role_required(UserRole.OPERATOR)
def good_new():
    return _edit(None)


@admin_bp.route("/<int:good_id>", methods=["GET", "POST"])
@role_required(UserRole.OPERATOR)
def good_edit(good_id: int):
    good = db.session.get(BondedGood, good_id)
    if good is None:
        abort(404)
    return _edit(good)


def _edit(good: BondedGood | None):
    form = _form()
    if not form.is_submitted() and good is not None:
        _fill(form, good)
    elif not form.is_submitted():
        form.on_positive_list.data = True
        form.is_published.data = True
    if form.validate_on_submit():
        values = {name: getattr(form, name).data for name in GOOD_FIELDS}
        values["second_unit"] = values["second_unit"] or None
        values["barcode"] = values["barcode"] or None
        texts = {
            locale: GoodText(
                *(
                    getattr(form, f"{part}_{locale_field(locale)}").data or ""
                    for part in ("name", "summary", "description")
                )
            )
            for locale in SUPPORTED_LOCALES
        }
        try:
            saved = save_good(db.session, good, values, texts)
        except SkuTaken:
            db.session.rollback()
            form.sku.errors.append(_("Another good already has this SKU."))
        except InvalidBondedGood as invalid:
            db.session.rollback()
            field = getattr(form, invalid.field, form.sku)
            field.errors.append(_("This value is not valid."))
        else:
            db.session.commit()
            flash(_("The bonded good is saved."), "success")
            return redirect(url_for("bonded_admin.good_edit", good_id=saved.id))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "bonded/admin_good_form.html",
        form=form,
        good=good,
        locales=[(locale, locale_field(locale)) for locale in SUPPORTED_LOCALES],
    ), status


@admin_bp.get("/orders")
@role_required(UserRole.OPERATOR)
def order_list():
    orders = db.session.scalars(
        select(Order)
        .join(BondedOrder, BondedOrder.order_id == Order.id)
        .options(selectinload(Order.bonded))
        .order_by(Order.id.desc())
        .limit(ORDERS_SHOWN)
    ).all()
    return render_template(
        "bonded/admin_orders.html",
        orders=orders,
        stages={order.id: STAGES[pickup_stage(order)] for order in orders},
    )


@admin_bp.get("/orders/<number>/payment-data.json")
@role_required(UserRole.OPERATOR)
def payment_data(number: str):
    order = db.session.scalars(select(Order).where(Order.number == number[:24])).one_or_none()
    if order is None or order.bonded is None or not order.is_paid and not order.paid_at:
        abort(404)
    link = url_for("bonded.good_detail", locale="zh-hans", sku="SKU", _external=True)
    record = payment_exchange_info(
        order, customs_adapter(current_app).settings, link.replace("SKU", "%s")
    )
    response = jsonify(record)
    response.headers["Content-Disposition"] = f'attachment; filename="payment-{order.number}.json"'
    return response
