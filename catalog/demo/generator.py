"""Generate many plausible products for load tests and benchmarks (``demo generate``).

Generated products belong to the demo producers, have texts in all six locales, one or two
variants, and are indexed for search. Codes are ``generated-00001`` ...; generating N products
tops the catalog up to N generated ones, so the command can be re-run.
"""

from __future__ import annotations

import random
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.legal_units import check_listing
from catalog.models import (
    Category,
    Producer,
    ProducerStatus,
    Product,
    ProductClass,
    ProductTranslation,
    Variant,
)
from catalog.search import index_products
from catalog.translation_status import mark_all_current

CODE_PREFIX = "generated-"
_CHUNK = 500

# Customs description of each kind: HS code (its legal units in catalog/data/hs_legal_units.json)
# and the pack unit it is sold in (申报计量单位), the same as the demo catalog's products of the
# kind. Generated products pass the same listing check as the demo catalog.
CUSTOMS_KINDS: dict[ProductClass, tuple[str, str]] = {
    ProductClass.TEA: ("0902109000", "140"),  # 盒
    ProductClass.DRIED_CHILI: ("0904210000", "136"),  # 袋
    ProductClass.COOKED_POULTRY: ("1602399100", "136"),  # 袋
    ProductClass.FRESH_CITRUS: ("0805100000", "120"),  # 箱 (sweet orange: 鲜或干的橙)
    ProductClass.DRIED_MUSHROOM: ("0712391000", "136"),  # 袋
    ProductClass.NOODLES: ("1902190000", "125"),  # 包
}
HS_CODES = frozenset(hs_code for hs_code, _unit in CUSTOMS_KINDS.values())

# (category, product class, name in each locale)
_KINDS: tuple[tuple[Category, ProductClass, dict[str, str]], ...] = (
    (
        Category.TEA,
        ProductClass.TEA,
        {
            "en": "Mountain green tea",
            "zh-hans": "高山绿茶",
            "zh-hant": "高山綠茶",
            "fr": "Thé vert de montagne",
            "ms": "Teh hijau gunung",
            "ar": "شاي أخضر جبلي",
        },
    ),
    (
        Category.SPICES_CONDIMENTS,
        ProductClass.DRIED_CHILI,
        {
            "en": "Sun-dried chili",
            "zh-hans": "晒干辣椒",
            "zh-hant": "曬乾辣椒",
            "fr": "Piment séché au soleil",
            "ms": "Cili kering",
            "ar": "فلفل حار مجفف",
        },
    ),
    (
        Category.MEAT_POULTRY,
        ProductClass.COOKED_POULTRY,
        {
            "en": "Spiced duck",
            "zh-hans": "香辣鸭",
            "zh-hant": "香辣鴨",
            "fr": "Canard épicé",
            "ms": "Itik berempah",
            "ar": "بط متبل",
        },
    ),
    (
        Category.FRESH_FRUIT,
        ProductClass.FRESH_CITRUS,
        {
            "en": "Sweet orange",
            "zh-hans": "甜橙",
            "zh-hant": "甜橙",
            "fr": "Orange douce",
            "ms": "Oren manis",
            "ar": "برتقال حلو",
        },
    ),
    (
        Category.MUSHROOMS_FUNGI,
        ProductClass.DRIED_MUSHROOM,
        {
            "en": "Dried shiitake",
            "zh-hans": "干香菇",
            "zh-hant": "乾香菇",
            "fr": "Shiitaké séché",
            "ms": "Cendawan shiitake kering",
            "ar": "فطر شيتاكي مجفف",
        },
    ),
    (
        Category.NOODLES_GRAINS,
        ProductClass.NOODLES,
        {
            "en": "Rice noodles",
            "zh-hans": "米粉",
            "zh-hant": "米粉",
            "fr": "Nouilles de riz",
            "ms": "Bihun",
            "ar": "نودلز الأرز",
        },
    ),
)
_LOT_WORD = {
    "en": "lot",
    "zh-hans": "批次",
    "zh-hant": "批次",
    "fr": "lot",
    "ms": "lot",
    "ar": "دفعة",
}


def _translations(number: int, names: dict[str, str]) -> list[ProductTranslation]:
    rows = []
    for locale, name in names.items():
        title = f"{name} · {_LOT_WORD[locale]} {number}"
        rows.append(
            ProductTranslation(
                locale=locale,
                name=title,
                slug=f"{CODE_PREFIX}{number:05d}-{locale}",
                summary=name,
                description=f"<p>{name}</p>",
                seo_title=title,
                seo_description=name,
            )
        )
    return rows


def generate_products(session: Session, count: int, seed: int = 2026) -> int:
    """Top the catalog up to ``count`` generated products; return how many were created."""
    producers = session.scalars(
        select(Producer).where(Producer.status == ProducerStatus.APPROVED).order_by(Producer.id)
    ).all()
    if not producers:
        raise LookupError("no approved producer: run `demo load` first")
    existing = (
        session.scalar(
            select(func.count()).select_from(Product).where(Product.code.like(f"{CODE_PREFIX}%"))
        )
        or 0
    )
    rng = random.Random(seed + existing)
    created = 0
    for start in range(existing + 1, count + 1, _CHUNK):
        batch: list[Product] = []
        for number in range(start, min(start + _CHUNK, count + 1)):
            category, product_class, names = _KINDS[number % len(_KINDS)]
            producer = producers[number % len(producers)]
            first_month = rng.randrange(12)
            months = 12 if number % 3 == 0 else rng.randint(2, 5)
            mask = sum(1 << ((first_month + k) % 12) for k in range(months))
            price = Decimal(rng.randrange(1500, 30000)) / 100
            hs_code, customs_unit = CUSTOMS_KINDS[product_class]
            product = Product(
                code=f"{CODE_PREFIX}{number:05d}",
                producer=producer,
                county=producer.county,
                category=category,
                product_class=product_class,
                hs_code=hs_code,
                customs_unit=customs_unit,
                season_mask=mask,
                translations=_translations(number, names),
                variants=[
                    Variant(
                        sku=f"GEN-{number:05d}-{size}",
                        net_weight_g=grams,
                        price=(price * factor).quantize(Decimal("0.01")),
                        stock=rng.randrange(0, 200),
                    )
                    for size, grams, factor in (("S", 250, 1), ("L", 1000, Decimal("3.6")))
                ],
            )
            check_listing(product)  # HS code with legal units, pack unit, net content
            mark_all_current(product)
            batch.append(product)
        session.add_all(batch)
        session.flush()
        index_products(session, batch)
        created += len(batch)
    return created
