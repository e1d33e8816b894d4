"""The audit log: one searchable list of what happened to orders, listings, declarations and
producers, with who and when; filters, pagination and a query count that does not grow."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from catalog.negative_list import put_on
from catalog.producers import suspend
from storefront.accounts.models import User, UserRole
from storefront.admin.audit_log import AuditFilters, ObjectKind, audit_page
from tests.factories import make_user, sign_in


@pytest.fixture
def operator(client, db_session):
    user = make_user(db_session, "auditor@zone.test", UserRole.OPERATOR)
    sign_in(client, "auditor@zone.test")
    return user


def test_every_source_appears_with_who_and_what(client, db_session, place_paid_order, operator):
    order = place_paid_order()
    producer = order.sub_orders[0].producer
    suspend(db_session, producer.id, reason="Audit of the cold chain", actor_user_id=operator.id)
    db_session.commit()
    html = client.get("/en/admin/audit/").get_data(as_text=True)
    assert order.number in html  # order events
    assert "Payment: Paid" in html
    assert "Audit of the cold chain" in html and "auditor@zone.test" in html
    assert "Suspended" in html

    page = audit_page(db_session, AuditFilters(kind=ObjectKind.DECLARATION))
    assert page.total > 0 and {row.kind for row in page.rows} == {ObjectKind.DECLARATION}
    page = audit_page(db_session, AuditFilters(reference=order.number.lower()))
    assert page.total > 0 and all(order.number in row.reference for row in page.rows)
    page = audit_page(db_session, AuditFilters(actor="auditor@"))
    assert [row.note for row in page.rows] == ["Audit of the cold chain"]
    page = audit_page(db_session, AuditFilters(text="cold chain"))
    assert page.total == 1
    assert audit_page(db_session, AuditFilters(date_to=date(2020, 1, 1))).total == 0


def test_filters_through_the_page_and_a_bad_date_is_refused_at_its_field(
    client, db_session, two_coops, operator
):
    tea, _duck = two_coops
    put_on(db_session, tea.producer_id, reason="Fake origin labels", actor_user_id=operator.id)
    db_session.commit()
    response = client.get("/en/admin/audit/?kind=producer&text=origin")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Put on the negative list" in html and "Fake origin labels" in html
    assert "1 entry" in html

    response = client.get("/en/admin/audit/?date_from=yesterday&text=origin")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Dates are written YYYY-MM-DD: yesterday was ignored." in html
    assert 'value="yesterday"' in html and "Fake origin labels" in html
    response = client.get("/en/admin/audit/?kind=nonsense&page=x")
    assert response.status_code == 400


def test_the_page_reads_in_a_constant_number_of_queries(
    client, db_session, place_paid_order, operator, count_queries
):
    place_paid_order()
    db_session.commit()
    with count_queries() as few:
        client.get("/en/admin/audit/")
    for _ in range(3):
        place_paid_order()
    db_session.commit()
    with count_queries() as more:
        client.get("/en/admin/audit/")
    assert len(more) == len(few)
    assert db_session.scalars(select(User.id)).first() is not None


def test_more_than_a_page_is_paginated(client, db_session, two_coops, operator):
    from storefront.admin.models import ConsoleAction

    for n in range(55):
        db_session.add(
            ConsoleAction(
                actor_user_id=operator.id,
                object_kind="user",
                object_ref=str(n),
                action="role_changed",
                note=f"note {n}",
            )
        )
    db_session.commit()
    first = client.get("/en/admin/audit/?kind=user").get_data(as_text=True)
    assert "55 entries" in first and 'rel="next"' in first
    second = client.get("/en/admin/audit/?kind=user&page=2").get_data(as_text=True)
    assert second.count("Role changed") == 5
