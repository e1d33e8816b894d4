"""What the checkout keeps in the visitor's session between steps, and the cart storage choice."""

from __future__ import annotations

import secrets

from flask import session
from flask_login import current_user

from storefront.checkout.cart import CartStorage, DatabaseCartStorage, SessionCartStorage
from storefront.checkout.placement import BuyerDetails
from storefront.extensions import db
from storefront.shipping.addresses import ADDRESS_FIELDS, PostalAddress

CHECKOUT_KEY = "checkout"
PLACEMENT_KEY = "placement_key"
# The checkout form's fields: the buyer's, then the address's (the form names the country
# "country", the address "country_code").
BUYER_FIELDS = ("email", "recipient_name", "phone")
DETAIL_FIELDS = (
    *BUYER_FIELDS,
    "country",
    *(name for name in ADDRESS_FIELDS if name != "country_code"),
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
        address=address_from_details(details),
        locale=locale,
        user_id=current_user.id if current_user.is_authenticated else None,
    )


def address_from_details(details: dict[str, str]) -> PostalAddress:
    """The postal address in the checkout's details (saved, or as the form just sent them)."""
    return PostalAddress.from_mapping({**details, "country_code": details.get("country", "")})


def address_details(address: PostalAddress) -> dict[str, str]:
    """The checkout's detail fields for ``address`` (the inverse of ``address_from_details``)."""
    values = address.as_dict()
    values["country"] = values.pop("country_code")
    return values
