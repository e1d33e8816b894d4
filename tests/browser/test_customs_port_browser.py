"""A Saudi Arabia order is blocked for its destination port; the operator records the port in the
console (French), resubmits, customs releases the list, and the cooperative ships the parcel with
the declared waybill.

The built-in port table covers every destination the shop sells to, Saudi Arabia included; the
test takes Saudi Arabia out of it (``monkeypatch``) so that the operator's path, the one a new
destination or a district that wants another code takes, stays covered end to end.

The cooperative portal has no "ship" page yet (a later issue): the hand-over goes through
``fulfilment.parcels.ship_parcel``, the service that page will call.
"""

from __future__ import annotations

import pytest
from lxml import etree
from sqlalchemy import select

from catalog.models import Product
from storefront.checkout.placement import BuyerDetails, place_order
from storefront.customs import customs_adapter
from storefront.customs.declarations.models import (
    CustomsDeclaration,
    DeclarationStatus,
    MessageType,
)
from storefront.customs.exchange.dispatcher import DispatchPolicy, run_dispatcher
from storefront.customs.exchange.receiver import run_receiver
from storefront.customs.exchange.simulator import run_simulator
from storefront.demo.orders import pay_demo_order, send_demo_parcels
from storefront.extensions import db
from storefront.fulfilment.parcels import ship_parcel
from storefront.orders.actors import Actor
from storefront.orders.models import SubOrder
from storefront.orders.states import FulfilmentStatus
from storefront.shipping.addresses import PostalAddress
from storefront.shipping.carriers.booking import waybill_of
from storefront.shipping.carriers.waybill_formats import is_s10
from storefront.shipping.models import ShippingMethod
from tests.i18n import translated
from tests.storefront.customs.conftest import take_out_builtin_port

pytestmark = pytest.mark.browser
NS = {"ceb": "http://www.chinaport.gov.cn/ceb"}
PORT_HINT = (
    "No customs port code (POD) is recorded for this destination: record it on the "
    "destination ports page, then resubmit"
)


def _paid_saudi_order(live_app) -> str:
    with live_app.app_context():
        session = db.session
        tea = session.scalars(select(Product).where(Product.code == "guidong-linglong-tea")).one()
        order = place_order(
            session,
            {tea.variants[0].id: 2},
            BuyerDetails(
                email="layla@example.sa",
                recipient_name="Layla Al-Harbi",
                phone="+966 11 234 5678",
                address=PostalAddress("SA", "King Fahd Road 1", city="Riyadh", postal_code="12211"),
                locale="ar",
            ),
            ShippingMethod.POSTAL_PARCEL,
        )
        session.commit()
        pay_demo_order(session, order, customs_adapter(live_app))
        session.commit()
        send_demo_parcels(session, order, customs_adapter(live_app))  # packed and booked
        session.commit()
        number = order.number
        db.session.remove()
    return number


def _inventory(number: str) -> CustomsDeclaration:
    return db.session.scalars(
        select(CustomsDeclaration).where(
            CustomsDeclaration.order_no.like(f"{number}-%"),
            CustomsDeclaration.message_type == MessageType.INVENTORY,
            CustomsDeclaration.status != DeclarationStatus.SUPERSEDED,
        )
    ).one()


@pytest.fixture
def saudi_arabia_without_port(monkeypatch):
    take_out_builtin_port(monkeypatch, "SA")


def test_a_saudi_order_blocked_for_its_port_is_fixed_released_and_shipped(
    live_app, live_server, browser, screenshot_dir, saudi_arabia_without_port
):
    number = _paid_saudi_order(live_app)
    page = browser.new_page(locale="fr")
    page.goto(f"{live_server}/fr/account/login")
    page.fill("#email", "admin@demo.test")
    page.fill("#password", "demo-password-2026")
    page.press("#password", "Enter")
    page.wait_for_load_state()

    with live_app.app_context():
        blocked_id = _inventory(number).id
        db.session.remove()
    page.goto(f"{live_server}/fr/admin/customs/{blocked_id}")
    hint = translated(live_app, "fr", PORT_HINT)
    assert hint != PORT_HINT and hint in page.locator("#problems").inner_text()
    page.screenshot(path=str(screenshot_dir / "customs-port-blocked-fr.png"), full_page=True)

    page.click("#port-hint a")
    assert "SA" in page.locator("#missing-ports").inner_text()
    page.click("#missing-ports a")  # opens Saudi Arabia's row of the ports table
    assert page.locator("#port-table-rSA").get_attribute("class") == "editing"
    page.fill("#rSA-code", "JEDDAH")  # an airport-style name: refused, nothing lost
    page.fill("#rSA-name", "沙特阿拉伯")
    page.fill("#rSA-source", "海关港口参数表, 国别条目 131")
    page.click("#port-table-rSA button[type=submit]")
    assert page.locator("#port-table-rSA .error").count() == 1
    assert page.input_value("#rSA-source") == "海关港口参数表, 国别条目 131"
    page.fill("#rSA-code", "131")
    page.click("#port-table-rSA button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".flash").first.inner_text().strip() != ""

    page.goto(f"{live_server}/fr/admin/customs/{blocked_id}")
    page.click("#resubmit")
    assert page.locator("#declaration-status").get_attribute("class") == "status-pending"
    page.screenshot(path=str(screenshot_dir / "customs-port-resubmitted-fr.png"), full_page=True)

    with live_app.app_context():  # what `flask customs work` does: dispatch, customs, receipts
        adapter = live_app.extensions["customs"]
        run_dispatcher(db.session, adapter.folders, DispatchPolicy())
        run_simulator(adapter.simulator())
        run_receiver(db.session, adapter.folders)
        db.session.remove()

    with live_app.app_context():
        inventory = _inventory(number)
        assert inventory.status is DeclarationStatus.RELEASED, inventory.return_info
        head = etree.fromstring(inventory.payload.encode()).find(".//ceb:InventoryHead", NS)
        assert head.findtext("ceb:POD", namespaces=NS) == "131"
        assert head.findtext("ceb:trafMode", namespaces=NS) == "6"  # postal parcel
        logistics_no = head.findtext("ceb:logisticsNo", namespaces=NS)
        parcel = db.session.get(SubOrder, inventory.sub_order_id)
        assert is_s10(logistics_no) and waybill_of(db.session, parcel.id).waybill_no == logistics_no
        ship_parcel(db.session, parcel, tracking_number=logistics_no, actor=Actor("coop member"))
        db.session.commit()
        assert parcel.fulfilment_status is FulfilmentStatus.SHIPPED
        assert parcel.tracking_number == logistics_no
        inventory_id = inventory.id
        db.session.remove()

    page.goto(f"{live_server}/fr/admin/customs/{inventory_id}")
    timeline = page.locator("#receipts").inner_text()
    assert "800" in timeline
    page.screenshot(path=str(screenshot_dir / "customs-port-released-fr.png"), full_page=True)
