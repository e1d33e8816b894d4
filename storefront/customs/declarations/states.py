"""The declaration state machine: which status may follow which, and the one way to change it.

Every status change of a ``CustomsDeclaration`` (the outbox creating it, the dispatcher writing
it, a receipt from customs, the operator resubmitting or cancelling, a monthly summary being
queued) goes through ``change_status``. It refuses a transition the table does not list and
writes a ``CustomsDeclarationEvent`` (who, when, from, to, note). For a declaration of a sub-order
it also writes an ``OrderEvent`` (machine ``customs``) on the order, as the order's timeline has
always shown customs' answers and the operator's actions; the shop's own delivery steps (the row
created, the file written) pass ``on_order=False`` and stay in the declaration's trail, which
keeps the dispatcher to one extra INSERT per row.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from sqlalchemy.orm import Session

from storefront.customs.declarations.models import (
    CustomsDeclaration,
    CustomsDeclarationEvent,
    DeclarationStatus,
)
from storefront.customs.messages.exceptions import CustomsError
from storefront.orders.actors import Actor
from storefront.orders.models import OrderEvent, SubOrder

CUSTOMS_MACHINE: Final = "customs"

_S = DeclarationStatus
# Answers from customs never move a declaration back (see receipt_effects.STATUS_RANK); any
# declaration customs has not finished with may be withdrawn (CEB605 approved, or never sent).
TRANSITIONS: Final[Mapping[DeclarationStatus | None, frozenset[DeclarationStatus]]] = (
    MappingProxyType(
        {
            None: frozenset({_S.PENDING, _S.BLOCKED}),  # created by the outbox
            _S.BLOCKED: frozenset({_S.SUPERSEDED, _S.CANCELLED}),
            _S.PENDING: frozenset({_S.SENT, _S.FAILED, _S.CANCELLED}),
            _S.SENT: frozenset(
                {
                    _S.ACCEPTED,
                    _S.HELD,
                    _S.REJECTED,
                    _S.FAILED,
                    _S.RELEASED,
                    _S.CLOSED,
                    _S.RETURNED,
                    _S.CANCELLED,
                }
            ),
            _S.ACCEPTED: frozenset(
                {_S.HELD, _S.REJECTED, _S.FAILED, _S.RELEASED, _S.CLOSED, _S.RETURNED, _S.CANCELLED}
            ),
            _S.HELD: frozenset(
                {_S.REJECTED, _S.FAILED, _S.RELEASED, _S.CLOSED, _S.RETURNED, _S.CANCELLED}
            ),
            _S.REJECTED: frozenset(
                {_S.FAILED, _S.RELEASED, _S.CLOSED, _S.RETURNED, _S.SUPERSEDED, _S.CANCELLED}
            ),
            _S.FAILED: frozenset(
                {_S.REJECTED, _S.RELEASED, _S.CLOSED, _S.RETURNED, _S.SUPERSEDED, _S.CANCELLED}
            ),
            _S.RELEASED: frozenset({_S.CLOSED, _S.RETURNED, _S.CANCELLED}),
            _S.CLOSED: frozenset({_S.RETURNED, _S.CANCELLED}),
            _S.RETURNED: frozenset({_S.CLOSED, _S.CANCELLED}),
            _S.CANCELLED: frozenset(),
            _S.SUPERSEDED: frozenset(),
        }
    )
)


class DeclarationTransitionNotAllowed(CustomsError):
    def __init__(self, current: DeclarationStatus | None, target: DeclarationStatus) -> None:
        before = current.value if current is not None else "(new)"
        super().__init__(f"customs declaration: {before} -> {target.value} is not allowed")
        self.current = current
        self.target = target


def may_change(current: DeclarationStatus | None, target: DeclarationStatus) -> bool:
    return target in TRANSITIONS[current]


def check_transition(current: DeclarationStatus | None, target: DeclarationStatus) -> None:
    if not may_change(current, target):
        raise DeclarationTransitionNotAllowed(current, target)


def change_status(
    session: Session,
    declaration: CustomsDeclaration,
    target: DeclarationStatus,
    *,
    actor: Actor,
    note: str = "",
    on_order: bool = True,
) -> None:
    """Move ``declaration`` to ``target`` and audit it; a new row (no status yet) is created.

    Adds the audit rows to ``session``; flushes nothing itself (the caller's flush writes them
    together with the declaration).
    """
    before = declaration.status
    check_transition(before, target)
    declaration.status = target
    session.add(
        CustomsDeclarationEvent(
            declaration=declaration,
            actor=actor.label[:60],
            actor_user_id=actor.user_id,
            from_status=before.value if before is not None else None,
            to_status=target.value,
            note=note[:500],
        )
    )
    if on_order and declaration.sub_order_id is not None:
        _record_on_order(session, declaration, before, target, actor, note)


def _record_on_order(
    session: Session,
    declaration: CustomsDeclaration,
    before: DeclarationStatus | None,
    after: DeclarationStatus,
    actor: Actor,
    note: str,
) -> None:
    sub_order = session.get(SubOrder, declaration.sub_order_id)
    if sub_order is None:
        return
    kind = declaration.message_type.value
    session.add(
        OrderEvent(
            order_id=sub_order.order_id,
            sub_order_id=sub_order.id,
            actor=actor.label[:60],
            actor_user_id=actor.user_id,
            machine=CUSTOMS_MACHINE,
            from_status=f"{kind}:{before.value}" if before else None,
            to_status=f"{kind}:{after.value}",
            note=note[:500],
        )
    )
