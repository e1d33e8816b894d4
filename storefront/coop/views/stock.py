"""Stock: every pack's available, held and on-hand figures; a pack's movements; recording goods
received, damaged goods and count corrections."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from catalog.listings.overview import count_packs, pack_rows
from catalog.listings.ownership import owned_variant
from catalog.listings.problems import ListingRefused
from catalog.queries import Page
from storefront.coop.access import Permission, current_member, portal_page
from storefront.coop.blueprint import bp
from storefront.coop.forms import StockForm
from storefront.coop.labels import MOVEMENT_REASONS
from storefront.coop.views.common import flash_refused, form_errors, page_number, page_size
from storefront.extensions import db
from storefront.inventory.ledger import (
    MEMBER_REASONS,
    adjust_stock,
    held_by_open_orders,
    movements_of,
    stock_figures,
)
from storefront.inventory.models import MovementReason


@bp.get("/stock/")
@portal_page()
def stock_list():
    member = current_member()
    page, per_page = page_number(), page_size()
    total = count_packs(db.session, member.producer_id)
    rows = pack_rows(db.session, member.producer_id, offset=(page - 1) * per_page, limit=per_page)
    return render_template(
        "coop/stock_list.html",
        result=Page(rows, page, per_page, total),
        held=held_by_open_orders(db.session, [row.id for row in rows]),
    )


def _form() -> StockForm:
    form = StockForm()
    form.reason.choices = [
        SelectChoice(reason.value, MOVEMENT_REASONS[reason])
        for reason in MovementReason
        if reason in MEMBER_REASONS
    ]
    if not form.reason.data:
        form.reason.data = MovementReason.RECEIVED.value
    return form


def _render(variant, form: StockForm, status: int = 200):
    member = current_member()
    return (
        render_template(
            "coop/pack_stock.html",
            variant=variant,
            figures=stock_figures(db.session, [variant])[variant.id],
            movements=movements_of(db.session, member.producer_id, variant.id),
            form=form,
        ),
        status,
    )


@bp.get("/packs/<int:pack_id>/stock")
@portal_page()
def pack_stock(pack_id: int):
    variant = owned_variant(db.session, current_member().producer_id, pack_id)
    return _render(variant, _form())


@bp.post("/packs/<int:pack_id>/stock")
@portal_page(Permission.ACT)
def pack_stock_record(pack_id: int):
    member = current_member()
    variant = owned_variant(db.session, member.producer_id, pack_id)
    form = _form()
    if not form.validate_on_submit():
        for text in form_errors(form):
            flash(text, "error")
        return _render(variant, form, 400)
    try:
        adjust_stock(
            db.session,
            member.producer_id,
            variant.id,
            reason=MovementReason(form.reason.data),
            quantity=form.quantity.data,
            author_user_id=member.user_id,
            note=form.note.data or "",
        )
    except ListingRefused as refused:
        db.session.rollback()
        flash_refused(refused)
        return _render(owned_variant(db.session, member.producer_id, pack_id), form, 400)
    db.session.commit()
    flash(_("The stock is recorded."), "success")
    return redirect(url_for("coop.pack_stock", pack_id=variant.id), 303)
