"""Place paid demo orders through the real services (``flask demo orders``, benchmarks).

Each order: a random demo buyer and destination, 1-3 products that may be sent there and are in
stock, place_order (stock reserved) in one transaction, then the sandbox provider paying and
apply_checkout_result (paid, split into sub-orders) in the next, as on the web; then, for most
orders, the cooperatives packing the parcels and booking their carrier as they do in the portal
(``send_demo_parcels``). Nothing is written around the services.
"""

from __future__ import annotations

import random

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from catalog import queries
from catalog.eligibility import blocked_classes
from catalog.models import Product, Variant
from storefront.accounts.services import find_user_by_email
from storefront.checkout.cart import sellable_limit
from storefront.checkout.placement import BuyerDetails, place_order
from storefront.customs.adapter import CustomsAdapter
from storefront.fulfilment.parcel_steps import book_carrier, pack_parcel
from storefront.orders.actors import Actor
from storefront.orders.models import Order
from storefront.orders.ports import OrderDeclarations
from storefront.payments.checkout_requests import checkout_request_for
from storefront.payments.checkout_results import apply_checkout_state
from storefront.payments.sandbox import SandboxGateway
from storefront.shipping.addresses import PostalAddress
from storefront.shipping.quotes import shipping_quotes

DEMO_ADDRESSES: dict[str, PostalAddress] = {
    "SG": PostalAddress("SG", "10 Bayfront Avenue", postal_code="018956"),
    "HK": PostalAddress(
        "HK", "1 Queen's Road Central", city="Central", country_area="Hong Kong Island"
    ),
    "MY": PostalAddress(
        "MY",
        "Jalan Ampang 50",
        city="Kuala Lumpur",
        country_area="Kuala Lumpur",
        postal_code="50450",
    ),
    "GB": PostalAddress("GB", "221B Baker Street", city="London", postal_code="NW1 6XE"),
    "FR": PostalAddress("FR", "5 Avenue Anatole France", city="Paris", postal_code="75007"),
    "US": PostalAddress(
        "US", "350 Fifth Avenue", city="New York", country_area="NY", postal_code="10118"
    ),
    "CA": PostalAddress(
        "CA", "301 Front St W", city="Toronto", country_area="ON", postal_code="M5V 2T6"
    ),
    "AU": PostalAddress(
        "AU", "1 Macquarie Street", city="Sydney", country_area="NSW", postal_code="2000"
    ),
    "DE": PostalAddress("DE", "Pariser Platz 1", city="Berlin", postal_code="10117"),
}

DEMO_BUYERS = (
    ("Mei Ling Tan", "mei.tan@buyers.demo.test", "en"),
    ("Amélie Laurent", "amelie.laurent@buyers.demo.test", "fr"),
    ("陳家豪", "chan.kahou@buyers.demo.test", "zh-hant"),
    ("Nurul Aisyah", "nurul.aisyah@buyers.demo.test", "ms"),
    ("ليلى حداد", "layla.haddad@buyers.demo.test", "ar"),
    ("王芳", "wang.fang@buyers.demo.test", "zh-hans"),
)


def sellable_variants(session: Session) -> list[Variant]:
    """Active, in-stock packs of visible export products (one query)."""
    visible = queries.visible_products().with_only_columns(Product.id)
    stmt = (
        select(Variant)
        .where(Variant.product_id.in_(visible), Variant.is_active.is_(True), Variant.stock > 0)
        .options(joinedload(Variant.product).joinedload(Product.producer))
        .order_by(Variant.id)
    )
    return [variant for variant in session.scalars(stmt).unique() if sellable_limit(variant) > 0]


DEMO_ACCOUNT_BUYER = ("Demo Buyer", "buyer@demo.test", "en")  # the README's demo account


def place_demo_order(
    session: Session, rng: random.Random, variants: list[Variant], *, demo_account: bool = False
) -> Order | None:
    """Place one demo order (stock reserved); None when nothing suitable is in stock.

    ``demo_account``: the order belongs to ``buyer@demo.test``, so whoever signs in with the
    demo account sees a populated order history.
    """
    country = rng.choice(sorted(DEMO_ADDRESSES))
    blocked = blocked_classes(session, country)
    candidates = [
        v for v in variants if v.product.product_class not in blocked and sellable_limit(v) > 0
    ]
    if not candidates:
        return None
    chosen = rng.sample(candidates, k=min(len(candidates), rng.randint(1, 3)))
    quantities = {variant.id: rng.randint(1, min(2, sellable_limit(variant))) for variant in chosen}
    name, email, locale = DEMO_ACCOUNT_BUYER if demo_account else rng.choice(DEMO_BUYERS)
    account = find_user_by_email(session, email) if demo_account else None
    buyer = BuyerDetails(
        email=email,
        recipient_name=name,
        phone="+65 6123 4567",
        address=DEMO_ADDRESSES[country],
        locale=locale,
        user_id=account.id if account is not None else None,
    )
    weight = sum(v.net_weight_g * quantities[v.id] for v in chosen)
    quotes = shipping_quotes(session, country, weight)
    if not quotes:
        return None
    return place_order(session, quantities, buyer, rng.choice(quotes).method)


def pay_demo_order(session: Session, order: Order, declarations: OrderDeclarations) -> None:
    """Pay a placed order with the sandbox provider, as the buyer would on its page."""
    gateway = SandboxGateway(session, page_url=lambda reference: reference)
    order.payment_attempts += 1
    checkout = gateway.start_checkout(
        checkout_request_for(order, shipping_label="shipping", success_url="-", cancel_url="-")
    )
    order.payment_provider, order.payment_reference = gateway.name, checkout.reference
    gateway.complete(checkout.reference, pay=True)
    apply_checkout_state(session, gateway, checkout.reference, Actor("demo"), declarations)


DEMO_COOPERATIVE = Actor("demo cooperative")


def send_demo_parcels(
    session: Session, order: Order, customs: CustomsAdapter, *, leave: set[int] = frozenset()
) -> list[str]:
    """Play the order's cooperatives: pack each parcel and book its carrier, as members do in
    the portal (the export lists are then declared with the waybills); parcels of the producers
    in ``leave`` wait for their members. Returns the waybills."""
    waybills = []
    for parcel in order.sub_orders:
        if parcel.producer_id in leave:
            continue
        pack_parcel(session, parcel.producer_id, parcel.id, actor=DEMO_COOPERATIVE)
        waybills.append(
            book_carrier(
                session, parcel.producer_id, parcel.id, customs=customs, actor=DEMO_COOPERATIVE
            )
        )
    return waybills
