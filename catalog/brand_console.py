"""The zone operator's side of brands: who stewards a brand, which producers may sell under
it, and the brand's page texts in the shop's six languages.

* ``set_steward``: the producer that decides the brand's authorisation requests in its portal
  (``None``: the operator decides them).
* ``authorise``: the operator grants a producer the brand directly (an approved request is
  recorded, so the trail is the same as for a decided request). Revoking is
  ``catalog.brand_authorisations.revoke`` (with a reason; the producer's products under the
  brand leave the shop).
* ``save_brand_texts``: name, slug (unique per language), summary, story (rich text, cleaned
  with nh3 by ``catalog.rich_text``), steward line and search texts for one locale.

Writes through the ORM move the catalog stamp by themselves; the association table is written
by statement, so ``authorise`` calls ``record_catalog_change``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from catalog.base import utcnow
from catalog.brand_authorisations import is_authorised
from catalog.listings.ownership import NotOwned
from catalog.listings.problems import Problem, refuse_if
from catalog.listings.texts import slug_text
from catalog.locales import SUPPORTED_LOCALES
from catalog.models import (
    AuthorisationStatus,
    Brand,
    BrandAuthorisationRequest,
    BrandTranslation,
    Producer,
    brand_producers,
)
from catalog.revision import record_catalog_change
from catalog.rich_text import rich_text_from_input

MAX_NAME: Final = 160
MAX_SLUG: Final = 160
MAX_SUMMARY: Final = 300
MAX_STORY: Final = 20_000
MAX_STEWARD: Final = 200
MAX_SEO_TITLE: Final = 160
MAX_SEO_DESCRIPTION: Final = 300


def brand_for_operator(session: Session, brand_id: int) -> Brand:
    brand = session.get(Brand, brand_id)
    if brand is None:
        raise NotOwned(brand_id)
    return brand


def list_brands(session: Session) -> list[Brand]:
    return list(session.scalars(select(Brand).order_by(Brand.code)))


def set_steward(session: Session, brand_id: int, steward_producer_id: int | None) -> Brand:
    brand = brand_for_operator(session, brand_id)
    if steward_producer_id is not None and session.get(Producer, steward_producer_id) is None:
        refuse_if([Problem("steward_producer_id", "producer_unknown")])
    brand.steward_producer_id = steward_producer_id
    session.flush()
    return brand


def authorise(
    session: Session, brand_id: int, producer_id: int, *, actor_user_id: int | None
) -> BrandAuthorisationRequest:
    brand_for_operator(session, brand_id)
    if session.get(Producer, producer_id) is None:
        refuse_if([Problem("producer_id", "producer_unknown")])
    if is_authorised(session, brand_id, producer_id):
        refuse_if([Problem("producer_id", "already_authorised_producer")])
    pending = session.scalars(
        select(BrandAuthorisationRequest).where(
            BrandAuthorisationRequest.brand_id == brand_id,
            BrandAuthorisationRequest.producer_id == producer_id,
            BrandAuthorisationRequest.status == AuthorisationStatus.PENDING,
        )
    ).first()
    record = pending or BrandAuthorisationRequest(brand_id=brand_id, producer_id=producer_id)
    record.status = AuthorisationStatus.APPROVED
    record.decided_by_id = actor_user_id
    record.decided_at = utcnow()
    session.add(record)
    session.execute(insert(brand_producers).values(brand_id=brand_id, producer_id=producer_id))
    record_catalog_change(session)  # a row of the association table: no flushed object
    session.flush()
    return record


@dataclass(frozen=True, slots=True)
class BrandTexts:
    name: str = ""
    slug: str = ""
    summary: str = ""
    story: str = ""
    steward: str = ""
    seo_title: str = ""
    seo_description: str = ""


LIMITS: Final = {
    "name": MAX_NAME,
    "slug": MAX_SLUG,
    "summary": MAX_SUMMARY,
    "story": MAX_STORY,
    "steward": MAX_STEWARD,
    "seo_title": MAX_SEO_TITLE,
    "seo_description": MAX_SEO_DESCRIPTION,
}


def texts_of_brand(brand: Brand, locale: str) -> BrandTexts:
    row = next((row for row in brand.translations if row.locale == locale), None)
    if row is None:
        return BrandTexts()
    return BrandTexts(
        name=row.name,
        slug=row.slug,
        summary=row.summary,
        story=row.story,
        steward=row.steward,
        seo_title=row.seo_title,
        seo_description=row.seo_description,
    )


def save_brand_texts(session: Session, brand_id: int, locale: str, texts: BrandTexts) -> Brand:
    """One locale's texts; an empty name removes the locale (not the brand's own language)."""
    brand = brand_for_operator(session, brand_id)
    problems: list[Problem] = []
    if locale not in SUPPORTED_LOCALES:
        refuse_if([Problem("locale", "locale_unknown")])
    name = " ".join(texts.name.split())
    row = next((row for row in brand.translations if row.locale == locale), None)
    if not name:
        if locale == brand.source_locale:
            refuse_if([Problem("name", "name_required")])
        if row is not None:
            brand.translations.remove(row)
            session.flush()
        return brand
    slug = slug_text(texts.slug.strip() or name)
    if not slug:
        problems.append(Problem("slug", "slug_invalid"))
    else:
        owner = session.scalar(
            select(BrandTranslation.brand_id).where(
                BrandTranslation.locale == locale, BrandTranslation.slug == slug
            )
        )
        if owner is not None and owner != brand.id:
            problems.append(Problem("slug", "slug_taken", slug))
    cleaned = BrandTexts(
        name=name,
        slug=slug,
        summary=" ".join(texts.summary.split()),
        story=rich_text_from_input(texts.story),
        steward=" ".join(texts.steward.split()),
        seo_title=" ".join(texts.seo_title.split()),
        seo_description=" ".join(texts.seo_description.split()),
    )
    for field, limit in LIMITS.items():
        if len(getattr(cleaned, field)) > limit:
            problems.append(Problem(field, "too_long", str(limit)))
    refuse_if(problems)
    if row is None:
        row = BrandTranslation(locale=locale, name=name, slug=slug)
        brand.translations.append(row)
    for field in LIMITS:
        setattr(row, field, getattr(cleaned, field))
    session.flush()
    return brand
