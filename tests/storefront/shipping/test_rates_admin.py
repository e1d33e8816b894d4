"""The operator edits the shipping rate table; nobody else may."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from storefront.accounts.models import UserRole
from storefront.shipping.models import ShippingMethod, ShippingRate
from storefront.shipping.quotes import quote_for
from tests.factories import make_user, sign_in


def test_only_the_operator_sees_the_rates(client, db_session, shipping_rates):
    assert client.get("/en/admin/shipping-rates/").status_code == 302  # to sign-in
    make_user(db_session, "buyer@example.com", UserRole.BUYER)
    sign_in(client, "buyer@example.com")
    assert client.get("/en/admin/shipping-rates/").status_code == 403
    assert client.post("/en/admin/shipping-rates/", data={"prefix": "new"}).status_code == 403


def test_the_operator_changes_a_price_and_checkout_quotes_follow(
    client, db_session, shipping_rates
):
    make_user(db_session, "operator@example.com", UserRole.OPERATOR)
    sign_in(client, "operator@example.com")
    rate = db_session.scalars(
        select(ShippingRate).where(
            ShippingRate.method == ShippingMethod.POSTAL_PARCEL,
            ShippingRate.country_code == "*",
            ShippingRate.max_weight_g == 1000,
        )
    ).one()
    page = client.get("/en/admin/shipping-rates/").get_data(as_text=True)
    assert f'id="rate-{rate.id}"' in page
    p = f"r{rate.id}"
    response = client.post(
        "/en/admin/shipping-rates/",
        data={
            "prefix": p,
            f"{p}-method": "postal_parcel",
            f"{p}-country_code": "*",
            f"{p}-max_weight_g": "1000",
            f"{p}-price": "69.50",
            f"{p}-delivery_days_min": "10",
            f"{p}-delivery_days_max": "25",
        },
    )
    assert response.status_code == 302
    assert quote_for(db_session, ShippingMethod.POSTAL_PARCEL, "FR", 800).price.amount == Decimal(
        "69.50"
    )


def test_a_duplicate_band_or_a_negative_price_is_refused(client, db_session, shipping_rates):
    make_user(db_session, "operator@example.com", UserRole.OPERATOR)
    sign_in(client, "operator@example.com")
    count = len(db_session.scalars(select(ShippingRate)).all())
    base = {
        "prefix": "new",
        "new-method": "postal_parcel",
        "new-country_code": "*",
        "new-max_weight_g": "1000",
        "new-price": "10",
        "new-delivery_days_min": "1",
        "new-delivery_days_max": "2",
    }
    client.post("/en/admin/shipping-rates/", data=base)
    client.post(
        "/en/admin/shipping-rates/", data={**base, "new-max_weight_g": "1500", "new-price": "-1"}
    )
    assert len(db_session.scalars(select(ShippingRate)).all()) == count
    client.post(
        "/en/admin/shipping-rates/",
        data={**base, "new-country_code": "nz", "new-max_weight_g": "700"},
    )
    assert db_session.scalars(
        select(ShippingRate).where(ShippingRate.country_code == "NZ")
    ).one().price == Decimal("10.00")
