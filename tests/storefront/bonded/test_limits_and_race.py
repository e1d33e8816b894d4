"""The limits when placing: positive list, stock, 5,000 per order, 26,000 per person and year
(pending orders count, a cancelled one gives its amount back), and the race: two buyers with the
same ID at the edge of the annual limit, on real connections, only what fits is accepted."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, delete, select
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from storefront.bonded import pickup_limits, vault_of
from storefront.bonded.placement import BondedOrderRefused, BondedPurchase, place_bonded_order
from storefront.bonded.quotes import quota_year
from storefront.database import begin_writing, configure_sqlite
from storefront.extensions import db
from storefront.orders.models import Order
from storefront.orders.services import expire_order
from storefront.pickup.bonded_orders import BondedOrder
from storefront.pickup.goods import BondedGood
from storefront.pickup.holds import QuotaAccount, QuotaHold, quota_account, used_this_year
from storefront.pickup.identity import buyer_identity
from storefront.pickup.showrooms import Showroom
from storefront.pickup.tax import ViolationCode
from tests.pickup_ids import FIFTH_TOURIST, FOURTH_TOURIST, THIRD_TOURIST


def codes(refused: pytest.ExceptionInfo[BondedOrderRefused]) -> list[ViolationCode]:
    return [v.code for v in refused.value.quote.violations]


def test_goods_off_the_positive_list_or_out_of_stock_are_refused(db_session, place, goods):
    goods["BD-US-VITC-250"].on_positive_list = False
    db_session.flush()
    with pytest.raises(BondedOrderRefused) as refused:
        place({"BD-US-VITC-250": 1})
    assert codes(refused) == [ViolationCode.NOT_ON_POSITIVE_LIST]
    goods["BD-DE-KNIFE-7"].stock = 0
    db_session.flush()
    with pytest.raises(BondedOrderRefused) as refused:
        place({"BD-DE-KNIFE-7": 1})
    assert codes(refused) == [ViolationCode.OUT_OF_STOCK]


def test_the_single_knife_set_over_5000_is_placed_with_full_duty(place):
    order = place({"BD-DE-KNIFE-7": 1}, id_number=THIRD_TOURIST)
    assert order.bonded.tax_channel.value == "full_duty"
    assert order.tax_total == Decimal("1234.24") and order.total == Decimal("6834.24")
    assert order.bonded.tariff == Decimal("448.00")


def test_pending_orders_count_toward_the_year_and_expired_ones_give_it_back(
    db_session, place, vault
):
    key = vault.lookup_hash(FOURTH_TOURIST)
    first = place({"BD-JP-SERUM-30": 5}, id_number=FOURTH_TOURIST)  # 4,900 pending, not paid
    year = first.bonded.quota_year
    assert used_this_year(db_session, key, year) == Decimal("4900.00")
    for _ in range(4):
        place({"BD-JP-SERUM-30": 5}, id_number=FOURTH_TOURIST)
    assert used_this_year(db_session, key, year) == Decimal("24500.00")
    with pytest.raises(BondedOrderRefused) as refused:
        place({"BD-JP-SERUM-30": 2}, id_number=FOURTH_TOURIST)  # 24,500 + 1,960 > 26,000
    (violation,) = refused.value.quote.violations
    assert violation.code is ViolationCode.ANNUAL_LIMIT and violation.excess == Decimal("460.00")
    exact = place({"BD-FR-ROSE-50": 1, "BD-JP-SERUM-30": 1}, id_number=FOURTH_TOURIST)
    assert exact.bonded.dutiable_value == Decimal("1169.00")
    with pytest.raises(BondedOrderRefused):
        place({"BD-JP-MATCHA-24": 5}, id_number=FOURTH_TOURIST)  # 340 > 331 left
    fits = place({"BD-JP-MATCHA-24": 4}, id_number=FOURTH_TOURIST)  # 272: 25,941.00
    assert used_this_year(db_session, key, year) == Decimal("25941.00")
    expire_order(db_session, first)  # not paid in time: its 4,900 come back
    db_session.commit()
    assert used_this_year(db_session, key, year) == Decimal("21041.00")
    assert fits.status.value == "placed"


@pytest.fixture
def race_engine(app):
    with app.app_context():
        url = db.engine.url
    engine = create_engine(url, poolclass=NullPool)
    if engine.dialect.name == "sqlite":
        configure_sqlite(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def edge_of_the_year(app, race_engine):
    """FIFTH_TOURIST has 24,000.00 counted this year (committed); cleaned up afterwards."""
    key = vault_of(app).lookup_hash(FIFTH_TOURIST)
    with Session(race_engine) as session:
        account = quota_account(session, key, quota_year())
        account.used_fen = 24_000_00
        session.commit()
    yield key
    with Session(race_engine) as session:
        orders = session.scalars(
            select(Order).join(BondedOrder).where(BondedOrder.id_hash == key)
        ).all()
        for order in orders:
            expire_order(session, order)  # gives the stock and the quota back
        session.flush()
        for order in orders:
            session.delete(order)
        session.flush()
        session.execute(delete(QuotaHold).where(QuotaHold.order_id.in_([o.id for o in orders])))
        session.execute(delete(QuotaAccount).where(QuotaAccount.id_hash == key))
        session.commit()


@pytest.mark.timeout(120)
def test_two_buyers_with_the_same_id_at_the_edge_only_what_fits_is_accepted(
    app, race_engine, edge_of_the_year
):
    """Real connections, committed: on PostgreSQL the row locks (bonded stock, then the quota
    account) decide, on SQLite the single writer does; either way one order passes."""
    start = threading.Barrier(2)
    vault, limits = vault_of(app), pickup_limits(app)

    def buy(index: int) -> object:
        with Session(race_engine) as session:
            start.wait()
            begin_writing(session)  # what every POST request does first (SQLite: one writer)
            showroom = session.scalars(select(Showroom)).first()
            serum = session.scalars(
                select(BondedGood).where(BondedGood.sku == "BD-JP-SERUM-30")
            ).one()
            purchase = BondedPurchase(
                quantities={serum.id: 2},  # 1,960.00 each: only one fits in the 2,000 left
                identity=buyer_identity(f"买家{index}", FIFTH_TOURIST, "13800138000", True),
                email=f"buyer{index}@example.com",
                showroom=showroom,
                locale="zh-hans",
            )
            try:
                order = place_bonded_order(session, purchase, vault=vault, limits=limits)
                session.commit()
                return order.number
            except BondedOrderRefused as refused:
                session.rollback()
                return [v.code for v in refused.quote.violations]

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(buy, (1, 2)))
    placed = [o for o in outcomes if isinstance(o, str)]
    refused = [o for o in outcomes if not isinstance(o, str)]
    assert len(placed) == 1 and refused == [[ViolationCode.ANNUAL_LIMIT]]
    with Session(race_engine) as session:
        assert used_this_year(session, edge_of_the_year, quota_year()) == Decimal("25960.00")
