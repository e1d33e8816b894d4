"""The operator's brand changes that have no event table of their own (the steward, the page
texts), each with a ``ConsoleAction`` row for the audit log. Authorisations and revocations are
recorded on their requests (``brand_authorisation_requests``), which the audit log reads."""

from __future__ import annotations

from sqlalchemy.orm import Session

from catalog.brand_console import BrandTexts, save_brand_texts, set_steward
from catalog.models import Brand, Producer
from storefront.admin.models import ConsoleAction


def change_steward(
    session: Session, brand_id: int, steward_producer_id: int | None, *, actor_user_id: int
) -> Brand:
    brand = set_steward(session, brand_id, steward_producer_id)
    steward = session.get(Producer, steward_producer_id) if steward_producer_id else None
    session.add(
        ConsoleAction(
            actor_user_id=actor_user_id,
            object_kind="brand",
            object_ref=brand.code,
            action="steward_changed",
            note=steward.code if steward is not None else "",
        )
    )
    session.flush()
    return brand


def change_brand_texts(
    session: Session, brand_id: int, locale: str, texts: BrandTexts, *, actor_user_id: int
) -> Brand:
    brand = save_brand_texts(session, brand_id, locale, texts)
    session.add(
        ConsoleAction(
            actor_user_id=actor_user_id,
            object_kind="brand",
            object_ref=brand.code,
            action="brand_texts_saved",
            note=locale,
        )
    )
    session.flush()
    return brand
