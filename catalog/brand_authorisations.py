"""Selling under a regional or GI brand: the producer asks, the brand's steward decides.

The steward is the producer that holds the brand (``brands.steward_producer_id``: a producer
brand's owner, a cooperative holding a collective or certification mark), deciding from its
portal; the zone operator may decide any request (and is the only one for brands without a
steward producer). Approval adds the producer to ``brand_producers``; revocation removes it and
unpublishes the producer's products under that brand at once (they may not be sold under it any
longer), each with an audit row.

Functions that act for a steward take the steward producer's id first and find the request
among that steward's brands only (``NotOwned`` otherwise); ``steward_producer_id=None`` means
the operator.
"""

from __future__ import annotations

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from catalog.base import utcnow
from catalog.listings import audit
from catalog.listings.ownership import NotOwned, owned_producer
from catalog.listings.problems import Problem, refuse_if
from catalog.models import (
    AuthorisationStatus,
    Brand,
    BrandAuthorisationRequest,
    Product,
    brand_producers,
)
from catalog.revision import record_catalog_change

MAX_TEXT = 500


def is_authorised(session: Session, brand_id: int, producer_id: int) -> bool:
    return (
        session.scalar(
            select(brand_producers.c.brand_id).where(
                brand_producers.c.brand_id == brand_id,
                brand_producers.c.producer_id == producer_id,
            )
        )
        is not None
    )


def request_authorisation(
    session: Session,
    producer_id: int,
    brand_id: int,
    *,
    message: str,
    actor_user_id: int | None,
) -> BrandAuthorisationRequest:
    owned_producer(session, producer_id)
    brand = session.get(Brand, brand_id)
    problems: list[Problem] = []
    if brand is None:
        refuse_if([Problem("brand_id", "brand_unknown")])
    if is_authorised(session, brand_id, producer_id):
        problems.append(Problem("brand_id", "already_authorised"))
    pending = session.scalar(
        select(BrandAuthorisationRequest.id).where(
            BrandAuthorisationRequest.brand_id == brand_id,
            BrandAuthorisationRequest.producer_id == producer_id,
            BrandAuthorisationRequest.status == AuthorisationStatus.PENDING,
        )
    )
    if pending is not None:
        problems.append(Problem("brand_id", "request_pending"))
    if len(message) > MAX_TEXT:
        problems.append(Problem("message", "too_long", str(MAX_TEXT)))
    refuse_if(problems)
    request = BrandAuthorisationRequest(
        brand_id=brand_id,
        producer_id=producer_id,
        message=" ".join(message.split()),
        requested_by_id=actor_user_id,
    )
    session.add(request)
    session.flush()
    return request


def requests_of_producer(session: Session, producer_id: int) -> list[BrandAuthorisationRequest]:
    return list(
        session.scalars(
            select(BrandAuthorisationRequest)
            .where(BrandAuthorisationRequest.producer_id == producer_id)
            .order_by(BrandAuthorisationRequest.id.desc())
        )
    )


def requests_to_decide(
    session: Session, steward_producer_id: int | None
) -> list[BrandAuthorisationRequest]:
    """Pending requests for the steward's brands (``None``: every pending request)."""
    stmt = (
        select(BrandAuthorisationRequest)
        .join(Brand, Brand.id == BrandAuthorisationRequest.brand_id)
        .where(BrandAuthorisationRequest.status == AuthorisationStatus.PENDING)
        .order_by(BrandAuthorisationRequest.id)
    )
    if steward_producer_id is not None:
        stmt = stmt.where(Brand.steward_producer_id == steward_producer_id)
    return list(session.scalars(stmt))


def _request_for(
    session: Session, steward_producer_id: int | None, request_id: int
) -> BrandAuthorisationRequest:
    stmt = (
        select(BrandAuthorisationRequest)
        .join(Brand, Brand.id == BrandAuthorisationRequest.brand_id)
        .where(BrandAuthorisationRequest.id == request_id)
    )
    if steward_producer_id is not None:
        stmt = stmt.where(Brand.steward_producer_id == steward_producer_id)
    request = session.scalars(stmt).one_or_none()
    if request is None:
        raise NotOwned(request_id)
    return request


def decide(
    session: Session,
    steward_producer_id: int | None,
    request_id: int,
    *,
    approve: bool,
    reason: str,
    decided_by_id: int | None,
) -> BrandAuthorisationRequest:
    request = _request_for(session, steward_producer_id, request_id)
    reason = " ".join(reason.split())
    problems: list[Problem] = []
    if request.status is not AuthorisationStatus.PENDING:
        problems.append(Problem("request", "already_decided"))
    if not approve and not reason:
        problems.append(Problem("reason", "reason_required"))
    if len(reason) > MAX_TEXT:
        problems.append(Problem("reason", "too_long", str(MAX_TEXT)))
    refuse_if(problems)
    request.status = AuthorisationStatus.APPROVED if approve else AuthorisationStatus.REFUSED
    request.decision_reason = reason
    request.decided_by_id = decided_by_id
    request.decided_at = utcnow()
    if approve and not is_authorised(session, request.brand_id, request.producer_id):
        session.execute(
            insert(brand_producers).values(
                brand_id=request.brand_id, producer_id=request.producer_id
            )
        )
        record_catalog_change(session)  # a row of the association table: no flushed object
    session.flush()
    return request


def authorised_producer_ids(
    session: Session, steward_producer_id: int | None, brand_id: int
) -> list[int]:
    brand = session.get(Brand, brand_id)
    if brand is None or (
        steward_producer_id is not None and brand.steward_producer_id != steward_producer_id
    ):
        raise NotOwned(brand_id)
    return list(
        session.scalars(
            select(brand_producers.c.producer_id).where(brand_producers.c.brand_id == brand_id)
        )
    )


def revoke(
    session: Session,
    steward_producer_id: int | None,
    brand_id: int,
    producer_id: int,
    *,
    reason: str,
    decided_by_id: int | None,
) -> int:
    """End a producer's authorisation; its products under the brand leave the shop.

    Returns how many products were unpublished.
    """
    if producer_id not in authorised_producer_ids(session, steward_producer_id, brand_id):
        raise NotOwned(producer_id)
    reason = " ".join(reason.split())
    refuse_if([Problem("reason", "reason_required")] if not reason else [])
    session.execute(
        delete(brand_producers).where(
            brand_producers.c.brand_id == brand_id, brand_producers.c.producer_id == producer_id
        )
    )
    approved = session.scalars(
        select(BrandAuthorisationRequest).where(
            BrandAuthorisationRequest.brand_id == brand_id,
            BrandAuthorisationRequest.producer_id == producer_id,
            BrandAuthorisationRequest.status == AuthorisationStatus.APPROVED,
        )
    ).all()
    now = utcnow()
    record = approved[-1] if approved else None
    if record is None:  # authorised before requests were recorded: keep a trace of the end
        record = BrandAuthorisationRequest(brand_id=brand_id, producer_id=producer_id)
        session.add(record)
    record.status = AuthorisationStatus.REVOKED
    record.decision_reason = reason[:MAX_TEXT]
    record.decided_by_id = decided_by_id
    record.decided_at = now
    products = session.scalars(
        select(Product).where(
            Product.brand_id == brand_id,
            Product.producer_id == producer_id,
            Product.is_published.is_(True),
        )
    ).all()
    for product in products:
        product.is_published = False
        audit.record(session, product.id, "unpublished", decided_by_id, "brand authorisation ended")
    record_catalog_change(session)  # the association row goes by statement: no flushed object
    session.flush()
    return len(products)


def stewarded_brands(session: Session, steward_producer_id: int) -> list[Brand]:
    return list(
        session.scalars(
            select(Brand)
            .where(Brand.steward_producer_id == steward_producer_id)
            .order_by(Brand.code)
        )
    )


def requestable_brands(session: Session, producer_id: int) -> list[Brand]:
    """Regional, GI and producer brands this producer is not authorised for yet."""
    authorised = select(brand_producers.c.brand_id).where(
        brand_producers.c.producer_id == producer_id
    )
    return list(
        session.scalars(select(Brand).where(Brand.id.not_in(authorised)).order_by(Brand.code))
    )
