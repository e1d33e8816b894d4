"""The bonded showroom shop: browse imported goods, the bonded cart, the goods' pictures."""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    session,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import select

from catalog.translation import translated_field
from storefront.bonded import pickup_limits
from storefront.bonded.cart import BondedCart, GoodNotAvailable, line_limit
from storefront.bonded.forms import BondedCartForm
from storefront.bonded.quotes import quote_goods
from storefront.bonded.web import pictures_bp, shop_bp
from storefront.extensions import db
from storefront.i18n import current_locale
from storefront.pickup.goods import MAX_LINE_QUANTITY, BondedCategory, BondedGood
from storefront.pickup.pictures import bonded_picture_svg
from storefront.pickup.showrooms import Showroom
from storefront.pickup.tax import Limits
from storefront.shop.pictures import svg_image_response

SET_UNIT = "006"  # 套: sold as a set


def visible_goods() -> list[BondedGood]:
    return list(
        db.session.scalars(
            select(BondedGood)
            .where(BondedGood.is_published.is_(True), BondedGood.on_positive_list.is_(True))
            .order_by(BondedGood.category, BondedGood.price)
        )
    )


def one_item_tax(good: BondedGood, limits: Limits):
    """The tax on one item alone (what the card and the good's page show)."""
    return quote_goods([(good, 1)], limits=limits).estimate


@shop_bp.get("/")
def index():
    goods = visible_goods()
    by_category = {
        category: [good for good in goods if good.category is category]
        for category in BondedCategory
    }
    limits = pickup_limits(current_app)
    showrooms = db.session.scalars(select(Showroom).where(Showroom.is_active.is_(True))).all()
    return render_template(
        "bonded/index.html",
        by_category={k: v for k, v in by_category.items() if v},
        taxes={good.id: one_item_tax(good, limits) for good in goods},
        limits=limits,
        showrooms=showrooms,
        cart_count=sum(BondedCart(session).quantities().values()),
        form=BondedCartForm(),
    )


@shop_bp.get("/goods/<sku>")
def good_detail(sku: str):
    good = db.session.scalars(select(BondedGood).where(BondedGood.sku == sku[:20])).one_or_none()
    if good is None or not good.is_published:
        abort(404)
    limits = pickup_limits(current_app)
    return render_template(
        "bonded/good_detail.html",
        good=good,
        tax=one_item_tax(good, limits),
        limits=limits,
        available=line_limit(good),
        max_quantity=MAX_LINE_QUANTITY,
        form=BondedCartForm(good_id=good.id),
    )


@shop_bp.get("/cart")
def cart_view():
    cart = BondedCart(session)
    lines = cart.lines(db.session)
    limits = pickup_limits(current_app)
    quote = quote_goods([(line.good, line.quantity) for line in lines], limits=limits)
    return render_template(
        "bonded/cart.html",
        lines=lines,
        quote=quote,
        limits=limits,
        max_quantity=MAX_LINE_QUANTITY,
        names={
            line.good.sku: translated_field(line.good, "name", current_locale()) for line in lines
        },
    )


@shop_bp.post("/cart/add")
def add_to_cart():
    return _change_cart(add=True)


@shop_bp.post("/cart/update")
def update_cart():
    return _change_cart(add=False)


def _change_cart(*, add: bool):
    form = BondedCartForm()
    if not form.validate():
        flash(_("Please choose a quantity between 0 and %(max)d.", max=MAX_LINE_QUANTITY), "error")
        return redirect(url_for("bonded.cart_view"))
    try:
        quantity = BondedCart(session).set(
            db.session, form.good_id.data, form.quantity.data, add=add
        )
    except GoodNotAvailable:
        flash(_("Sorry, this item is not available at the moment."), "error")
        return redirect(url_for("bonded.cart_view"))
    requested = form.quantity.data
    if add:
        flash(_("Added to your bonded cart (%(count)d of this item).", count=quantity), "success")
    elif 0 < quantity < requested:
        flash(_("Only %(count)d of this item can be ordered.", count=quantity), "warning")
    return redirect(url_for("bonded.cart_view"))


@pictures_bp.get("/<sku>.svg")
def good_picture(sku: str):
    good = db.session.scalars(select(BondedGood).where(BondedGood.sku == sku[:20])).one_or_none()
    if good is None:
        abort(404)
    name = translated_field(good, "name", "zh-hans") or good.sku
    return svg_image_response(
        bonded_picture_svg(
            good.sku, good.category.value, name, is_set=good.declared_unit == SET_UNIT
        )
    )
