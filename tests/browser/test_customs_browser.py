"""The zone operator in a real browser (Arabic, right to left): a declaration blocked for a missing
customs code is found on the attention list, resubmitted after the fix, and reaches "released"."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import select

from catalog.models import Producer
from storefront.customs import customs_adapter
from storefront.customs.declarations.models import (
    CustomsDeclaration,
    DeclarationStatus,
    MessageType,
)
from storefront.customs.exchange.dispatcher import DispatchPolicy, run_dispatcher
from storefront.customs.exchange.receiver import run_receiver
from storefront.customs.exchange.simulator import CustomsSimulator, run_simulator
from storefront.customs.messages.schema import SchemaValidator
from storefront.demo.orders import (
    pay_demo_order,
    place_demo_order,
    sellable_variants,
    send_demo_parcels,
)
from storefront.extensions import db
from tests.i18n import translated

pytestmark = pytest.mark.browser


def _paid_order_with_a_blocked_parcel(live_app) -> tuple[int, str, str]:
    """A paid demo order whose first producer lost its customs code: that parcel is blocked."""
    with live_app.app_context():
        session = db.session
        order = None
        seed = 5
        while order is None:
            order = place_demo_order(session, random.Random(seed), sellable_variants(session))
            seed += 1
        session.commit()
        producer = session.get(Producer, order.lines[0].producer_id)
        customs_code, producer.customs_code = producer.customs_code, None
        session.commit()
        pay_demo_order(session, order, customs_adapter(live_app))
        session.commit()
        send_demo_parcels(session, order, customs_adapter(live_app))  # the cooperatives book
        session.commit()
        producer_id, number = producer.id, order.number
        db.session.remove()
    return producer_id, customs_code, number


def _customs_round(live_app) -> None:
    """What `flask customs work` does once: dispatch, simulated customs, receipts."""
    with live_app.app_context():
        adapter = live_app.extensions["customs"]
        run_dispatcher(db.session, adapter.folders, DispatchPolicy())
        run_simulator(CustomsSimulator(adapter.folders, SchemaValidator(None), release_delay=0))
        run_receiver(db.session, adapter.folders)
        db.session.remove()


def test_the_operator_resubmits_a_blocked_declaration_until_released(
    live_app, live_server, browser, screenshot_dir
):
    producer_id, customs_code, number = _paid_order_with_a_blocked_parcel(live_app)
    page = browser.new_page(locale="ar")
    page.goto(f"{live_server}/en/account/login")
    page.fill("#email", "admin@demo.test")
    page.fill("#password", "demo-password-2026")
    page.press("#password", "Enter")
    page.wait_for_load_state()

    page.goto(f"{live_server}/ar/admin/customs/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.click("#attention-link")
    blocked_rows = page.locator("tr.needs-attention")
    assert blocked_rows.count() == 2  # the order and the list of that parcel
    page.screenshot(path=str(screenshot_dir / "customs-attention-ar.png"), full_page=True)

    blocked_rows.nth(0).locator("a").click()
    reason = translated(live_app, "ar", "The producer has no customs registration code")
    assert reason != "The producer has no customs registration code"  # really in Arabic
    assert reason in page.locator("#problems").inner_text()

    with live_app.app_context():  # the operator corrects the cooperative's registration
        db.session.get(Producer, producer_id).customs_code = customs_code
        db.session.commit()
        db.session.remove()
    page.click("#resubmit")
    assert page.locator(".flash").first.inner_text().strip() != ""
    assert page.locator("#declaration-status").get_attribute("class") == "status-pending"

    _customs_round(live_app)
    page.goto(f"{live_server}/ar/admin/customs/?status=attention")
    assert page.locator("tr.needs-attention").count() == 0
    with live_app.app_context():
        inventory = db.session.scalars(
            select(CustomsDeclaration).where(
                CustomsDeclaration.producer_id == producer_id,
                CustomsDeclaration.order_no.like(f"{number}-%"),
                CustomsDeclaration.message_type == MessageType.INVENTORY,
                CustomsDeclaration.status != DeclarationStatus.SUPERSEDED,
            )
        ).one()
        inventory_id, status = inventory.id, inventory.status
        db.session.remove()
    assert status is DeclarationStatus.RELEASED
    page.goto(f"{live_server}/ar/admin/customs/{inventory_id}")
    timeline = page.locator("#receipts").inner_text()
    assert "120" in timeline and "800" in timeline
    assert "CEB603Message" in page.locator("#payload").inner_text()
    page.screenshot(path=str(screenshot_dir / "customs-released-ar.png"), full_page=True)
