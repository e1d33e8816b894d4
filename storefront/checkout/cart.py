"""The cart: what a buyer intends to buy, grouped by producer, bounded by stock.

A cart is a mapping ``variant id -> quantity`` kept in a ``CartStorage``: the session cookie for
guests, the ``carts`` table for signed-in buyers. ``summarise_cart`` turns it into priced lines
with one query, whatever the number of lines.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, MutableMapping
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, contains_eager

from catalog.models import (
    County,
    CountyTranslation,
    Producer,
    ProducerStatus,
    ProducerTranslation,
    Product,
    ProductChannel,
    ProductTranslation,
    Variant,
)
from catalog.money import Money
from catalog.revision import MAX_LINE_QUANTITY
from storefront.checkout.models import Cart, CartLine
from storefront.exceptions import StorefrontError

__all__ = ["MAX_LINE_QUANTITY"]  # the cart's rule; pages show stock up to it (catalog/revision.py)


class VariantNotAvailable(StorefrontError):
    """The pack is not on sale (unknown, inactive, unpublished, or sold out)."""


class ProducerNotTakingOrders(VariantNotAvailable):
    """The pack's producer is on the zone's negative list: no new order takes its products."""

    def __init__(self, variant_ids: list[int]) -> None:
        super().__init__(variant_ids)
        self.variant_ids = variant_ids


@dataclass(frozen=True, slots=True)
class CartItem:
    variant: Variant
    quantity: int
    requested: int  # what the buyer asked for; more than ``quantity`` when stock ran short

    @property
    def product(self) -> Product:
        return self.variant.product

    @property
    def unit_price(self) -> Money:
        return Money(self.variant.price, self.variant.currency)

    @property
    def line_total(self) -> Money:
        return self.unit_price * self.quantity

    @property
    def weight_g(self) -> int:
        return self.variant.net_weight_g * self.quantity

    @property
    def was_reduced(self) -> bool:
        return self.quantity < self.requested


@dataclass(frozen=True, slots=True)
class ProducerGroup:
    producer: Producer
    items: tuple[CartItem, ...]

    @property
    def subtotal(self) -> Money:
        return sum((item.line_total for item in self.items), Money.cny(0))


@dataclass(frozen=True, slots=True)
class CartSummary:
    groups: tuple[ProducerGroup, ...]

    @property
    def items(self) -> list[CartItem]:
        return [item for group in self.groups for item in group.items]

    @property
    def goods_total(self) -> Money:
        return sum((group.subtotal for group in self.groups), Money.cny(0))

    @property
    def weight_g(self) -> int:
        return sum(item.weight_g for item in self.items)

    @property
    def unit_count(self) -> int:
        return sum(item.quantity for item in self.items)

    @property
    def is_empty(self) -> bool:
        return not self.groups

    def quantities(self) -> dict[int, int]:
        return {item.variant.id: item.quantity for item in self.items}


def sellable_limit(variant: Variant) -> int:
    """The most a buyer may put on one line: the stock, capped at MAX_LINE_QUANTITY."""
    product = variant.product
    on_sale = (
        variant.is_active
        and product.is_published
        and product.channel is ProductChannel.EXPORT
        and product.producer.status is ProducerStatus.APPROVED
        and not product.producer.on_negative_list
    )
    return max(0, min(variant.stock, MAX_LINE_QUANTITY)) if on_sale else 0


@cache
def _variants_statement():
    """Built once: constructing it with its options (and its cache key) costs a tenth of a
    cart page; the ids are an expanding parameter."""
    return _variants_query(Variant.id.in_(bindparam("variant_ids", expanding=True)))


def _by_ids(session: Session, variant_ids: list[int]):
    return session.scalars(_variants_statement(), {"variant_ids": list(variant_ids)})


def _variants_query(condition):
    """Variants by primary key with their product and producer: one flat inner join.

    ``joinedload(Variant.product)`` would wrap the product's own eager joins (county, producer)
    in an outer join, which SQLite answers by building the whole product x county x producer
    join first (26-48 ms with 10,000 products); joined explicitly, every table is reached by
    its primary key. The cart shows neither batches, brands nor the product's county (its
    parcel's county is the producer's): not loaded. Of the texts it shows names and slugs, so
    only those columns of the translation rows are read, not the long descriptions.
    """
    product = contains_eager(Variant.product)
    producer = product.contains_eager(Product.producer)
    return (
        select(Variant)
        .join(Variant.product)
        .join(Product.producer)
        .where(condition)
        .options(
            producer.selectinload(Producer.translations).load_only(
                ProducerTranslation.locale, ProducerTranslation.name
            ),
            producer.joinedload(Producer.county)
            .selectinload(County.translations)
            .load_only(CountyTranslation.locale, CountyTranslation.name, CountyTranslation.slug),
            product.selectinload(Product.translations).load_only(
                ProductTranslation.locale, ProductTranslation.name, ProductTranslation.slug
            ),
            product.lazyload(Product.batches),
            product.lazyload(Product.brand),
            product.lazyload(Product.county),
        )
    )


def load_variants(session: Session, variant_ids: list[int]) -> dict[int, Variant]:
    if not variant_ids:
        return {}
    return {variant.id: variant for variant in _by_ids(session, variant_ids).unique()}


def barred_variant_ids(session: Session, variant_ids: Collection[int]) -> list[int]:
    """Of ``variant_ids``, the packs whose producer is on the negative list (one query)."""
    if not variant_ids:
        return []
    return list(
        session.scalars(
            select(Variant.id)
            .join(Product, Variant.product_id == Product.id)
            .join(Producer, Product.producer_id == Producer.id)
            .where(Variant.id.in_(sorted(variant_ids)), Producer.on_negative_list.is_(True))
            .order_by(Variant.id)
        )
    )


def summarise_cart(session: Session, quantities: Mapping[int, int]) -> CartSummary:
    """Price the cart, dropping what is no longer on sale and clamping to what is available."""
    return summarise_packs(quantities, load_variants(session, sorted(quantities)))


def summarise_packs(quantities: Mapping[int, int], variants: Mapping[int, Variant]) -> CartSummary:
    """The cart's rules over packs already read: ORM variants (placement, checkout) or the
    cart page's pack cards (``catalog.pack_cards``), which answer the same attributes."""
    by_producer: dict[int, list[CartItem]] = {}
    producers: dict[int, Producer] = {}
    for variant_id, requested in sorted(quantities.items()):
        variant = variants.get(variant_id)
        if variant is None:
            continue
        quantity = min(requested, sellable_limit(variant))
        if quantity <= 0:
            continue
        producer = variant.product.producer
        producers[producer.id] = producer
        by_producer.setdefault(producer.id, []).append(CartItem(variant, quantity, requested))
    groups = tuple(
        ProducerGroup(producers[pid], tuple(items))
        for pid, items in sorted(by_producer.items(), key=lambda kv: producers[kv[0]].code)
    )
    return CartSummary(groups)


class CartStorage(Protocol):
    """Where a cart's quantities live."""

    def quantities(self) -> dict[int, int]: ...

    def set_quantity(self, variant_id: int, quantity: int) -> None: ...

    def clear(self) -> None: ...


class SessionCartStorage:
    """A guest's cart in a mapping (the signed session cookie): ``{"<variant id>": quantity}``."""

    KEY = "cart"

    def __init__(self, store: MutableMapping[str, object]) -> None:
        self._store = store

    def quantities(self) -> dict[int, int]:
        raw = self._store.get(self.KEY) or {}
        result: dict[int, int] = {}
        if isinstance(raw, dict):
            for key, value in raw.items():
                if str(key).isdigit() and isinstance(value, int) and value > 0:
                    result[int(key)] = value
        return result

    def set_quantity(self, variant_id: int, quantity: int) -> None:
        current = {str(k): v for k, v in self.quantities().items()}
        if quantity > 0:
            current[str(variant_id)] = quantity
        else:
            current.pop(str(variant_id), None)
        self._store[self.KEY] = current

    def clear(self) -> None:
        self._store.pop(self.KEY, None)


class DatabaseCartStorage:
    """A signed-in buyer's cart in the ``carts`` table."""

    def __init__(self, session: Session, user_id: int) -> None:
        self._session = session
        self._user_id = user_id

    def _cart(self, create: bool) -> Cart | None:
        cart = self._session.scalars(
            select(Cart).where(Cart.user_id == self._user_id)
        ).one_or_none()
        if cart is None and create:
            cart = Cart(user_id=self._user_id)
            self._session.add(cart)
        return cart

    def quantities(self) -> dict[int, int]:
        stmt = (
            select(CartLine.variant_id, CartLine.quantity)
            .join(Cart)
            .where(Cart.user_id == self._user_id)
        )
        return {variant_id: quantity for variant_id, quantity in self._session.execute(stmt)}

    def set_quantity(self, variant_id: int, quantity: int) -> None:
        cart = self._cart(create=quantity > 0)
        if cart is None:
            return
        line = next((line for line in cart.lines if line.variant_id == variant_id), None)
        if quantity <= 0:
            if line is not None:
                cart.lines.remove(line)
        elif line is None:
            cart.lines.append(CartLine(variant_id=variant_id, quantity=quantity))
        else:
            line.quantity = quantity
        self._session.flush()

    def clear(self) -> None:
        cart = self._cart(create=False)
        if cart is not None:
            cart.lines.clear()
            self._session.flush()


def add_to_cart(session: Session, storage: CartStorage, variant_id: int, quantity: int) -> int:
    """Add ``quantity`` packs; return the line's new quantity (bounded by stock and the cap)."""
    variant = load_variants(session, [variant_id]).get(variant_id)
    if variant is not None and variant.product.producer.on_negative_list:
        raise ProducerNotTakingOrders([variant_id])
    limit = sellable_limit(variant) if variant is not None else 0
    if limit <= 0:
        raise VariantNotAvailable(variant_id)
    new_quantity = min(storage.quantities().get(variant_id, 0) + max(quantity, 1), limit)
    storage.set_quantity(variant_id, new_quantity)
    return new_quantity


def update_cart_line(session: Session, storage: CartStorage, variant_id: int, quantity: int) -> int:
    """Set a line's quantity (0 removes it); return the quantity actually kept."""
    if quantity <= 0:
        storage.set_quantity(variant_id, 0)
        return 0
    variant = load_variants(session, [variant_id]).get(variant_id)
    kept = min(quantity, sellable_limit(variant)) if variant is not None else 0
    storage.set_quantity(variant_id, kept)
    return kept


def merge_guest_cart(session: Session, account: CartStorage, guest: Mapping[int, int]) -> None:
    """At sign-in: add the guest's lines to the account's cart, within the same limits."""
    if not guest:
        return
    existing = account.quantities()
    variants = load_variants(session, sorted(guest))
    for variant_id, quantity in sorted(guest.items()):
        variant = variants.get(variant_id)
        if variant is None:
            continue
        merged = min(existing.get(variant_id, 0) + quantity, sellable_limit(variant))
        if merged > 0:
            account.set_quantity(variant_id, merged)
