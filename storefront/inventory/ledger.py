"""The stock ledger: every change of a pack's available stock is a movement with a reason.

``variants.stock`` stays the *available* figure (what the shop may still sell, what the atomic
reservation decrements): it always equals the sum of the pack's movements, because every change
of the column writes its movement in the same transaction, here or in ``reservations``. What
the cooperative counts on its shelf (*on hand*) is the available stock plus what open orders
hold (placed and not paid yet, or paid and not shipped yet).

A cooperative records goods received, damaged goods and corrections (a count of what is on
hand); a correction never takes the stock below what open orders hold, and nothing takes it
below zero (the conditional update, then the ``stock >= 0`` CHECK). Functions flush, never
commit; those a portal calls take the producer's id first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, insert, literal, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from catalog.base import utcnow
from catalog.listings.ownership import owned_variant
from catalog.listings.problems import Problem, refuse_if
from catalog.models import Product, Variant
from catalog.revision import record_catalog_change, stock_shown_changed
from storefront.inventory.models import (
    MovementReason,
    ReservationStatus,
    StockMovement,
    StockReservation,
)

MAX_QUANTITY = 1_000_000
MEMBER_REASONS = frozenset(
    {MovementReason.RECEIVED, MovementReason.DAMAGED, MovementReason.CORRECTION}
)


def record_movement(
    session: Session,
    variant_id: int,
    delta: int,
    reason: MovementReason,
    *,
    order_id: int | None = None,
    author_user_id: int | None = None,
    note: str = "",
) -> StockMovement | None:
    """Write the movement for a change of ``variants.stock`` made in this transaction."""
    if delta == 0:
        return None
    movement = StockMovement(
        variant_id=variant_id,
        delta=delta,
        reason=reason,
        order_id=order_id,
        author_user_id=author_user_id,
        note=note[:200],
    )
    session.add(movement)
    return movement


def take_on_stock(session: Session, note: str = "stock before the ledger") -> int:
    """Record the stock of packs whose ledger does not account for it (loaded or generated data)
    as an opening movement of the difference; returns how many packs needed one."""
    ledger = (
        select(func.coalesce(func.sum(StockMovement.delta), 0))
        .where(StockMovement.variant_id == Variant.id)
        .scalar_subquery()
    )
    stmt = insert(StockMovement).from_select(
        ["variant_id", "delta", "reason", "note", "created_at"],
        select(
            Variant.id,
            Variant.stock - ledger,
            literal(MovementReason.OPENING.value),
            literal(note),
            literal(utcnow()),
        ).where(Variant.stock != ledger),
    )
    result = session.execute(stmt)
    session.flush()
    return result.rowcount or 0


def ledger_sums(session: Session, variant_ids: Sequence[int]) -> dict[int, int]:
    if not variant_ids:
        return {}
    rows = session.execute(
        select(StockMovement.variant_id, func.sum(StockMovement.delta))
        .where(StockMovement.variant_id.in_(list(variant_ids)))
        .group_by(StockMovement.variant_id)
    )
    return {variant_id: int(total) for variant_id, total in rows}


OPEN_RESERVATIONS = (ReservationStatus.HELD, ReservationStatus.COMMITTED)


def held_by_open_orders(session: Session, variant_ids: Sequence[int]) -> dict[int, int]:
    """Units open orders hold per pack: placed and unpaid, or paid and not shipped (one query)."""
    if not variant_ids:
        return {}
    rows = session.execute(
        select(StockReservation.variant_id, func.sum(StockReservation.quantity))
        .where(
            StockReservation.variant_id.in_(list(variant_ids)),
            StockReservation.status.in_(OPEN_RESERVATIONS),
        )
        .group_by(StockReservation.variant_id)
    )
    return {variant_id: int(total) for variant_id, total in rows}


@dataclass(frozen=True, slots=True)
class StockFigures:
    available: int
    held: int

    @property
    def on_hand(self) -> int:
        return self.available + self.held


def stock_figures(session: Session, variants: Sequence[Variant]) -> dict[int, StockFigures]:
    held = held_by_open_orders(session, [v.id for v in variants])
    return {v.id: StockFigures(v.stock, held.get(v.id, 0)) for v in variants}


def _locked_stock(session: Session, variant_id: int) -> int:
    stock = session.scalar(select(Variant.stock).where(Variant.id == variant_id).with_for_update())
    assert stock is not None
    return stock


def _set_stock(session: Session, variant_id: int, expected: int, delta: int) -> bool:
    result = session.execute(
        update(Variant)
        .where(Variant.id == variant_id, Variant.stock == expected, Variant.stock + delta >= 0)
        .values(stock=Variant.stock + delta)
        .execution_options(synchronize_session=False)
    )
    loaded = session.identity_map.get(identity_key(Variant, variant_id))
    if loaded is not None:
        session.expire(loaded, ["stock"])
    if result.rowcount != 1:
        return False
    if stock_shown_changed(expected, expected + delta):  # an UPDATE: the flush hook cannot see it
        record_catalog_change(session)
    return True


def adjust_stock(
    session: Session,
    producer_id: int,
    variant_id: int,
    *,
    reason: MovementReason,
    quantity: int,
    author_user_id: int | None,
    note: str = "",
) -> StockMovement | None:
    """A cooperative's stock change: goods ``received`` or ``damaged`` (``quantity`` units), or
    a ``correction`` to ``quantity`` units counted on hand. Returns the movement (None when a
    correction found the figure already right)."""
    variant = owned_variant(session, producer_id, variant_id)
    if reason not in MEMBER_REASONS:
        refuse_if([Problem("reason", "reason_unknown", reason)])
    if not 0 <= quantity <= MAX_QUANTITY or (
        reason is not MovementReason.CORRECTION and not quantity
    ):
        refuse_if([Problem("quantity", "quantity_range")])
    available = _locked_stock(session, variant.id)  # placements of this pack wait from here
    if reason is MovementReason.CORRECTION:
        held = held_by_open_orders(session, [variant.id]).get(variant.id, 0)
        if quantity < held:
            refuse_if([Problem("quantity", "below_held", str(held))])
        delta = quantity - held - available
    else:
        delta = quantity if reason is MovementReason.RECEIVED else -quantity
        if available + delta < 0:
            refuse_if([Problem("quantity", "below_zero", str(available))])
    if delta == 0:
        return None
    if not _set_stock(session, variant.id, available, delta):
        refuse_if([Problem("quantity", "stock_changed")])
    movement = record_movement(
        session, variant.id, delta, reason, author_user_id=author_user_id, note=note
    )
    session.flush()
    return movement


def movements_of(
    session: Session, producer_id: int, variant_id: int, limit: int = 100
) -> list[StockMovement]:
    variant = owned_variant(session, producer_id, variant_id)
    return list(
        session.scalars(
            select(StockMovement)
            .where(StockMovement.variant_id == variant.id)
            .order_by(StockMovement.id.desc())
            .limit(limit)
        )
    )


def producer_variant_ids(session: Session, producer_id: int) -> list[int]:
    return list(
        session.scalars(
            select(Variant.id)
            .join(Product, Product.id == Variant.product_id)
            .where(Product.producer_id == producer_id)
        )
    )
