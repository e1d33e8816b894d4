"""What a cooperative's parcel pages read: its parcels by stage, in a fixed number of queries.

Every function takes the producer's id first and reads only that producer's sub-orders. A list
page costs a count, the page's rows, then one query each for the page's lines, waybills and
declaration statuses, whatever the number of parcels.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from storefront.customs.declarations.models import CustomsDeclaration, DeclarationStatus
from storefront.customs.declarations.parcels import SHIPPABLE_STATUSES
from storefront.customs.messages.channels import INVENTORY_MESSAGES, ORDER_MESSAGES
from storefront.orders.models import Order, OrderLine, SubOrder
from storefront.orders.states import FulfilmentStatus, OrderStatus
from storefront.shipping.carriers.models import ParcelWaybill
from storefront.shipping.models import ShippingMethod


class ParcelStage(StrEnum):
    """Where a parcel stands for its producer: what the next step is."""

    TO_PACK = "to_pack"
    TO_BOOK = "to_book"
    AT_CUSTOMS = "at_customs"  # booked; the export list is on its way or waiting at customs
    TO_HAND_OVER = "to_hand_over"  # released by customs
    SHIPPED = "shipped"
    CANCELLED = "cancelled"


class CustomsState(StrEnum):
    """What the producer reads about a parcel's declarations."""

    NONE = "none"
    WAITING_WAYBILL = "waiting_waybill"
    PROBLEM = "problem"  # blocked for missing data, rejected, or failed: the operator acts
    AT_CUSTOMS = "at_customs"
    RELEASED = "released"
    WITHDRAWN = "withdrawn"


_LIVE = DeclarationStatus.SUPERSEDED
_AT_CUSTOMS = frozenset(
    {
        DeclarationStatus.PENDING,
        DeclarationStatus.SENT,
        DeclarationStatus.ACCEPTED,
        DeclarationStatus.HELD,
    }
)
_WITHDRAWN = frozenset({DeclarationStatus.CANCELLED, DeclarationStatus.RETURNED})


def _has_waybill() -> ColumnElement[bool]:
    return exists().where(ParcelWaybill.sub_order_id == SubOrder.id)


def _list_released() -> ColumnElement[bool]:
    return exists().where(
        CustomsDeclaration.sub_order_id == SubOrder.id,
        CustomsDeclaration.message_type.in_(INVENTORY_MESSAGES),
        CustomsDeclaration.status.in_(SHIPPABLE_STATUSES),
    )


def _open() -> ColumnElement[bool]:
    return and_(
        SubOrder.fulfilment_status == FulfilmentStatus.UNFULFILLED,
        Order.status == OrderStatus.CONFIRMED,
    )


def stage_condition(stage: ParcelStage) -> ColumnElement[bool]:
    if stage is ParcelStage.TO_PACK:
        return and_(_open(), SubOrder.packed_at.is_(None))
    if stage is ParcelStage.TO_BOOK:
        return and_(_open(), SubOrder.packed_at.is_not(None), ~_has_waybill())
    if stage is ParcelStage.AT_CUSTOMS:
        return and_(_open(), _has_waybill(), ~_list_released())
    if stage is ParcelStage.TO_HAND_OVER:
        return and_(_open(), _list_released())
    if stage is ParcelStage.SHIPPED:
        return SubOrder.fulfilment_status.in_(
            [FulfilmentStatus.SHIPPED, FulfilmentStatus.DELIVERED]
        )
    return SubOrder.fulfilment_status == FulfilmentStatus.CANCELLED


def customs_problem_condition() -> ColumnElement[bool]:
    """An open parcel whose declarations need the operator (not merely waiting)."""
    problem = or_(
        CustomsDeclaration.status.in_([DeclarationStatus.REJECTED, DeclarationStatus.FAILED]),
        and_(
            CustomsDeclaration.status == DeclarationStatus.BLOCKED,
            or_(CustomsDeclaration.message_type.in_(ORDER_MESSAGES), _has_waybill()),
        ),
    )
    return and_(
        _open(),
        exists().where(CustomsDeclaration.sub_order_id == SubOrder.id, problem),
    )


def customs_waiting_condition() -> ColumnElement[bool]:
    return and_(
        _open(),
        exists().where(
            CustomsDeclaration.sub_order_id == SubOrder.id,
            CustomsDeclaration.message_type.in_(INVENTORY_MESSAGES),
            CustomsDeclaration.status.in_(_AT_CUSTOMS),
        ),
    )


@dataclass(frozen=True, slots=True)
class ParcelRow:
    id: int
    number: str
    order_number: str
    paid_at: datetime | None
    destination_country: str
    shipping_method: ShippingMethod
    goods_value: Decimal
    currency: str
    fulfilment_status: FulfilmentStatus
    packed_at: datetime | None
    tracking_number: str | None
    waybill_no: str | None
    lines: tuple[tuple[str, int], ...]  # (goods name in Chinese, quantity)
    customs: CustomsState
    stage: ParcelStage


def _customs_states(
    session: Session, ids: Sequence[int], booked: set[int]
) -> dict[int, CustomsState]:
    rows = session.execute(
        select(
            CustomsDeclaration.sub_order_id,
            CustomsDeclaration.message_type,
            CustomsDeclaration.status,
        )
        .where(CustomsDeclaration.sub_order_id.in_(list(ids)), CustomsDeclaration.status != _LIVE)
        .order_by(CustomsDeclaration.id)
    )
    current: dict[int, dict[str, DeclarationStatus]] = defaultdict(dict)
    for sub_order_id, kind, status in rows:
        role = "list" if kind in INVENTORY_MESSAGES else "order" if kind in ORDER_MESSAGES else ""
        if role:
            current[sub_order_id][role] = status
    states = {}
    for sub_order_id in ids:
        found = current.get(sub_order_id, {})
        order, inventory = found.get("order"), found.get("list")
        if inventory in SHIPPABLE_STATUSES:
            state = CustomsState.RELEASED
        elif inventory in _WITHDRAWN:
            state = CustomsState.WITHDRAWN
        elif (
            DeclarationStatus.REJECTED in (order, inventory)
            or (DeclarationStatus.FAILED in (order, inventory))
            or order is DeclarationStatus.BLOCKED
            or (inventory is DeclarationStatus.BLOCKED and sub_order_id in booked)
        ):
            state = CustomsState.PROBLEM
        elif inventory is DeclarationStatus.BLOCKED:
            state = CustomsState.WAITING_WAYBILL
        elif inventory in _AT_CUSTOMS:
            state = CustomsState.AT_CUSTOMS
        else:
            state = CustomsState.NONE
        states[sub_order_id] = state
    return states


def _stage(row, booked: bool, customs: CustomsState) -> ParcelStage:
    status = row.fulfilment_status
    if status is FulfilmentStatus.CANCELLED or row.order_status in (
        OrderStatus.CANCELLED,
        OrderStatus.EXPIRED,
    ):
        return ParcelStage.CANCELLED
    if status in (FulfilmentStatus.SHIPPED, FulfilmentStatus.DELIVERED):
        return ParcelStage.SHIPPED
    if customs is CustomsState.RELEASED:
        return ParcelStage.TO_HAND_OVER
    if row.packed_at is None:
        return ParcelStage.TO_PACK
    return ParcelStage.AT_CUSTOMS if booked else ParcelStage.TO_BOOK


def _base(producer_id: int):
    return (
        select(SubOrder.id)
        .join(Order, Order.id == SubOrder.order_id)
        .where(SubOrder.producer_id == producer_id)
    )


def count_parcels(session: Session, producer_id: int, condition=None) -> int:
    stmt = _base(producer_id)
    if condition is not None:
        stmt = stmt.where(condition)
    return session.scalar(select(func.count()).select_from(stmt.subquery())) or 0


def parcel_rows(
    session: Session,
    producer_id: int,
    *,
    stage: ParcelStage | None = None,
    offset: int = 0,
    limit: int = 50,
    sub_order_ids: Sequence[int] | None = None,
) -> list[ParcelRow]:
    """The producer's parcels, newest first: one stage, or these ids (of this producer only)."""
    stmt = (
        select(
            SubOrder.id,
            SubOrder.number,
            SubOrder.goods_value,
            SubOrder.currency,
            SubOrder.fulfilment_status,
            SubOrder.packed_at,
            SubOrder.tracking_number,
            Order.number.label("order_number"),
            Order.paid_at,
            Order.destination_country,
            Order.shipping_method,
            Order.status.label("order_status"),
        )
        .join(Order, Order.id == SubOrder.order_id)
        .where(SubOrder.producer_id == producer_id)
        .order_by(SubOrder.id.desc())
    )
    if stage is not None:
        stmt = stmt.where(stage_condition(stage))
    if sub_order_ids is not None:
        stmt = stmt.where(SubOrder.id.in_(list(sub_order_ids)))
    rows = session.execute(stmt.offset(offset).limit(limit)).all()
    ids = [row.id for row in rows]
    if not ids:
        return []
    lines: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for sub_order_id, name, quantity in session.execute(
        select(OrderLine.sub_order_id, OrderLine.product_name_source, OrderLine.quantity)
        .where(OrderLine.sub_order_id.in_(ids))
        .order_by(OrderLine.id)
    ):
        lines[sub_order_id].append((name, quantity))
    waybills = dict(
        session.execute(
            select(ParcelWaybill.sub_order_id, ParcelWaybill.waybill_no).where(
                ParcelWaybill.sub_order_id.in_(ids)
            )
        ).all()
    )
    customs = _customs_states(session, ids, set(waybills))
    return [
        ParcelRow(
            id=row.id,
            number=row.number,
            order_number=row.order_number,
            paid_at=row.paid_at,
            destination_country=row.destination_country,
            shipping_method=row.shipping_method,
            goods_value=row.goods_value,
            currency=row.currency,
            fulfilment_status=row.fulfilment_status,
            packed_at=row.packed_at,
            tracking_number=row.tracking_number,
            waybill_no=waybills.get(row.id),
            lines=tuple(lines.get(row.id, ())),
            customs=customs[row.id],
            stage=_stage(row, row.id in waybills, customs[row.id]),
        )
        for row in rows
    ]


@dataclass(frozen=True, slots=True)
class ParcelCounts:
    to_pack: int
    to_book: int
    to_hand_over: int
    customs_problems: int
    customs_waiting: int


def parcel_counts(session: Session, producer_id: int) -> ParcelCounts:
    """What needs doing now, counted in SQL (five counts)."""
    return ParcelCounts(
        to_pack=count_parcels(session, producer_id, stage_condition(ParcelStage.TO_PACK)),
        to_book=count_parcels(session, producer_id, stage_condition(ParcelStage.TO_BOOK)),
        to_hand_over=count_parcels(session, producer_id, stage_condition(ParcelStage.TO_HAND_OVER)),
        customs_problems=count_parcels(session, producer_id, customs_problem_condition()),
        customs_waiting=count_parcels(session, producer_id, customs_waiting_condition()),
    )
