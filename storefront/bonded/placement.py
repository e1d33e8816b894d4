"""Place a bonded (1210) order: check, quote, hold stock and quota, all in one transaction.

The order is an ``Order`` of the bonded channel (number, contact, totals, statuses, payment,
audit: the order flow's own) with its ``BondedOrder``: the orderer's ID number sealed, its keyed
hash for the quota, the showroom and the taxes per line. Stock and quota are taken with
conditional updates (``pickup.holds``): two buyers with the same ID at the edge of the annual
limit cannot both pass. The caller commits (or rolls back on any refusal).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from catalog.base import utcnow
from catalog.models import ProductChannel
from catalog.money import CHARGE_CURRENCY
from catalog.translation import translated_field
from storefront.bonded.quotes import Quote, annual_total_of, lines_of, quota_year, quote_goods
from storefront.checkout.placement import new_order_number
from storefront.exceptions import StorefrontError
from storefront.inventory.reservations import DEFAULT_RESERVATION_MINUTES
from storefront.orders.actors import Actor
from storefront.orders.models import Order
from storefront.orders.services import record_placed
from storefront.pickup.bonded_orders import BondedOrder, BondedOrderLine
from storefront.pickup.holds import (
    AnnualLimitReached,
    OutOfBondedStock,
    hold_bonded_stock,
    hold_quota,
)
from storefront.pickup.identity import BuyerIdentity
from storefront.pickup.personal_data import PersonalDataVault
from storefront.pickup.showrooms import Showroom
from storefront.pickup.tax import Limits, Violation, ViolationCode

CHINA_MAINLAND = "CN"
GRAMS_PER_KG = Decimal(1000)


class BondedOrderRefused(StorefrontError):
    """The order cannot be placed; ``quote`` says why (its violations)."""

    def __init__(self, quote: Quote) -> None:
        codes = ", ".join(v.code.value for v in quote.violations)
        super().__init__(f"bonded order refused: {codes}")
        self.quote = quote


class EmptyBondedCart(StorefrontError):
    """Nothing to order."""


@dataclass(frozen=True, slots=True)
class BondedPurchase:
    """Everything a bonded order needs from the checkout."""

    quantities: Mapping[int, int]  # bonded good id -> items
    identity: BuyerIdentity
    email: str
    showroom: Showroom
    locale: str
    user_id: int | None = None
    placement_key: str | None = None


def place_bonded_order(
    session: Session,
    purchase: BondedPurchase,
    *,
    vault: PersonalDataVault,
    limits: Limits,
    now: datetime | None = None,
    reservation_minutes: int = DEFAULT_RESERVATION_MINUTES,
) -> Order:
    """Create the order and hold its stock and quota, or raise ``BondedOrderRefused``."""
    now = now or utcnow()
    lines = lines_of(session, purchase.quantities)
    if not lines:
        raise EmptyBondedCart()
    identity = purchase.identity
    before = annual_total_of(session, vault, identity.id_number, now)
    quote = quote_goods(lines, limits=limits, annual_total_before=before)
    if not quote.allowed:
        raise BondedOrderRefused(quote)
    order = _build_order(purchase, quote, vault, now)
    order.reservation_expires_at = now + timedelta(minutes=reservation_minutes)
    session.add(order)
    session.flush()
    try:
        hold_bonded_stock(session, order.id, {good.id: qty for good, qty in lines})
    except OutOfBondedStock as short:
        good = next(good for good, _ in lines if good.id == short.good_id)
        raise BondedOrderRefused(
            quote_goods(
                lines,
                limits=limits,
                annual_total_before=before,
                extra=(Violation(ViolationCode.OUT_OF_STOCK, subject=good.sku),),
            )
        ) from None
    try:
        hold_quota(
            session,
            order.id,
            vault.lookup_hash(identity.id_number),
            quota_year(now),
            quote.estimate.dutiable_price,
            limits.per_year,
        )
    except AnnualLimitReached as reached:  # another order of this ID got there first
        raise BondedOrderRefused(
            quote_goods(lines, limits=limits, annual_total_before=reached.used)
        ) from None
    record_placed(order, Actor("buyer", purchase.user_id))
    session.flush()
    return order


def _build_order(
    purchase: BondedPurchase, quote: Quote, vault: PersonalDataVault, now: datetime
) -> Order:
    estimate = quote.estimate
    identity = purchase.identity
    showroom = purchase.showroom
    goods_total = estimate.goods_value
    order = Order(
        number=new_order_number(now),
        placement_key=purchase.placement_key,
        user_id=purchase.user_id,
        email=purchase.email.strip().lower(),
        locale=purchase.locale,
        channel=ProductChannel.BONDED,
        recipient_name=identity.name,
        phone=identity.phone,
        destination_country=CHINA_MAINLAND,
        street_address=showroom.address_zh,
        shipping_method=None,
        shipping_price=Decimal("0.00"),
        goods_total=goods_total,
        tax_total=estimate.total_tax,
        total=goods_total + estimate.total_tax,
        currency=CHARGE_CURRENCY,
        total_weight_g=int(
            sum(line.good.net_weight_kg * line.quantity for line in quote.lines) * GRAMS_PER_KG
        ),
    )
    order.bonded = BondedOrder(
        showroom_id=showroom.id,
        id_number_sealed=vault.seal(identity.id_number),
        id_hash=vault.lookup_hash(identity.id_number),
        id_masked=identity.masked_id,
        payer_is_buyer=identity.payer_is_buyer,
        quota_year=quota_year(now),
        tax_channel=estimate.channel,
        tariff=estimate.tariff,
        consumption_tax=estimate.consumption_tax,
        vat=estimate.vat,
        lines=[
            _order_line(gnum, line.good, line.quantity, line, purchase.locale)
            for gnum, line in enumerate(quote.lines, start=1)
        ],
    )
    return order


def _order_line(gnum, good, quantity, line, locale) -> BondedOrderLine:
    tax = line.tax
    return BondedOrderLine(
        bonded_good_id=good.id,
        gnum=gnum,
        sku=good.sku,
        name=translated_field(good, "name", locale)[:200],
        name_zh=translated_field(good, "name", "zh-hans")[:200],
        hs_code=good.hs_code,
        origin_country=good.origin_country,
        item_record_no=good.item_record_no,
        ems_no=good.ems_no,
        barcode=good.barcode,
        declared_unit=good.declared_unit,
        legal_unit=good.legal_unit,
        legal_quantity=good.legal_quantity,
        second_unit=good.second_unit,
        second_quantity=good.second_quantity,
        net_content=good.net_content,
        content_unit=good.content_unit.value,
        net_weight_kg=good.net_weight_kg,
        gross_weight_kg=good.gross_weight_kg,
        unit_price=good.price,
        quantity=quantity,
        line_total=tax.goods_value,
        dutiable_price=tax.dutiable_price,
        vat_rate=good.vat_rate,
        consumption_tax_rate=line.consumption_tax_rate,
        tariff_rate=good.tariff_rate,
        tariff=tax.tariff,
        consumption_tax=tax.consumption_tax,
        vat=tax.vat,
    )
