"""Users and roles: find users, change a role (audited, sessions ended), and the refusals: the
last operator, one's own operator role, making a cooperative member from the console."""

from __future__ import annotations

from sqlalchemy import select

from storefront.accounts.models import User, UserRole
from storefront.admin.models import ConsoleAction
from tests.factories import make_user, sign_in


def test_find_and_change_a_role_with_the_refusals(client, db_session):
    me = make_user(db_session, "first.operator@zone.test", UserRole.OPERATOR)
    buyer = make_user(db_session, "li.na@example.test", UserRole.BUYER)
    sign_in(client, "first.operator@zone.test")

    html = client.get("/en/admin/users/?q=LI.NA").get_data(as_text=True)
    assert "li.na@example.test" in html and "first.operator@zone.test" not in html
    assert "1 user" in html
    html = client.get("/en/admin/users/?role=operator").get_data(as_text=True)
    assert "first.operator@zone.test" in html and "li.na@example.test" not in html

    # my own operator role
    response = client.post(f"/en/admin/users/{me.id}/role", data={f"u{me.id}-role": "buyer"})
    assert response.status_code == 400
    assert "You cannot remove your own operator role" in response.get_data(as_text=True)
    assert me.role is UserRole.OPERATOR
    # a member only through an invitation
    response = client.post(
        f"/en/admin/users/{buyer.id}/role", data={f"u{buyer.id}-role": "coop_member"}
    )
    assert response.status_code == 400 and buyer.role is UserRole.BUYER

    generation = buyer.session_generation
    response = client.post(
        f"/en/admin/users/{buyer.id}/role", data={f"u{buyer.id}-role": "operator"}
    )
    assert response.status_code == 303
    assert buyer.role is UserRole.OPERATOR and buyer.session_generation == generation + 1
    action = db_session.scalars(
        select(ConsoleAction).where(ConsoleAction.action == "role_changed")
    ).one()
    assert action.actor_user_id == me.id and action.note == "buyer → operator"
    audit = client.get("/en/admin/audit/?kind=user").get_data(as_text=True)
    assert "Role changed" in audit and "li.na@example.test" in audit

    # the other operator takes my role away; then nobody may take the last one's
    sign_in(client, "li.na@example.test")
    response = client.post(f"/en/admin/users/{me.id}/role", data={f"u{me.id}-role": "buyer"})
    assert response.status_code == 303 and me.role is UserRole.BUYER
    assert db_session.scalars(select(User).where(User.role == UserRole.OPERATOR)).all() == [buyer]


def test_the_last_operator_keeps_the_role(client, db_session):
    import pytest

    from catalog.listings.problems import ListingRefused
    from storefront.admin.user_roles import change_role

    only = make_user(db_session, "only.operator@zone.test", UserRole.OPERATOR)
    other = make_user(db_session, "helper@zone.test", UserRole.SHOWROOM_STAFF)
    with pytest.raises(ListingRefused) as refused:
        change_role(db_session, only.id, UserRole.BUYER, actor_user_id=other.id)
    assert [p.code for p in refused.value.problems] == ["last_operator"]
