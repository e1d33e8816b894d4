"""Stock reservation: take units off the shelf atomically, give them back, or keep them sold.

``reserve_stock`` runs one conditional ``UPDATE variants SET stock = stock - q WHERE id = ? AND
stock >= q`` per variant, in variant id order (a fixed order, so two buyers never wait on each
other's rows in opposite orders). PostgreSQL re-checks the condition after waiting for a row lock;
SQLite has a single writer (placement starts its transaction with BEGIN IMMEDIATE, see
``storefront.database.begin_writing``). The ``stock >= 0`` CHECK on variants is the last guard.

Every change of ``variants.stock`` here writes its stock movement (``inventory.ledger``) in the
same transaction: taken for an order (sold), given back (released).

A bonded (1210) order holds bonded stock and its orderer's annual quota instead of variants
(``storefront.pickup.holds``); releasing, committing and re-taking an order's stock here also
does theirs, so every path that ends an order (expiry, failed payment, cancellation, refund)
gives them back without knowing which kind of order it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from catalog.base import utcnow
from catalog.models import Variant
from catalog.revision import record_catalog_change, stock_shown_changed
from storefront.exceptions import StorefrontError
from storefront.inventory.ledger import record_movement
from storefront.inventory.models import MovementReason, ReservationStatus, StockReservation
from storefront.pickup.holds import commit_holds, release_holds, retake_holds

DEFAULT_RESERVATION_MINUTES = 15


class OutOfStock(StorefrontError):
    """Fewer units are left than the order needs."""

    def __init__(self, variant_id: int) -> None:
        super().__init__(f"not enough stock for variant {variant_id}")
        self.variant_id = variant_id


def _move_stock(session: Session, variant_id: int, delta: int, order_id: int) -> bool:
    """Move a pack's stock by ``delta`` (taking: only if enough is left); whether it moved.

    Each move writes its stock movement (sold or released, for the order) in the same
    transaction.

    When the move changes what pages show of the pack (fewer than 20 left, none, or back), the
    catalog's revision moves in the same transaction (``catalog.revision.stock_shown_changed``),
    so every cached page and cart of every machine shows it within the stamp's seconds.
    """
    stmt = (
        update(Variant)
        .where(Variant.id == variant_id)
        .values(stock=Variant.stock + delta)
        .returning(Variant.stock)
    )
    if delta < 0:
        stmt = stmt.where(Variant.stock >= -delta)
    after = session.execute(stmt.execution_options(synchronize_session=False)).scalar()
    variant = session.identity_map.get(
        identity_key(Variant, variant_id)
    )  # keep loaded objects honest
    if variant is not None:
        session.expire(variant, ["stock"])
    if after is None:
        return False
    reason = MovementReason.SOLD if delta < 0 else MovementReason.RELEASED
    record_movement(session, variant_id, delta, reason, order_id=order_id)
    if stock_shown_changed(after - delta, after):
        record_catalog_change(session)
    return True


def reserve_stock(
    session: Session, order_id: int, quantities: Mapping[int, int], expires_at: datetime
) -> list[StockReservation]:
    """Hold ``quantities`` (variant id -> units) for an order, or raise OutOfStock."""
    reservations = []
    for variant_id in sorted(quantities):
        quantity = quantities[variant_id]
        if not _move_stock(session, variant_id, -quantity, order_id):
            raise OutOfStock(variant_id)
        reservation = StockReservation(
            order_id=order_id, variant_id=variant_id, quantity=quantity, expires_at=expires_at
        )
        session.add(reservation)
        reservations.append(reservation)
    session.flush()
    return reservations


def reservations_of(session: Session, order_ids: list[int]) -> list[StockReservation]:
    """The reservations of these orders, by variant id (the order locks are taken in)."""
    stmt = (
        select(StockReservation)
        .where(StockReservation.order_id.in_(order_ids))
        .order_by(StockReservation.variant_id, StockReservation.order_id)
    )
    return list(session.scalars(stmt)) if order_ids else []


def release_stock(
    session: Session,
    order_ids: list[int],
    now: datetime | None = None,
    *,
    variant_ids: frozenset[int] | None = None,
) -> int:
    """Give back the units of these orders that are still held or sold; return how many.

    ``variant_ids``: only those packs (one parcel of an order cancelled, the others kept).
    """
    released = 0
    for reservation in reservations_of(session, order_ids):
        if reservation.status in (ReservationStatus.RELEASED, ReservationStatus.SHIPPED):
            continue
        if variant_ids is not None and reservation.variant_id not in variant_ids:
            continue
        _move_stock(session, reservation.variant_id, reservation.quantity, reservation.order_id)
        reservation.status = ReservationStatus.RELEASED
        reservation.released_at = now or utcnow()
        released += reservation.quantity
    released += release_holds(session, order_ids, now)
    session.flush()
    return released


def commit_stock(session: Session, order_id: int) -> None:
    """The order is paid: its held units are sold."""
    for reservation in reservations_of(session, [order_id]):
        if reservation.status is ReservationStatus.HELD:
            reservation.status = ReservationStatus.COMMITTED
    commit_holds(session, order_id)
    session.flush()


def ship_stock(session: Session, order_id: int, variant_ids: frozenset[int]) -> None:
    """A parcel with these packs left: their sold units are no longer on the shelf."""
    for reservation in reservations_of(session, [order_id]):
        if (
            reservation.variant_id in variant_ids
            and reservation.status is ReservationStatus.COMMITTED
        ):
            reservation.status = ReservationStatus.SHIPPED
    session.flush()


def rereserve_stock(session: Session, order_id: int) -> bool:
    """Take released units back for a late payment; False (nothing changed) if any ran out."""
    reservations = reservations_of(session, [order_id])
    taken: list[StockReservation] = []
    for reservation in reservations:
        if reservation.status is not ReservationStatus.RELEASED:
            continue
        if not _move_stock(session, reservation.variant_id, -reservation.quantity, order_id):
            for done in taken:
                _move_stock(session, done.variant_id, done.quantity, order_id)
            return False
        taken.append(reservation)
    if not retake_holds(session, order_id):
        for done in taken:
            _move_stock(session, done.variant_id, done.quantity, order_id)
        return False
    for reservation in taken:
        reservation.status = ReservationStatus.HELD
        reservation.released_at = None
    session.flush()
    return True
