"""Every page of the order flow renders in the six locales; Arabic is right to left."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storefront.orders.models import Order

LOCALES = ("en", "zh-hans", "zh-hant", "fr", "ms", "ar")
ADDRESS = {
    "email": "buyer@example.com",
    "recipient_name": "Layla Haddad",
    "phone": "+65 6123 4567",
    "country": "SG",
    "street_address": "10 Bayfront Avenue",
    "postal_code": "018956",
}


@pytest.mark.parametrize("locale", LOCALES)
def test_the_order_flow_renders_in_every_locale(client, db_session, two_coops, locale):
    tea, _duck = two_coops
    client.post(f"/{locale}/cart/add", data={"variant_id": tea.variants[0].id, "quantity": 1})
    client.post(f"/{locale}/checkout", data=ADDRESS)
    before = [
        f"/{locale}/cart",
        f"/{locale}/checkout",
        f"/{locale}/checkout/review",
        f"/{locale}/account/login",
        f"/{locale}/account/register",
        f"/{locale}/account/password-reset",
        f"/{locale}/account/orders/lookup",
    ]
    pages = [(path, client.get(path)) for path in before]
    review = pages[2][1].get_data(as_text=True)
    key = review.split('name="placement_key" type="hidden" value="')[1].split('"')[0]
    sandbox = client.post(
        f"/{locale}/checkout/place", data={"shipping_method": "postal_parcel", "placement_key": key}
    )
    order = db_session.scalars(select(Order)).one()
    pages += [
        (path, client.get(path)) for path in (sandbox.location, f"/{locale}/orders/{order.number}")
    ]
    for path, response in pages:
        html = response.get_data(as_text=True)
        assert response.status_code == 200, path
        assert f'dir="{"rtl" if locale == "ar" else "ltr"}"' in html, path
