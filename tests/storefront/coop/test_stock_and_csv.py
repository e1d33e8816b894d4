"""The stock ledger (the figure is the sum of its movements; a correction never goes below what
open orders hold) and the CSV export and import (a preview with every row's problems; nothing
written unless every row is right)."""

from __future__ import annotations

import csv
import io

from sqlalchemy import func, select

from catalog.models import Variant
from storefront.checkout.placement import place_order
from storefront.inventory.ledger import held_by_open_orders, ledger_sums
from storefront.inventory.models import MovementReason, StockMovement
from storefront.orders.actors import Actor
from storefront.orders.services import cancel_order, expire_order, mark_order_paid
from storefront.shipping.models import ShippingMethod
from tests.storefront.conftest import buyer

PORTAL = "/en/coop"


def assert_ledger_matches(session):
    stock = dict(session.execute(select(Variant.id, Variant.stock)).all())
    sums = ledger_sums(session, list(stock))
    assert {vid: value for vid, value in stock.items() if value} == {
        vid: total for vid, total in sums.items() if total
    }


def test_the_stock_column_is_the_sum_of_its_movements_through_every_flow(
    client, db_session, member_a, order_declarations
):
    """Orders placed, paid, expired and cancelled; goods received, damaged and recounted."""
    variant = member_a.product.variants[0]
    assert_ledger_matches(db_session)
    orders = [
        place_order(db_session, {variant.id: 2}, buyer(), ShippingMethod.INTERNATIONAL_EXPRESS)
        for _ in range(3)
    ]
    mark_order_paid(db_session, orders[0], actor=Actor("test"), declarations=order_declarations)
    expire_order(db_session, orders[1])
    cancel_order(db_session, orders[2], actor=Actor("test"), declarations=order_declarations)
    db_session.commit()
    url = f"{PORTAL}/packs/{variant.id}/stock"
    client.post(url, data={"reason": "received", "quantity": "40", "note": "harvest"})
    client.post(url, data={"reason": "damaged", "quantity": "3"})
    held = held_by_open_orders(db_session, [variant.id])[variant.id]
    client.post(url, data={"reason": "correction", "quantity": str(held + 100)})
    assert variant.stock == 100  # counted on hand minus what orders hold
    assert_ledger_matches(db_session)
    reasons = set(
        db_session.scalars(
            select(StockMovement.reason).where(StockMovement.variant_id == variant.id)
        )
    )
    assert reasons >= {
        MovementReason.OPENING,
        MovementReason.SOLD,
        MovementReason.RELEASED,
        MovementReason.RECEIVED,
        MovementReason.DAMAGED,
        MovementReason.CORRECTION,
    }
    authors = set(
        db_session.scalars(
            select(StockMovement.author_user_id).where(
                StockMovement.variant_id == variant.id,
                StockMovement.reason == MovementReason.RECEIVED,
            )
        )
    )
    assert None not in authors


def test_a_correction_never_goes_below_what_open_orders_hold(client, db_session, member_a):
    variant = member_a.product.variants[0]
    held = held_by_open_orders(db_session, [variant.id]).get(variant.id, 0)
    assert held >= 1  # the fixture's paid, unshipped parcel
    before = variant.stock
    response = client.post(
        f"{PORTAL}/packs/{variant.id}/stock",
        data={"reason": "correction", "quantity": str(held - 1)},
    )
    assert response.status_code == 400
    assert f"Open orders hold {held} packs" in response.get_data(as_text=True)
    assert variant.stock == before
    response = client.post(
        f"{PORTAL}/packs/{variant.id}/stock",
        data={"reason": "damaged", "quantity": str(before + 1)},
    )
    assert response.status_code == 400 and variant.stock == before


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def preview(client, text: str, encoding="utf-8"):
    return client.post(
        f"{PORTAL}/csv/preview",
        data={"file": (io.BytesIO(text.encode(encoding)), "packs.csv")},
        content_type="multipart/form-data",
    )


def to_csv(table: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(table[0]))
    writer.writeheader()
    writer.writerows(table)
    return buffer.getvalue()


def test_export_then_import_changes_prices_and_stock(client, db_session, member_a):
    exported = client.get(f"{PORTAL}/csv/packs.csv")
    assert exported.mimetype == "text/csv"
    text = exported.get_data().decode("utf-8")
    assert text.startswith("\ufeff")
    table = rows(text)
    own_skus = {v.sku for p in [member_a.product] for v in p.variants}
    assert own_skus <= {row["sku"] for row in table}
    assert all(row["product_code"].startswith("linwu") for row in table)
    first = table[0]
    first["price_cny"] = "99.90"
    first["on_hand"] = str(int(first["on_hand"]) + 5)
    table.append({**first, "sku": "LW-NEW-1", "on_hand": "12", "barcode": ""})
    page = preview(client, to_csv(table), encoding="gb18030")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="csv-ready"' in html and "New pack" in html
    movements = db_session.scalar(select(func.count()).select_from(StockMovement))
    client.post(f"{PORTAL}/csv/import", data={"content": to_csv(table)})
    changed = db_session.scalars(select(Variant).where(Variant.sku == first["sku"])).one()
    assert str(changed.price) == "99.90"
    added = db_session.scalars(select(Variant).where(Variant.sku == "LW-NEW-1")).one()
    assert added.stock == 12
    assert db_session.scalar(select(func.count()).select_from(StockMovement)) == movements + 2
    assert_ledger_matches(db_session)


def test_one_bad_row_and_nothing_is_written(client, db_session, member_a, coops):
    table = rows(client.get(f"{PORTAL}/csv/packs.csv").get_data().decode("utf-8"))
    foreign_sku = coops[1].product.variants[0].sku
    table[0]["price_cny"] = "12.345"
    good_price = "77.00"
    table[-1]["price_cny"] = good_price
    table.append({**table[-1], "sku": foreign_sku})
    table.append({**table[-1], "sku": "LW-DUP", "product_code": "no-such-product"})
    text = to_csv(table)
    response = preview(client, text)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "is already used" in html  # another producer's SKU: taken, nothing more said
    assert "None of your products has the code no-such-product" in html
    assert "with at most two decimals" in html
    assert 'id="csv-confirm"' not in html
    before = dict(db_session.execute(select(Variant.id, Variant.price)).all())
    response = client.post(f"{PORTAL}/csv/import", data={"content": text})  # forged confirm
    assert response.status_code == 303
    assert dict(db_session.execute(select(Variant.id, Variant.price)).all()) == before


def test_unreadable_files_are_refused(client, db_session, member_a):
    assert "These columns are missing" in preview(client, "a,b\n1,2\n").get_data(as_text=True)
    response = client.post(
        f"{PORTAL}/csv/preview",
        data={"file": (io.BytesIO(b"\xff\xfe\x00\x00\x81"), "packs.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
