"""The console's audit log: who did what to which order, listing, declaration or producer, when.

One UNION ALL over the event tables the flows already write (``order_events``,
``product_events``, ``customs_declaration_events``, ``producer_status_events``,
``pickup_counter_events``, the negative list's entries, decided brand authorisations) and
``console_actions`` (console actions
with no event table of their own), filtered and paginated in SQL: a page costs two queries (the
rows with their actors' e-mail addresses, and the count) whatever the size of the tables.

Each row: when, the acting user (or the machine's name: "customs", "stripe", "dispatcher"...),
the kind of object, its reference (order number, product code, declaration business number,
producer code), a ``machine`` and a ``code`` the web layer turns into a translated label, and
the note.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import reduce
from typing import Final

from sqlalchemy import Integer, Select, String, cast, func, literal, null, or_, select, union_all
from sqlalchemy.orm import Session

from catalog.models import (
    Brand,
    BrandAuthorisationRequest,
    NegativeListEntry,
    Producer,
    ProducerStatusEvent,
    Product,
    ProductEvent,
)
from storefront.accounts.models import User
from storefront.admin.models import ConsoleAction
from storefront.customs.declarations.models import CustomsDeclaration, CustomsDeclarationEvent
from storefront.orders.models import Order, OrderEvent
from storefront.pickup.counter_log import CounterEvent

PAGE_SIZE: Final = 50
CHINA_OFFSET: Final = timedelta(hours=8)  # date filters are China dates, like the console


class ObjectKind(StrEnum):
    ORDER = "order"
    LISTING = "listing"
    DECLARATION = "declaration"
    PRODUCER = "producer"
    PICKUP = "pickup"
    BRAND = "brand"
    USER = "user"


@dataclass(frozen=True, slots=True)
class AuditFilters:
    actor: str = ""  # part of the acting user's e-mail address, or a machine's name
    kind: ObjectKind | None = None
    reference: str = ""  # part of the object's reference
    text: str = ""  # part of the note or the code
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True, slots=True)
class AuditRow:
    occurred_at: datetime
    actor_email: str | None
    actor: str
    kind: ObjectKind
    reference: str
    object_id: int | None
    machine: str
    code: str
    note: str


@dataclass(frozen=True, slots=True)
class AuditPage:
    rows: list[AuditRow]
    page: int
    total: int
    page_size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _s(value) -> object:
    return cast(value, String)


COLUMNS: Final = (
    "occurred_at",
    "actor_user_id",
    "actor",
    "kind",
    "reference",
    "object_id",
    "machine",
    "code",
    "note",
)


def _row(*columns) -> list:
    return [column.label(name) for column, name in zip(columns, COLUMNS, strict=True)]


def _sources() -> list[tuple[str | None, Select]]:
    """Every source as the same nine labelled columns, with the kind of object it holds
    (None: any)."""
    orders = select(
        *_row(
            OrderEvent.created_at,
            OrderEvent.actor_user_id,
            _s(OrderEvent.actor),
            literal(ObjectKind.ORDER.value),
            _s(Order.number),
            Order.id,
            _s(OrderEvent.machine),
            _s(OrderEvent.to_status),
            _s(OrderEvent.note),
        )
    ).join(Order, OrderEvent.order_id == Order.id)
    listings = select(
        *_row(
            ProductEvent.created_at,
            ProductEvent.actor_user_id,
            literal(""),
            literal(ObjectKind.LISTING.value),
            _s(Product.code),
            Product.id,
            literal("listing"),
            _s(ProductEvent.action),
            _s(ProductEvent.note),
        )
    ).join(Product, ProductEvent.product_id == Product.id)
    declarations = select(
        *_row(
            CustomsDeclarationEvent.created_at,
            CustomsDeclarationEvent.actor_user_id,
            _s(CustomsDeclarationEvent.actor),
            literal(ObjectKind.DECLARATION.value),
            _s(CustomsDeclaration.business_no),
            CustomsDeclaration.id,
            literal("declaration"),
            _s(CustomsDeclarationEvent.to_status),
            _s(CustomsDeclarationEvent.note),
        )
    ).join(CustomsDeclaration, CustomsDeclarationEvent.declaration_id == CustomsDeclaration.id)
    producers = select(
        *_row(
            ProducerStatusEvent.created_at,
            ProducerStatusEvent.actor_user_id,
            literal(""),
            literal(ObjectKind.PRODUCER.value),
            _s(Producer.code),
            Producer.id,
            literal("producer"),
            _s(ProducerStatusEvent.to_status),
            _s(ProducerStatusEvent.reason),
        )
    ).join(Producer, ProducerStatusEvent.producer_id == Producer.id)
    listed = select(
        *_row(
            NegativeListEntry.added_at,
            NegativeListEntry.added_by_id,
            literal(""),
            literal(ObjectKind.PRODUCER.value),
            _s(Producer.code),
            Producer.id,
            literal("console"),
            literal("negative_list_added"),
            _s(NegativeListEntry.reason),
        )
    ).join(Producer, NegativeListEntry.producer_id == Producer.id)
    delisted = (
        select(
            *_row(
                NegativeListEntry.removed_at,
                NegativeListEntry.removed_by_id,
                literal(""),
                literal(ObjectKind.PRODUCER.value),
                _s(Producer.code),
                Producer.id,
                literal("console"),
                literal("negative_list_removed"),
                _s(NegativeListEntry.removal_reason),
            )
        )
        .join(Producer, NegativeListEntry.producer_id == Producer.id)
        .where(NegativeListEntry.removed_at.is_not(None))
    )
    counter = select(
        *_row(
            CounterEvent.created_at,
            CounterEvent.staff_user_id,
            literal(""),
            literal(ObjectKind.PICKUP.value),
            func.coalesce(_s(Order.number), literal("")),
            Order.id,
            literal("pickup"),
            _s(CounterEvent.outcome),
            _s(CounterEvent.action),
        )
    ).outerjoin(Order, CounterEvent.order_id == Order.id)
    brands = (
        select(
            *_row(
                BrandAuthorisationRequest.decided_at,
                BrandAuthorisationRequest.decided_by_id,
                literal(""),
                literal(ObjectKind.BRAND.value),
                _s(Brand.code),
                Brand.id,
                literal("brand"),
                _s(BrandAuthorisationRequest.status),
                func.coalesce(_s(Producer.code), literal(""))
                + literal(": ")
                + _s(BrandAuthorisationRequest.decision_reason),
            )
        )
        .join(Brand, BrandAuthorisationRequest.brand_id == Brand.id)
        .join(Producer, BrandAuthorisationRequest.producer_id == Producer.id)
        .where(BrandAuthorisationRequest.decided_at.is_not(None))
    )
    console = select(
        *_row(
            ConsoleAction.created_at,
            ConsoleAction.actor_user_id,
            literal(""),
            _s(ConsoleAction.object_kind),
            _s(ConsoleAction.object_ref),
            cast(null(), Integer),
            literal("console"),
            _s(ConsoleAction.action),
            _s(ConsoleAction.note),
        )
    )
    return [
        (ObjectKind.ORDER.value, orders),
        (ObjectKind.LISTING.value, listings),
        (ObjectKind.DECLARATION.value, declarations),
        (ObjectKind.PRODUCER.value, producers),
        (ObjectKind.PRODUCER.value, listed),
        (ObjectKind.PRODUCER.value, delisted),
        (ObjectKind.PICKUP.value, counter),
        (ObjectKind.BRAND.value, brands),
        (None, console),
    ]


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC) - CHINA_OFFSET


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def _conditions(source, filters: AuditFilters) -> list:
    conditions = []
    if filters.kind is not None:
        conditions.append(source.c.kind == filters.kind.value)
    if filters.reference.strip():
        conditions.append(
            func.lower(source.c.reference).like(_like(filters.reference.strip()), escape="\\")
        )
    if filters.text.strip():
        pattern = _like(filters.text.strip())
        conditions.append(
            or_(
                func.lower(source.c.note).like(pattern, escape="\\"),
                func.lower(source.c.code).like(pattern, escape="\\"),
            )
        )
    if filters.actor.strip():
        pattern = _like(filters.actor.strip())
        conditions.append(
            or_(
                func.lower(User.email).like(pattern, escape="\\"),
                func.lower(source.c.actor).like(pattern, escape="\\"),
            )
        )
    if filters.date_from is not None:
        conditions.append(source.c.occurred_at >= _day_start(filters.date_from))
    if filters.date_to is not None:
        conditions.append(source.c.occurred_at < _day_start(filters.date_to + timedelta(days=1)))
    return conditions


def audit_page(session: Session, filters: AuditFilters, page: int = 1) -> AuditPage:
    """One page, newest first, and the number of matching rows: two queries.

    Each source is filtered and cut to the page's last row (``page × PAGE_SIZE``, newest first)
    before the union, so the final sort handles a few hundred rows, not the whole history.
    """
    page = max(1, page)
    wanted = filters.kind.value if filters.kind is not None else None
    parts, counts = [], []
    for kind, source_select in _sources():
        if wanted is not None and kind is not None and kind != wanted:
            continue
        source = source_select.subquery()
        filtered = (
            select(source, User.email.label("email"))
            .outerjoin(User, User.id == source.c.actor_user_id)
            .where(*_conditions(source, filters))
        )
        counts.append(select(func.count()).select_from(filtered.subquery()).scalar_subquery())
        newest = filtered.order_by(source.c.occurred_at.desc()).limit(page * PAGE_SIZE)
        parts.append(select(newest.subquery()))
    total = session.scalar(select(reduce(operator.add, counts))) or 0
    audit = union_all(*parts).subquery("audit")
    rows = session.execute(
        select(audit)
        .order_by(audit.c.occurred_at.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    return AuditPage(
        rows=[
            AuditRow(
                occurred_at=row.occurred_at,
                actor_email=row.email,
                actor=row.actor or "",
                kind=ObjectKind(row.kind),
                reference=row.reference or "",
                object_id=row.object_id,
                machine=row.machine,
                code=row.code,
                note=row.note or "",
            )
            for row in rows
        ],
        page=page,
        total=total,
    )
