"""What a bonded order holds until it is paid, collected or given up: bonded stock and quota.

Like stock reservations (``inventory.reservations``, which calls these), both are taken with a
conditional UPDATE, never read-then-write:

* bonded stock: ``UPDATE bonded_goods SET stock = stock - q WHERE id = ? AND stock >= q``, in
  good id order (two buyers never wait on each other in a circle); ``stock >= 0`` is a CHECK;
* the orderer's annual allowance: one ``bonded_quota_accounts`` row per ID hash and calendar
  year, counted in whole fen (integers: exact on SQLite, whose NUMERIC arithmetic is floating
  point); ``UPDATE ... SET used_fen = used_fen + a WHERE id = ? AND used_fen + a <= limit``.
  Two buyers with
  the same ID at the edge: the row lock queues the second, whose condition is re-checked
  against the first's committed amount (PostgreSQL), or the second waits for the write lock
  (SQLite, ``BEGIN IMMEDIATE``): only what fits is accepted.

Pending orders count (held), paid ones too (committed); a cancelled, expired or returned order
gives both back (released), exactly once, and its pickup slot's place with them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    String,
    UniqueConstraint,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.orm.util import identity_key

from catalog.base import Base, enum_type, utcnow
from storefront.pickup.bonded_orders import BondedOrder
from storefront.pickup.goods import BondedGood
from storefront.pickup.showrooms import give_back_place

FEN_PER_YUAN = 100


def to_fen(amount: Decimal) -> int:
    """CNY (two decimals at most) as whole fen."""
    return int((amount * FEN_PER_YUAN).to_integral_exact())


def from_fen(fen: int) -> Decimal:
    return (Decimal(fen) / FEN_PER_YUAN).quantize(Decimal("0.01"))


class HoldStatus(StrEnum):
    HELD = "held"  # placed, not paid yet
    COMMITTED = "committed"  # paid
    RELEASED = "released"  # given back: expired, cancelled, refused, returned


class OutOfBondedStock(Exception):
    def __init__(self, good_id: int) -> None:
        super().__init__(f"not enough bonded stock for good {good_id}")
        self.good_id = good_id


class AnnualLimitReached(Exception):
    """The orderer's year cannot take ``amount`` more: ``used`` of ``limit`` already counted."""

    def __init__(self, used: Decimal, amount: Decimal, limit: Decimal) -> None:  # CNY
        super().__init__(f"annual limit: {used} used + {amount} > {limit}")
        self.used = used
        self.amount = amount
        self.limit = limit

    @property
    def excess(self) -> Decimal:
        return self.used + self.amount - self.limit


class BondedStockHold(Base):
    __tablename__ = "bonded_stock_holds"
    __table_args__ = (
        UniqueConstraint("order_id", "bonded_good_id"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    bonded_good_id: Mapped[int] = mapped_column(ForeignKey("bonded_goods.id"))
    quantity: Mapped[int]
    status: Mapped[HoldStatus] = mapped_column(
        enum_type(HoldStatus, "bonded_stock_hold_status"), default=HoldStatus.HELD
    )
    released_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class QuotaAccount(Base):
    """How much of one person's (ID hash) calendar year is counted on this platform."""

    __tablename__ = "bonded_quota_accounts"
    __table_args__ = (
        UniqueConstraint("id_hash", "year"),
        CheckConstraint("used_fen >= 0", name="used_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    id_hash: Mapped[str] = mapped_column(String(64))
    year: Mapped[int]
    used_fen: Mapped[int] = mapped_column(default=0)

    @property
    def used(self) -> Decimal:
        return from_fen(self.used_fen)


class QuotaHold(Base):
    __tablename__ = "bonded_quota_holds"
    __table_args__ = (CheckConstraint("amount_fen > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("bonded_quota_accounts.id"), index=True)
    amount_fen: Mapped[int]
    limit_fen: Mapped[int]  # the annual limit in force when the order was placed
    status: Mapped[HoldStatus] = mapped_column(
        enum_type(HoldStatus, "bonded_quota_hold_status"), default=HoldStatus.HELD
    )
    released_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


# -- bonded stock ---------------------------------------------------------------------------


def _move_stock(session: Session, good_id: int, delta: int) -> bool:
    stmt = update(BondedGood).where(BondedGood.id == good_id).values(stock=BondedGood.stock + delta)
    if delta < 0:
        stmt = stmt.where(BondedGood.stock >= -delta)
    result = session.execute(stmt.execution_options(synchronize_session=False))
    good = session.identity_map.get(identity_key(BondedGood, good_id))
    if good is not None:
        session.expire(good, ["stock"])
    return result.rowcount == 1


def hold_bonded_stock(
    session: Session, order_id: int, quantities: Mapping[int, int]
) -> list[BondedStockHold]:
    """Take ``quantities`` (good id -> items) off the bonded shelf, or ``OutOfBondedStock``."""
    holds = []
    for good_id in sorted(quantities):
        quantity = quantities[good_id]
        if not _move_stock(session, good_id, -quantity):
            raise OutOfBondedStock(good_id)
        hold = BondedStockHold(order_id=order_id, bonded_good_id=good_id, quantity=quantity)
        session.add(hold)
        holds.append(hold)
    session.flush()
    return holds


# -- the annual quota -----------------------------------------------------------------------


def quota_account(session: Session, id_hash: str, year: int) -> QuotaAccount:
    """The person's account for the year, created when missing (safe against a twin insert)."""
    found = session.scalars(
        select(QuotaAccount).where(QuotaAccount.id_hash == id_hash, QuotaAccount.year == year)
    ).one_or_none()
    if found is not None:
        return found
    try:
        with session.begin_nested():
            session.execute(insert(QuotaAccount).values(id_hash=id_hash, year=year, used_fen=0))
    except IntegrityError:
        pass  # another transaction created it first: use that one
    return session.scalars(
        select(QuotaAccount).where(QuotaAccount.id_hash == id_hash, QuotaAccount.year == year)
    ).one()


def used_this_year(session: Session, id_hash: str, year: int) -> Decimal:
    """What the person's year already counts on this platform (pending orders included)."""
    used = session.scalar(
        select(QuotaAccount.used_fen).where(
            QuotaAccount.id_hash == id_hash, QuotaAccount.year == year
        )
    )
    return from_fen(used or 0)


def _add_to_account(session: Session, account_id: int, amount_fen: int, limit_fen: int) -> bool:
    result = session.execute(
        update(QuotaAccount)
        .where(QuotaAccount.id == account_id, QuotaAccount.used_fen + amount_fen <= limit_fen)
        .values(used_fen=QuotaAccount.used_fen + amount_fen)
        .execution_options(synchronize_session=False)
    )
    _forget(session, QuotaAccount, account_id, "used_fen")
    return result.rowcount == 1


def hold_quota(
    session: Session, order_id: int, id_hash: str, year: int, amount: Decimal, limit: Decimal
) -> QuotaHold:
    """Count ``amount`` on the person's year, or ``AnnualLimitReached`` (nothing counted)."""
    account = quota_account(session, id_hash, year)
    if not _add_to_account(session, account.id, to_fen(amount), to_fen(limit)):
        raise AnnualLimitReached(used_this_year(session, id_hash, year), amount, limit)
    hold = QuotaHold(
        order_id=order_id,
        account_id=account.id,
        amount_fen=to_fen(amount),
        limit_fen=to_fen(limit),
    )
    session.add(hold)
    session.flush()
    return hold


def _forget(session: Session, model: type, row_id: int, attribute: str) -> None:
    loaded = session.identity_map.get(identity_key(model, row_id))
    if loaded is not None:
        session.expire(loaded, [attribute])


# -- what an order holds, as the order flow sees it -------------------------------------------


def _stock_holds(session: Session, order_ids: list[int]) -> list[BondedStockHold]:
    if not order_ids:
        return []
    return list(
        session.scalars(
            select(BondedStockHold)
            .where(BondedStockHold.order_id.in_(order_ids))
            .order_by(BondedStockHold.bonded_good_id, BondedStockHold.order_id)
        )
    )


def _quota_holds(session: Session, order_ids: list[int]) -> list[QuotaHold]:
    if not order_ids:
        return []
    return list(
        session.scalars(
            select(QuotaHold).where(QuotaHold.order_id.in_(order_ids)).order_by(QuotaHold.id)
        )
    )


def release_holds(session: Session, order_ids: list[int], now: datetime | None = None) -> int:
    """Give back the bonded stock and the quota of these orders (once); return items released."""
    moment = now or utcnow()
    released = 0
    for hold in _stock_holds(session, order_ids):
        if hold.status is HoldStatus.RELEASED:
            continue
        _move_stock(session, hold.bonded_good_id, hold.quantity)
        hold.status, hold.released_at = HoldStatus.RELEASED, moment
        released += hold.quantity
    for quota in _quota_holds(session, order_ids):
        if quota.status is HoldStatus.RELEASED:
            continue
        session.execute(
            update(QuotaAccount)
            .where(QuotaAccount.id == quota.account_id)
            .values(used_fen=QuotaAccount.used_fen - quota.amount_fen)
            .execution_options(synchronize_session=False)
        )
        _forget(session, QuotaAccount, quota.account_id, "used_fen")
        quota.status, quota.released_at = HoldStatus.RELEASED, moment
    for bonded in session.scalars(
        select(BondedOrder).where(
            BondedOrder.order_id.in_(order_ids),
            BondedOrder.slot_id.is_not(None),
            BondedOrder.collected_at.is_(None),
        )
    ):
        give_back_place(session, bonded.slot_id)  # the pickup slot's place, too
        bonded.slot_id = None
    session.flush()
    return released


def commit_holds(session: Session, order_id: int) -> None:
    """The order is paid: its bonded items are sold and its amount stays on the year."""
    for hold in [*_stock_holds(session, [order_id]), *_quota_holds(session, [order_id])]:
        if hold.status is HoldStatus.HELD:
            hold.status = HoldStatus.COMMITTED
    session.flush()


def retake_holds(session: Session, order_id: int) -> bool:
    """A late payment for an expired order: take stock and quota back, all or nothing."""
    taken_stock: list[BondedStockHold] = []
    for hold in _stock_holds(session, [order_id]):
        if hold.status is not HoldStatus.RELEASED:
            continue
        if not _move_stock(session, hold.bonded_good_id, -hold.quantity):
            for done in taken_stock:
                _move_stock(session, done.bonded_good_id, done.quantity)
            return False
        taken_stock.append(hold)
    taken_quota: list[QuotaHold] = []
    for quota in _quota_holds(session, [order_id]):
        if quota.status is not HoldStatus.RELEASED:
            continue
        if not _add_to_account(session, quota.account_id, quota.amount_fen, quota.limit_fen):
            for done in taken_stock:
                _move_stock(session, done.bonded_good_id, done.quantity)
            return False
        taken_quota.append(quota)
    for hold in [*taken_stock, *taken_quota]:
        hold.status, hold.released_at = HoldStatus.HELD, None
    session.flush()
    return True
