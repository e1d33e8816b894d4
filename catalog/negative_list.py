"""The zone's negative list (失信名单): producers the operator bars from selling, with a reason.

``put_on`` records why (a ``NegativeListEntry``) and sets ``Producer.on_negative_list``;
``take_off`` closes the entry. While a producer is on the list:

* nothing of it may be published (``catalog.listings.publishing.producer_problems``),
* its products leave the shop (``Producer.sells``, ``catalog.queries.visible_products``),
* no new order takes them (the cart and placement refuse them, ``storefront.checkout``).

Orders already paid are not touched: the operator cancels them from the order pages if needed.
The flushed producer change moves the catalog stamp (``catalog.revision``), so cached pages
drop the products at once.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.base import utcnow
from catalog.listings.ownership import owned_producer
from catalog.listings.problems import Problem, refuse_if
from catalog.models import NegativeListEntry, Producer

MAX_REASON: Final = 500


def _reason_problems(reason: str) -> list[Problem]:
    if not reason:
        return [Problem("reason", "reason_required")]
    if len(reason) > MAX_REASON:
        return [Problem("reason", "too_long", str(MAX_REASON))]
    return []


def open_entry(session: Session, producer_id: int) -> NegativeListEntry | None:
    return session.scalars(
        select(NegativeListEntry)
        .where(
            NegativeListEntry.producer_id == producer_id,
            NegativeListEntry.removed_at.is_(None),
        )
        .order_by(NegativeListEntry.id.desc())
    ).first()


def put_on(
    session: Session, producer_id: int, *, reason: str, actor_user_id: int | None
) -> Producer:
    producer = owned_producer(session, producer_id)
    reason = " ".join(reason.split())
    problems = _reason_problems(reason)
    if producer.on_negative_list:
        problems.append(Problem("negative_list", "already_on_negative_list"))
    refuse_if(problems)
    producer.on_negative_list = True
    session.add(
        NegativeListEntry(producer_id=producer.id, added_by_id=actor_user_id, reason=reason)
    )
    session.flush()
    return producer


def take_off(
    session: Session, producer_id: int, *, reason: str, actor_user_id: int | None
) -> Producer:
    producer = owned_producer(session, producer_id)
    reason = " ".join(reason.split())
    problems = _reason_problems(reason)
    if not producer.on_negative_list:
        problems.append(Problem("negative_list", "not_on_negative_list"))
    refuse_if(problems)
    producer.on_negative_list = False
    entry = open_entry(session, producer.id)
    if entry is not None:
        entry.removed_at = utcnow()
        entry.removed_by_id = actor_user_id
        entry.removal_reason = reason
    session.flush()
    return producer


def entries_of(session: Session, producer_id: int) -> list[NegativeListEntry]:
    """The producer's stays on the list, the latest first."""
    return list(
        session.scalars(
            select(NegativeListEntry)
            .where(NegativeListEntry.producer_id == producer_id)
            .order_by(NegativeListEntry.id.desc())
        )
    )
