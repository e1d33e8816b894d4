"""Declaring a paid bonded (1210) order: CEB311 + CEB621 into the outbox, in the paid transaction.

Called by ``CustomsOutbox.declare_paid_order`` for orders of the bonded channel. The order is
declared as a whole (``declarations.bonded_mapping``); the messages are signed, validated and
stored sealed (they carry the orderer's ID number: ``storefront.pickup.personal_data``). When
the sandbox parties are on (development), the payment company's CEB411 and the in-zone
carrier's CEB511 are written where the simulator reads them, so that customs can match the
order, the payment and the waybill (三单对碰). Missing data writes ``blocked`` rows with the
reasons, as for parcels: the payment stands.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from storefront.customs.declarations.bonded_mapping import (
    documents_for_bonded_order,
    zone_waybill_number,
)
from storefront.customs.declarations.mapping import MissingCustomsData
from storefront.customs.declarations.models import (
    CustomsDeclaration,
    MessageType,
)
from storefront.customs.messages.channels import CHANNELS, Channel
from storefront.customs.messages.codes import AppType
from storefront.customs.messages.wire_format import CHINA_TIME, new_guid
from storefront.orders.actors import SYSTEM, Actor

if TYPE_CHECKING:
    from storefront.customs.exchange.outbox import BuiltMessage, CustomsOutbox
    from storefront.orders.models import Order

SPEC = CHANNELS[Channel.BONDED_IMPORT_1210]


def has_bonded_declarations(session: Session, order: Order) -> bool:
    found = session.scalar(
        select(CustomsDeclaration.id)
        .where(
            CustomsDeclaration.message_type.in_(SPEC.declared_on_payment),
            CustomsDeclaration.business_no == order.number,
        )
        .limit(1)
    )
    return found is not None


def declare_bonded_order(
    outbox: CustomsOutbox,
    session: Session,
    order: Order,
    *,
    app_type: dict[MessageType, AppType] | None = None,
    actor: Actor = SYSTEM,
    replacing: dict[MessageType, CustomsDeclaration] | None = None,
    only: frozenset[MessageType] | None = None,
) -> list[CustomsDeclaration]:
    """New CEB311 / CEB621 rows for a paid bonded order (``only`` some, when resubmitting)."""
    from storefront.customs.exchange.outbox import BuiltMessage  # (the outbox imports us)

    bonded = order.bonded
    assert bonded is not None, "not a bonded order"
    app_type = app_type or {}
    replacing = replacing or {}
    kinds = [kind for kind in SPEC.declared_on_payment if only is None or kind in only]
    guids = {kind: new_guid() for kind in SPEC.declared_on_payment}
    if not bonded.logistics_no:
        bonded.logistics_no = zone_waybill_number(order)
    now = outbox.clock()
    built: dict[MessageType, BuiltMessage]
    try:
        orderer = outbox.orderer_of(order)
        documents = documents_for_bonded_order(
            order,
            outbox.settings,
            orderer=orderer,
            order_guid=guids[SPEC.order],
            inventory_guid=guids[SPEC.inventory],
            logistics_no=bonded.logistics_no,
            today=now.astimezone(CHINA_TIME).date(),
        )
    except MissingCustomsData as missing:
        problems = tuple(item.as_dict() for item in missing.missing)
        built = {kind: BuiltMessage(None, problems) for kind in guids}
    except LookupError as unreadable:  # the orderer's ID is gone (purged) or unreadable
        problem = ({"code": "orderer_identity", "subject": str(unreadable)},)
        built = {kind: BuiltMessage(None, problem) for kind in guids}
    else:
        built = outbox.build_documents(
            SPEC,
            guids,
            app_type,
            (
                (SPEC.order, SPEC.build_order, documents.order),
                (SPEC.inventory, SPEC.build_inventory, documents.inventory),
            ),
        )
        if all(built[kind].payload for kind in kinds) and outbox.bonded_parties is not None:
            outbox.bonded_parties.declare(order, orderer, documents)
    return outbox.add_rows(
        session,
        kinds,
        guids,
        built,
        app_type=app_type,
        actor=actor,
        replacing=replacing,
        sealed=True,
        business_no=order.number,
        order_no=order.number,
    )
