"""Fixtures for the bonded pickup: the demo goods and showroom, a customs adapter with a fresh
exchange folder, and helpers that place, pay and clear bonded orders through the services."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from storefront.bonded import pickup_limits, vault_of
from storefront.bonded.placement import BondedPurchase, place_bonded_order
from storefront.customs import CustomsAdapter
from storefront.customs.exchange.dispatcher import run_dispatcher
from storefront.customs.exchange.receiver import run_receiver
from storefront.customs.exchange.simulator import run_simulator
from storefront.mail import MemoryMailer
from storefront.orders.actors import Actor
from storefront.payments.checkout_requests import checkout_request_for
from storefront.payments.checkout_results import apply_checkout_state
from storefront.payments.sandbox import SandboxGateway
from storefront.pickup.goods import BondedGood
from storefront.pickup.identity import buyer_identity
from storefront.pickup.showrooms import Showroom
from tests.pickup_ids import TOURIST
from tests.storefront.conftest import Mailbox


@pytest.fixture
def vault(app):
    return vault_of(app)


@pytest.fixture
def goods(db_session) -> dict[str, BondedGood]:
    return {good.sku: good for good in db_session.scalars(select(BondedGood))}


@pytest.fixture
def showroom(db_session) -> Showroom:
    return db_session.scalars(select(Showroom)).first()


@pytest.fixture
def customs(app, tmp_path) -> Iterator[CustomsAdapter]:
    """The app's customs adapter on a fresh exchange folder, releasing at once."""
    original = app.extensions["customs"]
    settings = dataclasses.replace(
        original.settings,
        exchange_dir=tmp_path / "exchange",
        simulator_release_delay_seconds=0,
    )
    adapter = CustomsAdapter(settings, vault=original.vault)
    app.extensions["customs"] = adapter
    yield adapter
    app.extensions["customs"] = original


@pytest.fixture
def mailbox(app) -> Iterator[Mailbox]:
    """What reached the mail server (the e-mail outbox is sent when looked at)."""
    original = app.extensions["mailer"]
    mailer = MemoryMailer()
    app.extensions["mailer"] = mailer
    yield Mailbox(app, mailer)
    app.extensions["mailer"] = original


@pytest.fixture
def place(app, db_session, goods, showroom, vault):
    """Place a bonded order through the service: ``place({"BD-NZ-MILK-3": 2}, id_number=...)``."""

    def placing(items: dict[str, int], *, id_number: str = TOURIST, name: str = "王芳", **kw):
        purchase = BondedPurchase(
            quantities={goods[sku].id: qty for sku, qty in items.items()},
            identity=buyer_identity(name, id_number, "13800138000", True),
            email=kw.pop("email", "wang.fang@tourists.demo.test"),
            showroom=showroom,
            locale=kw.pop("locale", "zh-hans"),
        )
        order = place_bonded_order(
            db_session, purchase, vault=vault, limits=pickup_limits(app), **kw
        )
        db_session.commit()
        return order

    return placing


@pytest.fixture
def pay(db_session, customs):
    """Pay a placed order with the sandbox provider, as the buyer would on its page."""

    def paying(order):
        gateway = SandboxGateway(db_session, page_url=lambda reference: reference)
        order.payment_attempts += 1
        checkout = gateway.start_checkout(
            checkout_request_for(order, shipping_label="", success_url="-", cancel_url="-")
        )
        order.payment_provider, order.payment_reference = gateway.name, checkout.reference
        gateway.complete(checkout.reference, pay=True)
        outcome = apply_checkout_state(
            db_session, gateway, checkout.reference, Actor("sandbox"), customs
        )
        db_session.commit()
        return outcome

    return paying


@pytest.fixture
def customs_round(db_session, customs):
    """What `flask customs work` does once: dispatch, simulated customs, receipts."""

    def round_trip() -> None:
        run_dispatcher(db_session, customs.folders, customs.dispatch_policy())
        run_simulator(customs.simulator())
        run_receiver(db_session, customs.folders)

    return round_trip
