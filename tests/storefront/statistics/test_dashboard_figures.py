"""The dashboard's figures against hand-computed values on a small fixed data set."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from catalog.models import ProductChannel
from storefront.statistics.figures import dashboard_figures
from storefront.statistics.periods import DateRange

PERIOD = DateRange(date(2025, 1, 1), date(2025, 3, 31))


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
