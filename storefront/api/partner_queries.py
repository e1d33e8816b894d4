"""What the partner API reads: producers, paid orders (buyers masked) and declaration statuses.

Plain Python taking a Session; each list is one page (two statements: the count and the rows,
plus one per relation loaded), whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from catalog.base import as_utc
from catalog.models import Producer, ProducerStatus
from catalog.translation import translated_field
from storefront.customs.declarations.models import CustomsDeclaration, DeclarationStatus
from storefront.orders.models import Order, SubOrder


@dataclass(frozen=True, slots=True)
class Page:
    items: list[dict[str, Any]]
    page: int
    per_page: int
    total: int

    def as_json(self) -> dict[str, Any]:
        pages = (self.total + self.per_page - 1) // self.per_page
        return {
            "items": self.items,
            "page": self.page,
            "per_page": self.per_page,
            "total": self.total,
            "pages": pages,
        }


def _when(value: datetime | None) -> str | None:
    return as_utc(value).isoformat() if value is not None else None


def masked_name(name: str) -> str:
    """'Mei Ling Tan' -> 'M*** T***': enough to match a parcel, not to name the buyer."""
    words = name.split()
    return " ".join(
        word[0] + "***" for word in (words[:1] + words[-1:] if len(words) > 1 else words)
    )


def _paged(session: Session, stmt, page: int, per_page: int):
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    rows = session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)).unique().all()
    return rows, int(total)


def producer_page(session: Session, locale: str, page: int, per_page: int) -> Page:
    stmt = (
        select(Producer)
        .where(Producer.status == ProducerStatus.APPROVED)
        .options(selectinload(Producer.translations))
        .order_by(Producer.code)
    )
    rows, total = _paged(session, stmt, page, per_page)
    items = [
        {
            "code": p.code,
            "name": translated_field(p, "name", locale) or p.code,
            "kind": p.kind.value,
            "county": p.county.code,
            "uscc": p.uscc,
            "customs_code": p.customs_code,
            "status": p.status.value,
        }
        for p in rows
    ]
    return Page(items, page, per_page, total)


def order_json(order: Order) -> dict[str, Any]:
    return {
        "number": order.number,
        "channel": order.channel.value,
        "status": order.status.value,
        "payment_status": order.payment_status.value,
        "fulfilment_status": order.fulfilment_status.value,
        "paid_at": _when(order.paid_at),
        "goods_total": {"amount": str(order.goods_total), "currency": order.currency},
        "shipping_price": {"amount": str(order.shipping_price), "currency": order.currency},
        "tax_total": {"amount": str(order.tax_total), "currency": order.currency},
        "total": {"amount": str(order.total), "currency": order.currency},
        "buyer": {"name": masked_name(order.recipient_name)},
        "destination": {"country": order.destination_country, "city": order.city},
        "parcels": [
            {
                "number": parcel.number,
                "producer": parcel.producer.code,
                "goods_value": {"amount": str(parcel.goods_value), "currency": parcel.currency},
                "fulfilment_status": parcel.fulfilment_status.value,
                "tracking_number": parcel.tracking_number,
                "shipped_at": _when(parcel.shipped_at),
            }
            for parcel in order.sub_orders
        ],
    }


def _orders():
    return select(Order).options(selectinload(Order.sub_orders).selectinload(SubOrder.producer))


def order_page(
    session: Session,
    page: int,
    per_page: int,
    paid_from: datetime | None = None,
    paid_to: datetime | None = None,
) -> Page:
    stmt = _orders().where(Order.paid_at.is_not(None))
    if paid_from is not None:
        stmt = stmt.where(Order.paid_at >= paid_from)
    if paid_to is not None:
        stmt = stmt.where(Order.paid_at < paid_to)
    rows, total = _paged(
        session, stmt.order_by(Order.paid_at.desc(), Order.id.desc()), page, per_page
    )
    return Page([order_json(order) for order in rows], page, per_page, total)


def paid_order(session: Session, number: str) -> dict[str, Any] | None:
    order = session.scalar(_orders().where(Order.number == number, Order.paid_at.is_not(None)))
    return order_json(order) if order is not None else None


def declaration_page(
    session: Session, page: int, per_page: int, status: DeclarationStatus | None = None
) -> Page:
    stmt = select(CustomsDeclaration).options(selectinload(CustomsDeclaration.producer))
    if status is not None:
        stmt = stmt.where(CustomsDeclaration.status == status)
    rows, total = _paged(session, stmt.order_by(CustomsDeclaration.id.desc()), page, per_page)
    items = [
        {
            "id": d.id,
            "message_type": d.message_type.value,
            "business_no": d.business_no,
            "order_no": d.order_no,
            "producer": d.producer.code if d.producer is not None else None,
            "status": d.status.value,
            "return_status": d.return_status,
            "invt_no": d.invt_no,
            "sent_at": _when(d.sent_at),
            "released_at": _when(d.released_at),
            "updated_at": _when(d.updated_at),
        }
        for d in rows
    ]
    return Page(items, page, per_page, total)
