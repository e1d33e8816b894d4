"""What the checkout keeps in the visitor's session between steps, and the cart storage choice."""

from __future__ import annotations

import secrets

from flask import session
from flask_login import current_user

from storefront.checkout.addresses import PostalAddress
from storefront.checkout.cart import CartStorage, DatabaseCartStorage, SessionCartStorage
from storefront.checkout.placement import BuyerDetails
from storefront.extensions import db

CHECKOUT_KEY = "checkout"
PLACEMENT_KEY = "placement_key"
DETAIL_FIELDS = (
    "email",
    "recipient_name",
    "phone",
    "country",
    "street_address",
    "city",
    "city_area",
    "country_area",
    "postal_code",
)


def cart_storage() -> CartStorage:
    if current_user.is_authenticated:
        return DatabaseCartStorage(db.session, current_user.id)
    return SessionCartStorage(session)


def saved_details() -> dict[str, str]:
    raw = session.get(CHECKOUT_KEY) or {}
    return {name: str(raw.get(name, "")) for name in DETAIL_FIELDS} if isinstance(raw, dict) else {}


def save_details(details: dict[str, str]) -> None:
    session[CHECKOUT_KEY] = {name: details.get(name, "") or "" for name in DETAIL_FIELDS}


def placement_key() -> str:
    """The key of the order the current review page would place (new after each placement)."""
    key = session.get(PLACEMENT_KEY)
    if not isinstance(key, str):
        key = secrets.token_urlsafe(24)
        session[PLACEMENT_KEY] = key
    return key


def forget_placement_key() -> None:
    session.pop(PLACEMENT_KEY, None)


def buyer_from(details: dict[str, str], locale: str) -> BuyerDetails:
    return BuyerDetails(
        email=details["email"],
        recipient_name=details["recipient_name"],
        phone=details["phone"],
        address=PostalAddress(
            country_code=details["country"],
            street_address=details["street_address"],
            city=details["city"],
            city_area=details["city_area"],
            country_area=details["country_area"],
            postal_code=details["postal_code"],
        ),
        locale=locale,
        user_id=current_user.id if current_user.is_authenticated else None,
    )
