"""The daily roll-ups give the same figures as the orders, and follow later changes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import func, select

from storefront.orders.states import FulfilmentStatus, OrderStatus
from storefront.statistics.development_index import monthly_inputs
from storefront.statistics.figures import dashboard_figures
from storefront.statistics.goal import goal_progress
from storefront.statistics.periods import DateRange
from storefront.statistics.rollups import StatisticsDay, refresh_rollups, rollup_state
from tests.storefront.statistics.test_dashboard_figures import PERIOD, figures

# A moment after the fixed data set (its days are all finished), in China: 2025-06-10.
LATER = datetime(2025, 6, 10, 4, tzinfo=UTC)


def test_rolled_up_figures_equal_the_figures_read_from_the_orders(db_session, fixed_data):
    from_orders = figures(db_session)
    goal_before = goal_progress(db_session, date(2025, 3, 31), "en")
    index_before = monthly_inputs(db_session, "2025-05")
    assert refresh_rollups(db_session, LATER) > 0
    assert rollup_state(db_session).through_day == date(2025, 6, 9)
    assert db_session.scalar(select(func.count(StatisticsDay.id))) > 0
    assert figures(db_session) == from_orders
    assert goal_progress(db_session, date(2025, 3, 31), "en") == goal_before
    assert monthly_inputs(db_session, "2025-05") == index_before


def test_a_change_to_a_rolled_up_day_is_rolled_up_again(db_session, fixed_data):
    refresh_rollups(db_session, LATER)
    tea, duck = fixed_data
    january = figures(db_session).months[0]
    assert january.export_value == Decimal("100.00")
    from storefront.orders.models import Order

    order = db_session.scalars(
        select(Order).where(Order.paid_at == datetime(2025, 1, 5, 3, tzinfo=UTC))
    ).one()
    order.status = OrderStatus.CANCELLED
    for parcel in order.sub_orders:
        parcel.fulfilment_status = FulfilmentStatus.CANCELLED
    db_session.flush()
    assert figures(db_session).months[0].export_value == Decimal("100.00")  # until the job runs
    refresh_rollups(db_session, LATER)
    again = figures(db_session)
    assert again.months[0].export_value == Decimal("0.00")
    assert again.months[0].export_orders == 0


def test_days_after_the_roll_ups_are_read_from_the_orders(db_session, fixed_data):
    refresh_rollups(db_session, datetime(2025, 2, 1, 4, tzinfo=UTC))  # through 31 January
    assert rollup_state(db_session).through_day == date(2025, 1, 31)
    result = figures(db_session)
    assert [m.export_value for m in result.months] == [
        Decimal("100.00"),
        Decimal("280.00"),
        Decimal("0.00"),
    ]
    assert result.release[0].lists_sent == 3 and result.release[0].average_hours == Decimal("7.0")


def test_the_command_rolls_up_and_the_page_still_counts_the_same_statements(
    app, db_session, fixed_data
):
    result = app.test_cli_runner().invoke(args=["statistics", "rollup"])
    assert result.exit_code == 0, result.output
    assert "the roll-ups cover every day up to" in result.output
    assert dashboard_figures(
        db_session,
        DateRange(date(2025, 1, 1), date(2025, 3, 31)),
        "en",
        class_labels={},
        country_labels={},
    ).export_value == Decimal("380.00")
    assert PERIOD.start == date(2025, 1, 1)


def test_ranges_that_cut_months_add_the_days_at_either_end(db_session, fixed_data):
    def read(start, end):
        return dashboard_figures(
            db_session,
            DateRange(start, end),
            "en",
            class_labels={},
            country_labels={},
        )

    ranges = [
        (date(2025, 1, 20), date(2025, 2, 15)),  # no whole month
        (date(2025, 1, 5), date(2025, 3, 15)),  # February whole, days on both sides
        (date(2025, 2, 1), date(2025, 2, 28)),  # exactly one month
        (date(2024, 12, 31), date(2025, 2, 10)),
    ]
    before = [read(*r) for r in ranges]
    refresh_rollups(db_session, LATER)
    assert [read(*r) for r in ranges] == before
    assert before[1].export_value == Decimal("380.00")  # 5 Jan 03:00 UTC is 5 Jan in China
    assert before[0].export_value == Decimal("280.00")  # the 31 Jan order, paid 1 Feb China
