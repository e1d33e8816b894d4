"""Fixtures for the order flow: shipping rates, a captured mailbox, products of two cooperatives."""

from __future__ import annotations

import pytest

from catalog.models import ProductClass
from storefront.checkout.placement import BuyerDetails
from storefront.mail import MemoryMailer
from storefront.shipping.addresses import PostalAddress
from storefront.shipping.rates import seed_shipping_rates
from tests.factories import make_producer, make_product

SINGAPORE = PostalAddress("SG", "10 Bayfront Avenue", postal_code="018956")


@pytest.fixture
def shipping_rates(db_session):
    seed_shipping_rates(db_session)
    db_session.commit()


@pytest.fixture
def outbox(app):
    """Capture e-mails in memory for one test."""
    original = app.extensions["mailer"]
    mailer = MemoryMailer()
    app.extensions["mailer"] = mailer
    yield mailer.outbox
    app.extensions["mailer"] = original


@pytest.fixture
def two_coops(db_session, shipping_rates):
    """A tea from one cooperative and a cooked duck from another, 10 in stock each."""
    tea = make_product(db_session, price="58.00", stock=10, locales=("en", "fr", "zh-hans"))
    duck = make_product(
        db_session,
        make_producer(db_session),
        price="68.50",
        stock=10,
        product_class=ProductClass.COOKED_POULTRY,
        hs_code="1602399100",
        locales=("en", "zh-hans"),
    )
    return tea, duck


def buyer(
    address: PostalAddress = SINGAPORE, locale: str = "en", user_id: int | None = None
) -> BuyerDetails:
    return BuyerDetails(
        email="Mei.Tan@Example.com",
        recipient_name="Mei Ling Tan",
        phone="+65 6123 4567",
        address=address,
        locale=locale,
        user_id=user_id,
    )
