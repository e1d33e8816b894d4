"""Payment endpoints: the Stripe webhook, the return from Stripe, the sandbox payment page."""

from __future__ import annotations

import logging

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _

from storefront.customs import customs_adapter
from storefront.database import begin_writing
from storefront.extensions import csrf, db
from storefront.orders.access import allow_guest_order
from storefront.orders.actors import Actor
from storefront.payments import webhook
from storefront.payments.after_commit import after_checkout_committed, queue_checkout_mail
from storefront.payments.checkout_results import apply_checkout_state
from storefront.payments.forms import SandboxDecisionForm
from storefront.payments.gateways import current_gateway, sandbox_gateway, stripe_client
from storefront.payments.port import PaymentProviderError

log = logging.getLogger(__name__)

bp = Blueprint("payments", __name__, template_folder="templates")


@bp.post("/payments/stripe/webhook")
@csrf.exempt
def stripe_webhook():
    if current_app.config["PAYMENT_PROVIDER"] != "stripe":
        abort(404)
    import stripe  # only Stripe shops load it (storefront/payments/gateways.py)

    try:
        event = stripe_client().construct_event(
            request.get_data(),
            request.headers.get("Stripe-Signature"),
            current_app.config["STRIPE_WEBHOOK_SECRET"],
            tolerance=current_app.config["STRIPE_WEBHOOK_TOLERANCE"],
        )
    except (ValueError, stripe.SignatureVerificationError):
        abort(400)
    except (TypeError, AttributeError, KeyError):  # signed, but not an event object at all
        log.warning("ignoring a signed Stripe webhook body that is not an event")
        return {"received": True}
    gateway = current_gateway()
    outcome = webhook.handle_event(db.session, event, customs_adapter(current_app))
    queue_checkout_mail(outcome)
    db.session.commit()
    if outcome is not None:
        after_checkout_committed(db.session, gateway, outcome)
        db.session.commit()
    return {"received": True}


@bp.get("/<locale:locale>/checkout/return")
def checkout_return():
    """Stripe sends the buyer here; the webhook may have been faster, or may come later."""
    reference = request.args.get("session_id", "")
    if not reference.startswith("cs_"):
        abort(404)
    begin_writing(db.session)
    gateway = current_gateway()
    try:
        outcome = apply_checkout_state(
            db.session, gateway, reference, Actor("stripe return"), customs_adapter(current_app)
        )
    except PaymentProviderError:
        abort(404)
    queue_checkout_mail(outcome)
    db.session.commit()
    if outcome.order is None:
        abort(404)
    after_checkout_committed(db.session, gateway, outcome)
    db.session.commit()
    allow_guest_order(session, outcome.order.number)
    return redirect(url_for("orders.order_detail", number=outcome.order.number))


@bp.route("/<locale:locale>/payments/sandbox/<reference>", methods=["GET", "POST"])
def sandbox_checkout(reference: str):
    """The sandbox provider's payment page: a clearly labelled test page, never in production."""
    try:
        gateway = sandbox_gateway()
    except LookupError:
        abort(404)
    checkout = gateway.find(reference)
    if checkout is None:
        abort(404)
    form = SandboxDecisionForm()
    if form.validate_on_submit():
        gateway.complete(reference, pay=form.decision.data == "pay")
        outcome = apply_checkout_state(
            db.session, gateway, reference, Actor("sandbox"), customs_adapter(current_app)
        )
        queue_checkout_mail(outcome)
        db.session.commit()
        after_checkout_committed(db.session, gateway, outcome)
        db.session.commit()
        return redirect(url_for("orders.order_detail", number=checkout.order_number))
    return render_template(
        "payments/sandbox_checkout.html", checkout=checkout, form=form, title=_("Sandbox payment")
    )
