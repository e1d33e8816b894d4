"""A producer's credit record, computed from its history (docs/console.md, "Credit record").

Components, over the producer's whole history of paid export parcels (sub-orders):

* on time: handed over (``sub_orders.shipped_at``) within ``HANDLING_HOURS`` of the payment;
* late: handed over after that, or not handed over and the handling time is over (overdue);
* cancelled: parcels cancelled after payment;
* customs refusals: refusals (status ``rejected``) in the events of its parcels' declarations;
* complaints: filed by the operator (``ProducerComplaint``).

``credit_components`` reads them for any number of producers with three grouped SQL queries;
``credit_score`` is the formula, plain arithmetic on exact fractions.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from fractions import Fraction
from math import floor
from typing import Final

from sqlalchemy import Float, and_, case, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from catalog.base import utcnow
from catalog.models import ProductChannel
from storefront.admin.models import ProducerComplaint
from storefront.customs.declarations.models import (
    CustomsDeclaration,
    CustomsDeclarationEvent,
    DeclarationStatus,
)
from storefront.orders.models import Order, SubOrder
from storefront.orders.states import FulfilmentStatus

HANDLING_HOURS: Final = 72  # the producer hands the parcel over within 3 days of the payment
WEIGHT_ON_TIME: Final = Fraction(50)
WEIGHT_NOT_CANCELLED: Final = Fraction(20)
WEIGHT_NO_REFUSAL: Final = Fraction(30)
POINTS_PER_COMPLAINT: Final = 5
MAX_COMPLAINT_POINTS: Final = 25


class CreditGrade(StrEnum):
    A = "A"  # 90 and above
    B = "B"  # 75 to 89
    C = "C"  # 60 to 74
    D = "D"  # below 60


@dataclass(frozen=True, slots=True)
class CreditComponents:
    parcels: int = 0
    on_time: int = 0
    late: int = 0  # handed over late, or overdue and still not handed over
    cancelled: int = 0
    customs_refusals: int = 0
    complaints: int = 0

    @property
    def handled(self) -> int:
        """Parcels whose handling time is judged: handed over, or overdue."""
        return self.on_time + self.late

    @property
    def has_history(self) -> bool:
        return bool(self.parcels or self.complaints)


@dataclass(frozen=True, slots=True)
class CreditScore:
    components: CreditComponents
    on_time_rate: Fraction
    cancel_rate: Fraction
    refusal_rate: Fraction
    complaint_points: int
    score: int

    @property
    def grade(self) -> CreditGrade:
        if self.score >= 90:
            return CreditGrade.A
        if self.score >= 75:
            return CreditGrade.B
        if self.score >= 60:
            return CreditGrade.C
        return CreditGrade.D


def credit_score(components: CreditComponents) -> CreditScore:
    """score = 50·on-time rate + 20·(1 − cancellation rate) + 30·(1 − refusal rate)
    − 5 per complaint (at most 25), rounded half up, never below 0.

    A producer with nothing judged yet has an on-time rate of 1; rates over no parcels are 0;
    the refusal rate is capped at 1 (a parcel may be refused more than once).
    """
    c = components
    on_time_rate = Fraction(c.on_time, c.handled) if c.handled else Fraction(1)
    cancel_rate = Fraction(c.cancelled, c.parcels) if c.parcels else Fraction(0)
    refusal_rate = min(Fraction(1), Fraction(c.customs_refusals, c.parcels) if c.parcels else 0)
    complaint_points = min(MAX_COMPLAINT_POINTS, POINTS_PER_COMPLAINT * c.complaints)
    exact = (
        WEIGHT_ON_TIME * on_time_rate
        + WEIGHT_NOT_CANCELLED * (1 - cancel_rate)
        + WEIGHT_NO_REFUSAL * (1 - refusal_rate)
        - complaint_points
    )
    score = max(0, floor(exact + Fraction(1, 2)))
    return CreditScore(
        c, on_time_rate, cancel_rate, Fraction(refusal_rate), complaint_points, score
    )


class hours_between(FunctionElement):  # noqa: N801 (a SQL function)
    """Hours from the first timestamp to the second, in SQL (PostgreSQL and SQLite)."""

    type = Float()
    inherit_cache = True


@compiles(hours_between)
def _hours_postgresql(element, compiler, **kw):
    start, end = list(element.clauses)
    return (
        f"(EXTRACT(EPOCH FROM ({compiler.process(end, **kw)} - "
        f"{compiler.process(start, **kw)})) / 3600.0)"
    )


@compiles(hours_between, "sqlite")
def _hours_sqlite(element, compiler, **kw):
    start, end = list(element.clauses)
    return (
        f"((julianday({compiler.process(end, **kw)}) - "
        f"julianday({compiler.process(start, **kw)})) * 24.0)"
    )


def _count_when(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def credit_components(
    session: Session, producer_ids: Collection[int], *, now: datetime | None = None
) -> dict[int, CreditComponents]:
    """Every producer's components, three grouped queries whatever the number of producers."""
    if not producer_ids:
        return {}
    ids = sorted(producer_ids)
    overdue_before = (now or utcnow()) - timedelta(hours=HANDLING_HOURS)
    shipped = SubOrder.shipped_at.is_not(None)
    in_time = hours_between(Order.paid_at, SubOrder.shipped_at) <= HANDLING_HOURS
    overdue = and_(
        SubOrder.shipped_at.is_(None),
        SubOrder.fulfilment_status == FulfilmentStatus.UNFULFILLED,
        Order.paid_at < overdue_before,
    )
    parcels = session.execute(
        select(
            SubOrder.producer_id,
            func.count(SubOrder.id),
            _count_when(and_(shipped, in_time)),
            _count_when(and_(shipped, ~in_time)),
            _count_when(overdue),
            _count_when(SubOrder.fulfilment_status == FulfilmentStatus.CANCELLED),
        )
        .join(Order, SubOrder.order_id == Order.id)
        .where(
            SubOrder.producer_id.in_(ids),
            Order.paid_at.is_not(None),
            Order.channel == ProductChannel.EXPORT,
        )
        .group_by(SubOrder.producer_id)
    ).all()
    refusals = dict(
        session.execute(
            select(SubOrder.producer_id, func.count(CustomsDeclarationEvent.id))
            .join(CustomsDeclaration, CustomsDeclaration.sub_order_id == SubOrder.id)
            .join(
                CustomsDeclarationEvent,
                CustomsDeclarationEvent.declaration_id == CustomsDeclaration.id,
            )
            .where(
                SubOrder.producer_id.in_(ids),
                CustomsDeclarationEvent.to_status == DeclarationStatus.REJECTED.value,
            )
            .group_by(SubOrder.producer_id)
        ).all()
    )
    complaints = dict(
        session.execute(
            select(ProducerComplaint.producer_id, func.count(ProducerComplaint.id))
            .where(ProducerComplaint.producer_id.in_(ids))
            .group_by(ProducerComplaint.producer_id)
        ).all()
    )
    by_producer = {
        producer_id: CreditComponents(
            parcels=total,
            on_time=int(on_time),
            late=int(late) + int(overdue_count),
            cancelled=int(cancelled),
        )
        for producer_id, total, on_time, late, overdue_count, cancelled in parcels
    }
    return {
        producer_id: replace(
            by_producer.get(producer_id, CreditComponents()),
            customs_refusals=refusals.get(producer_id, 0),
            complaints=complaints.get(producer_id, 0),
        )
        for producer_id in ids
    }


def credit_records(
    session: Session, producer_ids: Collection[int], *, now: datetime | None = None
) -> dict[int, CreditScore]:
    return {
        producer_id: credit_score(components)
        for producer_id, components in credit_components(session, producer_ids, now=now).items()
    }
