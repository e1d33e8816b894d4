"""Order pages: follow an order, pay it again, cancel it before shipping."""

from __future__ import annotations

import logging

from babel import Locale
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from catalog.locales import BABEL_IDENTIFIERS
from storefront.checkout.forms import PaymentForm
from storefront.customs import customs_adapter
from storefront.customs.declarations.parcels import buyer_customs_stages
from storefront.database import begin_writing
from storefront.extensions import db
from storefront.i18n import current_locale
from storefront.orders import labels
from storefront.orders.access import may_view_order
from storefront.orders.actors import Actor
from storefront.orders.models import Order
from storefront.orders.notifications import send_order_cancelled
from storefront.orders.services import (
    OrderNotCancellable,
    can_cancel,
    cancel_order,
    expire_if_due,
    find_order_by_number,
    is_overdue,
)
from storefront.orders.states import OrderStatus, PaymentStatus
from storefront.payments.gateways import current_gateway
from storefront.payments.port import PaymentProviderError
from storefront.payments.settlement import refund_cancelled_order
from storefront.payments.starting import start_payment

log = logging.getLogger(__name__)

bp = Blueprint(
    "orders", __name__, url_prefix="/<locale:locale>/orders", template_folder="templates"
)


@bp.record_once
def _register_template_globals(state) -> None:
    state.app.jinja_env.globals["order_labels"] = labels
    state.app.jinja_env.globals["country_name"] = country_name


def country_name(code: str) -> str:
    """The country's name in the visitor's language (ISO code if Babel does not know it)."""
    return Locale.parse(BABEL_IDENTIFIERS.get(current_locale(), "en")).territories.get(code, code)


def _viewable_order(number: str, for_display: bool = False) -> Order:
    order = find_order_by_number(db.session, number, for_display=for_display)
    if order is None or not may_view_order(order, current_user, session):
        abort(404)  # the same answer for "does not exist" and "not yours"
    return order


def _actor() -> Actor:
    return Actor("buyer", current_user.id if current_user.is_authenticated else None)


@bp.get("/<number>")
def order_detail(number: str):
    order = _viewable_order(number, for_display=True)
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
        form=PaymentForm(),
        can_cancel=can_cancel(order),
        customs_stages=buyer_customs_stages(db.session, [s.id for s in order.sub_orders]),
    )


@bp.post("/<number>/pay")
def pay(number: str):
    order = _viewable_order(number)
    payable = order.status is OrderStatus.PLACED and order.payment_status is PaymentStatus.PENDING
    if PaymentForm().validate_on_submit() and not expire_if_due(db.session, order) and payable:
        return start_payment(order)
    db.session.commit()
    flash(_("This order can no longer be paid."), "error")
    return redirect(url_for("orders.order_detail", number=number))


@bp.post("/<number>/cancel")
def cancel(number: str):
    order = _viewable_order(number)
    if not PaymentForm().validate_on_submit():
        abort(400)
    gateway = current_gateway()
    try:
        declarations = customs_adapter(current_app)
        needs_refund = cancel_order(db.session, order, actor=_actor(), declarations=declarations)
        if needs_refund:
            refund_cancelled_order(db.session, gateway, order, _actor(), declarations)
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
    db.session.commit()
    try:
        send_order_cancelled(order)
    except Exception:  # the cancellation is committed; a mail outage must not hide that
        log.exception("cancellation e-mail for order %s could not be sent", order.id)
    flash(_("Your order is cancelled."), "success")
    return redirect(url_for("orders.order_detail", number=number))
