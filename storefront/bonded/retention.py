"""Personal data of bonded orders is kept only as long as it is needed, then purged.

``PICKUP_PERSONAL_DATA_RETENTION_DAYS`` after an order closed (collected, cancelled, returned
or expired), ``purge_personal_data`` removes the orderer's ID number (sealed), name and phone,
the pickup code, and the sealed customs messages that carry them (the outbox rows' payloads
and their copies in the exchange folder). What stays: the masked ID, the keyed hash (the
year's quota needs it), the amounts, the taxes and the payment record that customs may ask for
(GACC Announcement 2018 No.179 concerns the payment, not the ID). Flushes, never commits.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.base import utcnow
from storefront.customs.declarations.models import CustomsDeclaration
from storefront.customs.exchange.folders import ExchangeFolders
from storefront.orders.models import Order
from storefront.orders.states import OrderStatus
from storefront.pickup.bonded_orders import BondedOrder
from storefront.pickup.personal_data import is_sealed

CLOSED = (OrderStatus.COMPLETED, OrderStatus.CANCELLED, OrderStatus.EXPIRED)
PURGED_NAME = ""


def purge_personal_data(
    session: Session,
    *,
    retention_days: int,
    folders: ExchangeFolders | None = None,
    now: datetime | None = None,
) -> int:
    """Purge what is past the retention; returns how many orders were purged."""
    moment = now or utcnow()
    cutoff = moment - timedelta(days=retention_days)
    closed_at = func.coalesce(BondedOrder.collected_at, Order.cancelled_at, Order.updated_at)
    due = session.scalars(
        select(Order)
        .join(BondedOrder, BondedOrder.order_id == Order.id)
        .where(
            Order.status.in_(CLOSED),
            BondedOrder.personal_data_purged_at.is_(None),
            closed_at < cutoff,
        )
        .order_by(Order.id)
    ).all()
    for order in due:
        bonded = order.bonded
        assert bonded is not None
        bonded.id_number_sealed = None
        bonded.pickup_code_sealed = None
        bonded.personal_data_purged_at = moment
        order.recipient_name = PURGED_NAME
        order.phone = ""
        for declaration in session.scalars(
            select(CustomsDeclaration).where(CustomsDeclaration.order_no == order.number)
        ):
            if is_sealed(declaration.payload):
                declaration.payload = None
                if folders is not None:
                    _remove_copies(folders, declaration.file_name)
    session.flush()
    return len(due)


def _remove_copies(folders: ExchangeFolders, file_name: str) -> None:
    for folder in (folders.outbox, folders.sent, folders.failed):
        (folder / file_name).unlink(missing_ok=True)
