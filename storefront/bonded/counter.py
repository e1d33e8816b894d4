"""The showroom counter: find an order by its pickup code, check the buyer's ID, hand it over.

Staff type or scan the code; the counter shows the order, the orderer's name and masked ID.
Staff ask for the ID card and type its last six characters: they must match the orderer's ID
(compared in constant time, the number unsealed only for that), then the goods are handed over
and the order is complete. A collected, unreleased, cancelled or returned order, or another
showroom's, is never handed over. Every attempt writes a ``pickup_counter_events`` row (who,
when, what came of it; never the code or the ID) and every hand-over an order event. The views
rate-limit these calls per staff member and address. Flushes, never commits.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.base import utcnow
from storefront.bonded.stages import pickup_stage, record_pickup_step
from storefront.orders.actors import Actor
from storefront.orders.models import Order
from storefront.orders.services import lock_order, set_fulfilment_status, set_order_status
from storefront.orders.states import FulfilmentStatus, OrderStatus
from storefront.pickup.bonded_orders import BondedOrder, PickupStage
from storefront.pickup.codes import code_digest, normalise_code
from storefront.pickup.counter_log import CounterAction, CounterEvent, CounterOutcome
from storefront.pickup.identity import last_characters, normalise_last_characters
from storefront.pickup.personal_data import PersonalDataVault

STAGE_OUTCOMES = {
    PickupStage.AWAITING_PAYMENT: CounterOutcome.NOT_READY,
    PickupStage.AWAITING_CUSTOMS: CounterOutcome.NOT_READY,
    PickupStage.COLLECTED: CounterOutcome.ALREADY_COLLECTED,
    PickupStage.CANCELLED: CounterOutcome.CLOSED,
    PickupStage.RETURNED: CounterOutcome.CLOSED,
}


@dataclass(frozen=True, slots=True)
class CounterResult:
    outcome: CounterOutcome
    order: Order | None = None

    @property
    def found(self) -> bool:
        return self.outcome is CounterOutcome.FOUND


@dataclass(frozen=True, slots=True)
class Clerk:
    """Who stands at the counter: the staff member, their address, their showroom (if any)."""

    user_id: int
    address: str
    showroom_id: int | None = None

    @property
    def actor(self) -> Actor:
        return Actor(f"showroom staff:{self.user_id}", self.user_id)


def _log(session: Session, clerk: Clerk, action: CounterAction, result: CounterResult) -> None:
    session.add(
        CounterEvent(
            staff_user_id=clerk.user_id,
            client_address=clerk.address[:64],
            action=action,
            outcome=result.outcome,
            order_id=result.order.id if result.order is not None else None,
        )
    )
    session.flush()


def _order_by_code(session: Session, raw_code: str | None, *, lock: bool) -> Order | None:
    code = normalise_code(raw_code)
    if code is None:
        return None
    order_id = session.scalar(
        select(BondedOrder.order_id).where(BondedOrder.pickup_code_digest == code_digest(code))
    )
    if order_id is None:
        return None
    return lock_order(session, order_id) if lock else session.get(Order, order_id)


def _check(order: Order | None, clerk: Clerk) -> CounterResult:
    if order is None or order.bonded is None:
        return CounterResult(CounterOutcome.UNKNOWN_CODE)
    stage = pickup_stage(order)
    if stage is not PickupStage.READY:
        return CounterResult(STAGE_OUTCOMES[stage], order)
    if clerk.showroom_id is not None and order.bonded.showroom_id != clerk.showroom_id:
        return CounterResult(CounterOutcome.OTHER_SHOWROOM, order)
    return CounterResult(CounterOutcome.FOUND, order)


def look_up(session: Session, raw_code: str | None, clerk: Clerk) -> CounterResult:
    """The order a code names, if it can be handed over now; logged either way."""
    result = _check(_order_by_code(session, raw_code, lock=False), clerk)
    _log(session, clerk, CounterAction.LOOK_UP, result)
    return result


def hand_over(
    session: Session,
    raw_code: str | None,
    raw_last_six: str | None,
    clerk: Clerk,
    *,
    vault: PersonalDataVault,
    now: datetime | None = None,
) -> CounterResult:
    """Hand the goods over when the code is valid now and the ID's last six characters match."""
    order = _order_by_code(session, raw_code, lock=True)
    result = _check(order, clerk)
    if result.found:
        assert order is not None and order.bonded is not None
        bonded = order.bonded
        typed = normalise_last_characters(raw_last_six)
        sealed = bonded.id_number_sealed
        expected = last_characters(vault.unseal(sealed)) if sealed else ""
        if not expected or not hmac.compare_digest(typed.encode("utf-8"), expected.encode("utf-8")):
            result = CounterResult(CounterOutcome.ID_MISMATCH, order)
        else:
            moment = now or utcnow()
            set_order_status(order, OrderStatus.COMPLETED, clerk.actor, "collected at the counter")
            set_fulfilment_status(order, FulfilmentStatus.DELIVERED, clerk.actor, "collected")
            bonded.collected_at = moment
            bonded.collected_by_user_id = clerk.user_id
            record_pickup_step(order, PickupStage.READY, PickupStage.COLLECTED, clerk.actor)
            result = CounterResult(CounterOutcome.HANDED_OVER, order)
    _log(session, clerk, CounterAction.HAND_OVER, result)
    return result
