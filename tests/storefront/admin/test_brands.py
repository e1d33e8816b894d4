"""The operator's brand pages: stewardship, authorising and revoking producers (with a reason,
products under the brand leave the shop), and the brand's texts per language, sanitized."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from catalog.models import AuthorisationStatus, Brand, BrandAuthorisationRequest, Product
from catalog.queries import catalog_version
from storefront.accounts.models import UserRole
from tests.factories import make_user, sign_in


@pytest.fixture
def operator(client, db_session):
    make_user(db_session, "brands@zone.test", UserRole.OPERATOR)
    sign_in(client, "brands@zone.test")


def brand(session, code: str) -> Brand:
    return session.scalars(select(Brand).where(Brand.code == code)).one()


def test_steward_authorise_and_revoke(client, db_session, operator):
    duck_brand = brand(db_session, "linwu-duck")
    assert client.get("/en/admin/brands/").status_code == 200
    producer = duck_brand.authorized_producers[0]
    response = client.post(
        f"/en/admin/brands/{duck_brand.id}/steward",
        data={"steward-steward_producer_id": str(producer.id)},
    )
    assert response.status_code == 303 and duck_brand.steward_producer_id == producer.id
    client.post(
        f"/en/admin/brands/{duck_brand.id}/steward", data={"steward-steward_producer_id": ""}
    )
    assert duck_brand.steward_producer_id is None

    published = db_session.scalars(
        select(Product).where(
            Product.brand_id == duck_brand.id,
            Product.producer_id == producer.id,
            Product.is_published.is_(True),
        )
    ).all()
    assert published
    response = client.post(f"/en/admin/brands/{duck_brand.id}/revoke/{producer.id}", data={})
    assert response.status_code == 400 and "Please give a reason." in response.get_data(
        as_text=True
    )
    before = catalog_version(db_session)
    response = client.post(
        f"/en/admin/brands/{duck_brand.id}/revoke/{producer.id}",
        data={f"revoke{producer.id}-reason": "Collective mark licence expired"},
    )
    assert response.status_code == 303
    assert producer not in duck_brand.authorized_producers
    assert all(not product.is_published for product in published)
    assert catalog_version(db_session) != before
    record = db_session.scalars(
        select(BrandAuthorisationRequest).where(
            BrandAuthorisationRequest.brand_id == duck_brand.id,
            BrandAuthorisationRequest.producer_id == producer.id,
        )
    ).all()[-1]
    assert record.status is AuthorisationStatus.REVOKED
    assert record.decision_reason == "Collective mark licence expired"

    response = client.post(f"/en/admin/brands/{duck_brand.id}/authorise", data={})
    assert response.status_code == 400 and "Choose a producer." in response.get_data(as_text=True)
    response = client.post(
        f"/en/admin/brands/{duck_brand.id}/authorise", data={"grant-producer_id": str(producer.id)}
    )
    assert response.status_code == 303
    db_session.expire(duck_brand)
    assert producer in duck_brand.authorized_producers

    audit = client.get("/en/admin/audit/?kind=brand&reference=linwu-duck").get_data(as_text=True)
    assert "Steward changed" in audit
    assert "Authorisation ended" in audit and "Collective mark licence expired" in audit
    assert "Authorised" in audit


def test_brand_texts_in_a_language_are_saved_clean(client, db_session, operator):
    duck_brand = brand(db_session, "linwu-duck")
    page = client.get(f"/ar/admin/brands/{duck_brand.id}/texts/ar")
    assert page.status_code == 200 and 'dir="rtl"' in page.get_data(as_text=True)
    response = client.post(
        f"/en/admin/brands/{duck_brand.id}/texts/ms",
        data={
            "texts-name": "Itik Linwu",
            "texts-slug": "",
            "texts-summary": "Itik panggang dari Linwu",
            "texts-story": "<p>Sejak <strong>dinasti Ming</strong></p><script>alert(1)</script>",
            "texts-steward": "",
            "texts-seo_title": "",
            "texts-seo_description": "",
        },
    )
    assert response.status_code == 303
    row = next(row for row in duck_brand.translations if row.locale == "ms")
    assert row.slug == "itik-linwu"
    assert row.story == "<p>Sejak <strong>dinasti Ming</strong></p>"
    assert client.get("/ms/brands/itik-linwu").status_code == 200

    other = brand(db_session, "yongxing-rock-sugar-orange")
    response = client.post(
        f"/en/admin/brands/{other.id}/texts/ms",
        data={"texts-name": "Limau Yongxing", "texts-slug": "itik-linwu", "texts-summary": "x"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Another brand already uses the address itik-linwu in this language." in html
    assert 'value="Limau Yongxing"' in html
    assert client.get(f"/en/admin/brands/{duck_brand.id}/texts/xx").status_code == 404
