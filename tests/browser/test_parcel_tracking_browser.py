"""A delivered parcel's journey as its buyer reads it (Arabic right to left, traditional Chinese,
desktop and a 390 px phone) and as the zone operator reads it on the declaration page; every page
passes axe's WCAG 2.1 AA rules."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import select

from storefront.customs import customs_adapter
from storefront.customs.declarations.models import CustomsDeclaration, MessageType
from storefront.customs.exchange.dispatcher import DispatchPolicy, run_dispatcher
from storefront.customs.exchange.receiver import run_receiver
from storefront.customs.exchange.simulator import run_simulator
from storefront.demo.orders import (
    pay_demo_order,
    place_demo_order,
    sellable_variants,
    send_demo_parcels,
)
from storefront.extensions import db
from storefront.fulfilment.cli import track_all
from storefront.fulfilment.parcels import ship_parcel
from storefront.orders.access import order_link_token
from storefront.orders.actors import Actor
from storefront.orders.models import Order
from storefront.orders.states import OrderStatus
from storefront.shipping.carriers.booking import waybill_of
from tests.browser.conftest import assert_accessible
from tests.i18n import translated

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _customs_round(live_app) -> None:
    """What `flask customs work` does once: dispatch, simulated customs, receipts."""
    adapter = customs_adapter(live_app)
    run_dispatcher(db.session, adapter.folders, DispatchPolicy())
    run_simulator(adapter.simulator())
    run_receiver(db.session, adapter.folders)


@pytest.fixture(scope="module")
def delivered_order(live_app) -> tuple[str, int]:
    """A paid demo order, released, handed over and followed until delivered."""
    with live_app.app_context():
        session = db.session
        order, seed = None, 11
        while order is None:
            order = place_demo_order(session, random.Random(seed), sellable_variants(session))
            seed += 1
        session.commit()
        pay_demo_order(session, order, customs_adapter(live_app))
        session.commit()
        send_demo_parcels(session, order, customs_adapter(live_app))  # packed and booked
        session.commit()
        number = order.number
        _customs_round(live_app)
        order = session.scalars(select(Order).where(Order.number == number)).one()
        for parcel in order.sub_orders:
            waybill = waybill_of(session, parcel.id).waybill_no
            ship_parcel(session, parcel, tracking_number=waybill, actor=Actor("coop member"))
        session.commit()
        carrier = customs_adapter(live_app).carrier()
        track_all(carrier)  # accepted; the arrival and the departure go to customs
        _customs_round(live_app)
        track_all(carrier)  # departed, arrived, delivered (other tests' parcels too)
        session.expire_all()
        order = session.scalars(select(Order).where(Order.number == number)).one()
        assert order.status is OrderStatus.COMPLETED, order.status
        inventory_id = session.scalars(
            select(CustomsDeclaration.id).where(
                CustomsDeclaration.order_no.like(f"{number}-%"),
                CustomsDeclaration.message_type == MessageType.INVENTORY,
            )
        ).first()
        db.session.remove()
    return number, inventory_id


@pytest.mark.parametrize("locale", ["ar", "zh-hant"])
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_buyer_reads_the_parcel_journey(
    live_app, live_server, browser, screenshot_dir, delivered_order, locale, viewport
):
    number, _ = delivered_order
    size = PHONE if viewport == "phone" else DESKTOP
    context = browser.new_context(viewport=size, device_scale_factor=1, locale=locale)
    page = context.new_page()
    token = order_link_token(live_app.config["SECRET_KEY"], number)
    page.goto(f"{live_server}/{locale}/orders/{number}?token={token}")
    assert (page.locator("html").get_attribute("dir") == "rtl") is (locale == "ar")
    journey = page.locator("ol.tracking").first.inner_text()
    for step in ("Accepted by the carrier", "Arrived in the destination country", "Delivered"):
        assert translated(live_app, locale, step) in journey
    delivered = translated(live_app, locale, "Delivered")
    assert delivered in page.locator("#delivery-status").inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= size["width"], f"order page {locale} {viewport}: {width} px wide"
    assert_accessible(page, f"order page {locale} {viewport}")
    page.screenshot(
        path=str(screenshot_dir / f"order-tracking-{locale}-{viewport}.png"), full_page=True
    )
    context.close()


@pytest.mark.parametrize("locale", ["ar", "zh-hant"])
def test_the_operator_reads_the_journey_beside_the_list(
    live_app, live_server, browser, screenshot_dir, delivered_order, locale
):
    _, inventory_id = delivered_order
    context = browser.new_context(viewport=DESKTOP, device_scale_factor=1, locale=locale)
    page = context.new_page()
    page.goto(f"{live_server}/{locale}/account/login")
    page.fill("#email", "admin@demo.test")
    page.fill("#password", "demo-password-2026")
    page.press("#password", "Enter")
    page.wait_for_load_state()
    page.goto(f"{live_server}/{locale}/admin/customs/{inventory_id}")
    assert page.locator("#waybill-no").inner_text().strip()
    timeline = page.locator("#tracking").inner_text()
    assert translated(live_app, locale, "Delivered") in timeline
    assert "899" in page.locator("#receipts").inner_text()  # closed after the departure
    assert_accessible(page, f"declaration page {locale}")
    page.screenshot(path=str(screenshot_dir / f"declaration-tracking-{locale}.png"), full_page=True)
    context.close()
