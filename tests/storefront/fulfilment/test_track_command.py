"""``flask shipping track`` as ``make run`` runs it beside ``flask customs work``: a shipped parcel
goes from hand-over to delivered through the sandbox carrier and the customs simulator."""

from __future__ import annotations

import pytest

from storefront.fulfilment.parcels import ship_parcel
from storefront.orders.actors import Actor
from storefront.orders.models import Order
from storefront.orders.states import FulfilmentStatus, OrderStatus
from storefront.shipping.carriers.booking import waybill_of
from storefront.shipping.carriers.port import TrackingCode
from storefront.shipping.carriers.tracking import tracking_events_by_sub_order
from tests.storefront.conftest import customs_settings


@pytest.fixture
def instant_demo(app, tmp_path):
    """The app's adapter on a fresh exchange folder, customs and carrier without delays."""
    with customs_settings(
        app,
        exchange_dir=tmp_path,
        simulator_release_delay_seconds=0.0,
        carrier_sandbox_day_seconds=0.0,
    ) as adapter:
        yield adapter


def test_track_follows_a_parcel_to_delivery(app, db_session, place_paid_order, instant_demo):
    order_id = place_paid_order().id
    runner = app.test_cli_runner()
    assert runner.invoke(args=["customs", "work"]).exit_code == 0  # released at once
    result = runner.invoke(args=["shipping", "track"])
    assert "Tracked: 0 parcel(s)" in result.output  # nothing handed over yet

    order = db_session.get(Order, order_id)
    for parcel in order.sub_orders:
        waybill = waybill_of(db_session, parcel.id).waybill_no
        ship_parcel(db_session, parcel, tracking_number=waybill, actor=Actor("coop member"))
    db_session.commit()
    result = runner.invoke(args=["shipping", "track"])  # accepted; arrival and departure sent
    assert result.exit_code == 0 and "Tracked: 2 parcel(s), 2 new event(s)" in result.output
    assert runner.invoke(args=["customs", "work"]).exit_code == 0  # customs takes both
    result = runner.invoke(args=["shipping", "track"])
    assert "6 new event(s), 2 delivered" in result.output

    order = db_session.get(Order, order_id)
    assert order.status is OrderStatus.COMPLETED
    assert order.fulfilment_status is FulfilmentStatus.DELIVERED
    events = tracking_events_by_sub_order(db_session, [p.id for p in order.sub_orders])
    assert all([e.code for e in found] == list(TrackingCode) for found in events.values())


def test_track_says_what_the_carrier_could_not_answer(
    app, db_session, place_paid_order, instant_demo, tmp_path
):
    order_id = place_paid_order().id
    runner = app.test_cli_runner()
    runner.invoke(args=["customs", "work"])
    parcel = db_session.get(Order, order_id).sub_orders[0]
    waybill = waybill_of(db_session, parcel.id).waybill_no
    ship_parcel(db_session, parcel, tracking_number=waybill, actor=Actor("coop member"))
    db_session.commit()
    for memory in (tmp_path / "carrier" / "state").iterdir():  # the carrier lost its records
        memory.unlink()
    result = runner.invoke(args=["shipping", "track"])
    assert result.exit_code == 0
    assert "Tracked: 0 parcel(s)" in result.output and "1 the carrier could not answer for" in (
        result.output
    )
    parcel = db_session.get(Order, order_id).sub_orders[0]
    assert waybill_of(db_session, parcel.id).handed_over_at is None  # tried again next time


def test_without_a_carrier_there_is_nothing_to_track(app, instant_demo):
    with customs_settings(app, carrier_booking="none"):
        result = app.test_cli_runner().invoke(args=["shipping", "track"])
    assert result.exit_code == 1 and "no carrier is connected" in result.output
