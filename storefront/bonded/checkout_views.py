"""The bonded checkout: the orderer, the quote (tax per line, limits), place and pay, and the
bonded order page (stage, pickup code and QR, slot, cancellation)."""

from __future__ import annotations

import logging

from flask import (
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
from markupsafe import Markup
from sqlalchemy import select

from catalog.translation import translated_field
from storefront.bonded import pickup_limits, vault_of
from storefront.bonded.buyer_session import (
    forget_placement_key,
    placement_key,
    save_buyer,
    saved_buyer,
    saved_identity,
)
from storefront.bonded.cart import BondedCart
from storefront.bonded.closing import ClosingReason, close_bonded_order
from storefront.bonded.forms import IdentityForm, PlaceBondedOrderForm, SlotForm
from storefront.bonded.labels import (
    ID_PROBLEMS,
    format_clock,
    format_day,
    format_local,
    violation_message,
)
from storefront.bonded.notifications import send_bonded_order_closed
from storefront.bonded.placement import (
    BondedOrderRefused,
    BondedPurchase,
    EmptyBondedCart,
    place_bonded_order,
)
from storefront.bonded.quotes import Quote, annual_total_of, quote_goods
from storefront.bonded.slots import SlotFull, SlotNotOffered, choose_slot, offered_slots
from storefront.bonded.stages import pickup_stage
from storefront.bonded.web import shop_bp
from storefront.checkout.placement import find_order_by_placement_key
from storefront.customs import customs_adapter
from storefront.database import begin_writing
from storefront.extensions import db
from storefront.forms import CsrfOnlyForm
from storefront.i18n import current_locale
from storefront.orders.access import allow_guest_order, may_view_order
from storefront.orders.actors import Actor
from storefront.orders.models import Order
from storefront.orders.services import (
    OrderNotCancellable,
    expire_if_due,
    find_order_by_number,
    is_overdue,
    payment_was_declined,
)
from storefront.payments.gateways import current_gateway
from storefront.payments.opening import PaymentNotStarted, return_urls, start_payment
from storefront.payments.port import PaymentProviderError
from storefront.pickup.bonded_orders import PickupStage
from storefront.pickup.codes import display_code, qr_svg
from storefront.pickup.identity import (
    BuyerIdentity,
    InvalidIdNumber,
    InvalidPhone,
    mainland_phone,
    real_name,
    resident_id,
)
from storefront.pickup.showrooms import Showroom

log = logging.getLogger(__name__)


def _showrooms() -> list[Showroom]:
    return list(
        db.session.scalars(
            select(Showroom).where(Showroom.is_active.is_(True)).order_by(Showroom.id)
        )
    )


def _identity_form(showrooms: list[Showroom]) -> IdentityForm:
    form = IdentityForm()
    locale = current_locale()
    form.showroom.choices = [
        (room.code, translated_field(room, "name", locale)) for room in showrooms
    ]
    return form


@shop_bp.route("/checkout", methods=["GET", "POST"])
def checkout():
    if not BondedCart(session).lines(db.session):
        flash(_("Your bonded cart is empty."), "warning")
        return redirect(url_for("bonded.cart_view"))
    showrooms = _showrooms()
    form = _identity_form(showrooms)
    saved = saved_buyer(session)
    if request.method == "GET":
        if saved is not None:
            form.real_name.data, form.phone.data = saved.real_name, saved.phone
            form.email.data, form.showroom.data = saved.email, saved.showroom
        elif current_user.is_authenticated:
            form.email.data = current_user.email
        if not form.showroom.data and showrooms:
            form.showroom.data = showrooms[0].code
    else:
        valid = form.validate_on_submit()  # every field is checked, so every error shows
        if _check_identity(form, saved, save=valid):
            return redirect(url_for("bonded.quote"))
    return render_template(
        "bonded/checkout.html", form=form, has_saved_id=saved is not None, showrooms=showrooms
    ), (200 if request.method == "GET" else 422)


def _check_identity(form: IdentityForm, saved, *, save: bool) -> bool:
    """Check each field, put its error beside it; save the orderer (ID sealed) when all pass."""
    vault = vault_of(current_app)
    ok = True
    name = number = phone = None
    try:
        name = real_name(form.real_name.data)
    except ValueError:
        if not form.real_name.errors:
            form.real_name.errors.append(_("Please enter your name as on your ID card."))
        ok = False
    raw_id = form.id_number.data or ""
    if not raw_id and saved is not None:
        known = saved_identity(session, vault)
        number = known[1].id_number if known else None
    if number is None:
        try:
            number = resident_id(raw_id)
        except InvalidIdNumber as invalid:
            form.id_number.errors.append(str(ID_PROBLEMS[invalid.problem]))
            ok = False
    try:
        phone = mainland_phone(form.phone.data)
    except InvalidPhone:
        if not form.phone.errors:
            form.phone.errors.append(_("Please enter a mainland China phone number."))
        ok = False
    if not form.payer_is_buyer.data:
        form.payer_is_buyer.errors.append(
            _(
                "Customs needs the payer to be the buyer: please confirm that you pay yourself, from an account in your name."  # noqa: E501
            )
        )
        ok = False
    if not (ok and save):
        return False
    save_buyer(
        session,
        vault,
        BuyerIdentity(name, number, phone, True),
        email=form.email.data,
        showroom=form.showroom.data,
    )
    return True


def _current_quote() -> tuple[Quote, object, Showroom] | None:
    vault = vault_of(current_app)
    known = saved_identity(session, vault)
    lines = BondedCart(session).lines(db.session)
    if known is None or not lines:
        return None
    saved, identity = known
    showroom = db.session.scalars(
        select(Showroom).where(Showroom.code == saved.showroom, Showroom.is_active.is_(True))
    ).one_or_none()
    if showroom is None:
        return None
    quote = quote_goods(
        [(line.good, line.quantity) for line in lines],
        limits=pickup_limits(current_app),
        annual_total_before=annual_total_of(db.session, vault, identity.id_number),
    )
    return quote, (saved, identity), showroom


def _names(quote: Quote) -> dict[str, str]:
    locale = current_locale()
    return {line.good.sku: translated_field(line.good, "name", locale) for line in quote.lines}


@shop_bp.get("/checkout/quote")
def quote():
    current = _current_quote()
    if current is None:
        return redirect(url_for("bonded.checkout"))
    the_quote, (saved, identity), showroom = current
    names = _names(the_quote)
    return render_template(
        "bonded/quote.html",
        quote=the_quote,
        names=names,
        messages=[violation_message(v, names) for v in the_quote.violations],
        saved=saved,
        masked_id=identity.masked_id,
        showroom=showroom,
        form=PlaceBondedOrderForm(placement_key=placement_key(session)),
    )


@shop_bp.post("/checkout/place")
def place():
    form = PlaceBondedOrderForm()
    if not form.validate_on_submit():
        return redirect(url_for("bonded.quote"))
    existing = find_order_by_placement_key(db.session, form.placement_key.data)
    if existing is not None:  # a double submit: the first one placed it
        return redirect(url_for("bonded.order_detail", number=existing.number))
    current = _current_quote()
    if current is None:
        return redirect(url_for("bonded.checkout"))
    the_quote, (saved, identity), showroom = current
    purchase = BondedPurchase(
        quantities={line.good.id: line.quantity for line in the_quote.lines},
        identity=identity,
        email=saved.email,
        showroom=showroom,
        locale=current_locale(),
        user_id=current_user.id if current_user.is_authenticated else None,
        placement_key=form.placement_key.data,
    )
    try:
        order = place_bonded_order(
            db.session,
            purchase,
            vault=vault_of(current_app),
            limits=pickup_limits(current_app),
            reservation_minutes=current_app.config["RESERVATION_MINUTES"],
        )
    except (BondedOrderRefused, EmptyBondedCart) as refused:
        db.session.rollback()
        names = _names(the_quote)
        if isinstance(refused, BondedOrderRefused):
            for violation in refused.quote.violations:
                flash(violation_message(violation, names), "error")
        return redirect(url_for("bonded.quote"))
    db.session.commit()
    BondedCart(session).clear()
    forget_placement_key(session)
    allow_guest_order(session, order.number)
    try:
        payment_url = start_payment(
            db.session, current_gateway(), order.id, urls=return_urls(order)
        )
    except (PaymentNotStarted, PaymentProviderError):
        flash(
            _("The payment page could not be opened. Your order is kept; pay it from this page."),
            "error",
        )  # noqa: E501
        return redirect(url_for("bonded.order_detail", number=order.number))
    return redirect(payment_url, 303)


def _bonded_order(number: str) -> Order:
    order = find_order_by_number(db.session, number)
    if order is None or not may_view_order(order, current_user, session):
        abort(404)
    return order


@shop_bp.get("/orders/<number>")
def order_detail(number: str):
    order = _bonded_order(number)
    if order.bonded is None:
        return redirect(url_for("orders.order_detail", number=order.number))
    if is_overdue(order):  # expiring writes: a write transaction (SQLite), as the order page
        db.session.rollback()
        begin_writing(db.session)
        order = _bonded_order(number)
        if expire_if_due(db.session, order):
            db.session.commit()
    bonded = order.bonded
    stage = pickup_stage(order)
    code = qr = None
    if stage is PickupStage.READY and bonded.pickup_code_sealed:
        raw = vault_of(current_app).unseal(bonded.pickup_code_sealed)
        code = display_code(raw)
        qr = Markup(qr_svg(raw, title=_("QR code of your pickup code %(code)s", code=code)))
    slots = offered_slots(db.session, order) if stage is PickupStage.READY else ()
    locale = current_locale()
    slot_form = SlotForm()
    slot_form.slot.choices = [
        (slot.id, f"{format_clock(slot.starts_at, locale)}–{format_clock(slot.ends_at, locale)}")
        for slot in slots
    ]
    slot_form.slot.data = bonded.slot_id
    slot_days: dict[str, list[int]] = {}
    for slot in slots:
        slot_days.setdefault(format_day(slot.starts_at, locale), []).append(slot.id)
    return render_template(
        "bonded/order_detail.html",
        order=order,
        bonded=bonded,
        stage=stage,
        code=code,
        qr=qr,
        slots={slot.id: slot for slot in slots},
        slot_days=slot_days,
        slot_form=slot_form,
        form=CsrfOnlyForm(),
        payment_declined=payment_was_declined(order),
        can_cancel=stage in (PickupStage.AWAITING_CUSTOMS, PickupStage.READY),
        format_local=format_local,
    )


@shop_bp.post("/orders/<number>/slot")
def order_slot(number: str):
    order = _bonded_order(number)
    form = SlotForm()
    form.slot.choices = [(slot.id, "") for slot in offered_slots(db.session, order)]
    if not form.validate_on_submit():
        flash(_("Please choose one of the times offered."), "error")
        return redirect(url_for("bonded.order_detail", number=order.number))
    actor = Actor("buyer", current_user.id if current_user.is_authenticated else None)
    try:
        slot = choose_slot(db.session, order, form.slot.data, actor=actor)
    except SlotFull:
        db.session.rollback()
        flash(_("Sorry, this time is full now. Please choose another one."), "error")
        return redirect(url_for("bonded.order_detail", number=number))
    except SlotNotOffered:
        db.session.rollback()
        flash(_("Please choose one of the times offered."), "error")
        return redirect(url_for("bonded.order_detail", number=number))
    db.session.commit()
    flash(
        _("Your pickup time: %(time)s.", time=format_local(slot.starts_at, current_locale())),
        "success",
    )
    return redirect(url_for("bonded.order_detail", number=number))


@shop_bp.get("/orders/<number>/cancel")
def confirm_cancel(number: str):
    order = _bonded_order(number)
    if order.bonded is None:
        abort(404)
    return render_template(
        "bonded/order_cancel.html", order=order, stage=pickup_stage(order), form=CsrfOnlyForm()
    )


@shop_bp.post("/orders/<number>/cancel")
def cancel(number: str):
    order = _bonded_order(number)
    if order.bonded is None or not CsrfOnlyForm().validate_on_submit():
        abort(400)
    if pickup_stage(order) not in (PickupStage.AWAITING_CUSTOMS, PickupStage.READY):
        flash(_("This order can no longer be cancelled here."), "error")
        return redirect(url_for("bonded.order_detail", number=number))
    try:
        close_bonded_order(
            db.session,
            order,
            reason=ClosingReason.BUYER_CANCELLED,
            actor=Actor("buyer", current_user.id if current_user.is_authenticated else None),
            gateway=current_gateway(),
            declarations=customs_adapter(current_app),
        )
    except (OrderNotCancellable, PaymentProviderError):
        db.session.rollback()
        flash(
            _("The order could not be cancelled now. Nothing was changed; please try again later."),
            "error",
        )  # noqa: E501
        return redirect(url_for("bonded.order_detail", number=number))
    send_bonded_order_closed(order)  # queued with the cancellation (storefront.mail's outbox)
    db.session.commit()
    flash(_("Your order is cancelled and refunded."), "success")
    return redirect(url_for("bonded.order_detail", number=number))
