"""Complaints the zone operator files against a producer; each one counts in its credit record.

A complaint has a text and may name an order, by its number, which must hold a line of the
producer. Filing it also writes a ``ConsoleAction`` row for the audit log.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.listings.ownership import owned_producer
from catalog.listings.problems import Problem, refuse_if
from storefront.admin.models import ConsoleAction, ProducerComplaint
from storefront.orders.models import Order, OrderLine

MAX_TEXT: Final = 2000


def file_complaint(
    session: Session,
    producer_id: int,
    *,
    text: str,
    order_number: str = "",
    actor_user_id: int | None,
) -> ProducerComplaint:
    producer = owned_producer(session, producer_id)
    text = text.strip()
    order_number = order_number.strip().upper()
    problems: list[Problem] = []
    if not text:
        problems.append(Problem("text", "complaint_text_required"))
    elif len(text) > MAX_TEXT:
        problems.append(Problem("text", "too_long", str(MAX_TEXT)))
    order_id = None
    if order_number:
        order_id = session.scalar(select(Order.id).where(Order.number == order_number))
        if order_id is None:
            problems.append(Problem("order_number", "order_unknown", order_number))
        elif (
            session.scalar(
                select(OrderLine.id).where(
                    OrderLine.order_id == order_id, OrderLine.producer_id == producer.id
                )
            )
            is None
        ):
            problems.append(Problem("order_number", "order_not_of_producer", order_number))
    refuse_if(problems)
    complaint = ProducerComplaint(
        producer_id=producer.id, order_id=order_id, text=text, filed_by_id=actor_user_id
    )
    session.add(complaint)
    session.add(
        ConsoleAction(
            actor_user_id=actor_user_id,
            object_kind="producer",
            object_ref=str(producer.id),
            action="complaint_filed",
            note=(order_number + " " + text)[:500].strip() if order_number else text[:500],
        )
    )
    session.flush()
    return complaint


def complaints_of(session: Session, producer_id: int) -> list[tuple[ProducerComplaint, str | None]]:
    """The producer's complaints, the latest first, each with its order's number (or None)."""
    return [
        (complaint, number)
        for complaint, number in session.execute(
            select(ProducerComplaint, Order.number)
            .outerjoin(Order, ProducerComplaint.order_id == Order.id)
            .where(ProducerComplaint.producer_id == producer_id)
            .order_by(ProducerComplaint.id.desc())
        ).all()
    ]
