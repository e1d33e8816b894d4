"""Customs' answers drive the bonded order: released -> ready for pickup; refused -> closed.

The receiver records receipts on the declarations (``customs.exchange.receiver``); this pass
(``flask pickup work``, beside ``flask customs work``) reads where each paid bonded order's
declarations stand and moves the order:

* its list released (800): the goods go to the counter. The order gets its pickup code (random,
  kept as a SHA-256 to find the order and sealed to show it to the buyer), its pickup deadline
  (the showroom's window, 7 days by default) and the showroom's slots for that window;
* its order or list refused (100, e.g. "订购人超过年度限额"): the order is cancelled and refunded
  with customs' reason, verbatim; stock and quota come back;
* a list waiting for its customs number before it could be withdrawn gets its CEB623/CEB625.

A format error (CEB900) or missing data is the operator's (attention list), not the buyer's.
One order per call: the caller commits each, then sends the e-mail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.base import as_utc, utcnow
from storefront.bonded.closing import ClosingReason, close_bonded_order
from storefront.bonded.stages import pickup_stage, record_pickup_step
from storefront.customs.adapter import CustomsAdapter
from storefront.customs.declarations.bonded_operations import (
    SPEC,
    current_bonded_declarations,
    withdraw_bonded_order,
    withdrawal_waiting,
)
from storefront.customs.declarations.models import DeclarationStatus
from storefront.orders.actors import Actor
from storefront.orders.models import Order
from storefront.orders.services import lock_order
from storefront.orders.states import OrderStatus
from storefront.payments.port import PaymentGateway
from storefront.pickup.bonded_orders import BondedOrder, PickupStage
from storefront.pickup.codes import code_digest, new_pickup_code
from storefront.pickup.personal_data import PersonalDataVault
from storefront.pickup.showrooms import CHINA, ensure_slots, pickup_deadline

CUSTOMS = Actor("customs")
RELEASED = frozenset({DeclarationStatus.RELEASED, DeclarationStatus.CLOSED})


class CustomsOutcome(StrEnum):
    READY = "ready"
    REFUSED = "refused"


@dataclass(frozen=True, slots=True)
class AppliedOutcome:
    order_id: int
    outcome: CustomsOutcome


def orders_awaiting_customs(session: Session, limit: int = 200) -> list[int]:
    return list(
        session.scalars(
            select(Order.id)
            .join(BondedOrder, BondedOrder.order_id == Order.id)
            .where(Order.status == OrderStatus.CONFIRMED, BondedOrder.ready_at.is_(None))
            .order_by(Order.id)
            .limit(limit)
        )
    )


def apply_customs_outcome(
    session: Session,
    order_id: int,
    *,
    adapter: CustomsAdapter,
    gateway: PaymentGateway,
    vault: PersonalDataVault,
    now: datetime | None = None,
) -> AppliedOutcome | None:
    """Move one paid bonded order by its declarations; None while customs is still on it."""
    order = lock_order(session, order_id)
    if order.status is not OrderStatus.CONFIRMED or order.bonded is None:
        return None
    if order.bonded.ready_at is not None:
        return None
    current = current_bonded_declarations(session, order.number)
    inventory = current.get(SPEC.inventory)
    if inventory is not None and inventory.status in RELEASED:
        mark_ready(session, order, inventory.released_at or now or utcnow(), vault)
        return AppliedOutcome(order.id, CustomsOutcome.READY)
    refused = [row for row in current.values() if row.status is DeclarationStatus.REJECTED]
    if refused:
        close_bonded_order(
            session,
            order,
            reason=ClosingReason.CUSTOMS_REFUSED,
            note=refused[-1].return_info,
            actor=CUSTOMS,
            gateway=gateway,
            declarations=adapter,
        )
        return AppliedOutcome(order.id, CustomsOutcome.REFUSED)
    return None


def mark_ready(
    session: Session, order: Order, released_at: datetime, vault: PersonalDataVault
) -> str:
    """Released: a pickup code, the deadline, the slots of the window. Returns the code."""
    bonded = order.bonded
    assert bonded is not None
    before = pickup_stage(order)
    code = new_pickup_code()
    bonded.pickup_code_digest = code_digest(code)
    bonded.pickup_code_sealed = vault.seal(code)
    bonded.ready_at = as_utc(released_at)
    bonded.pickup_deadline = pickup_deadline(bonded.ready_at, bonded.showroom)
    window_start = bonded.ready_at.astimezone(CHINA).date()
    days = (bonded.pickup_deadline - bonded.ready_at) // timedelta(days=1) + 2
    ensure_slots(session, bonded.showroom, window_start, days)
    record_pickup_step(order, before, PickupStage.READY, CUSTOMS, "released (800)")
    session.flush()
    return code


def retry_waiting_withdrawals(session: Session, adapter: CustomsAdapter) -> int:
    """Withdraw the lists of cancelled orders that now have their customs number."""
    done = 0
    for inventory in withdrawal_waiting(session):
        order = session.scalars(select(Order).where(Order.number == inventory.business_no)).one()
        if order.status not in (OrderStatus.CANCELLED, OrderStatus.EXPIRED):
            continue
        withdraw_bonded_order(session, adapter.outbox, order, actor=CUSTOMS)
        done += 1
    session.flush()
    return done
