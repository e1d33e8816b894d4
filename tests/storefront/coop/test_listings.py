"""Listings in the portal: a new product, every missing item before publishing, publishing and
unpublishing (the shop follows at once), packs with GTIN and legal-unit checks, batches."""

from __future__ import annotations

from sqlalchemy import select

from catalog.listings.publishing import publish_problems
from catalog.models import Product, ProductEvent
from tests.storefront.coop.conftest import chinese_name

PORTAL = "/en/coop"

NEW_PRODUCT = {
    "name": "临武香酥鸭",
    "summary": "酥香入味的临武鸭",
    "description": "<p>选用临武麻鸭</p><script>alert(1)</script>",
    "category": "meat_poultry",
    "product_class": "cooked_poultry",
    "hs_code": "1602.3991.00",
    "customs_unit": "136",
    "storage": "ambient",
    "shelf_life_days": "180",
    "season_months": [str(m) for m in range(1, 13)],
    "certifications": ["sc_licence"],
    "brand_id": "",
    "sku": "LW-CRISP-400",
    "net_weight_g": "400",
    "units_per_pack": "1",
    "price": "68.00",
    "barcode": "6901234567892",
}


def new_product(client, **changes):
    return client.post(f"{PORTAL}/products/new", data={**NEW_PRODUCT, **changes})


def test_a_new_product_lists_what_is_missing_then_publishes(client, db_session, member_a):
    response = new_product(client)
    assert response.status_code == 303
    product = db_session.scalars(
        select(Product).where(Product.code.like(f"{member_a.producer.code}-%"))
    ).one()
    assert not product.is_published and product.producer_id == member_a.producer.id
    assert product.hs_code == "1602399100" and product.variants[0].stock == 0
    source = next(t for t in product.translations if t.locale == "zh-hans")
    assert "<script>" not in source.description and "<p>选用临武麻鸭</p>" in source.description
    assert source.slug == "临武香酥鸭"

    page = client.get(f"{PORTAL}/products/{product.id}").get_data(as_text=True)
    assert 'id="missing"' in page
    assert "The name is missing in English" in page  # and the summary
    codes = {problem.code for problem in publish_problems(db_session, product)}
    assert codes == {"name_missing", "summary_missing"}

    client.post(f"{PORTAL}/products/{product.id}/publish")
    assert not product.is_published  # refused, every item listed

    client.post(
        f"{PORTAL}/products/{product.id}/texts/en",
        data={
            "en-name": "Linwu crispy duck",
            "en-summary": "Crisp and fragrant",
            "en-description": "",
        },
    )
    assert publish_problems(db_session, product) == []
    client.post(f"{PORTAL}/products/{product.id}/publish")
    assert product.is_published
    slug = next(t.slug for t in product.translations if t.locale == "en")
    assert client.get(f"/en/products/{slug}").status_code == 200
    actions = db_session.scalars(
        select(ProductEvent.action).where(ProductEvent.product_id == product.id)
    ).all()
    assert actions == ["created", "texts_saved", "published"]

    client.post(f"{PORTAL}/products/{product.id}/unpublish")
    assert not product.is_published
    assert client.get(f"/en/products/{slug}").status_code == 404


def test_wrong_facts_are_refused_with_every_reason_and_keep_what_was_typed(
    client, db_session, member_a
):
    response = new_product(client, hs_code="0101210010", barcode="6901234567891", sku="LW CRISP")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for reason in ("0101210010", "not a valid bar code", "A SKU has"):
        assert reason in page
    assert 'value="临武香酥鸭"' in page  # nothing typed is lost
    assert (
        db_session.scalars(select(Product).where(Product.code.like("linwu-duck-coop-%"))).all()
        == []
    )


def test_a_product_of_an_unauthorised_brand_is_refused(client, db_session, member_a):
    from catalog.models import Brand

    brand = db_session.scalars(
        select(Brand).where(Brand.code == "yongxing-rock-sugar-orange")
    ).one()
    response = new_product(client, brand_id=str(brand.id))
    assert response.status_code == 200  # the choice is not offered; a forged one is refused
    assert (
        db_session.scalars(select(Product).where(Product.code.like("linwu-duck-coop-%"))).all()
        == []
    )


def test_packs_are_checked_and_priced_in_yuan(client, db_session, member_a):
    product = member_a.product
    url = f"{PORTAL}/products/{product.id}/packs"
    client.post(
        url,
        data={
            "new-sku": "LW-X",
            "new-net_weight_g": "500",
            "new-units_per_pack": "1",
            "new-price": "0",
            "new-barcode": "",
        },
    )
    client.post(
        url,
        data={
            "new-sku": product.variants[0].sku,
            "new-net_weight_g": "500",
            "new-units_per_pack": "1",
            "new-price": "10",
            "new-barcode": "",
        },
    )
    assert len(product.variants) == len({v.sku for v in product.variants})
    before = len(product.variants)
    client.post(
        url,
        data={
            "new-sku": "LW-GIFT-2",
            "new-net_weight_g": "1000",
            "new-units_per_pack": "2",
            "new-price": "128.50",
            "new-barcode": "96385074",
            "new-is_active": "y",
        },
    )
    db_session.refresh(product)
    assert len(product.variants) == before + 1
    added = next(v for v in product.variants if v.sku == "LW-GIFT-2")
    assert str(added.price) == "128.50" and added.barcode == "96385074" and added.stock == 0


def test_batches_show_on_the_product_page(client, db_session, member_a):
    product = member_a.product
    client.post(
        f"{PORTAL}/products/{product.id}/batches",
        data={
            "lot_number": "LW-2026-11-30",
            "kind": "production",
            "produced_on": "2026-11-30",
            "best_before": "2027-05-30",
            "inspection_certificate": "431000261130001",
        },
    )
    slug = next(t.slug for t in product.translations if t.locale == "en")
    page = client.get(f"/en/products/{slug}").get_data(as_text=True)
    assert "LW-2026-11-30" in page and "431000261130001" in page
    refused = client.post(
        f"{PORTAL}/products/{product.id}/batches",
        data={"lot_number": "LW-2026-11-30", "kind": "production", "produced_on": "2026-11-30"},
    )
    assert refused.status_code == 400  # the same lot twice


def test_the_product_list_shows_photos_and_text_completeness(client, db_session, member_a):
    page = client.get(f"{PORTAL}/products/").get_data(as_text=True)
    assert chinese_name(member_a.product) in page
    assert "/media/products/" in page
