"""Operator page: the dated exchange rates (``/<locale>/admin/exchange-rates/``).

Prices are charged in CNY; other currencies are display conversions with the most recent rate
published on or before the day (catalog/exchange.py). The operator adds a day's rate or
corrects one, in the reference-table pattern (storefront/admin/tables.py).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import format_date, format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import DateField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from catalog.exchange import (
    DISPLAY_CURRENCIES,
    MAX_RATE,
    InvalidExchangeRate,
    delete_exchange_rate,
    list_exchange_rates,
    save_exchange_rate,
)
from catalog.models import ExchangeRate
from catalog.money import CHARGE_CURRENCY
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
from storefront.forms import CsrfOnlyForm, FiniteDecimalField, Parsed, strip
from storefront.preferences.visitor import shop_today

bp = Blueprint(
    "admin_exchange_rates",
    __name__,
    url_prefix="/<locale:locale>/admin/exchange-rates",
    template_folder="templates",
)

ROWS_SHOWN = 500
CURRENCIES = tuple(code for code in DISPLAY_CURRENCIES if code != CHARGE_CURRENCY)
DATE = _l("A date such as 2026-12-04.")
RATE = _l("A number above 0 with at most 8 decimals, e.g. 0.1380 (units for one yuan).")
REFUSALS = {
    "currency": _l("Choose a currency."),
    "positive": RATE,
    "decimals": RATE,
    "taken": _l("This currency already has a rate on this day: correct that row instead."),
}


def _currency_choices(blank: bool = False) -> list[SelectChoice]:
    first = [SelectChoice("", _("All currencies"))] if blank else []
    return first + [SelectChoice(code, code) for code in CURRENCIES]


class ExchangeRateForm(FlaskForm):
    currency = SelectField(_l("Currency"), validators=[DataRequired(message=REFUSALS["currency"])])
    effective_on = DateField(
        _l("Published on"),
        validators=[Parsed(DATE), InputRequired(message=DATE)],
        render_kw={"dir": "ltr"},
    )
    units_per_cny = FiniteDecimalField(
        _l("Units for one yuan"),
        places=None,
        validators=[
            Parsed(RATE),
            InputRequired(message=RATE),
            NumberRange(min=Decimal("0.00000001"), max=MAX_RATE, message=RATE),
        ],
        render_kw={"dir": "ltr", "inputmode": "decimal", "type": "text"},
    )
    source = StringField(
        _l("Source"),
        filters=[strip],
        validators=[Length(max=120, message=_l("At most 120 characters."))],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.currency.choices = _currency_choices()


class RateFilters(FilterForm):
    currency = SelectField(_l("Currency"), validators=[Optional()])
    since = DateField(_l("From"), validators=[Parsed(DATE), Optional()])
    until = DateField(_l("Until"), validators=[Parsed(DATE), Optional()])


def _filters() -> RateFilters:
    form = RateFilters(formdata=None)
    form.currency.choices = _currency_choices(blank=True)
    return read_filters(form)


COLUMNS = (
    Column("currency", _l("Currency"), code=True),
    Column("effective_on", _l("Published on")),
    Column("units_per_cny", _l("Units for one yuan"), numeric=True),
    Column("source", _l("Source")),
)


def _plain(rate: Decimal) -> str:
    """A rate as typed: no trailing zeros, never an exponent (10, not 1E+1)."""
    return format(rate.normalize(), "f")


def _cells(row: ExchangeRate) -> tuple[str, ...]:
    return (
        row.currency,
        format_date(row.effective_on, "medium"),
        format_decimal(row.units_per_cny.normalize(), format="#,##0.00######"),
        row.source,
    )


def _name(row: ExchangeRate) -> str:
    return _(
        "%(currency)s on %(day)s",
        currency=row.currency,
        day=format_date(row.effective_on, "medium"),
    )


def _page(editing: tuple[str, FlaskForm] | None = None, status: int = 200):
    filters = _filters()
    chosen = filters.active()
    args = filters.query_args()
    rows = list_exchange_rates(
        db.session,
        currency=chosen.get("currency"),
        since=chosen.get("since"),
        until=chosen.get("until"),
        limit=ROWS_SHOWN,
    )
    new_form = (
        editing[1]
        if editing and editing[0] == NEW_ROW
        else row_form(
            ExchangeRateForm,
            NEW_ROW,
            currency=chosen.get("currency", "USD"),
            effective_on=shop_today(),
        )
    )
    table = EditableTable(
        id="exchange-rates",
        caption=_("Exchange rates"),
        columns=COLUMNS,
        rows=table_rows(
            rows,
            key_of=lambda row: row.id,
            cells=_cells,
            name=_name,
            editing=editing if editing and editing[0] != NEW_ROW else None,
            form_for=lambda row, key: row_form(
                ExchangeRateForm,
                key,
                currency=row.currency,
                effective_on=row.effective_on,
                units_per_cny=_plain(row.units_per_cny),
                source=row.source,
            ),
            edit_url=lambda row_id: url_for(".rate_list", edit=row_id, **args),
            delete_url=lambda row_id: url_for(".rate_delete", row_id=row_id, **args),
            fetch=lambda key: db.session.get(ExchangeRate, row_id_of(key)),
        ),
        save_url=url_for(".rate_save", **args),
        cancel_url=url_for(".rate_list", **args),
        new_row=TableRow(key=NEW_ROW, cells=("",) * len(COLUMNS), name="", form=new_form),
        total=db.session.scalar(select(func.count()).select_from(ExchangeRate)) or 0,
    )
    return render_template(
        "admin/exchange_rates.html",
        table=table,
        filters=filters,
        clear_url=url_for(".rate_list"),
        limit=ROWS_SHOWN,
    ), status


@bp.get("/")
@role_required(UserRole.OPERATOR)
def rate_list():
    return _page()


@bp.post("/")
@role_required(UserRole.OPERATOR)
def rate_save():
    key, row = posted_row(db.session, ExchangeRate)
    form = row_form(ExchangeRateForm, key, posted=True)

    def save() -> None:
        day: date = form.effective_on.data
        try:
            save_exchange_rate(
                db.session,
                row=row,
                currency=form.currency.data or "",
                effective_on=day,
                units_per_cny=form.units_per_cny.data,
                source=form.source.data or "",
            )
        except InvalidExchangeRate as refused:
            raise RowRefused(refused.field, str(REFUSALS[refused.reason])) from refused

    if not save_row(form, save, first_field="effective_on"):
        return _page((key, form), 422)
    flash(_("The exchange rate is saved."), "success")
    return redirect(url_for(".rate_list", **_filters().query_args()), 303)


@bp.post("/<int:row_id>/delete")
@role_required(UserRole.OPERATOR)
def rate_delete(row_id: int):
    row = db.session.get(ExchangeRate, row_id)
    if row is None:
        abort(404)
    if not CsrfOnlyForm().validate_on_submit():
        abort(400)
    delete_exchange_rate(db.session, row)
    db.session.commit()
    flash(_("The exchange rate is deleted."), "success")
    return redirect(url_for(".rate_list", **_filters().query_args()), 303)
