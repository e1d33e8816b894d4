"""Load the demo catalog from the JSON files beside this module; idempotent (by code)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from importlib import resources
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.demo.exchange_rates import load_demo_exchange_rates
from catalog.eligibility import seed_destination_rules
from catalog.legal_units import check_listing
from catalog.models import (
    Batch,
    BatchKind,
    Brand,
    BrandKind,
    BrandTranslation,
    Category,
    County,
    CountyKind,
    CountyTranslation,
    CustomsStatisticsFlag,
    Producer,
    ProducerKind,
    ProducerStatus,
    ProducerTranslation,
    Product,
    ProductClass,
    ProductTranslation,
    StorageClass,
    Variant,
)
from catalog.models.product import season_mask
from catalog.search import reindex_all_products
from catalog.translation_status import mark_all_current


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1

    @property
    def total(self) -> int:
        return sum(self.created.values())


def read_demo_file(name: str) -> list[dict[str, Any]]:
    text = resources.files("catalog.demo").joinpath("data", name).read_text(encoding="utf-8")
    return list(json.loads(text))


def _translations(row_cls: type, data: dict[str, dict[str, str]], fields: tuple[str, ...]) -> list:
    return [
        row_cls(locale=locale, **{name: values.get(name, "") for name in fields})
        for locale, values in data.items()
    ]


def _existing_codes(session: Session, model: type) -> dict[str, Any]:
    return {obj.code: obj for obj in session.scalars(select(model))}


def load_counties(session: Session, report: LoadReport) -> dict[str, County]:
    counties = _existing_codes(session, County)
    for position, item in enumerate(read_demo_file("counties.json")):
        if item["code"] in counties:
            continue
        county = County(
            code=item["code"],
            kind=CountyKind(item["kind"]),
            position=position,
            translations=_translations(
                CountyTranslation,
                item["translations"],
                ("name", "slug", "summary", "description", "seo_title", "seo_description"),
            ),
        )
        session.add(county)
        counties[county.code] = county
        report.count("counties")
    return counties


def load_producers(
    session: Session, counties: dict[str, County], report: LoadReport
) -> dict[str, Producer]:
    producers = _existing_codes(session, Producer)
    for item in read_demo_file("producers.json"):
        if item["code"] in producers:
            continue
        producer = Producer(
            code=item["code"],
            county=counties[item["county"]],
            kind=ProducerKind(item["kind"]),
            uscc=item["uscc"],
            customs_code=item.get("customs_code"),
            # B: the enterprise wants its export VAT refunded (lists summarised monthly)
            customs_statistics_flag=CustomsStatisticsFlag(
                item.get("customs_statistics_flag", CustomsStatisticsFlag.SIMPLIFIED.value)
            ),
            status=ProducerStatus(item.get("status", "approved")),
            source_locale=item.get("source_locale", "zh-hans"),
            contact_email=item.get("contact_email", ""),
            translations=_translations(
                ProducerTranslation, item["translations"], ("name", "description")
            ),
        )
        session.add(producer)
        producers[producer.code] = producer
        report.count("producers")
    return producers


def load_brands(
    session: Session, producers: dict[str, Producer], report: LoadReport
) -> dict[str, Brand]:
    brands = _existing_codes(session, Brand)
    for item in read_demo_file("brands.json"):
        if item["code"] in brands:
            continue
        brand = Brand(
            code=item["code"],
            kind=BrandKind(item["kind"]),
            authorized_producers=[producers[code] for code in item.get("authorized_producers", [])],
            translations=_translations(
                BrandTranslation,
                item["translations"],
                ("name", "slug", "summary", "story", "steward", "seo_title", "seo_description"),
            ),
        )
        session.add(brand)
        brands[brand.code] = brand
        report.count("brands")
    return brands


def load_products(
    session: Session,
    counties: dict[str, County],
    producers: dict[str, Producer],
    brands: dict[str, Brand],
    report: LoadReport,
) -> None:
    existing = _existing_codes(session, Product)
    for item in read_demo_file("products.json"):
        if item["code"] in existing:
            continue
        product = Product(
            code=item["code"],
            producer=producers[item["producer"]],
            brand=brands[item["brand"]] if item.get("brand") else None,
            county=counties[item["county"]],
            category=Category(item["category"]),
            product_class=ProductClass(item["product_class"]),
            hs_code=item.get("hs_code"),
            customs_unit=item.get("customs_unit"),
            storage=StorageClass(item.get("storage", "ambient")),
            shelf_life_days=item.get("shelf_life_days"),
            season_mask=season_mask(item.get("season_months", list(range(1, 13)))),
            certifications=list(item.get("certifications", [])),
            is_featured=bool(item.get("featured", False)),
            translations=_translations(
                ProductTranslation,
                item["translations"],
                ("name", "slug", "summary", "description", "seo_title", "seo_description"),
            ),
            variants=[
                Variant(
                    sku=v["sku"],
                    net_weight_g=int(v["net_weight_g"]),
                    units_per_pack=int(v.get("units_per_pack", 1)),
                    barcode=v.get("barcode"),
                    price=Decimal(v["price_cny"]),
                    stock=int(v.get("stock", 0)),
                )
                for v in item.get("variants", [])
            ],
            batches=[
                Batch(
                    lot_number=b["lot_number"],
                    kind=BatchKind(b["kind"]),
                    produced_on=date.fromisoformat(b["produced_on"]),
                    best_before=date.fromisoformat(b["best_before"])
                    if b.get("best_before")
                    else None,
                    inspection_certificate=b.get("inspection_certificate", ""),
                )
                for b in item.get("batches", [])
            ],
        )
        check_listing(product)  # legal units, pack unit, net content: before it is listed
        mark_all_current(product)  # the demo's translations were written from these sources
        session.add(product)
        report.count("products")


def load_demo_catalog(session: Session) -> LoadReport:
    """Create every demo county, producer, brand and product that does not exist yet."""
    report = LoadReport()
    counties = load_counties(session, report)
    producers = load_producers(session, counties, report)
    brands = load_brands(session, producers, report)
    load_products(session, counties, producers, brands, report)
    rules = seed_destination_rules(session)
    if rules:
        report.created["destination rules"] = rules
    session.flush()
    reindex_all_products(session)
    rates = load_demo_exchange_rates(session, read_demo_file("exchange_rates.json"))
    if rates:
        report.created["exchange rates"] = rates
    session.flush()
    return report
