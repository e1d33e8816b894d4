"""Progress toward "6510": the year's trade in USD at each month's dated rate, modes, leaders."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from catalog.exchange import record_rates
from catalog.models import ProductChannel
from storefront.statistics.goal import ModeStatus, goal_progress
from tests.factories import make_producer, make_product
from tests.storefront.statistics.builders import sold_order, utc


def test_usd_uses_each_months_newest_rate_and_modes_follow_the_orders(db_session):
    tea = make_product(db_session, price="50.00")
    duck = make_product(db_session, make_producer(db_session), price="80.00")
    record_rates(db_session, date(2025, 1, 15), [("USD", Decimal("0.14"))])
    record_rates(db_session, date(2025, 2, 20), [("USD", Decimal("0.15"))])
    record_rates(db_session, date(2025, 4, 2), [("USD", Decimal("0.99"))])  # after: not used
    sold_order(db_session, utc(2025, 1, 20, 3), [(tea, 2)])  # 100 CNY at 0.14 = 14.00
    sold_order(db_session, utc(2025, 2, 5, 3), [(tea, 1), (duck, 1)])  # 130 at 0.15 = 19.50
    sold_order(
        db_session,
        utc(2025, 3, 3, 3),
        [],
        channel=ProductChannel.BONDED,
        bonded_goods="200.00",
    )  # 200 at 0.15 = 30.00
    progress = goal_progress(db_session, date(2025, 3, 31), "en")
    assert progress.period.start == date(2024, 4, 1)
    assert progress.trade_cny == Decimal("430.00")
    assert progress.trade_usd == Decimal("63.50")
    assert progress.trade_share == Decimal("0.0000")  # of USD 1 billion
    modes = {mode.key: mode for mode in progress.modes}
    assert modes["premium_imports"].status is ModeStatus.RUNNING
    assert modes["premium_imports"].orders == 1
    assert modes["rural_produce"].orders == 2
    assert modes["wholesale_markets"].status is ModeStatus.NOT_RUN
    assert progress.modes_running == 2
    procedures = {mode.key: mode.status for mode in progress.procedures}
    assert procedures == {
        "9610": ModeStatus.RUNNING,
        "1210": ModeStatus.RUNNING,
        "9710": ModeStatus.NOT_RUN,
        "9810": ModeStatus.NOT_RUN,
        "mail": ModeStatus.NOT_RUN,
        "express": ModeStatus.NOT_RUN,
    }
    assert [(leader.producer_id, leader.value_cny) for leader in progress.leaders] == [
        (tea.producer_id, Decimal("150.00")),
        (duck.producer_id, Decimal("80.00")),
    ]
    assert progress.leaders[0].value_usd == Decimal("22.50")  # at the newest rate, 0.15
    assert progress.leading_enterprises == 0


def test_a_month_without_a_usd_rate_is_named_not_guessed(db_session):
    tea = make_product(db_session, price="50.00")
    sold_order(db_session, utc(2019, 5, 20, 3), [(tea, 2)])
    progress = goal_progress(db_session, date(2019, 6, 30), "en")
    assert progress.trade_cny == Decimal("100.00")
    assert progress.trade_usd == Decimal("0.00") and progress.usd_missing == ["2019-05"]
    assert progress.trade_share is None  # not a share of the goal while a month is missing
    idle = goal_progress(db_session, date(2018, 6, 30), "en")
    assert idle.trade_usd == Decimal("0.00") and idle.modes_running == 0
    assert idle.usd_missing == [] and idle.trade_share == Decimal("0.0000")
    assert {m.key: m.status for m in idle.modes}["premium_imports"] is ModeStatus.IDLE
