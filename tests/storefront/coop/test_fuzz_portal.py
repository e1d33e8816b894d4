"""Property: a member posting random data to every portal route (their own objects' ids, or
random ones) never gets a 5xx, and a refused request (4xx) writes nothing."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.storefront.coop.test_isolation import path_for, portal_rules, row_counts
from tests.storefront.test_fuzz import EDGE_VALUES

FIELDS = [
    "name",
    "summary",
    "description",
    "sku",
    "price",
    "net_weight_g",
    "units_per_pack",
    "barcode",
    "hs_code",
    "customs_unit",
    "category",
    "product_class",
    "storage",
    "shelf_life_days",
    "season_months",
    "certifications",
    "brand_id",
    "reason",
    "quantity",
    "note",
    "lot_number",
    "kind",
    "produced_on",
    "best_before",
    "inspection_certificate",
    "decision",
    "email",
    "content",
    "message",
    "fr-name",
    "fr-description",
    "new-sku",
    "new-price",
    "new-net_weight_g",
    "uscc",
    "customs_code",
    "county_id",
    "contact_phone",
]
values = st.one_of(
    st.sampled_from(EDGE_VALUES + ["LW-X-1", "1602399100", "136", "received", "correction"]),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40),
)
form = st.dictionaries(st.sampled_from(FIELDS), values, max_size=8)


@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
@given(
    choice=st.integers(min_value=0),
    own_ids=st.booleans(),
    segment=st.sampled_from(["1", "0", "99999999999999999999", "2147483648", "fr", "xx"]),
    data=form,
)
def test_portal_routes_never_answer_5xx(
    app, client, db_session, member_a, choice, own_ids, segment, data
):
    rules = portal_rules(app)
    rule, method = rules[choice % len(rules)]
    values = {**member_a.ids, "text_locale": "fr"} if own_ids else {}
    path = path_for(rule, {name: values.get(name, segment) for name in rule.arguments})
    before = row_counts(db_session)
    response = client.open(path, method=method, data=data)
    assert response.status_code < 500, (method, path, data)
    if 400 <= response.status_code < 500:
        assert row_counts(db_session) == before, (method, path, data)
