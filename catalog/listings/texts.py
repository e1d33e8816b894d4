"""A listing's texts per locale: the source, its translations, and how current they are.

The source row (``product.source_locale``) and every translation keep ``source_digest``
(``catalog.translation_status``): the source row the digest of its own texts, a translation the
digest of the source it was written from. A translation is "needs update" exactly when its
digest differs from the source row's, which a query can tell for any number of products.
Rich text is cleaned with nh3 before it is stored; slugs are made from the name, unique per
locale.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from sqlalchemy import Integer, and_, case, func, select
from sqlalchemy.orm import Session, aliased

from catalog.listings import audit
from catalog.listings.ownership import owned_product
from catalog.listings.problems import Problem, refuse_if
from catalog.locales import SUPPORTED_LOCALES
from catalog.models import Product, ProductTranslation
from catalog.rich_text import rich_text_from_input
from catalog.search import index_products
from catalog.translation_status import TRANSLATED_FIELDS, ProductTexts, digest_of, product_texts

MAX_NAME: Final = 200
MAX_SUMMARY: Final = 400
MAX_DESCRIPTION: Final = 20_000
MAX_SLUG: Final = 150
_NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)


def slug_text(name: str) -> str:
    """A URL slug from a name in any script: words kept, the rest turned into hyphens."""
    text = unicodedata.normalize("NFKC", name).casefold()
    return _NOT_WORD.sub("-", text).replace("_", "-").strip("-")[:MAX_SLUG].strip("-")


def unique_slug(session: Session, locale: str, base: str, product_id: int | None) -> str:
    base = base or "product"
    candidate, number = base, 1
    while True:
        stmt = select(ProductTranslation.product_id).where(
            ProductTranslation.locale == locale, ProductTranslation.slug == candidate
        )
        owner = session.scalar(stmt)
        if owner is None or owner == product_id:
            return candidate
        number += 1
        suffix = f"-{number}"
        candidate = base[: MAX_SLUG - len(suffix)] + suffix


@dataclass(frozen=True, slots=True)
class Texts:
    name: str
    summary: str
    description: str


def _checked(locale: str, name: str, summary: str, description: str) -> Texts:
    problems: list[Problem] = []
    if locale not in SUPPORTED_LOCALES:
        problems.append(Problem("locale", "locale_unknown", locale))
    name, summary = " ".join(name.split()), " ".join(summary.split())
    if len(name) > MAX_NAME:
        problems.append(Problem("name", "too_long", str(MAX_NAME)))
    if len(summary) > MAX_SUMMARY:
        problems.append(Problem("summary", "too_long", str(MAX_SUMMARY)))
    if len(description) > MAX_DESCRIPTION:
        problems.append(Problem("description", "too_long", str(MAX_DESCRIPTION)))
    if not name and (summary or rich_text_from_input(description)):
        problems.append(Problem("name", "name_required"))
    refuse_if(problems)
    return Texts(name, summary, rich_text_from_input(description))


def _row(product: Product, locale: str) -> ProductTranslation | None:
    return next((row for row in product.translations if row.locale == locale), None)


def _write(session: Session, product: Product, locale: str, texts: Texts) -> None:
    row = _row(product, locale)
    if not texts.name:  # nothing left in this locale: the page falls back to another
        if row is not None:
            product.translations.remove(row)
        return
    if row is None:
        row = ProductTranslation(locale=locale, name=texts.name, slug="")
        product.translations.append(row)
    if row.name != texts.name or not row.slug:
        row.slug = unique_slug(session, locale, slug_text(texts.name) or product.code, product.id)
    row.name, row.summary, row.description = texts.name, texts.summary, texts.description
    if locale == product.source_locale:
        row.source_digest = digest_of(row)  # the source's own digest: translations compare to it
    else:
        row.source_digest = digest_of(_row(product, product.source_locale))


def save_source_texts(
    session: Session, product: Product, name: str, summary: str, description: str
) -> None:
    """The texts of a product being created (its producer's language)."""
    texts = _checked(product.source_locale, name, summary, description)
    _write(session, product, product.source_locale, texts)
    session.flush()
    index_products(session, [product])


def save_texts(
    session: Session,
    producer_id: int,
    product_id: int,
    locale: str,
    *,
    name: str,
    summary: str,
    description: str,
    actor_user_id: int | None,
) -> Product:
    """Save one locale's texts. Saving a translation marks it written from the current source."""
    product = owned_product(session, producer_id, product_id)
    texts = _checked(locale, name, summary, description)
    if locale == product.source_locale and not texts.name:
        refuse_if([Problem("name", "name_required")])
    _write(session, product, locale, texts)
    session.flush()
    index_products(session, [product])
    audit.record(session, product.id, "texts_saved", actor_user_id, locale)
    session.flush()
    return product


def texts_of(product: Product) -> ProductTexts:
    rows = {row.locale: row for row in product.translations}
    digests = {row.locale: row.source_digest for row in product.translations}
    return product_texts(product.id, product.source_locale, rows, digests)


@dataclass(frozen=True, slots=True)
class _Row:
    locale: str
    name: str
    summary: str
    description: str


def texts_of_products(
    session: Session, producer_id: int, product_ids: Sequence[int]
) -> dict[int, ProductTexts]:
    """Every locale's state of these products of ``producer_id`` (two queries, any number)."""
    if not product_ids:
        return {}
    products = dict(
        session.execute(
            select(Product.id, Product.source_locale).where(
                Product.producer_id == producer_id, Product.id.in_(list(product_ids))
            )
        ).all()
    )
    filled = [
        func.length(func.trim(getattr(ProductTranslation, field))) > 0
        for field in TRANSLATED_FIELDS
    ]
    rows: dict[int, dict[str, _Row]] = {pid: {} for pid in products}
    digests: dict[int, dict[str, str]] = {pid: {} for pid in products}
    # Lengths only: long descriptions never leave the database for a list page.
    stmt = select(
        ProductTranslation.product_id,
        ProductTranslation.locale,
        ProductTranslation.source_digest,
        *(case((flag, 1), else_=0) for flag in filled),
    ).where(ProductTranslation.product_id.in_(list(products)))
    for product_id, locale, digest, *flags in session.execute(stmt):
        rows[product_id][locale] = _Row(locale, *("x" if flag else "" for flag in flags))
        digests[product_id][locale] = digest
    return {
        product_id: product_texts(product_id, source_locale, rows[product_id], digests[product_id])
        for product_id, source_locale in products.items()
    }


@dataclass(frozen=True, slots=True)
class LocaleGaps:
    locale: str
    missing: int  # products without any text in this locale
    incomplete: int  # some fields missing
    stale: int  # written from an older source


def translation_gaps(session: Session, producer_id: int) -> list[LocaleGaps]:
    """Per locale, how many of the producer's products lack texts or need an update (SQL only)."""
    source = aliased(ProductTranslation)
    total = (
        session.scalar(
            select(func.count()).select_from(Product).where(Product.producer_id == producer_id)
        )
        or 0
    )
    name, summary, description = (
        case((func.length(func.trim(getattr(ProductTranslation, field))) > 0, 1), else_=0)
        for field in TRANSLATED_FIELDS
    )
    filled = name + summary + description
    stale = and_(
        ProductTranslation.locale != Product.source_locale,
        func.coalesce(source.source_digest, "") != ProductTranslation.source_digest,
    )
    stmt = (
        select(
            ProductTranslation.locale,
            func.count(),
            func.sum(case((filled < len(TRANSLATED_FIELDS), 1), else_=0).cast(Integer)),
            func.sum(case((stale, 1), else_=0).cast(Integer)),
        )
        .join(Product, Product.id == ProductTranslation.product_id)
        .outerjoin(
            source,
            and_(source.product_id == Product.id, source.locale == Product.source_locale),
        )
        .where(Product.producer_id == producer_id)
        .group_by(ProductTranslation.locale)
    )
    counts = {
        locale: (rows, incomplete or 0, stale_count or 0)
        for locale, rows, incomplete, stale_count in session.execute(stmt)
    }
    return [
        LocaleGaps(
            locale,
            total - counts.get(locale, (0, 0, 0))[0],
            counts.get(locale, (0, 0, 0))[1],
            counts.get(locale, (0, 0, 0))[2],
        )
        for locale in SUPPORTED_LOCALES
    ]
