"""Whether a listing may go to the shop, with every missing item named; publish and unpublish.

``publish_problems`` gathers what the shop, the destination rules and customs need and the
listing lacks, all at once, so a cooperative sees the whole list the first time:

* the shop: the name and summary in the producer's language and in English (buyers abroad read
  English when their language is missing), an active pack;
* the destination rules: a rule for the product class that lets it go somewhere, and a shelf
  life for food;
* customs: the HS code with its legal units, a pack unit, each pack's net content
  (``catalog.legal_units.listing_problems``, the same check the demo loader runs), the
  producer's customs registration code and Chinese names (goods and producer, for the CEB603);
* the producer itself: approved (a pending, refused or suspended producer sells nothing), not
  on the zone's negative list (``catalog.negative_list``), and a brand the producer is
  authorised for.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.legal_units import MEASURE_UNITS, UnknownHsCode, listing_problems
from catalog.listings import audit
from catalog.listings.editing import authorised_brand_ids
from catalog.listings.ownership import owned_product
from catalog.listings.problems import Problem, refuse_if
from catalog.models import (
    ANY_COUNTRY,
    DestinationRule,
    EligibilityStatus,
    ProducerStatus,
    Product,
    ProductClass,
)

NON_FOOD_CLASSES = frozenset({ProductClass.GENERAL_MERCHANDISE})
CUSTOMS_LOCALE = "zh-hans"  # goods and enterprise names on customs messages
BUYER_FALLBACK_LOCALE = "en"


def _text(product: Product, locale: str, field: str) -> str:
    row = next((row for row in product.translations if row.locale == locale), None)
    return (getattr(row, field, "") or "").strip() if row is not None else ""


def shop_problems(product: Product) -> list[Problem]:
    problems: list[Problem] = []
    for locale in dict.fromkeys((product.source_locale, BUYER_FALLBACK_LOCALE)):
        if not _text(product, locale, "name"):
            problems.append(Problem("texts", "name_missing", locale))
        if not _text(product, locale, "summary"):
            problems.append(Problem("texts", "summary_missing", locale))
    if not any(variant.is_active for variant in product.variants):
        problems.append(Problem("packs", "no_active_pack"))
    return problems


def destination_problems(session: Session, product: Product) -> list[Problem]:
    problems: list[Problem] = []
    statuses = set(
        session.scalars(
            select(DestinationRule.status).where(
                DestinationRule.product_class == product.product_class
            )
        )
    )
    has_default = session.scalar(
        select(DestinationRule.id).where(
            DestinationRule.product_class == product.product_class,
            DestinationRule.country == ANY_COUNTRY,
        )
    )
    if not statuses or has_default is None:
        problems.append(Problem("product_class", "no_destination_rule", product.product_class))
    elif statuses == {EligibilityStatus.BLOCKED}:
        problems.append(Problem("product_class", "ships_nowhere", product.product_class))
    if product.product_class not in NON_FOOD_CLASSES and not product.shelf_life_days:
        problems.append(Problem("shelf_life_days", "shelf_life_required"))
    return problems


def customs_problems(product: Product) -> list[Problem]:
    problems: list[Problem] = []
    for problem in listing_problems(product):
        if isinstance(problem, UnknownHsCode):
            problems.append(Problem("hs_code", "hs_code_unknown", problem.hs_code))
        elif problem.field == "hs_code":
            problems.append(Problem("hs_code", "hs_code_missing"))
        elif problem.field == "customs_unit":
            code = "unit_is_measure" if product.customs_unit in MEASURE_UNITS else "unit_unknown"
            problems.append(Problem("customs_unit", code, product.customs_unit or ""))
        else:
            problems.append(Problem("packs", "net_weight_missing"))
    for variant in product.variants:
        if len(variant.sku) > 20:
            problems.append(Problem("packs", "sku_too_long_for_customs", variant.sku))
    if not _text(product, CUSTOMS_LOCALE, "name"):
        problems.append(Problem("texts", "chinese_name_missing", CUSTOMS_LOCALE))
    producer = product.producer
    if not producer.customs_code:
        problems.append(Problem("producer", "customs_code_missing"))
    if not any(row.locale == CUSTOMS_LOCALE and row.name for row in producer.translations):
        problems.append(Problem("producer", "producer_chinese_name_missing"))
    return problems


def producer_problems(session: Session, product: Product) -> list[Problem]:
    problems: list[Problem] = []
    if product.producer.status is not ProducerStatus.APPROVED:
        problems.append(Problem("producer", "producer_not_selling", product.producer.status))
    if product.producer.on_negative_list:
        problems.append(Problem("producer", "producer_on_negative_list"))
    if product.brand_id is not None and product.brand_id not in authorised_brand_ids(
        session, product.producer_id
    ):
        problems.append(Problem("brand_id", "brand_not_authorised"))
    return problems


def publish_problems(session: Session, product: Product) -> list[Problem]:
    """Everything missing before ``product`` may be published (empty: it may)."""
    return (
        producer_problems(session, product)
        + shop_problems(product)
        + destination_problems(session, product)
        + customs_problems(product)
    )


def publish(
    session: Session, producer_id: int, product_id: int, *, actor_user_id: int | None
) -> Product:
    product = owned_product(session, producer_id, product_id)
    refuse_if(publish_problems(session, product))
    if not product.is_published:
        product.is_published = True
        audit.record(session, product.id, "published", actor_user_id)
    session.flush()
    return product


def unpublish(
    session: Session,
    producer_id: int,
    product_id: int,
    *,
    actor_user_id: int | None,
    note: str = "",
) -> Product:
    product = owned_product(session, producer_id, product_id)
    if product.is_published:
        product.is_published = False
        audit.record(session, product.id, "unpublished", actor_user_id, note)
    session.flush()
    return product
