"""The development index formula (docs/statistics.md) and its public page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storefront.statistics.development_index import (
    MonthInputs,
    compute_index,
    growth_factor,
    monthly_inputs,
)
from tests.factories import make_producer, make_product
from tests.storefront.statistics.builders import sold_order, utc


def month(name: str, value: str, producers: int = 1, destinations: int = 1) -> MonthInputs:
    return MonthInputs(name, Decimal(value), producers, destinations)


def test_the_first_month_with_trade_is_the_base_at_100():
    points = compute_index([month("2025-01", "0", 0, 0), month("2025-02", "500.00", 2, 3)])
    assert (points[0].index, points[0].growth) == (None, None)  # before the base: no index
    assert points[1].index == Decimal("100.0") and points[1].growth == Decimal("1.000")


def test_a_month_is_weighed_against_the_base_and_the_month_before():
    points = compute_index([month("2025-01", "100.00", 2, 4), month("2025-02", "150.00", 3, 2)])
    # 100 * (0.4 * 1.5 + 0.2 * 1.5 + 0.2 * 3/2 + 0.2 * 2/4) = 100 * (0.6 + 0.3 + 0.3 + 0.1)
    assert points[1].index == Decimal("130.0")
    assert points[1].growth == Decimal("1.500")


def test_an_empty_month_scores_zero_and_the_next_one_restarts_growth_at_one():
    points = compute_index(
        [month("2025-01", "100.00"), month("2025-02", "0", 0, 0), month("2025-03", "50.00")]
    )
    assert points[1].index == Decimal("0.0") and points[1].growth == Decimal("0.000")
    # after a month with nothing, growth is neutral: 100 * (0.4 * 0.5 + 0.2 * 1 + 0.2 + 0.2)
    assert points[2].growth == Decimal("1.000")
    assert points[2].index == Decimal("80.0")


def test_growth_is_capped_and_zero_previous_volume_is_neutral():
    assert growth_factor(Decimal("1000"), Decimal("1")) == Decimal(3)
    assert growth_factor(Decimal("10"), Decimal("0")) == Decimal(1)
    assert growth_factor(Decimal("0"), Decimal("10")) == Decimal(0)
    assert growth_factor(Decimal("0"), Decimal("0")) == Decimal(0)


def test_a_base_month_of_imports_only_counts_producers_and_destinations_as_present():
    points = compute_index([month("2025-01", "200.00", 0, 0), month("2025-02", "200.00", 1, 2)])
    assert points[0].index == Decimal("60.0")  # 0.4 + 0.2 growth, no producers, no destinations
    assert points[1].index == Decimal("100.0")  # 0.4 + 0.2 + 0.2 + 0.2


def test_no_months_no_index():
    assert compute_index([]) == []


@given(
    st.lists(
        st.tuples(
            st.decimals(min_value=0, max_value=10**9, places=2),
            st.integers(0, 50),
            st.integers(0, 60),
        ),
        max_size=24,
    )
)
def test_the_index_is_never_negative_and_zero_exactly_in_empty_months(rows):
    months = [
        MonthInputs(f"20{10 + i // 12:02d}-{i % 12 + 1:02d}", v, p, d)
        for i, (v, p, d) in enumerate(rows)
    ]
    for point in compute_index(months):
        if point.index is None:
            continue
        assert point.index >= 0
        if point.inputs.value == 0:
            assert point.index == 0 and point.growth == 0


def test_monthly_inputs_come_from_the_orders(db_session):
    tea = make_product(db_session, price="50.00")
    duck = make_product(db_session, make_producer(db_session), price="80.00")
    sold_order(db_session, utc(2016, 1, 5, 3), [(tea, 2)], destination="SG")
    sold_order(db_session, utc(2016, 3, 5, 3), [(tea, 1), (duck, 1)], destination="HK")
    sold_order(db_session, utc(2016, 3, 6, 3), [(duck, 1)], destination="FR")
    inputs = monthly_inputs(db_session, "2016-03")
    assert inputs == [
        MonthInputs("2016-01", Decimal("100.00"), 1, 1),
        MonthInputs("2016-02", Decimal("0.00"), 0, 0),
        MonthInputs("2016-03", Decimal("210.00"), 2, 2),
    ]
    assert monthly_inputs(db_session, "2015-12") == []


def test_the_public_page_shows_the_history(client, db_session):
    tea = make_product(db_session, price="50.00")
    sold_order(db_session, utc(2016, 1, 5, 3), [(tea, 2)])
    sold_order(db_session, utc(2016, 2, 5, 3), [(tea, 3)])
    html = client.get("/en/development-index/").get_data(as_text=True)
    assert "<polyline" in html and "2016-01" in html and "(base month)" in html
    # February: 100 * (0.4 * 1.5 + 0.2 * 1.5 + 0.2 + 0.2) = 130
    assert ">130<" in html.split("2016-02")[-1][:400]
    assert 'href="/en/development-index/"' in client.get("/en/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("locale", "title"),
    [
        ("zh-hans", "郴州跨境电子商务发展指数"),
        ("zh-hant", "郴州跨境電子商務發展指數"),
        ("fr", "Indice de développement du commerce électronique transfrontalier de Chenzhou"),
        ("ms", "Indeks pembangunan e-dagang rentas sempadan Chenzhou"),
        ("ar", "مؤشر تنمية التجارة الإلكترونية العابرة للحدود في تشنتشو"),
    ],
)
def test_the_public_page_is_published_in_six_languages(app, locale, title):
    with app.app_context():  # a fresh g: the page's own locale, no catalog carried over
        html = app.test_client().get(f"/{locale}/development-index/").get_data(as_text=True)
    assert f"<h1>{title}</h1>" in html
    assert "40" in html.split("<h2>")[1] and "%%" not in html and "%" in html.split("<h2>")[1]
