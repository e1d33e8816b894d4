"""Operator page: the bonded goods as a reference table (``/<locale>/admin/bonded/``).

Filters by category, on sale or not, and SKU or name; a row opens in place for what the operator
changes most (price, positive list, on sale); everything else (customs data, tax rates, stock,
texts in six languages) stays on the good's own page, linked from its SKU.
"""

from __future__ import annotations

from decimal import Decimal

from flask import flash, redirect, render_template, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import BooleanField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from storefront.accounts.models import UserRole
from storefront.admin.access import role_required
from storefront.admin.tables import (
    Column,
    EditableTable,
    FilterForm,
    RowRefused,
    posted_row,
    read_filters,
    row_form,
    row_id_of,
    save_row,
    table_rows,
)
from storefront.bonded.goods_admin import count_goods, list_goods, set_sale_terms
from storefront.bonded.labels import CATEGORIES
from storefront.bonded.web import admin_bp
from storefront.extensions import db
from storefront.forms import FiniteDecimalField, strip
from storefront.i18n import current_locale
from storefront.pickup.goods import BondedCategory, BondedGood, InvalidBondedGood

PRICE = _l("A price above 0 and up to 1,000,000 CNY, e.g. 128.00.")


class SaleTermsForm(FlaskForm):
    price = FiniteDecimalField(
        _l("Price (CNY)"),
        places=2,
        validators=[
            InputRequired(message=PRICE),
            NumberRange(min=Decimal("0.01"), max=1_000_000, message=PRICE),
        ],
        render_kw={"dir": "ltr", "inputmode": "decimal", "type": "text"},
    )
    on_positive_list = BooleanField(_l("Positive list"))
    is_published = BooleanField(_l("Published"))


class GoodFilters(FilterForm):
    category = SelectField(_l("Category"), validators=[Optional()])
    on_sale = SelectField(_l("On sale"), validators=[Optional()])
    text = StringField(
        _l("SKU or name"),
        filters=[strip],
        validators=[Optional(), Length(max=60, message=_l("At most 60 characters."))],
    )


def _filters() -> GoodFilters:
    form = GoodFilters(formdata=None)
    form.category.choices = [SelectChoice("", _("All categories"))] + [
        SelectChoice(category.value, str(label)) for category, label in CATEGORIES.items()
    ]
    form.on_sale.choices = [
        SelectChoice("", _("On sale or not")),
        SelectChoice("yes", _("On sale")),
        SelectChoice("no", _("Not on sale")),
    ]
    return read_filters(form)


COLUMNS = (
    Column("sku", _l("SKU"), code=True),
    Column("name", _l("Name")),
    Column("category", _l("Category")),
    Column("price", _l("Price (CNY)"), numeric=True),
    Column("stock", _l("Bonded stock"), numeric=True),
    Column("on_positive_list", _l("Positive list")),
    Column("is_published", _l("Published")),
)


def _name_of(good: BondedGood) -> str:
    texts = {row.locale: row.name for row in good.translations}
    return texts.get(current_locale()) or texts.get(good.source_locale) or good.sku


def _cells(good: BondedGood) -> tuple[object, ...]:
    link = url_for(".good_edit", good_id=good.id)
    return (
        Markup('<a href="{}">{}</a>').format(link, good.sku),
        _name_of(good),
        CATEGORIES[good.category],
        format_decimal(good.price, format="#,##0.00"),
        format_decimal(good.stock),
        _("yes") if good.on_positive_list else _("no"),
        _("yes") if good.is_published else _("no"),
    )


def _page(editing=None, status: int = 200):
    filters = _filters()
    chosen = filters.active()
    args = filters.query_args()
    goods = list_goods(
        db.session,
        category=BondedCategory(chosen["category"]) if "category" in chosen else None,
        on_sale={"yes": True, "no": False}.get(chosen.get("on_sale", "")),
        text=chosen.get("text", ""),
    )
    table = EditableTable(
        id="goods",
        caption=_("Bonded goods"),
        columns=COLUMNS,
        rows=table_rows(
            goods,
            key_of=lambda good: good.id,
            cells=_cells,
            name=lambda good: good.sku,
            editing=editing,
            form_for=lambda good, key: row_form(SaleTermsForm, key, obj=good),
            edit_url=lambda good_id: url_for(".goods_list", edit=good_id, **args),
            fetch=lambda key: db.session.get(BondedGood, row_id_of(key)),
        ),
        save_url=url_for(".goods_save", **args),
        cancel_url=url_for(".goods_list", **args),
        total=count_goods(db.session),
    )
    return render_template(
        "bonded/admin_goods.html", table=table, filters=filters, clear_url=url_for(".goods_list")
    ), status


@admin_bp.get("/")
@role_required(UserRole.OPERATOR)
def goods_list():
    return _page()


@admin_bp.post("/")
@role_required(UserRole.OPERATOR)
def goods_save():
    key, good = posted_row(db.session, BondedGood, new_allowed=False)
    form = row_form(SaleTermsForm, key, posted=True)

    def save() -> None:
        try:
            set_sale_terms(
                db.session,
                good,
                price=form.price.data,
                on_positive_list=bool(form.on_positive_list.data),
                is_published=bool(form.is_published.data),
            )
        except InvalidBondedGood as refused:
            raise RowRefused("price", str(PRICE)) from refused

    if not save_row(form, save, first_field="price"):
        return _page((key, form), 422)
    flash(_("The bonded good is saved."), "success")
    return redirect(url_for(".goods_list", **_filters().query_args()), 303)
