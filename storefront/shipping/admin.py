"""Operator page: the shipping rate table (`/<locale>/admin/shipping-rates`)."""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError
from wtforms import DecimalField, HiddenField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from storefront.accounts.models import UserRole
from storefront.admin.access import role_required
from storefront.extensions import db
from storefront.forms import CsrfOnlyForm
from storefront.shipping.labels import SHIPPING_METHODS
from storefront.shipping.models import ShippingMethod, ShippingRate
from storefront.shipping.rates import InvalidRate, list_rates, save_rate

bp = Blueprint(
    "shipping_admin",
    __name__,
    url_prefix="/<locale:locale>/admin/shipping-rates",
    template_folder="templates",
)


class ShippingRateForm(FlaskForm):
    rate_id = HiddenField()
    method = SelectField(_l("Method"), validators=[DataRequired()])
    country_code = StringField(
        _l("Country (ISO code, or * for all others)"), validators=[DataRequired(), Length(max=2)]
    )
    max_weight_g = IntegerField(
        _l("Up to (grams)"), validators=[InputRequired(), NumberRange(min=1)]
    )
    price = DecimalField(
        _l("Price (CNY)"), places=2, validators=[InputRequired(), NumberRange(min=0)]
    )
    delivery_days_min = IntegerField(
        _l("Days, at least"), validators=[InputRequired(), NumberRange(min=1)]
    )
    delivery_days_max = IntegerField(
        _l("Days, at most"), validators=[InputRequired(), NumberRange(min=1)]
    )


def _form(**kwargs) -> ShippingRateForm:
    form = ShippingRateForm(**kwargs)
    form.method.choices = [SelectChoice(m.value, str(SHIPPING_METHODS[m])) for m in ShippingMethod]
    return form


@bp.get("/")
@role_required(UserRole.OPERATOR)
def rate_list():
    rows = [
        (rate, _form(obj=rate, rate_id=rate.id, prefix=f"r{rate.id}"))
        for rate in list_rates(db.session)
    ]
    return render_template("shipping/shipping_rates.html", rows=rows, new_form=_form(prefix="new"))


@bp.post("/")
@role_required(UserRole.OPERATOR)
def rate_save():
    # One form per row, told apart by its prefix; "new" adds a row.
    prefix = request.form.get("prefix", "new")
    form = _form(prefix=prefix)
    rate = None
    if prefix != "new":
        rate = (
            db.session.get(ShippingRate, int(prefix.removeprefix("r")))
            if prefix[1:].isdigit()
            else None
        )
        if rate is None:
            abort(404)
    if not form.validate_on_submit():
        flash(
            _(
                "Please check the values of the rate: every field is needed and none may be negative."  # noqa: E501
            ),
            "error",
        )
        return redirect(url_for("shipping_admin.rate_list"))
    try:
        save_rate(
            db.session,
            rate=rate,
            method=ShippingMethod(form.method.data),
            country_code=form.country_code.data,
            max_weight_g=form.max_weight_g.data,
            price=Decimal(form.price.data),
            delivery_days_min=form.delivery_days_min.data,
            delivery_days_max=form.delivery_days_max.data,
        )
    except (InvalidRate, IntegrityError):
        db.session.rollback()
        flash(
            _(
                "This rate was not saved: check the country code and the days, and that no other row has the same method, country and weight."  # noqa: E501
            ),
            "error",
        )
        return redirect(url_for("shipping_admin.rate_list"))
    db.session.commit()
    flash(_("The shipping rate is saved."), "success")
    return redirect(url_for("shipping_admin.rate_list"))


@bp.post("/<int:rate_id>/delete")
@role_required(UserRole.OPERATOR)
def rate_delete(rate_id: int):
    rate = db.session.get(ShippingRate, rate_id)
    if rate is None or not CsrfOnlyForm().validate_on_submit():
        abort(404 if rate is None else 400)
    db.session.delete(rate)
    db.session.commit()
    flash(_("The shipping rate is deleted."), "success")
    return redirect(url_for("shipping_admin.rate_list"))
