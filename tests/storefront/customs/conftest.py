"""Paid export orders for the customs delivery tests, and a fresh exchange folder per test."""

from __future__ import annotations

import pytest

from catalog.models import ProducerTranslation
from storefront.checkout.models import ShippingMethod
from storefront.checkout.placement import place_order
from storefront.customs import customs_adapter
from storefront.customs.exchange.folders import ExchangeFolders
from storefront.orders.actors import Actor
from storefront.orders.services import mark_order_paid
from tests.storefront.conftest import buyer


def give_chinese_name(producer, name: str = "测试合作社") -> None:
    producer.translations.append(ProducerTranslation(locale="zh-hans", name=name))


@pytest.fixture
def adapter(app):
    return customs_adapter(app)


@pytest.fixture
def folders(tmp_path) -> ExchangeFolders:
    return ExchangeFolders(tmp_path / "exchange").create()


@pytest.fixture
def place_paid_order(app, db_session, two_coops):
    """Place and pay an order of the two cooperatives' products (two sub-orders)."""

    def place(*, pay: bool = True, chinese_names: bool = True):
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
            mark_order_paid(
                db_session, order, actor=Actor("test"), declarations=customs_adapter(app)
            )
            db_session.commit()  # as the payment view does (a savepoint of the test transaction)
        return order

    return place
