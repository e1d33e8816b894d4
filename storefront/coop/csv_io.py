"""CSV export and import of a producer's packs: facts, prices and stock, checked row by row.

Export: one row per pack (UTF-8 with a byte-order mark, so spreadsheet programs read Chinese
correctly). Import: the same columns; a row names a pack by its SKU. A SKU of the producer
updates that pack (facts, price, on sale) and, when ``on_hand`` differs from what is counted
now, records a count correction; a new SKU adds a pack to the product named by
``product_code`` (the producer's own) with ``on_hand`` received. ``plan_import`` checks every
row and says what would change and every problem per row; ``apply_import`` checks again and
writes everything in the caller's transaction, or nothing at all when any row has a problem.
Files saved by Chinese spreadsheet programs (GB 18030) are read too.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.listings import audit
from catalog.listings.editing import (
    PackFacts,
    add_pack,
    pack_problems,
    sku_taken,
    update_pack,
)
from catalog.listings.overview import pack_rows
from catalog.listings.problems import ListingRefused, Problem
from catalog.models import Product, Variant
from storefront.inventory.ledger import MAX_QUANTITY, adjust_stock, held_by_open_orders
from storefront.inventory.models import MovementReason

COLUMNS: Final = (
    "product_code",
    "product_name",
    "sku",
    "net_weight_g",
    "units_per_pack",
    "barcode",
    "price_cny",
    "on_sale",
    "on_hand",
    "held_by_orders",
    "available",
)
REQUIRED: Final = ("product_code", "sku", "net_weight_g", "units_per_pack", "price_cny", "on_hand")
MAX_ROWS: Final = 5000
MAX_BYTES: Final = 2 * 1024 * 1024
YES: Final = frozenset({"yes", "y", "1", "true", "是", "oui", "ya", "نعم"})
NO: Final = frozenset({"no", "n", "0", "false", "否", "non", "tidak", "لا"})


def export_csv(session: Session, producer_id: int) -> str:
    rows = pack_rows(session, producer_id, limit=MAX_ROWS * 10)
    codes = dict(
        session.execute(
            select(Product.id, Product.code).where(Product.producer_id == producer_id)
        ).all()
    )
    held = held_by_open_orders(session, [row.id for row in rows])
    barcodes = (
        dict(
            session.execute(
                select(Variant.id, Variant.barcode).where(Variant.id.in_([row.id for row in rows]))
            ).all()
        )
        if rows
        else {}
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(
            (
                codes[row.product_id],
                row.product_name,
                row.sku,
                row.net_weight_g,
                row.units_per_pack,
                barcodes.get(row.id) or "",
                f"{row.price:.2f}",
                "yes" if row.is_active else "no",
                row.stock + held.get(row.id, 0),
                held.get(row.id, 0),
                row.stock,
            )
        )
    return "\ufeff" + buffer.getvalue()


@dataclass
class RowPlan:
    line: int
    sku: str
    product_code: str
    variant_id: int | None = None
    product_id: int | None = None
    pack: PackFacts | None = None
    on_hand: int = 0
    old_price: Decimal | None = None
    old_on_hand: int | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def is_new(self) -> bool:
        return self.variant_id is None

    @property
    def price_changes(self) -> bool:
        return (
            self.pack is not None
            and self.old_price is not None
            and self.old_price != self.pack.price
        )

    @property
    def stock_changes(self) -> bool:
        return self.old_on_hand is not None and self.old_on_hand != self.on_hand


@dataclass
class ImportPlan:
    rows: list[RowPlan]
    problems: list[Problem]  # of the file itself

    @property
    def is_valid(self) -> bool:
        return not self.problems and bool(self.rows) and not any(r.problems for r in self.rows)

    @property
    def error_rows(self) -> int:
        return sum(1 for row in self.rows if row.problems)


def decode(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _whole(value: str) -> int | None:
    value = value.strip()
    if not value.isascii() or not value.isdigit() or len(value) > 7:
        return None
    return int(value)


def _parse_row(line: int, raw: dict[str, str]) -> RowPlan:
    value = {key: (raw.get(key) or "").strip() for key in COLUMNS}
    plan = RowPlan(line=line, sku=value["sku"], product_code=value["product_code"])
    weight, units, on_hand = (
        _whole(value["net_weight_g"]),
        _whole(value["units_per_pack"] or "1"),
        _whole(value["on_hand"]),
    )
    try:
        price = Decimal(value["price_cny"].replace(",", ""))
    except InvalidOperation:
        price = Decimal(0)
        plan.problems.append(Problem("price", "price_range", value["price_cny"]))
    on_sale = value["on_sale"].casefold() or "yes"
    if on_sale not in YES | NO:
        plan.problems.append(Problem("on_sale", "csv_on_sale", value["on_sale"]))
    if weight is None:
        plan.problems.append(Problem("net_weight_g", "net_weight_range", plan.sku))
    if units is None:
        plan.problems.append(Problem("units_per_pack", "units_per_pack_range", plan.sku))
    if on_hand is None or on_hand > MAX_QUANTITY:
        plan.problems.append(Problem("on_hand", "csv_quantity", value["on_hand"]))
    plan.on_hand = on_hand or 0
    plan.pack = PackFacts(
        sku=plan.sku,
        net_weight_g=weight or 0,
        units_per_pack=units or 1,
        price=price,
        barcode=value["barcode"],
        is_active=on_sale in YES,
    )
    if not plan.problems:
        plan.problems += pack_problems(plan.pack)
    return plan


def plan_import(session: Session, producer_id: int, text: str) -> ImportPlan:
    """Every row checked, what each would change; nothing written."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        return ImportPlan([], [Problem("file", "csv_too_large")])
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip() for name in (reader.fieldnames or [])]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        return ImportPlan([], [Problem("file", "csv_columns_missing", ", ".join(missing))])
    reader.fieldnames = header
    rows: list[RowPlan] = []
    try:
        for index, raw in enumerate(reader, start=2):
            if len(rows) >= MAX_ROWS:
                return ImportPlan([], [Problem("file", "csv_too_many_rows", str(MAX_ROWS))])
            if not any((value or "").strip() for value in raw.values() if isinstance(value, str)):
                continue
            rows.append(_parse_row(index, raw))
    except csv.Error:
        return ImportPlan([], [Problem("file", "csv_unreadable")])
    if not rows:
        return ImportPlan([], [Problem("file", "csv_empty")])
    _match(session, producer_id, rows)
    return ImportPlan(rows, [])


def _match(session: Session, producer_id: int, rows: list[RowPlan]) -> None:
    products = dict(
        session.execute(
            select(Product.code, Product.id).where(Product.producer_id == producer_id)
        ).all()
    )
    own = {
        sku.upper(): (variant_id, product_id, price, stock)
        for variant_id, product_id, sku, price, stock in session.execute(
            select(Variant.id, Variant.product_id, Variant.sku, Variant.price, Variant.stock)
            .join(Product, Product.id == Variant.product_id)
            .where(Product.producer_id == producer_id)
        )
    }
    held = held_by_open_orders(session, [entry[0] for entry in own.values()])
    seen: dict[str, int] = {}
    for row in rows:
        key = row.sku.upper()
        if key in seen:
            row.problems.append(Problem("sku", "csv_duplicate_sku", str(seen[key])))
            continue
        seen[key] = row.line
        if key in own:
            variant_id, product_id, price, stock = own[key]
            row.variant_id, row.product_id = variant_id, product_id
            row.old_price = Decimal(price)
            row.old_on_hand = stock + held.get(variant_id, 0)
            if row.on_hand < held.get(variant_id, 0):
                row.problems.append(Problem("on_hand", "below_held", str(held[variant_id])))
            if products.get(row.product_code) not in (None, product_id):
                row.problems.append(Problem("product_code", "csv_pack_of_other_product", row.sku))
        else:
            if row.sku and sku_taken(session, row.sku):
                row.problems.append(Problem("sku", "sku_taken", row.sku))
            row.product_id = products.get(row.product_code)
            if row.product_id is None:
                row.problems.append(
                    Problem("product_code", "csv_product_unknown", row.product_code)
                )


def apply_import(
    session: Session, producer_id: int, text: str, *, actor_user_id: int | None
) -> ImportPlan:
    """Write every row of a valid file (flushes); refuse the whole file when any row is not."""
    plan = plan_import(session, producer_id, text)
    if not plan.is_valid:
        raise ListingRefused(
            plan.problems or [problem for row in plan.rows for problem in row.problems]
        )
    touched: set[int] = set()
    for row in plan.rows:
        assert row.pack is not None and row.product_id is not None
        if row.is_new:
            variant = add_pack(
                session, producer_id, row.product_id, row.pack, actor_user_id=actor_user_id
            )
            if row.on_hand:
                adjust_stock(
                    session,
                    producer_id,
                    variant.id,
                    reason=MovementReason.RECEIVED,
                    quantity=row.on_hand,
                    author_user_id=actor_user_id,
                    note="CSV import",
                )
        else:
            assert row.variant_id is not None
            update_pack(session, producer_id, row.variant_id, row.pack, actor_user_id=actor_user_id)
            if row.stock_changes:
                adjust_stock(
                    session,
                    producer_id,
                    row.variant_id,
                    reason=MovementReason.CORRECTION,
                    quantity=row.on_hand,
                    author_user_id=actor_user_id,
                    note="CSV import",
                )
        touched.add(row.product_id)
    for product_id in sorted(touched):
        audit.record(session, product_id, "imported", actor_user_id)
    session.flush()
    return plan
