"""Batches (lots) of a listing for traceability: lot number, harvest or production date,
best-before date and inspection certificate. The product page shows the latest."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.listings import audit
from catalog.listings.ownership import owned_batch, owned_product
from catalog.listings.problems import Problem, refuse_if
from catalog.models import Batch, BatchKind

LOT_PATTERN: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9./-]{0,59}$")
CERTIFICATE_PATTERN: Final = re.compile(r"^[A-Za-z0-9-]{0,80}$")


@dataclass(frozen=True, slots=True)
class BatchFacts:
    lot_number: str
    kind: BatchKind
    produced_on: date
    best_before: date | None
    inspection_certificate: str = ""


def batch_problems(
    session: Session, product_id: int, facts: BatchFacts, today: date, except_id: int | None
) -> list[Problem]:
    problems: list[Problem] = []
    if not LOT_PATTERN.match(facts.lot_number):
        problems.append(Problem("lot_number", "lot_format"))
    if facts.produced_on > today:
        problems.append(Problem("produced_on", "date_in_future"))
    if facts.best_before is not None and facts.best_before <= facts.produced_on:
        problems.append(Problem("best_before", "best_before_order"))
    if not CERTIFICATE_PATTERN.match(facts.inspection_certificate):
        problems.append(Problem("inspection_certificate", "certificate_format"))
    stmt = select(Batch.id).where(
        Batch.product_id == product_id, Batch.lot_number == facts.lot_number
    )
    if except_id is not None:
        stmt = stmt.where(Batch.id != except_id)
    if session.scalar(stmt) is not None:
        problems.append(Problem("lot_number", "lot_taken", facts.lot_number))
    return problems


def add_batch(
    session: Session,
    producer_id: int,
    product_id: int,
    facts: BatchFacts,
    *,
    today: date,
    actor_user_id: int | None,
) -> Batch:
    product = owned_product(session, producer_id, product_id)
    refuse_if(batch_problems(session, product.id, facts, today, None))
    batch = Batch(
        product_id=product.id,
        lot_number=facts.lot_number,
        kind=facts.kind,
        produced_on=facts.produced_on,
        best_before=facts.best_before,
        inspection_certificate=facts.inspection_certificate,
    )
    session.add(batch)
    audit.record(session, product.id, "batch_added", actor_user_id, facts.lot_number)
    session.flush()
    return batch


def remove_batch(
    session: Session, producer_id: int, batch_id: int, *, actor_user_id: int | None
) -> None:
    batch = owned_batch(session, producer_id, batch_id)
    product = owned_product(session, producer_id, batch.product_id)
    product.batches.remove(batch)
    audit.record(session, product.id, "batch_removed", actor_user_id, batch.lot_number)
    session.flush()
