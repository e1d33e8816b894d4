"""Fixtures for the order flow: shipping rates, a mailbox, two cooperatives, paid orders."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace

import pytest

from catalog.models import ProducerTranslation, ProductClass
from storefront.checkout.placement import BuyerDetails, place_order
from storefront.customs.exchange.folders import ExchangeFolders
from storefront.demo.orders import send_demo_parcels
from storefront.extensions import db
from storefront.mail import MemoryMailer, mail_policy
from storefront.mail.outbox import send_due, writing
from storefront.orders.actors import Actor
from storefront.orders.services import mark_order_paid
from storefront.shipping.addresses import PostalAddress
from storefront.shipping.models import ShippingMethod
from storefront.shipping.rates import seed_shipping_rates
from tests.factories import make_producer, make_product

SINGAPORE = PostalAddress("SG", "10 Bayfront Avenue", postal_code="018956")


@pytest.fixture
def shipping_rates(db_session):
    seed_shipping_rates(db_session)
    db_session.commit()


class Mailbox(Sequence):
    """What reached the mail server: looking at it first sends what the e-mail outbox holds, as
    the mail worker would (requests already send theirs: MAIL_DELIVERY is "request" in tests)."""

    def __init__(self, app, mailer: MemoryMailer) -> None:
        self.app, self.mailer = app, mailer

    def _delivered(self) -> list:
        if not writing(db.session):  # a worker sees committed messages only
            policy = mail_policy(self.app)
            while send_due(db.session, self.mailer, policy).claimed:
                pass
        return self.mailer.outbox

    def __getitem__(self, index):
        return self._delivered()[index]

    def __len__(self) -> int:
        return len(self._delivered())

    def __eq__(self, other) -> bool:
        return self._delivered() == list(other)

    def clear(self) -> None:
        self._delivered().clear()


@pytest.fixture
def outbox(app):
    """Capture e-mails in memory for one test."""
    original = app.extensions["mailer"]
    mailer = MemoryMailer()
    app.extensions["mailer"] = mailer
    yield Mailbox(app, mailer)
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


def give_chinese_name(producer, name: str = "测试合作社") -> None:
    producer.translations.append(ProducerTranslation(locale="zh-hans", name=name))


@pytest.fixture
def folders(tmp_path) -> ExchangeFolders:
    return ExchangeFolders(tmp_path / "exchange").create()


@pytest.fixture
def place_paid_order(db_session, two_coops, order_declarations):
    """Place and pay an order of the two cooperatives' products (two sub-orders)."""

    def place(*, pay: bool = True, chinese_names: bool = True, book: bool = True):
        tea, duck = two_coops
        if chinese_names:
            for product in (tea, duck):
                if not any(t.locale == "zh-hans" for t in product.producer.translations):
                    give_chinese_name(product.producer)
        db_session.flush()
        order = place_order(
            db_session,
            {tea.variants[0].id: 2, duck.variants[0].id: 1},
            buyer(),
            ShippingMethod.INTERNATIONAL_EXPRESS,
        )
        if pay:
            mark_order_paid(db_session, order, actor=Actor("test"), declarations=order_declarations)
            db_session.commit()  # as the payment view does (a savepoint of the test transaction)
            if book:  # the cooperatives pack and book (portal): the lists get their waybills
                send_demo_parcels(db_session, order, order_declarations)
                db_session.commit()
        return order

    return place


@contextmanager
def customs_settings(app, **changes) -> Iterator:
    """The app's customs adapter with some settings changed for one test (then put back)."""
    adapter = app.extensions["customs"]
    original = adapter.settings
    adapter.settings = replace(original, **changes)
    adapter._outbox = None  # built again from the settings above (its carrier too)
    try:
        yield adapter
    finally:
        adapter.settings = original
        adapter._outbox = None
