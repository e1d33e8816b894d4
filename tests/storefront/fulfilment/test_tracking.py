"""After the hand-over: the carrier's journey, tied to customs' arrival and departure messages.

The sandbox carrier's side declares the arrival at the site (CEB507) on hand-over and the
departure (CEB509) when the parcel is due to leave; the simulator answers them (CEB508/510, all
XSD-valid) and closes the list (899) once it takes the departure. Only then does the parcel
"depart"; it then arrives and is delivered, which delivers the order.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from lxml import etree
from sqlalchemy import select

from catalog.base import as_utc
from storefront.accounts.models import UserRole
from storefront.customs.declarations.models import (
    CustomsDeclaration,
    DeclarationStatus,
    MessageType,
)
from storefront.customs.exchange.carrier_side import (
    SANDBOX_CARRIER_DXP_ID,
    AnnouncingCarrier,
    carrier_folder,
    carrier_inbox,
    carrier_state,
)
from storefront.customs.exchange.dispatcher import DispatchPolicy, dispatch_batch
from storefront.customs.exchange.outbox import shipment_request
from storefront.customs.exchange.receiver import receive_inbox
from storefront.customs.exchange.simulator import CustomsSimulator
from storefront.customs.messages.schema import SchemaValidator
from storefront.fulfilment.parcels import ship_parcel
from storefront.fulfilment.tracking import parcels_in_transit, track_parcel
from storefront.orders.actors import Actor
from storefront.orders.states import FulfilmentStatus, OrderStatus
from storefront.shipping.carriers.booking import waybill_of
from storefront.shipping.carriers.port import TrackingCode
from storefront.shipping.carriers.sandbox import SandboxCarrier
from storefront.shipping.carriers.tracking import tracking_events_by_sub_order
from tests.conftest import CUSTOMS_XSD_DIR
from tests.i18n import translated_html
from tests.storefront.customs.exchange.test_receive import Clock
from tests.storefront.customs.web.test_operator_pages import sign_in

PRODUCER = Actor("coop member")
DAY = 60.0  # seconds in one sandbox day
VALIDATOR = SchemaValidator(CUSTOMS_XSD_DIR)


@pytest.fixture
def journey(db_session, place_paid_order, folders, order_declarations):
    """A paid two-parcel order (express), its parcels booked with a sandbox carrier on a
    private exchange folder, customs' simulator on the same folder, one clock for both."""
    clock = Clock()
    settings = order_declarations.settings
    carrier = AnnouncingCarrier(
        SandboxCarrier(
            {method: route.carrier.code for method, route in settings.routes.items()},
            carrier_state(folders),
            day_seconds=DAY,
            clock=clock,
        ),
        lambda: folders,
        settings.routes,
        SANDBOX_CARRIER_DXP_ID,
        customs_code=settings.customs_code,
        site_operator=settings.site_operator,
    )
    order = place_paid_order()
    for parcel in order.sub_orders:  # the same parcel reference gives the same waybill
        assert carrier.book(shipment_request(parcel, settings)).waybill_no == (
            waybill_of(db_session, parcel.id).waybill_no
        )
    simulator = CustomsSimulator(
        folders, VALIDATOR, release_delay=60, clock=clock, waybill_folder=carrier_folder(folders)
    )

    def customs_pass() -> None:
        dispatch_batch(db_session, folders, DispatchPolicy())
        simulator.run_once()
        receive_inbox(db_session, folders)

    customs_pass()
    clock.now += timedelta(seconds=61)
    customs_pass()
    return order, carrier, clock, customs_pass


def codes(db_session, parcel) -> list[TrackingCode]:
    events = tracking_events_by_sub_order(db_session, [parcel.id]).get(parcel.id, [])
    return [event.code for event in events]


def inventory_of(db_session, parcel) -> CustomsDeclaration:
    return db_session.scalars(
        select(CustomsDeclaration).where(
            CustomsDeclaration.sub_order_id == parcel.id,
            CustomsDeclaration.message_type == MessageType.INVENTORY,
        )
    ).one()


def answers(folders, code: str) -> list[etree._Element]:
    found = []
    for path in sorted(carrier_inbox(folders).glob(f"{code}_*.xml")):
        VALIDATOR.validate(path.read_bytes())  # every answer to the carrier is XSD-valid
        found.append(etree.fromstring(path.read_bytes()))
    return found


def status_of(answer: etree._Element) -> str:
    return answer.findtext(".//{*}returnStatus")


def test_a_parcel_departs_only_after_customs_took_its_departure(db_session, journey, folders):
    order, carrier, clock, customs_pass = journey
    parcel = order.sub_orders[0]
    waybill = waybill_of(db_session, parcel.id).waybill_no
    assert [status_of(a) for a in answers(folders, "CEB506")] == ["120", "120"]
    assert parcels_in_transit(db_session) == []  # released, not handed over yet

    ship_parcel(db_session, parcel, tracking_number=waybill, actor=PRODUCER)
    clock.now = as_utc(parcel.shipped_at)  # the carrier hears of it at once
    assert parcels_in_transit(db_session) == [parcel.id]
    track_parcel(db_session, carrier, parcel.id)
    assert codes(db_session, parcel) == [TrackingCode.ACCEPTED]
    assert as_utc(waybill_of(db_session, parcel.id).handed_over_at) == as_utc(parcel.shipped_at)
    customs_pass()  # the site operator's arrival (CEB507) is taken
    assert [status_of(a) for a in answers(folders, "CEB508")] == ["120"]

    clock.now = as_utc(parcel.shipped_at) + timedelta(seconds=0.5 * DAY + 1)  # express: half a day
    track_parcel(db_session, carrier, parcel.id)
    assert codes(db_session, parcel) == [TrackingCode.ACCEPTED]  # declared, not yet taken
    assert (carrier_folder(folders) / f"CEB509_DEP{waybill}.xml").is_file()

    customs_pass()  # customs takes the departure and closes the list
    assert [status_of(a) for a in answers(folders, "CEB510")] == ["120"]
    assert inventory_of(db_session, parcel).status is DeclarationStatus.CLOSED
    closures = list(folders.processed.glob("CEB604_*_899_*.xml"))
    assert len(closures) == 1 and not list(folders.failed.glob("*.xml"))
    for path in folders.processed.glob("*.xml"):  # the 899 too: schema-valid
        VALIDATOR.validate(path.read_bytes())

    track_parcel(db_session, carrier, parcel.id)
    assert codes(db_session, parcel) == [TrackingCode.ACCEPTED, TrackingCode.DEPARTED]
    assert parcel.fulfilment_status is FulfilmentStatus.SHIPPED


def test_delivered_parcels_deliver_and_complete_the_order(db_session, journey, folders):
    order, carrier, clock, customs_pass = journey
    hand_over_everything(db_session, journey)
    assert order.fulfilment_status is FulfilmentStatus.SHIPPED
    customs_pass()
    clock.now = max(as_utc(p.shipped_at) for p in order.sub_orders) + timedelta(seconds=DAY)
    for parcel in order.sub_orders:
        track_parcel(db_session, carrier, parcel.id)  # departure declared
    customs_pass()
    first, second = order.sub_orders
    track_parcel(db_session, carrier, first.id)
    clock.now += timedelta(seconds=3 * DAY + 1)  # express: two days' transit, one to deliver
    added = track_parcel(db_session, carrier, first.id)
    assert [event.code for event in added] == [TrackingCode.ARRIVED, TrackingCode.DELIVERED]
    assert added[0].country == "SG"  # the destination country
    assert first.fulfilment_status is FulfilmentStatus.DELIVERED
    assert order.status is OrderStatus.CONFIRMED  # one parcel still travelling

    track_parcel(db_session, carrier, second.id)
    assert second.fulfilment_status is FulfilmentStatus.DELIVERED
    assert order.fulfilment_status is FulfilmentStatus.DELIVERED
    assert order.status is OrderStatus.COMPLETED
    assert parcels_in_transit(db_session) == []
    assert track_parcel(db_session, carrier, first.id) == []  # nothing recorded twice
    assert len(codes(db_session, first)) == 4


def test_a_departure_before_arrival_at_the_site_is_refused(db_session, journey, folders):
    """Customs takes no departure of a parcel that never arrived at the supervision site."""
    order, carrier, clock, customs_pass = journey
    parcel = order.sub_orders[0]
    waybill = waybill_of(db_session, parcel.id).waybill_no
    ship_parcel(db_session, parcel, tracking_number=waybill, actor=PRODUCER)
    clock.now = as_utc(parcel.shipped_at)
    track_parcel(db_session, carrier, parcel.id)
    (carrier_folder(folders) / f"CEB507_ARR{waybill}.xml").unlink()  # the arrival was lost
    clock.now = as_utc(parcel.shipped_at) + timedelta(seconds=DAY)
    track_parcel(db_session, carrier, parcel.id)
    customs_pass()
    (refused,) = answers(folders, "CEB510")
    assert status_of(refused) == "100"
    assert "未运抵" in refused.findtext(".//{*}returnInfo")
    track_parcel(db_session, carrier, parcel.id)
    assert codes(db_session, parcel) == [TrackingCode.ACCEPTED]  # still at the site
    assert inventory_of(db_session, parcel).status is DeclarationStatus.RELEASED


def hand_over_everything(db_session, journey) -> None:
    """Ship each parcel under its waybill; the carrier hears of it at once."""
    order, carrier, clock, _ = journey
    for parcel in order.sub_orders:
        waybill = waybill_of(db_session, parcel.id).waybill_no
        ship_parcel(db_session, parcel, tracking_number=waybill, actor=PRODUCER)
        clock.now = as_utc(parcel.shipped_at)
        track_parcel(db_session, carrier, parcel.id)


def deliver_everything(db_session, journey) -> None:
    order, carrier, clock, customs_pass = journey
    hand_over_everything(db_session, journey)
    customs_pass()
    clock.now += timedelta(seconds=DAY)
    for parcel in order.sub_orders:
        track_parcel(db_session, carrier, parcel.id)
    customs_pass()
    clock.now += timedelta(seconds=5 * DAY)
    for parcel in order.sub_orders:
        track_parcel(db_session, carrier, parcel.id)
    db_session.commit()


STEPS = (
    "Accepted by the carrier",
    "Left China, export departure confirmed by customs",
    "Arrived in the destination country",
    "Delivered",
)


@pytest.mark.parametrize("locale", ["en", "zh-hans", "zh-hant", "fr", "ms", "ar"])
def test_the_buyer_follows_each_parcel_in_their_language(app, client, db_session, journey, locale):
    deliver_everything(db_session, journey)
    order = journey[0]
    with client.session_transaction() as flask_session:
        flask_session["guest_orders"] = [order.number]
    page = client.get(f"/{locale}/orders/{order.number}").get_data(as_text=True)
    assert page.count(translated_html(app, locale, "Parcel journey")) == 2
    singapore = {"en": "Singapore", "zh-hans": "新加坡", "fr": "Singapour", "ar": "سنغافورة"}
    for parcel in order.sub_orders:
        journey_list = page.split(f'id="tracking-{parcel.number}"', 1)[1].split("</ol>", 1)[0]
        positions = [journey_list.index(translated_html(app, locale, step)) for step in STEPS]
        assert positions == sorted(positions)  # oldest first
        if locale in singapore:  # where it arrived, in the reader's language
            assert journey_list.count(singapore[locale]) == 2  # arrived, delivered


def test_the_operator_sees_the_parcel_journey_on_its_declaration(app, client, db_session, journey):
    deliver_everything(db_session, journey)
    order = journey[0]
    parcel = order.sub_orders[0]
    sign_in(client, db_session, UserRole.OPERATOR)
    row = inventory_of(db_session, parcel)
    page = client.get(f"/en/admin/customs/{row.id}").get_data(as_text=True)
    waybill = waybill_of(db_session, parcel.id).waybill_no
    assert f'<bdi class="code" id="waybill-no">{waybill}</bdi>' in page
    timeline = page.split('id="tracking"', 1)[1].split("</ol>", 1)[0]
    assert all(step in timeline for step in STEPS)
    assert "Departed China, export departure confirmed by customs" in timeline  # carrier's words
    assert row.status is DeclarationStatus.CLOSED  # customs closed the list after departure


def test_before_any_report_the_operator_is_told_so(app, client, db_session, journey):
    order = journey[0]
    sign_in(client, db_session, UserRole.OPERATOR)
    row = inventory_of(db_session, order.sub_orders[0])
    db_session.commit()
    page = client.get(f"/en/admin/customs/{row.id}").get_data(as_text=True)
    assert "The carrier has reported nothing yet." in page
    assert 'id="tracking"' not in page


def test_the_order_page_reads_the_journey_in_a_fixed_number_of_queries(
    client, db_session, journey, count_queries
):
    order = journey[0]
    number = order.number
    with client.session_transaction() as flask_session:
        flask_session["guest_orders"] = [number]
    db_session.commit()
    with count_queries() as before:
        assert client.get(f"/en/orders/{number}").status_code == 200
    deliver_everything(db_session, journey)  # eight events over two parcels
    with count_queries() as after:
        page = client.get(f"/en/orders/{number}").get_data(as_text=True)
    assert "Parcel journey" in page
    assert len(after) == len(before)
