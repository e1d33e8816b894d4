"""Paid bonded (1210) demo orders through the real services (``flask demo orders --channel
bonded``): a demo tourist with a valid resident ID, 1-3 bonded goods within the limits,
``place_bonded_order`` (stock and quota held) in one transaction, the sandbox paying in the next
(CEB311 + CEB621 into the outbox), as on the web. The ID numbers are made up (valid check
characters, demo only)."""

from __future__ import annotations

import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from storefront.bonded.placement import BondedOrderRefused, BondedPurchase, place_bonded_order
from storefront.orders.models import Order
from storefront.pickup.goods import BondedGood
from storefront.pickup.identity import buyer_identity
from storefront.pickup.personal_data import PersonalDataVault
from storefront.pickup.showrooms import Showroom
from storefront.pickup.tax import Limits

# name, resident ID (demo numbers, valid check character), phone, e-mail, locale
DEMO_TOURISTS = (
    ("王芳", "431003199805180020", "13807350001", "wang.fang@tourists.demo.test", "zh-hans"),
    ("陳家豪", "431021199703021048", "13807350002", "chan.kahou@tourists.demo.test", "zh-hant"),
    ("李娜", "440106199009091073", "13807350003", "li.na@tourists.demo.test", "zh-hans"),
    ("张伟", "110105198505050062", "13807350004", "zhang.wei@tourists.demo.test", "en"),
    ("刘洋", "310104199307070180", "13807350005", "liu.yang@tourists.demo.test", "zh-hans"),
    ("赵敏", "320102199404040230", "13807350006", "zhao.min@tourists.demo.test", "fr"),
)


def place_demo_bonded_order(
    session: Session, rng: random.Random, *, vault: PersonalDataVault, limits: Limits
) -> Order | None:
    """One demo tourist's order of 1-3 goods in stock; None when nothing fits now."""
    showroom = session.scalars(select(Showroom).where(Showroom.is_active.is_(True))).first()
    goods = [
        good
        for good in session.scalars(select(BondedGood).order_by(BondedGood.id))
        if good.on_sale and good.stock > 0 and good.price <= limits.per_order / 2
    ]
    if showroom is None or not goods:
        return None
    name, id_number, phone, email, locale = rng.choice(DEMO_TOURISTS)
    chosen = rng.sample(goods, k=min(len(goods), rng.randint(1, 3)))
    quantities = {good.id: rng.randint(1, min(2, good.stock)) for good in chosen}
    purchase = BondedPurchase(
        quantities=quantities,
        identity=buyer_identity(name, id_number, phone, True),
        email=email,
        showroom=showroom,
        locale=locale,
    )
    try:
        return place_bonded_order(session, purchase, vault=vault, limits=limits)
    except BondedOrderRefused:  # over a limit or out of stock: no order this time
        return None
