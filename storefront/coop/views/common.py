"""What the portal's views share: paging, choices of the forms, problems as notices."""

from __future__ import annotations

from decimal import Decimal

from flask import current_app, flash, request
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from catalog.legal_units import PACK_UNITS
from catalog.listings.editing import PackFacts, ProductFacts, brand_choices
from catalog.listings.problems import ListingRefused
from catalog.models import Category, ProductClass, StorageClass
from catalog.models.product import CERTIFICATIONS
from storefront.coop.forms import NewProductForm, PackForm, ProductFactsForm
from storefront.coop.labels import PRODUCT_CLASSES, UNIT_NAMES, problem_texts
from storefront.extensions import db
from storefront.forms import whole_number
from storefront.shop import labels as shop_labels
from storefront.templating import localized

MAX_PAGE = 100_000


def page_number() -> int:
    return whole_number(request.args.get("page"), maximum=MAX_PAGE) or 1


def page_size() -> int:
    return current_app.config["COOP_PAGE_SIZE"]


MAX_NOTICES = 20


def flash_refused(refused: ListingRefused) -> None:
    texts = problem_texts(refused.problems)
    for text in texts[:MAX_NOTICES]:
        flash(text, "error")
    if len(texts) > MAX_NOTICES:
        flash(_("…and %(count)s more.", count=len(texts) - MAX_NOTICES), "error")


def fill_fact_choices(form: ProductFactsForm, producer_id: int) -> None:
    form.category.choices = [SelectChoice(c.value, shop_labels.CATEGORIES[c]) for c in Category]
    form.product_class.choices = [SelectChoice(c.value, PRODUCT_CLASSES[c]) for c in ProductClass]
    form.customs_unit.choices = [
        SelectChoice(code, f"{UNIT_NAMES.get(code, name)} ({name} {code})")
        for code, name in PACK_UNITS.items()
    ]
    form.storage.choices = [SelectChoice(s.value, shop_labels.STORAGE[s]) for s in StorageClass]
    form.season_months.choices = [SelectChoice(m, shop_labels.month_name(m)) for m in range(1, 13)]
    form.certifications.choices = [
        SelectChoice(code, shop_labels.CERTIFICATIONS[code]) for code in CERTIFICATIONS
    ]
    form.brand_id.choices = [SelectChoice("", _("No brand"))] + [
        SelectChoice(str(brand.id), localized(brand).name)
        for brand in brand_choices(db.session, producer_id)
    ]


def facts_from(form: ProductFactsForm) -> ProductFacts:
    brand = form.brand_id.data or ""
    return ProductFacts(
        category=Category(form.category.data),
        product_class=ProductClass(form.product_class.data),
        hs_code=form.hs_code.data or "",
        customs_unit=form.customs_unit.data or "",
        storage=StorageClass(form.storage.data),
        shelf_life_days=form.shelf_life_days.data,
        season_months=tuple(form.season_months.data or ()),
        certifications=tuple(form.certifications.data or ()),
        brand_id=int(brand) if brand.isdigit() and len(brand) < 10 else None,
    )


def pack_from(form: PackForm | NewProductForm, *, active: bool = True) -> PackFacts:
    return PackFacts(
        sku=form.sku.data or "",
        net_weight_g=form.net_weight_g.data or 0,
        units_per_pack=form.units_per_pack.data or 1,
        price=Decimal(form.price.data) if form.price.data is not None else Decimal(0),
        barcode=form.barcode.data or "",
        is_active=active,
    )


def form_errors(form) -> list[str]:
    """A form's field errors as '<label>: <message>' lines (shown beside the fields too)."""
    return [
        f"{field.label.text}: {error}"
        for field in form
        for error in field.errors
        if field.name != "csrf_token"
    ]
