"""The cooperative's parcels: by stage, one parcel's page, and its steps (pack, book the carrier,
hand over, cancel)."""

from __future__ import annotations

import logging

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from catalog.queries import Page
from storefront.coop.access import Permission, current_member, portal_page
from storefront.coop.blueprint import bp
from storefront.coop.forms import ReasonForm
from storefront.coop.labels import PROBLEMS
from storefront.coop.views.common import form_errors, page_number, page_size
from storefront.customs import customs_adapter
from storefront.customs.declarations.models import CustomsDeclaration
from storefront.extensions import db
from storefront.forms import CsrfOnlyForm
from storefront.fulfilment.parcel_queries import (
    ParcelStage,
    count_parcels,
    parcel_rows,
    stage_condition,
)
from storefront.fulfilment.parcel_steps import (
    book_carrier,
    cancel_parcel,
    hand_over,
    pack_parcel,
    producer_parcel,
)
from storefront.fulfilment.parcels import ParcelNotShippable
from storefront.orders.actors import Actor
from storefront.orders.notifications import send_order_cancelled
from storefront.payments.gateways import current_gateway
from storefront.payments.port import PaymentProviderError
from storefront.shipping.addresses import address_lines

log = logging.getLogger(__name__)


def _stage() -> ParcelStage | None:
    try:
        return ParcelStage(request.args.get("stage", ""))
    except ValueError:
        return None


@bp.get("/parcels/")
@portal_page()
def parcel_list():
    member = current_member()
    stage = _stage()
    page, per_page = page_number(), page_size()
    condition = stage_condition(stage) if stage is not None else None
    total = count_parcels(db.session, member.producer_id, condition)
    rows = parcel_rows(
        db.session, member.producer_id, stage=stage, offset=(page - 1) * per_page, limit=per_page
    )
    return render_template(
        "coop/parcel_list.html",
        result=Page(rows, page, per_page, total),
        stage=stage,
        stages=list(ParcelStage),
    )


@bp.get("/parcels/<int:parcel_id>")
@portal_page()
def parcel_detail(parcel_id: int):
    member = current_member()
    parcel = producer_parcel(db.session, member.producer_id, parcel_id)
    row = parcel_rows(db.session, member.producer_id, sub_order_ids=[parcel.id], limit=1)[0]
    declarations = db.session.scalars(
        select(CustomsDeclaration)
        .where(CustomsDeclaration.sub_order_id == parcel.id)
        .order_by(CustomsDeclaration.id)
    ).all()
    order = parcel.order
    return render_template(
        "coop/parcel_detail.html",
        parcel=parcel,
        row=row,
        order=order,
        declarations=declarations,
        address_lines=address_lines(order.postal_address, order.recipient_name),
        events=[event for event in order.events if event.sub_order_id in (None, parcel.id)],
        button=CsrfOnlyForm(),
        cancel_form=ReasonForm(),
    )


def _actor() -> Actor:
    return Actor("cooperative", current_member().user_id)


def _refused(error: ParcelNotShippable, parcel_id: int):
    db.session.rollback()
    message = PROBLEMS.get(error.reason)
    flash(str(message) if message else _("This step is not possible now."), "error")
    return redirect(url_for("coop.parcel_detail", parcel_id=parcel_id), 303)


def _owned_or_404(parcel_id: int) -> int:
    return producer_parcel(db.session, current_member().producer_id, parcel_id).id


@bp.post("/parcels/<int:parcel_id>/pack")
@portal_page(Permission.ACT)
def parcel_pack(parcel_id: int):
    _owned_or_404(parcel_id)
    if CsrfOnlyForm().validate_on_submit():
        try:
            pack_parcel(db.session, current_member().producer_id, parcel_id, actor=_actor())
        except ParcelNotShippable as refused:
            return _refused(refused, parcel_id)
        db.session.commit()
        flash(_("Packed. Now book the carrier."), "success")
    return redirect(url_for("coop.parcel_detail", parcel_id=parcel_id), 303)


@bp.post("/parcels/<int:parcel_id>/book")
@portal_page(Permission.ACT)
def parcel_book(parcel_id: int):
    _owned_or_404(parcel_id)
    if CsrfOnlyForm().validate_on_submit():
        try:
            number = book_carrier(
                db.session,
                current_member().producer_id,
                parcel_id,
                customs=customs_adapter(current_app),
                actor=_actor(),
            )
        except ParcelNotShippable as refused:
            return _refused(refused, parcel_id)
        db.session.commit()
        flash(
            _(
                "Booked: waybill %(number)s. The export list is declared with it; hand the parcel "
                "over once customs releases it.",
                number=number,
            ),
            "success",
        )
    return redirect(url_for("coop.parcel_detail", parcel_id=parcel_id), 303)


@bp.post("/parcels/<int:parcel_id>/hand-over")
@portal_page(Permission.ACT)
def parcel_hand_over(parcel_id: int):
    _owned_or_404(parcel_id)
    if CsrfOnlyForm().validate_on_submit():
        try:
            number = hand_over(db.session, current_member().producer_id, parcel_id, actor=_actor())
        except ParcelNotShippable as refused:
            return _refused(refused, parcel_id)
        db.session.commit()
        flash(_("Shipped with tracking number %(number)s.", number=number), "success")
    return redirect(url_for("coop.parcel_detail", parcel_id=parcel_id), 303)


@bp.post("/parcels/<int:parcel_id>/cancel")
@portal_page(Permission.ACT)
def parcel_cancel(parcel_id: int):
    _owned_or_404(parcel_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        for text in form_errors(form):
            flash(text, "error")
        return redirect(url_for("coop.parcel_detail", parcel_id=parcel_id), 303)
    try:
        whole_order = cancel_parcel(
            db.session,
            current_member().producer_id,
            parcel_id,
            reason=form.reason.data or "",
            actor=_actor(),
            gateway=current_gateway(),
            customs=customs_adapter(current_app),
        )
    except ParcelNotShippable as refused:
        return _refused(refused, parcel_id)
    except PaymentProviderError:
        db.session.rollback()
        flash(
            _("The refund could not be started. Nothing was changed; please try again later."),
            "error",
        )
        return redirect(url_for("coop.parcel_detail", parcel_id=parcel_id), 303)
    db.session.commit()
    if whole_order:
        try:
            send_order_cancelled(
                producer_parcel(db.session, current_member().producer_id, parcel_id).order
            )
        except Exception:  # the cancellation is committed; a mail outage must not hide that
            log.exception("cancellation e-mail for parcel %s could not be sent", parcel_id)
        flash(_("The order is cancelled and the buyer refunded."), "success")
    else:
        flash(_("The parcel is cancelled and its share refunded to the buyer."), "success")
    return redirect(url_for("coop.parcel_detail", parcel_id=parcel_id), 303)
