"""Creating and editing a producer's products and packs (the listing's facts, not its texts).

Every check here refuses with every problem at once (``ListingRefused``): the HS code must have
its legal units recorded (``catalog.legal_units``), the declared unit must be a pack unit, a
brand must be one the producer is authorised for, a bar code must be a valid GTIN
(python-stdnum), a SKU fits customs (20 characters) and is unique. Nothing here publishes:
a new product starts unpublished (``publishing`` decides when it may go to the shop).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from stdnum import ean
from stdnum.exceptions import ValidationError as StdnumValidationError

from catalog.legal_units import MEASURE_UNITS, PACK_UNITS, UnknownHsCode, legal_units_of
from catalog.listings import audit
from catalog.listings.ownership import owned_producer, owned_product, owned_variant
from catalog.listings.problems import Problem, refuse_if
from catalog.listings.texts import save_source_texts
from catalog.models import (
    Brand,
    Category,
    Product,
    ProductChannel,
    ProductClass,
    StorageClass,
    Variant,
    brand_producers,
)
from catalog.models.product import CERTIFICATIONS, season_mask

SKU_PATTERN: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,19}$")  # customs: itemNo <= 20
MAX_PRICE: Final = Decimal("999999.99")
MAX_NET_WEIGHT_G: Final = 100_000
MAX_UNITS_PER_PACK: Final = 1000
MAX_SHELF_LIFE_DAYS: Final = 3650


@dataclass(frozen=True, slots=True)
class ProductFacts:
    """What a cooperative states about a product (its texts are saved separately)."""

    category: Category
    product_class: ProductClass
    hs_code: str
    customs_unit: str
    storage: StorageClass
    shelf_life_days: int | None
    season_months: tuple[int, ...]
    certifications: tuple[str, ...] = ()
    brand_id: int | None = None


@dataclass(frozen=True, slots=True)
class PackFacts:
    sku: str
    net_weight_g: int
    units_per_pack: int
    price: Decimal
    barcode: str = ""
    is_active: bool = True


@dataclass(frozen=True, slots=True)
class NewProduct:
    facts: ProductFacts
    name: str
    summary: str = ""
    description: str = ""
    packs: tuple[PackFacts, ...] = field(default=())


def normalised_hs_code(raw: str) -> str:
    return (raw or "").replace(".", "").replace(" ", "").strip()


def authorised_brand_ids(session: Session, producer_id: int) -> set[int]:
    return set(
        session.scalars(
            select(brand_producers.c.brand_id).where(brand_producers.c.producer_id == producer_id)
        )
    )


def fact_problems(session: Session, producer_id: int, facts: ProductFacts) -> list[Problem]:
    problems: list[Problem] = []
    hs_code = normalised_hs_code(facts.hs_code)
    if len(hs_code) != 10 or not hs_code.isdigit():
        problems.append(Problem("hs_code", "hs_code_format", facts.hs_code))
    else:
        try:
            legal_units_of(hs_code)
        except UnknownHsCode:
            problems.append(Problem("hs_code", "hs_code_unknown", hs_code))
    if facts.customs_unit in MEASURE_UNITS:
        problems.append(Problem("customs_unit", "unit_is_measure", facts.customs_unit))
    elif facts.customs_unit not in PACK_UNITS:
        problems.append(Problem("customs_unit", "unit_unknown", facts.customs_unit))
    if facts.shelf_life_days is not None and not 1 <= facts.shelf_life_days <= MAX_SHELF_LIFE_DAYS:
        problems.append(Problem("shelf_life_days", "shelf_life_range"))
    if not facts.season_months or any(not 1 <= m <= 12 for m in facts.season_months):
        problems.append(Problem("season_months", "season_empty"))
    unknown = [code for code in facts.certifications if code not in CERTIFICATIONS]
    if unknown:
        problems.append(Problem("certifications", "certification_unknown", ", ".join(unknown)))
    if facts.brand_id is not None and facts.brand_id not in authorised_brand_ids(
        session, producer_id
    ):
        problems.append(Problem("brand_id", "brand_not_authorised"))
    return problems


def _apply_facts(product: Product, facts: ProductFacts) -> None:
    product.category = facts.category
    product.product_class = facts.product_class
    product.hs_code = normalised_hs_code(facts.hs_code)
    product.customs_unit = facts.customs_unit
    product.storage = facts.storage
    product.shelf_life_days = facts.shelf_life_days
    product.season_mask = season_mask(sorted(set(facts.season_months)))
    product.certifications = [code for code in CERTIFICATIONS if code in facts.certifications]
    product.brand_id = facts.brand_id


def _new_code(session: Session, producer_code: str) -> str:
    count = session.scalar(
        select(func.count()).select_from(Product).where(Product.code.like(f"{producer_code}-%"))
    )
    number = (count or 0) + 1
    while True:
        code = f"{producer_code}-{number:04d}"
        if session.scalar(select(Product.id).where(Product.code == code)) is None:
            return code
        number += 1


def create_product(
    session: Session, producer_id: int, new: NewProduct, *, actor_user_id: int | None
) -> Product:
    """A new, unpublished export product of ``producer_id`` with its source texts and packs."""
    producer = owned_producer(session, producer_id)
    problems = fact_problems(session, producer_id, new.facts)
    if not new.name.strip():
        problems.append(Problem("name", "name_required"))
    problems += pack_list_problems(session, new.packs)
    refuse_if(problems)
    product = Product(
        code=_new_code(session, producer.code),
        producer_id=producer.id,
        county_id=producer.county_id,
        channel=ProductChannel.EXPORT,
        is_published=False,
        is_featured=False,
        source_locale=producer.source_locale or "zh-hans",
    )
    _apply_facts(product, new.facts)
    session.add(product)
    for pack in new.packs:
        product.variants.append(_new_variant(pack))
    session.flush()
    save_source_texts(session, product, new.name, new.summary, new.description)
    audit.record(session, product.id, "created", actor_user_id)
    session.flush()
    return product


def update_facts(
    session: Session,
    producer_id: int,
    product_id: int,
    facts: ProductFacts,
    *,
    actor_user_id: int | None,
) -> Product:
    product = owned_product(session, producer_id, product_id)
    refuse_if(fact_problems(session, producer_id, facts))
    _apply_facts(product, facts)
    audit.record(session, product.id, "edited", actor_user_id)
    session.flush()
    return product


def gtin_problem(barcode: str) -> Problem | None:
    if not barcode:
        return None
    try:
        ean.validate(barcode)
    except StdnumValidationError:
        return Problem("barcode", "gtin_invalid", barcode)
    return None


def pack_problems(pack: PackFacts) -> list[Problem]:
    problems: list[Problem] = []
    if not SKU_PATTERN.match(pack.sku):
        problems.append(Problem("sku", "sku_format", pack.sku))
    if not 1 <= pack.net_weight_g <= MAX_NET_WEIGHT_G:
        problems.append(Problem("net_weight_g", "net_weight_range", pack.sku))
    if not 1 <= pack.units_per_pack <= MAX_UNITS_PER_PACK:
        problems.append(Problem("units_per_pack", "units_per_pack_range", pack.sku))
    if not price_is_valid(pack.price):
        problems.append(Problem("price", "price_range", pack.sku))
    if (problem := gtin_problem(pack.barcode)) is not None:
        problems.append(problem)
    return problems


def price_is_valid(price: Decimal) -> bool:
    try:
        return (
            price.is_finite()
            and Decimal("0") < price <= MAX_PRICE
            and price == price.quantize(Decimal("0.01"))
        )
    except InvalidOperation:
        return False


def pack_list_problems(
    session: Session, packs: Iterable[PackFacts], *, except_variant_id: int | None = None
) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for pack in packs:
        problems += pack_problems(pack)
        key = pack.sku.upper()
        if key in seen or sku_taken(session, pack.sku, except_variant_id):
            problems.append(Problem("sku", "sku_taken", pack.sku))
        seen.add(key)
    return problems


def sku_taken(session: Session, sku: str, except_variant_id: int | None = None) -> bool:
    stmt = select(Variant.id).where(func.upper(Variant.sku) == sku.upper())
    if except_variant_id is not None:
        stmt = stmt.where(Variant.id != except_variant_id)
    return session.scalar(stmt.limit(1)) is not None


def _new_variant(pack: PackFacts) -> Variant:
    return Variant(
        sku=pack.sku,
        net_weight_g=pack.net_weight_g,
        units_per_pack=pack.units_per_pack,
        price=pack.price,
        barcode=ean.compact(pack.barcode) if pack.barcode else None,
        is_active=pack.is_active,
        stock=0,
    )


def add_pack(
    session: Session,
    producer_id: int,
    product_id: int,
    pack: PackFacts,
    *,
    actor_user_id: int | None,
) -> Variant:
    """A new pack (stock 0: goods received are recorded as stock movements)."""
    product = owned_product(session, producer_id, product_id)
    refuse_if(pack_list_problems(session, [pack]))
    variant = _new_variant(pack)
    product.variants.append(variant)
    audit.record(session, product.id, "pack_added", actor_user_id, pack.sku)
    session.flush()
    return variant


def update_pack(
    session: Session,
    producer_id: int,
    variant_id: int,
    pack: PackFacts,
    *,
    actor_user_id: int | None,
) -> Variant:
    """Change a pack's facts and price (its SKU too, while it is unique)."""
    variant = owned_variant(session, producer_id, variant_id)
    refuse_if(pack_list_problems(session, [pack], except_variant_id=variant.id))
    variant.sku = pack.sku
    variant.net_weight_g = pack.net_weight_g
    variant.units_per_pack = pack.units_per_pack
    variant.price = pack.price
    variant.barcode = ean.compact(pack.barcode) if pack.barcode else None
    variant.is_active = pack.is_active
    audit.record(session, variant.product_id, "pack_edited", actor_user_id, pack.sku)
    session.flush()
    return variant


def brand_choices(session: Session, producer_id: int) -> list[Brand]:
    """The brands this producer may sell under (authorised)."""
    ids = authorised_brand_ids(session, producer_id)
    if not ids:
        return []
    return list(session.scalars(select(Brand).where(Brand.id.in_(ids)).order_by(Brand.code)))
