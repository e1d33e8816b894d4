"""Look-ups for the operator console: declarations by filter, one declaration with its story."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, and_, false, func, or_, select
from sqlalchemy.orm import Session, selectinload

from storefront.customs.declarations.models import (
    AT_CUSTOMS_STATUSES,
    ATTENTION_STATUSES,
    WATCH_STATUSES,
    CustomsDeclaration,
    DeclarationStatus,
    MessageType,
)

ATTENTION = "attention"
PAGE_LIMIT = 100


@dataclass(frozen=True, slots=True)
class DeclarationFilter:
    status: DeclarationStatus | None = None
    attention: bool = False
    producer_id: int | None = None
    created_from: date | None = None  # inclusive, UTC calendar day
    created_to: date | None = None  # inclusive
    unanswered_before: datetime | None = None  # with attention: sent before this, no answer


def _filtered(stmt: Select, wanted: DeclarationFilter) -> Select:
    if wanted.attention:
        stmt = stmt.where(
            or_(
                CustomsDeclaration.status.in_(ATTENTION_STATUSES | WATCH_STATUSES),
                and_(  # the same rule as CustomsDeclaration.unanswered_since
                    CustomsDeclaration.status == DeclarationStatus.SENT,
                    CustomsDeclaration.sent_at < wanted.unanswered_before,
                    CustomsDeclaration.returned_at.is_(None),
                )
                if wanted.unanswered_before is not None
                else false(),
                and_(  # the same rule as CustomsDeclaration.cancellation_waiting
                    CustomsDeclaration.message_type == MessageType.INVENTORY,
                    CustomsDeclaration.status.in_(AT_CUSTOMS_STATUSES),
                    CustomsDeclaration.cancel_reason != "",
                ),
            )
        )
    elif wanted.status is not None:
        stmt = stmt.where(CustomsDeclaration.status == wanted.status)
    if wanted.producer_id is not None:
        stmt = stmt.where(CustomsDeclaration.producer_id == wanted.producer_id)
    if wanted.created_from is not None:
        start = datetime.combine(wanted.created_from, time.min, tzinfo=UTC)
        stmt = stmt.where(CustomsDeclaration.created_at >= start)
    if wanted.created_to is not None:
        end = datetime.combine(wanted.created_to + timedelta(days=1), time.min, tzinfo=UTC)
        stmt = stmt.where(CustomsDeclaration.created_at < end)
    return stmt


def list_declarations(
    session: Session, wanted: DeclarationFilter, limit: int = PAGE_LIMIT
) -> list[CustomsDeclaration]:
    """Newest first, with their producers loaded (a fixed number of queries)."""
    stmt = _filtered(select(CustomsDeclaration), wanted)
    stmt = stmt.options(selectinload(CustomsDeclaration.producer))
    return list(session.scalars(stmt.order_by(CustomsDeclaration.id.desc()).limit(limit)))


def count_declarations(session: Session, wanted: DeclarationFilter) -> int:
    stmt = _filtered(select(func.count(CustomsDeclaration.id)), wanted)
    return int(session.scalar(stmt) or 0)


def attention_count(session: Session, unanswered_before: datetime | None = None) -> int:
    return count_declarations(
        session, DeclarationFilter(attention=True, unanswered_before=unanswered_before)
    )


def sub_order_declarations(
    session: Session, declaration: CustomsDeclaration
) -> list[CustomsDeclaration]:
    """Every declaration of the same sub-order (the story of one parcel), oldest first."""
    if declaration.sub_order_id is None:
        return [declaration]
    return list(
        session.scalars(
            select(CustomsDeclaration)
            .where(CustomsDeclaration.sub_order_id == declaration.sub_order_id)
            .order_by(CustomsDeclaration.id)
        )
    )
