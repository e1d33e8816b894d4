"""Load the demo zone's bonded goods and showroom (``flask demo load``; idempotent)."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from storefront.pickup.demo_goods import (
    DESCRIPTIONS,
    EMS_NO,
    GOODS,
    SHOWROOM,
    SHOWROOM_TEXTS,
    TEXTS,
)
from storefront.pickup.goods import BondedCategory, BondedGood, BondedGoodTranslation, ContentUnit
from storefront.pickup.showrooms import (
    CHINA,
    Showroom,
    ShowroomTranslation,
    SupervisionArea,
    ensure_slots,
)

SLOT_DAYS_AHEAD = 14


def load_bonded_demo(session: Session, today: date | None = None) -> dict[str, int]:
    """Create what is missing: the goods (by SKU), the showroom (by code) and its slots."""
    created = {"bonded goods": 0, "showrooms": 0}
    known = set(session.scalars(select(BondedGood.sku)))
    for serial, row in enumerate(GOODS, start=1):
        (sku, category, origin, hs, price, vat, ct, threshold, tariff, content, unit,
         declared, legal, legal_qty, second, net, gross, indivisible, stock) = row  # fmt: skip
        if sku in known:
            continue
        english, chinese = DESCRIPTIONS[sku]
        session.add(
            BondedGood(
                sku=sku,
                category=BondedCategory(category),
                origin_country=origin,
                hs_code=hs,
                on_positive_list=True,
                item_record_no=f"49002026BD{serial:06d}",
                ems_no=EMS_NO,
                price=price,
                vat_rate=vat,
                consumption_tax_rate=ct,
                high_end_threshold=threshold,
                tariff_rate=tariff,
                net_content=content,
                content_unit=ContentUnit(unit),
                declared_unit=declared,
                legal_unit=legal,
                legal_quantity=legal_qty,
                second_unit=second[0] if second else None,
                second_quantity=second[1] if second else None,
                net_weight_kg=net,
                gross_weight_kg=gross,
                indivisible=indivisible,
                stock=stock,
                is_published=True,
                source_locale="en",
                translations=[
                    BondedGoodTranslation(
                        locale=locale,
                        name=name,
                        summary=summary,
                        description={"en": english, "zh-hans": chinese}.get(locale, ""),
                    )
                    for locale, (name, summary) in TEXTS[sku].items()
                ],
            )
        )
        created["bonded goods"] += 1
    showroom = session.scalars(
        select(Showroom).where(Showroom.code == SHOWROOM["code"])
    ).one_or_none()
    if showroom is None:
        showroom = Showroom(
            **{**SHOWROOM, "supervision_area": SupervisionArea(SHOWROOM["supervision_area"])},
            opens_at=time(9, 0),
            closes_at=time(21, 0),
            slot_minutes=60,
            slot_capacity=8,
            preparation_minutes=120,
            pickup_window_days=7,
            translations=[
                ShowroomTranslation(locale=locale, name=name, address=address, directions=how)
                for locale, (name, address, how) in SHOWROOM_TEXTS.items()
            ],
        )
        session.add(showroom)
        created["showrooms"] += 1
    session.flush()
    ensure_slots(session, showroom, today or datetime.now(CHINA).date(), SLOT_DAYS_AHEAD)
    return created
