"""The credit record: the formula at its edges (figures computed by hand), the components read
from a producer's history with SQL aggregates, and the page showing them."""

from __future__ import annotations

from datetime import timedelta
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from catalog.base import utcnow
from storefront.accounts.models import UserRole
from storefront.admin.credit import (
    CreditComponents,
    CreditGrade,
    credit_components,
    credit_score,
)
from storefront.admin.models import ProducerComplaint
from storefront.checkout.placement import place_order
from storefront.customs.declarations.models import CustomsDeclaration, CustomsDeclarationEvent
from storefront.orders.actors import Actor
from storefront.orders.services import mark_order_paid
from storefront.orders.states import FulfilmentStatus
from storefront.shipping.models import ShippingMethod
from tests.factories import make_product, make_user, sign_in
from tests.storefront.conftest import buyer, give_chinese_name


@pytest.mark.parametrize(
    ("components", "score", "grade"),
    [
        # nothing judged yet: every rate at its best
        (CreditComponents(), 100, CreditGrade.A),
        # every parcel late: 50·0 + 20·1 + 30·1 = 50
        (CreditComponents(parcels=4, late=4), 50, CreditGrade.D),
        # 2 of 3 on time: 33.33 + 20 + 30 = 83.33 -> 83
        (CreditComponents(parcels=3, on_time=2, late=1), 83, CreditGrade.B),
        # 1 of 4 on time: 12.5 + 20 + 30 = 62.5 -> 63 (half up)
        (CreditComponents(parcels=4, on_time=1, late=3), 63, CreditGrade.C),
        # all on time, 1 of 10 cancelled: 50 + 18 + 30 = 98
        (CreditComponents(parcels=10, on_time=9, cancelled=1), 98, CreditGrade.A),
        # 3 refusals on 2 parcels: the refusal rate stops at 1 -> 50 + 20 + 0 = 70
        (CreditComponents(parcels=2, on_time=2, customs_refusals=3), 70, CreditGrade.C),
        # one complaint: 100 - 5 = 95
        (CreditComponents(complaints=1), 95, CreditGrade.A),
        # complaints count at most 25 points: 100 - 25 = 75 (B's lowest)
        (CreditComponents(complaints=9), 75, CreditGrade.B),
        # the worst: 0 + 0 + 0 - 25, never below 0
        (
            CreditComponents(parcels=2, late=2, cancelled=2, customs_refusals=2, complaints=6),
            0,
            CreditGrade.D,
        ),
        # 19 of 20 on time: 47.5 + 20 + 30 = 97.5 -> 98
        (CreditComponents(parcels=20, on_time=19, late=1), 98, CreditGrade.A),
        # 9 of 10 on time, one complaint: 45 + 20 + 30 - 5 = 90 (A's lowest)
        (CreditComponents(parcels=10, on_time=9, late=1, complaints=1), 90, CreditGrade.A),
        # 7 of 10 on time, 1 refusal: 35 + 20 + 27 = 82
        (CreditComponents(parcels=10, on_time=7, late=3, customs_refusals=1), 82, CreditGrade.B),
        # 1 of 2 on time, 2 complaints: 25 + 20 + 30 - 10 = 65
        (CreditComponents(parcels=2, on_time=1, late=1, complaints=2), 65, CreditGrade.C),
        # 2 of 5 on time, 1 complaint: 20 + 20 + 30 - 5 = 65
        (CreditComponents(parcels=5, on_time=2, late=3, complaints=1), 65, CreditGrade.C),
        # the only parcel late, 1 complaint: 0 + 20 + 30 - 5 = 45
        (CreditComponents(parcels=1, late=1, complaints=1), 45, CreditGrade.D),
    ],
)
def test_the_formula_at_its_edges(components, score, grade):
    record = credit_score(components)
    assert record.score == score
    assert record.grade is grade


def test_grade_boundaries():
    assert credit_score(CreditComponents(complaints=2)).grade is CreditGrade.A  # 90
    # 50·(17/20) + 50 = 92.5 -> 93; with 1 complaint 88 (B); with 4 complaints 73 (C)
    base = dict(parcels=20, on_time=17, late=3)
    assert credit_score(CreditComponents(**base)).score == 93
    assert credit_score(CreditComponents(**base, complaints=1)).grade is CreditGrade.B
    assert credit_score(CreditComponents(**base, complaints=4)).score == 73
    assert credit_score(CreditComponents(**base, complaints=4)).grade is CreditGrade.C
    # exact rates are kept as fractions: 12.5 + 15 + 30 = 57.5 rounds half up
    record = credit_score(CreditComponents(parcels=4, on_time=1, late=3, cancelled=1))
    assert record.on_time_rate == Fraction(1, 4) and record.cancel_rate == Fraction(1, 4)
    assert record.score == 58 and record.grade is CreditGrade.D


def _paid_parcel(session, product, declarations, *, paid_hours_ago: float):
    order = place_order(
        session, {product.variants[0].id: 1}, buyer(), ShippingMethod.INTERNATIONAL_EXPRESS
    )
    mark_order_paid(session, order, actor=Actor("test"), declarations=declarations)
    order.paid_at = NOW - timedelta(hours=paid_hours_ago)
    session.flush()
    return order, order.sub_orders[0]


NOW = utcnow()


@pytest.fixture
def history(db_session, shipping_rates, order_declarations):
    """Producer A: five paid parcels, one customs refusal, two complaints. B: nothing."""
    product = make_product(db_session, price="20.00", stock=50, locales=("en", "zh-hans"))
    give_chinese_name(product.producer)
    quiet = make_product(db_session, price="20.00", stock=5)
    parcels = []
    for paid, shipped in ((100, 29), (100, 20), (80, None), (10, None), (90, None)):
        order, parcel = _paid_parcel(db_session, product, order_declarations, paid_hours_ago=paid)
        if shipped is not None:
            parcel.shipped_at = NOW - timedelta(hours=shipped)  # after 71 h, then 80 h
            parcel.fulfilment_status = FulfilmentStatus.SHIPPED
        parcels.append(parcel)
    parcels[4].fulfilment_status = FulfilmentStatus.CANCELLED
    declaration = db_session.scalars(
        select(CustomsDeclaration).where(CustomsDeclaration.sub_order_id == parcels[0].id)
    ).first()
    db_session.add(
        CustomsDeclarationEvent(
            declaration_id=declaration.id, actor="customs", from_status="sent", to_status="rejected"
        )
    )
    for text in ("Broken seal", "Wrong weight"):
        db_session.add(ProducerComplaint(producer_id=product.producer_id, text=text))
    db_session.commit()
    return product.producer, quiet.producer


def test_components_come_from_the_history(db_session, history):
    producer, quiet = history
    records = credit_components(db_session, [producer.id, quiet.id], now=NOW)
    assert records[producer.id] == CreditComponents(
        parcels=5, on_time=1, late=2, cancelled=1, customs_refusals=1, complaints=2
    )
    assert records[quiet.id] == CreditComponents()
    # 50·(1/3) + 20·(4/5) + 30·(4/5) - 10 = 16.67 + 16 + 24 - 10 = 46.67 -> 47
    assert credit_score(records[producer.id]).score == 47


def test_the_producer_page_shows_the_score_and_its_components(client, db_session, history):
    producer, quiet = history
    make_user(db_session, "operator@zone.test", UserRole.OPERATOR)
    sign_in(client, "operator@zone.test")
    html = client.get(f"/en/admin/producers/{producer.id}").get_data(as_text=True)
    assert '<strong id="credit-score">47</strong>' in html
    assert '<strong id="credit-grade">D</strong>' in html
    assert '<td id="credit-on-time">1 / 3</td>' in html
    assert '<td id="credit-cancelled">1 / 5</td>' in html
    assert "Broken seal" in html and "Wrong weight" in html
    listing = client.get("/en/admin/producers/").get_data(as_text=True)
    assert "47 (D)" in listing and "100 (A)" in listing


def test_the_producer_list_reads_credit_in_a_constant_number_of_queries(
    client, db_session, history, count_queries
):
    make_user(db_session, "operator@zone.test", UserRole.OPERATOR)
    sign_in(client, "operator@zone.test")
    client.get("/en/admin/producers/")  # warm caches
    db_session.commit()  # both counts start from an expired session
    with count_queries() as few:
        assert client.get("/en/admin/producers/").status_code == 200
    for _ in range(4):
        make_product(db_session)  # four more producers, each in its own county
    with count_queries() as more:
        assert client.get("/en/admin/producers/").status_code == 200
    assert len(more) == len(few)


@given(
    on_time=st.integers(0, 500),
    late=st.integers(0, 500),
    cancelled=st.integers(0, 500),
    refusals=st.integers(0, 1000),
    complaints=st.integers(0, 50),
)
def test_the_score_stays_in_range_and_never_rewards_a_worse_history(
    on_time, late, cancelled, refusals, complaints
):
    parcels = on_time + late + cancelled
    base = CreditComponents(
        parcels=parcels,
        on_time=on_time,
        late=late,
        cancelled=cancelled,
        customs_refusals=refusals,
        complaints=complaints,
    )
    score = credit_score(base).score
    assert 0 <= score <= 100
    # (a late parcel is not among them: it also lowers the cancellation rate of the others)
    worse = [
        CreditComponents(parcels, on_time, late, cancelled, refusals + 1, complaints),
        CreditComponents(
            parcels, max(on_time - 1, 0), late + min(on_time, 1), cancelled, refusals, complaints
        ),
        CreditComponents(parcels, on_time, late, cancelled, refusals, complaints + 1),
    ]
    assert all(credit_score(other).score <= score for other in worse)
