"""Operator page: the shipping rate table (``/<locale>/admin/shipping-rates/``).

One table (admin/_tables.html): filters by method, destination and weight band, one row edited
in place (``?edit=<id>``), a row to add, a delete button per row.
"""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional, Regexp

from storefront.accounts.models import UserRole
from storefront.admin.access import role_required
from storefront.admin.tables import (
    NEW_ROW,
    Column,
    EditableTable,
    FilterForm,
    RowRefused,
    TableRow,
    posted_row,
    read_filters,
    row_form,
    row_id_of,
    save_row,
    table_rows,
)
from storefront.extensions import db
from storefront.forms import CsrfOnlyForm, FiniteDecimalField, strip
from storefront.shipping.labels import SHIPPING_METHODS
from storefront.shipping.models import ANY_COUNTRY, ShippingMethod, ShippingRate
from storefront.shipping.rates import (
    InvalidRate,
    count_rates,
    delete_rate,
    list_rates,
    save_rate,
    weight_bands,
)

bp = Blueprint(
    "shipping_admin",
    __name__,
    url_prefix="/<locale:locale>/admin/shipping-rates",
    template_folder="templates",
)

FILL_IN = _l("Please fill in this field.")
WHOLE = _l("A whole number from 1 to 1,000,000.")
DAYS = _l("A whole number of days from 1 to 365.")
COUNTRY = _l("Two letters (ISO code, e.g. FR), or * for every other country.")
COUNTRY_PATTERN = r"^([A-Za-z]{2}|\*)$"
REFUSALS = {
    "country": COUNTRY,
    "positive": WHOLE,
    "days": DAYS,
    "negative": _l("A price from 0 to 1,000,000 CNY, e.g. 45.00."),
    "days_order": _l("At most as many days as at least, or more."),
    "taken": _l("This method and country already have a row for this weight."),
}


def _method_choices(blank: bool = False) -> list[SelectChoice]:
    first = [SelectChoice("", _("All methods"))] if blank else []
    return first + [SelectChoice(m.value, str(SHIPPING_METHODS[m])) for m in ShippingMethod]


class ShippingRateForm(FlaskForm):
    method = SelectField(_l("Method"), validators=[DataRequired(message=FILL_IN)])
    country_code = StringField(
        _l("Country (ISO code, or * for all others)"),
        filters=[strip],
        validators=[DataRequired(message=FILL_IN), Regexp(COUNTRY_PATTERN, message=COUNTRY)],
        render_kw={"dir": "ltr", "size": 3, "autocapitalize": "characters"},
    )
    max_weight_g = IntegerField(
        _l("Up to (grams)"),
        validators=[
            InputRequired(message=WHOLE),
            NumberRange(min=1, max=1_000_000, message=WHOLE),
        ],
        render_kw={"inputmode": "numeric", "dir": "ltr"},
    )
    price = FiniteDecimalField(
        _l("Price (CNY)"),
        places=2,
        validators=[
            InputRequired(message=REFUSALS["negative"]),
            NumberRange(min=0, max=1_000_000, message=REFUSALS["negative"]),
        ],
        render_kw={"inputmode": "decimal", "dir": "ltr"},
    )
    delivery_days_min = IntegerField(
        _l("Days, at least"),
        validators=[InputRequired(message=DAYS), NumberRange(min=1, max=365, message=DAYS)],
        render_kw={"inputmode": "numeric", "dir": "ltr"},
    )
    delivery_days_max = IntegerField(
        _l("Days, at most"),
        validators=[InputRequired(message=DAYS), NumberRange(min=1, max=365, message=DAYS)],
        render_kw={"inputmode": "numeric", "dir": "ltr"},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.method.choices = _method_choices()


class RateFilters(FilterForm):
    method = SelectField(_l("Method"), validators=[Optional()])
    country = StringField(
        _l("Destination"),
        filters=[strip],
        validators=[Optional(), Regexp(COUNTRY_PATTERN, message=COUNTRY)],
        render_kw={"dir": "ltr", "size": 4},
    )
    weight = SelectField(_l("Weight band"), validators=[Optional()])


def _filters() -> RateFilters:
    form = RateFilters(formdata=None)
    form.method.choices = _method_choices(blank=True)
    bands = weight_bands(db.session)
    form.weight.choices = [SelectChoice("", _("All weights"))] + [
        SelectChoice(str(band), _("up to %(grams)s g", grams=format_decimal(band)))
        for band in bands
    ]
    return read_filters(form)


COLUMNS = (
    Column("method", _l("Method")),
    Column("country_code", _l("Destination"), code=True),
    Column("max_weight_g", _l("Up to (g)"), numeric=True),
    Column("price", _l("Price (CNY)"), numeric=True),
    Column("delivery_days_min", _l("Days, at least"), numeric=True),
    Column("delivery_days_max", _l("Days, at most"), numeric=True),
)


def _cells(rate: ShippingRate) -> tuple[str, ...]:
    return (
        str(SHIPPING_METHODS[rate.method]),
        rate.country_code,
        format_decimal(rate.max_weight_g),
        format_decimal(rate.price, format="#,##0.00"),
        format_decimal(rate.delivery_days_min),
        format_decimal(rate.delivery_days_max),
    )


def _name(rate: ShippingRate) -> str:
    return _(
        "%(method)s, %(country)s, up to %(grams)s g",
        method=SHIPPING_METHODS[rate.method],
        country=rate.country_code,
        grams=format_decimal(rate.max_weight_g),
    )


def _page(editing: tuple[str, FlaskForm] | None = None, status: int = 200):
    filters = _filters()
    chosen = filters.active()
    args = filters.query_args()
    rates = list_rates(
        db.session,
        method=ShippingMethod(chosen["method"]) if "method" in chosen else None,
        country_code=chosen.get("country"),
        max_weight_g=int(chosen["weight"]) if "weight" in chosen else None,
    )
    new_form = (
        editing[1]
        if editing and editing[0] == NEW_ROW
        else row_form(ShippingRateForm, NEW_ROW, country_code=chosen.get("country", ""))
    )
    table = EditableTable(
        id="rates",
        caption=_("Shipping rates"),
        columns=COLUMNS,
        rows=table_rows(
            rates,
            key_of=lambda rate: rate.id,
            cells=_cells,
            name=_name,
            editing=editing if editing and editing[0] != NEW_ROW else None,
            form_for=lambda rate, key: row_form(ShippingRateForm, key, obj=rate),
            edit_url=lambda rate_id: url_for(".rate_list", edit=rate_id, **args),
            delete_url=lambda rate_id: url_for(".rate_delete", rate_id=rate_id, **args),
            fetch=lambda key: db.session.get(ShippingRate, row_id_of(key)),
        ),
        save_url=url_for(".rate_save", **args),
        cancel_url=url_for(".rate_list", **args),
        new_row=TableRow(key=NEW_ROW, cells=("",) * len(COLUMNS), name="", form=new_form),
        total=count_rates(db.session),
    )
    return render_template(
        "shipping/shipping_rates.html",
        table=table,
        filters=filters,
        clear_url=url_for(".rate_list"),
        any_country=ANY_COUNTRY,
    ), status


@bp.get("/")
@role_required(UserRole.OPERATOR)
def rate_list():
    return _page()


@bp.post("/")
@role_required(UserRole.OPERATOR)
def rate_save():
    key, rate = posted_row(db.session, ShippingRate)
    form = row_form(ShippingRateForm, key, posted=True)

    def save() -> None:
        try:
            save_rate(
                db.session,
                rate=rate,
                method=ShippingMethod(form.method.data),
                country_code=form.country_code.data or "",
                max_weight_g=form.max_weight_g.data,
                price=Decimal(form.price.data),
                delivery_days_min=form.delivery_days_min.data,
                delivery_days_max=form.delivery_days_max.data,
            )
        except InvalidRate as refused:
            raise RowRefused(refused.field, str(REFUSALS[refused.reason])) from refused

    if not save_row(form, save, first_field="max_weight_g"):
        return _page((key, form), 422)
    flash(_("The shipping rate is saved."), "success")
    return redirect(url_for(".rate_list", **_filters().query_args()), 303)


@bp.post("/<int:rate_id>/delete")
@role_required(UserRole.OPERATOR)
def rate_delete(rate_id: int):
    rate = db.session.get(ShippingRate, rate_id)
    if rate is None:
        abort(404)
    if not CsrfOnlyForm().validate_on_submit():
        abort(400)
    delete_rate(db.session, rate)
    db.session.commit()
    flash(_("The shipping rate is deleted."), "success")
    return redirect(url_for(".rate_list", **_filters().query_args()), 303)
