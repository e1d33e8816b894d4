"""The dashboard's figures against hand-computed values on a small fixed data set."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from catalog.models import ProductChannel, ProductClass
from storefront.customs.declarations.models import DeclarationStatus, MessageType
from storefront.orders.states import OrderStatus
from storefront.statistics.figures import dashboard_figures
from storefront.statistics.periods import DateRange
from tests.factories import make_producer, make_product
from tests.storefront.statistics.builders import inventory_list, sold_order, utc

PERIOD = DateRange(date(2025, 1, 1), date(2025, 3, 31))


@pytest.fixture
def fixed_data(db_session):
    """Two cooperatives in two counties; five orders in the period and two outside it.

    tea (county A, producer A): 50.00; duck (county B, producer B): 80.00.
    """
    tea = make_product(db_session, price="50.00")
    duck = make_product(
        db_session,
        make_producer(db_session),
        price="80.00",
        product_class=ProductClass.COOKED_POULTRY,
    )
    # January (China time): 2025-01-31 17:00 UTC is 1 February 01:00 in China -> February.
    sold_order(db_session, utc(2025, 1, 5, 3), [(tea, 2)], destination="SG", email="a@x.test")
    sold_order(
        db_session, utc(2025, 1, 31, 17), [(tea, 1), (duck, 1)], destination="HK", email="b@x.test"
    )
    # February: a second order of buyer a; a parcel of duck cancelled (not counted).
    sold_order(
        db_session,
        utc(2025, 2, 10, 4),
        [(tea, 3), (duck, 2)],
        destination="SG",
        email="a@x.test",
        cancelled_producers=frozenset({duck.producer_id}),
    )
    # March: a bonded import order and a cancelled export order (not counted).
    sold_order(
        db_session,
        utc(2025, 3, 3, 2),
        [],
        channel=ProductChannel.BONDED,
        bonded_goods="300.00",
        email="c@x.test",
    )
    sold_order(db_session, utc(2025, 3, 4, 2), [(duck, 5)], status=OrderStatus.CANCELLED)
    # Outside: 31 Dec 2024 15:00 UTC is 31 Dec 23:00 China time; April.
    sold_order(db_session, utc(2024, 12, 31, 15), [(tea, 9)])
    sold_order(db_session, utc(2025, 4, 1, 1), [(tea, 9)])
    # Customs: three export lists sent (two released after 4 h and 10 h), one superseded, one
    # withdrawn before a decision; one import list released after 2 h.
    inventory_list(db_session, utc(2025, 1, 5, 4), released_after_hours=4)
    inventory_list(db_session, utc(2025, 2, 1, 4), released_after_hours=10)
    inventory_list(db_session, utc(2025, 2, 10, 5))
    inventory_list(db_session, utc(2025, 2, 10, 5), status=DeclarationStatus.SUPERSEDED)
    inventory_list(db_session, utc(2025, 2, 11, 5), status=DeclarationStatus.CANCELLED)
    inventory_list(
        db_session,
        utc(2025, 3, 3, 3),
        released_after_hours=2,
        message_type=MessageType.IMPORT_INVENTORY,
    )
    inventory_list(db_session, utc(2025, 5, 1), released_after_hours=1)  # outside
    return tea, duck


def figures(db_session):
    return dashboard_figures(
        db_session,
        PERIOD,
        "en",
        class_labels={"tea": "Tea", "cooked_poultry": "Cooked poultry"},
        country_labels={"SG": "Singapore", "HK": "Hong Kong"},
    )


def test_values_by_month_match_the_hand_computed_ones(db_session, fixed_data):
    result = figures(db_session)
    months = {m.month: m for m in result.months}
    assert list(months) == ["2025-01", "2025-02", "2025-03"]
    assert months["2025-01"].export_value == Decimal("100.00")  # 2 x 50
    assert months["2025-02"].export_value == Decimal("280.00")  # 50 + 80, then 3 x 50
    assert months["2025-03"].export_value == Decimal("0.00")
    assert months["2025-03"].bonded_value == Decimal("300.00")
    assert [m.export_orders for m in result.months] == [1, 2, 0]
    assert [m.bonded_orders for m in result.months] == [0, 0, 1]
    assert [m.buyers for m in result.months] == [1, 2, 1]  # a; b and a; c
    assert result.export_value == Decimal("380.00")
    assert result.bonded_value == Decimal("300.00")
    assert result.orders == 4
    assert result.buyers == 3


def test_breakdowns_add_up_to_the_export_value(db_session, fixed_data):
    tea, duck = fixed_data
    result = figures(db_session)
    assert [(s.key, s.value) for s in result.by_county] == [
        (str(tea.county_id), Decimal("300.00")),  # 2 + 1 + 3 teas
        (str(duck.county_id), Decimal("80.00")),
    ]
    assert result.by_county[0].label == tea.county.translations[0].name
    assert [(s.label, s.value) for s in result.by_class] == [
        ("Tea", Decimal("300.00")),
        ("Cooked poultry", Decimal("80.00")),
    ]
    assert [(s.label, s.value) for s in result.by_destination] == [
        ("Singapore", Decimal("250.00")),
        ("Hong Kong", Decimal("130.00")),
    ]


def test_release_rate_and_time_to_release(db_session, fixed_data):
    export, bonded = figures(db_session).release
    assert (export.channel, export.lists_sent, export.released) == (ProductChannel.EXPORT, 3, 2)
    assert export.release_rate == Decimal("66.7")
    assert export.average_hours == Decimal("7.0")  # (4 + 10) / 2
    assert (bonded.lists_sent, bonded.released, bonded.release_rate) == (1, 1, Decimal("100.0"))
    assert bonded.average_hours == Decimal("2.0")


def test_an_empty_period_has_zero_figures(db_session, fixed_data):
    result = dashboard_figures(
        db_session,
        DateRange(date(2020, 1, 1), date(2020, 1, 31)),
        "en",
        class_labels={},
        country_labels={},
    )
    assert result.export_value == Decimal("0.00") and result.orders == 0 and result.buyers == 0
    assert result.by_county == [] and result.by_destination == []
    assert all(r.release_rate is None and r.average_hours is None for r in result.release)
