"""The audit trail of listings: who changed what, when (``product_events``)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.models import ProductEvent


def record(
    session: Session, product_id: int, action: str, actor_user_id: int | None, note: str = ""
) -> ProductEvent:
    event = ProductEvent(
        product_id=product_id, action=action, actor_user_id=actor_user_id, note=note[:500]
    )
    session.add(event)
    return event


def events_of(session: Session, product_id: int, limit: int = 50) -> list[ProductEvent]:
    return list(
        session.scalars(
            select(ProductEvent)
            .where(ProductEvent.product_id == product_id)
            .order_by(ProductEvent.id.desc())
            .limit(limit)
        )
    )
