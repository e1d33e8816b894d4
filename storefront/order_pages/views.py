"""The buyer's order pages: follow an order, pay it again, cancel it before shipping."""

from __future__ import annotations

import logging

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import NotFound

from storefront.customs import customs_adapter
from storefront.customs.declarations.parcels import buyer_customs_stages
from storefront.database import begin_writing
from storefront.extensions import db
from storefront.forms import CsrfOnlyForm
from storefront.fulfilment.cancellation import cancel_before_shipping
from storefront.orders.access import allow_guest_order, may_view_order, order_link_number
from storefront.orders.actors import Actor
from storefront.orders.labels import FULFILMENT_STATUSES
from storefront.orders.models import Order
from storefront.orders.notifications import send_order_cancelled
from storefront.orders.services import (
    OrderNotCancellable,
    can_cancel,
    expire_if_due,
    find_order_by_number,
    is_overdue,
    payment_was_declined,
)
from storefront.orders.states import FulfilmentStatus, OrderStatus, PaymentStatus
from storefront.payments.gateways import current_gateway
from storefront.payments.opening import open_checkout, return_urls
from storefront.payments.port import PaymentProviderError
from storefront.shipping.addresses import address_lines
from storefront.shipping.carriers.booking import waybills_of
from storefront.shipping.carriers.tracking import tracking_events_by_sub_order

log = logging.getLogger(__name__)

bp = Blueprint(
    "orders", __name__, url_prefix="/<locale:locale>/orders", template_folder="templates"
)


class OrderNotFound(NotFound):
    """Unknown, or not this visitor's: the page leads to the look-up with the number filled in."""

    def __init__(self, number: str) -> None:
        super().__init__()
        self.number = number[:24]


@bp.errorhandler(OrderNotFound)
def order_not_found(error: OrderNotFound):
    return render_template("orders/order_not_found.html", number=error.number), 404


def _viewable_order(number: str, for_display: bool = False) -> Order:
    order = find_order_by_number(db.session, number, for_display=for_display)
    if order is None or not may_view_order(order, current_user, session):
        raise OrderNotFound(number)  # the same answer for "does not exist" and "not yours"
    return order


def _accept_order_link(number: str) -> bool:
    """An e-mailed link's token opens its order in this browser too (any device)."""
    token = request.args.get("token", "")
    signed = order_link_number(current_app.config["SECRET_KEY"], token) if token else None
    if signed is None or signed != number.strip().upper():
        return False
    allow_guest_order(session, signed)
    return True


def _actor() -> Actor:
    return Actor("buyer", current_user.id if current_user.is_authenticated else None)


@bp.get("/<number>")
def order_detail(number: str):
    if "token" in request.args:
        # The token is spent on the session; the address bar and history keep a plain URL.
        if _accept_order_link(number):
            return redirect(url_for("orders.order_detail", number=number.strip().upper()))
        raise OrderNotFound(number)
    order = _viewable_order(number, for_display=True)
    if order.is_bonded:  # collected at the showroom: its own page (stage, pickup code, slot)
        return redirect(url_for("bonded.order_detail", number=order.number))
    if is_overdue(order):
        # Expiring writes: end this read snapshot and start a write transaction (SQLite).
        db.session.rollback()
        begin_writing(db.session)
        order = _viewable_order(number, for_display=True)
        if expire_if_due(db.session, order):
            db.session.commit()
    return render_template(
        "orders/order_detail.html",
        order=order,
        form=CsrfOnlyForm(),
        can_cancel=can_cancel(order),
        customs_stages=buyer_customs_stages(db.session, [s.id for s in order.sub_orders]),
        waybills=waybills_of(db.session, [s.id for s in order.sub_orders]),
        tracking=tracking_events_by_sub_order(db.session, [s.id for s in order.sub_orders]),
        address_lines=address_lines(order.postal_address, order.recipient_name),
        payment_declined=payment_was_declined(order),
        delivery_text=delivery_text(order),
    )


def delivery_text(order: Order) -> str:
    """The delivery line, never contradicting the order's status (no "being prepared" unpaid)."""
    if order.status is OrderStatus.PLACED:
        return _("Not started (the order is not paid)")
    if order.status in (OrderStatus.CANCELLED, OrderStatus.EXPIRED) and not order.sub_orders:
        return str(FULFILMENT_STATUSES[FulfilmentStatus.CANCELLED])
    return str(FULFILMENT_STATUSES[order.fulfilment_status])


@bp.get("/<number>/cancel")
def confirm_cancel(number: str):
    order = _viewable_order(number, for_display=True)
    if order.is_bonded:
        return redirect(url_for("bonded.confirm_cancel", number=order.number))
    if not can_cancel(order):
        return redirect(url_for("orders.order_detail", number=order.number))
    return render_template("orders/order_cancel.html", order=order, form=CsrfOnlyForm())


@bp.post("/<number>/pay")
def pay(number: str):
    order = _viewable_order(number)
    payable = order.status is OrderStatus.PLACED and order.payment_status is PaymentStatus.PENDING
    if not (
        CsrfOnlyForm().validate_on_submit() and not expire_if_due(db.session, order) and payable
    ):
        db.session.commit()
        flash(_("This order can no longer be paid."), "error")
        return redirect(url_for("orders.order_detail", number=number))
    try:
        payment_url = open_checkout(db.session, current_gateway(), order, **return_urls(order))
    except PaymentProviderError:
        db.session.commit()  # keep the attempt count
        flash(
            _(
                "The payment page could not be opened. Your order is kept; please try again in a moment."  # noqa: E501
            ),
            "error",
        )
        return redirect(url_for("orders.order_detail", number=number))
    db.session.commit()
    return redirect(payment_url, 303)


@bp.post("/<number>/cancel")
def cancel(number: str):
    order = _viewable_order(number)
    if not CsrfOnlyForm().validate_on_submit():
        abort(400)
    if order.is_bonded:  # the bonded page cancels it (withdrawal or return, reason kept)
        return redirect(url_for("bonded.confirm_cancel", number=order.number))
    try:
        cancel_before_shipping(
            db.session,
            order,
            actor=_actor(),
            gateway=current_gateway(),
            declarations=customs_adapter(current_app),
        )
    except OrderNotCancellable:
        db.session.rollback()
        flash(
            _("This order has already been shipped or closed and can no longer be cancelled."),
            "error",
        )
        return redirect(url_for("orders.order_detail", number=number))
    except PaymentProviderError:
        db.session.rollback()
        flash(
            _("The refund could not be started. Nothing was changed; please try again later."),
            "error",
        )
        return redirect(url_for("orders.order_detail", number=number))
    send_order_cancelled(order)  # into the e-mail outbox, committed with the cancellation
    db.session.commit()
    flash(_("Your order is cancelled."), "success")
    return redirect(url_for("orders.order_detail", number=number))
