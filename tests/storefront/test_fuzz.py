"""Property: random data to every route, form, query parameter and the API never gives a 5xx,
and a refused request (4xx) writes nothing.

Every rule of the URL map is exercised (its path parameters filled with random or edge values),
anonymously and as the operator, with random query parameters and form fields named after the
ones the app reads. The signed webhook bodies have their own property in
tests/storefront/payments/test_webhook_fuzz.py.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from catalog.base import Base
from storefront.accounts.models import User, UserRole

PARAMETERS = [
    "q",
    "page",
    "per_page",
    "county",
    "brand",
    "category",
    "season",
    "shippable",
    "currency",
    "ship_to",
    "locale",
    "status",
    "producer",
    "from",
    "to",
    "month",
    "next",
    "session_id",
]
FIELDS = [
    "city",
    "city_area",
    "confirm",
    "country",
    "country_area",
    "country_code",
    "currency",
    "decision",
    "delivery_days_max",
    "delivery_days_min",
    "email",
    "full_name",
    "hide_unshippable",
    "max_weight_g",
    "method",
    "month",
    "next",
    "number",
    "password",
    "phone",
    "placement_key",
    "postal_code",
    "price",
    "quantity",
    "rate_id",
    "reason",
    "recipient_name",
    "ship_to",
    "shipping_method",
    "street_address",
    "variant_id",
    "prefix",
]
EDGE_VALUES = [
    "",
    "0",
    "-1",
    "²",
    "١٢",
    "1e9",
    "99999999999999999999999",
    "18446744073709551616",
    "2147483648",
    "9999-12-31",
    "0000-01",
    "0001-01-01",
    "\x00",
    'tea" OR "x',
    "NEAR(a b)",
    "*",
    "//evil.example/",
    "/\t/evil.example",
    "/%0d%0aX: y",
    "x" * 5000,
    "SG",
    "CNY",
    "en",
    "2026-11",
    "postal_parcel",
    "linwu-braised-duck",
    "<script>alert(1)</script>",
    "NaN",
    "Infinity",
    "1.5",
    " ",
    "true",
]
values = st.one_of(
    st.sampled_from(EDGE_VALUES),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60),
)
params = st.dictionaries(st.sampled_from(PARAMETERS), values, max_size=5)
form = st.dictionaries(st.sampled_from(FIELDS), values, max_size=8)
segment = st.one_of(
    st.sampled_from(["1", "0", "99999999999999999999", "linwu-braised-duck", "CZ20261201-0001"]),
    st.text(st.characters(codec="ascii", categories=("L", "N")), min_size=1, max_size=30),
)


def _rules(app):
    rules = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            rules.append((rule, method))
    return rules


def _path(rule, picks: dict[str, str]) -> str:
    parts = []
    for is_dynamic, data in rule._trace:
        if not is_dynamic:
            parts.append(data)
        elif data == "locale":
            parts.append(picks.get("locale", "en"))
        else:
            parts.append(picks.get(data, "1"))
    path = "".join(parts).split("|", 1)[-1]
    return path if path.startswith("/") else "/" + path


def _row_counts(session) -> tuple[int, ...]:
    names = sorted(Base.metadata.tables)
    sql = "SELECT " + ", ".join(f"(SELECT count(*) FROM {name})" for name in names)
    return tuple(session.execute(text(sql)).one())


@pytest.fixture
def operator_id(db_session):
    user = User(email="fuzz-operator@chenzhou-zone.cn", role=UserRole.OPERATOR, full_name="Op")
    user.set_password("demo-password-2026")
    db_session.add(user)
    db_session.commit()
    return user.get_id()


FUZZ_SETTINGS = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)


@FUZZ_SETTINGS
@given(
    choice=st.integers(min_value=0),
    as_operator=st.booleans(),
    locale=st.sampled_from(["en", "ar", "zh-hant"]),
    segment_value=segment,
    query=params,
    data=form,
)
def test_no_route_answers_5xx_and_refusals_write_nothing(
    app, db_session, operator_id, choice, as_operator, locale, segment_value, query, data
):
    rules = _rules(app)
    rule, method = rules[choice % len(rules)]
    path = _path(rule, {**{name: segment_value for name in rule.arguments}, "locale": locale})
    client = app.test_client()
    if as_operator:
        with client.session_transaction() as session:
            session["_user_id"] = operator_id
            session["_fresh"] = True
    before = _row_counts(db_session)
    with app.app_context():  # a fresh ``g`` per request, as in production
        if method == "GET":
            response = client.get(path, query_string=query)
        else:
            response = client.open(path, method=method, query_string=query, data=data)
    assert response.status_code < 500, (method, path, query, data)
    if 400 <= response.status_code < 500:
        assert _row_counts(db_session) == before, (method, path, query, data)
