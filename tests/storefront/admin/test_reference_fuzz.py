"""Property: any value typed in any field of a reference table's row (shipping rates, exchange
rates, destination rules, ports, showrooms, slots, bonded goods) never gives a 5xx, and a
refused row (4xx) writes nothing."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from catalog.models import DestinationRule, ExchangeRate
from storefront.pickup.goods import BondedGood
from storefront.pickup.showrooms import PickupSlot, Showroom
from storefront.shipping.models import ShippingRate
from tests.storefront.test_fuzz import EDGE_VALUES, _row_counts

# endpoint -> (model whose first row is edited, field names of its row form)
TABLES = {
    "/en/admin/shipping-rates/": (
        ShippingRate,
        [
            "method",
            "country_code",
            "max_weight_g",
            "price",
            "delivery_days_min",
            "delivery_days_max",
        ],
    ),
    "/ar/admin/exchange-rates/": (
        ExchangeRate,
        ["currency", "effective_on", "units_per_cny", "source"],
    ),
    "/zh-hant/admin/destination-rules/": (
        DestinationRule,
        ["country", "product_class", "status", "reason_en", "reason_ar", "reason_fr"],
    ),
    "/en/admin/customs/ports": (None, ["country", "code", "name", "source"]),
    "/en/admin/bonded/showrooms": (
        Showroom,
        [
            "opens_at",
            "closes_at",
            "slot_minutes",
            "slot_capacity",
            "preparation_minutes",
            "pickup_window_days",
            "is_active",
        ],
    ),
    "/en/admin/bonded/slots": (PickupSlot, ["capacity"]),
    "/en/admin/bonded/": (BondedGood, ["price", "on_positive_list", "is_published"]),
}
ENDPOINTS = sorted(TABLES)
values = st.one_of(
    st.sampled_from(
        EDGE_VALUES
        + [
            "NaN",
            "-Infinity",
            "1e-9",
            "0.000000001",
            "25:00",
            "23:59",
            "*",
            "allowed",
            "HK",
            "postal_parcel",
            "USD",
            "CNY",
            "2026-02-29",
            "1.5",
            "y",
        ]
    ),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30),
)


@pytest.fixture
def operator_client(app, db_session, shipping_rates):
    from storefront.accounts.models import UserRole
    from tests.factories import make_user, sign_in

    make_user(db_session, "fuzz-operator@example.com", UserRole.OPERATOR)
    client = app.test_client()
    sign_in(client, "fuzz-operator@example.com")
    return client


@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "120")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
@given(
    choice=st.integers(min_value=0),
    which=st.sampled_from(["new", "existing", "code", "odd"]),
    typed=st.data(),
)
def test_no_typed_value_gives_a_5xx_and_a_refusal_writes_nothing(
    app, db_session, operator_client, choice, which, typed
):
    path = ENDPOINTS[choice % len(ENDPOINTS)]
    model, fields = TABLES[path]
    if which == "existing" and model is not None:
        key = f"r{db_session.scalars(select(model.id).order_by(model.id)).first()}"
    elif which == "code":
        key = "rSA"
    elif which == "odd":
        key = typed.draw(st.sampled_from(["r0", "r99999999999", "x", "", "r-1", "rÉ"]))
    else:
        key = "new"
    data = {"row": key}
    for name in fields:
        if typed.draw(st.booleans()):
            data[f"{key}-{name}"] = typed.draw(values)
    before = _row_counts(db_session)
    with app.app_context():
        response = operator_client.post(path, data=data)
    assert response.status_code < 500, (path, data)
    if 400 <= response.status_code < 500:
        assert _row_counts(db_session) == before, (path, data)
