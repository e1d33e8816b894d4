"""The sandbox carrier: numbers in each carrier kind's format, and a parcel's journey in time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from storefront.shipping.carriers.port import CarrierError, ShipmentRequest, TrackingCode
from storefront.shipping.carriers.sandbox import JOURNEYS, SandboxCarrier, UnknownShippingMethod
from storefront.shipping.carriers.waybill_formats import is_valid_waybill

START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
DAY = 100.0


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


def request(method: str = "postal_parcel", reference: str = "CZX2026030100001-01"):
    return ShipmentRequest(
        parcel_reference=reference,
        method=method,
        gross_weight_kg=Decimal("1.2"),
        goods_description="绿茶",
        freight=Decimal("45.00"),
        currency="CNY",
        consignor_code="4310960001",
        consignor_name="临武县临武鸭产业合作社",
        destination_country="SA",
    )


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def carrier(tmp_path, clock) -> SandboxCarrier:
    return SandboxCarrier({"postal_parcel": "4310980005"}, tmp_path, day_seconds=DAY, clock=clock)


@pytest.mark.parametrize("method", sorted(JOURNEYS))
def test_each_kind_books_a_valid_number_and_the_same_one_again(tmp_path, method):
    first = SandboxCarrier({}, tmp_path).book(request(method))
    again = SandboxCarrier({}, tmp_path).book(request(method))  # after a restart, too
    assert is_valid_waybill(method, first.waybill_no) and first == again


def test_an_unknown_method_books_nothing(carrier):
    with pytest.raises(UnknownShippingMethod):
        carrier.book(request("camel"))


def test_nothing_is_tracked_before_the_hand_over(carrier, clock):
    waybill = carrier.book(request()).waybill_no
    clock.now += timedelta(days=30)
    assert carrier.tracking(waybill) == []
    assert carrier.departure_due(waybill) is None


def test_a_parcel_waits_for_its_departure_then_arrives_and_is_delivered(tmp_path, carrier, clock):
    waybill = carrier.book(request()).waybill_no
    carrier.hand_over(waybill, START)
    carrier.hand_over(waybill, START + timedelta(hours=5))  # the first hand-over counts
    assert [event.code for event in carrier.tracking(waybill)] == [TrackingCode.ACCEPTED]
    due = carrier.departure_due(waybill)
    assert due == START + timedelta(seconds=1.0 * DAY)  # postal: one day

    clock.now = due + timedelta(seconds=20 * DAY)  # long after: still no departure of its own
    assert [event.code for event in carrier.tracking(waybill)] == [TrackingCode.ACCEPTED]

    carrier.confirm_departure(waybill, due)
    events = carrier.tracking(waybill)
    assert [event.code for event in events] == list(TrackingCode)
    assert [event.at for event in events] == [
        START,
        due,
        due + timedelta(seconds=6 * DAY),
        due + timedelta(seconds=9 * DAY),
    ]
    assert [event.country for event in events] == ["CN", "CN", "SA", "SA"]
    reopened = SandboxCarrier({}, tmp_path, day_seconds=DAY, clock=clock)
    assert reopened.tracking(waybill) == events  # its memory is on disk


def test_events_still_to_come_are_not_reported(carrier, clock):
    waybill = carrier.book(request("international_express")).waybill_no
    carrier.hand_over(waybill, START)
    carrier.confirm_departure(waybill, START + timedelta(seconds=0.5 * DAY))
    clock.now = START + timedelta(seconds=2.5 * DAY)  # arrived (0.5 + 2 days), not delivered
    assert carrier.tracking(waybill)[-1].code is TrackingCode.ARRIVED


def test_an_unknown_waybill_is_a_carrier_error(carrier):
    with pytest.raises(CarrierError):
        carrier.hand_over("CP000000000CN", START)
    assert carrier.tracking("CP000000000CN") == []
