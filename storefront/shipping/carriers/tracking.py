"""Recording the tracking events a carrier reports for a parcel, and reading them for pages."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from storefront.shipping.carriers.models import ParcelTrackingEvent
from storefront.shipping.carriers.port import TrackingEvent


def record_tracking_events(
    session: Session, sub_order_id: int, events: Iterable[TrackingEvent]
) -> list[ParcelTrackingEvent]:
    """Store the steps not recorded yet (one row per step, the first report wins); flushes."""
    known = set(
        session.scalars(
            select(ParcelTrackingEvent.code).where(ParcelTrackingEvent.sub_order_id == sub_order_id)
        )
    )
    added = []
    for event in sorted(events, key=lambda event: event.at):
        if event.code in known:
            continue
        known.add(event.code)
        row = ParcelTrackingEvent(
            sub_order_id=sub_order_id,
            waybill_no=event.waybill_no,
            code=event.code,
            occurred_at=event.at,
            country=event.country[:2],
            description=event.description[:200],
        )
        session.add(row)
        added.append(row)
    session.flush()
    return added


def tracking_events_by_sub_order(
    session: Session, sub_order_ids: Sequence[int]
) -> dict[int, list[ParcelTrackingEvent]]:
    """Each sub-order's recorded events, oldest first, in one query."""
    if not sub_order_ids:
        return {}
    grouped: dict[int, list[ParcelTrackingEvent]] = defaultdict(list)
    rows = session.scalars(
        select(ParcelTrackingEvent)
        .where(ParcelTrackingEvent.sub_order_id.in_(list(sub_order_ids)))
        .order_by(ParcelTrackingEvent.occurred_at, ParcelTrackingEvent.id)
    )
    for row in rows:
        grouped[row.sub_order_id].append(row)
    return dict(grouped)
