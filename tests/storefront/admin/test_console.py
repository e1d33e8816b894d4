"""The operator console: one role guard in front of it, China time inside it."""

from __future__ import annotations

import pytest
from flask import session

from storefront.accounts.models import UserRole
from storefront.preferences.visitor import SESSION_SHIP_TO, select_timezone
from tests.factories import make_producer, make_user, sign_in

CONSOLE = "/en/admin/"


def test_an_anonymous_visitor_is_sent_to_sign_in_and_back(client, db_session):
    response = client.get(CONSOLE)
    assert response.status_code == 302
    assert "/en/account/login" in response.location and "next=" in response.location


@pytest.mark.parametrize("role", [UserRole.BUYER, UserRole.COOP_MEMBER, UserRole.SHOWROOM_STAFF])
def test_other_roles_are_refused(client, db_session, role):
    producer = make_producer(db_session) if role is UserRole.COOP_MEMBER else None
    make_user(db_session, f"{role.value}@example.com", role, producer)
    sign_in(client, f"{role.value}@example.com")
    for page in (CONSOLE, "/en/admin/customs/", "/en/admin/shipping-rates/"):
        assert client.get(page).status_code == 403, page


def test_the_operator_finds_every_console_page_from_its_home(client, db_session):
    make_user(db_session, "operator@example.com", UserRole.OPERATOR)
    sign_in(client, "operator@example.com", locale="fr")  # g (and its catalog) outlives requests
    html = client.get("/fr/admin/").get_data(as_text=True)
    assert "Console de l’opérateur" in html
    assert 'href="/fr/admin/customs/"' in html and 'href="/fr/admin/shipping-rates/"' in html
    assert '<a href="/fr/admin/" aria-current="page">' in html
    for page in ("/fr/admin/customs/", "/fr/admin/shipping-rates/"):
        response = client.get(page)
        assert response.status_code == 200, page
        assert f'<a href="{page}" aria-current="page">' in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("path", "ship_to", "zone"),
    [
        ("/en/admin/", None, "Asia/Shanghai"),
        ("/ar/admin/customs/12", "JP", "Asia/Shanghai"),
        ("/en/coop/", "US", "Asia/Shanghai"),
        ("/zh-hant/showroom/", None, "Asia/Shanghai"),
        ("/en/products/linwu-duck", "JP", "Asia/Tokyo"),
        ("/en/products/linwu-duck", "US", "America/New_York"),
        ("/en/products/linwu-duck", None, "UTC"),
        ("/en/admin-notes", None, "UTC"),
    ],
)
def test_back_office_areas_read_china_time_and_buyers_their_destinations(app, path, ship_to, zone):
    with app.test_request_context(path):
        if ship_to:
            session[SESSION_SHIP_TO] = ship_to
        assert select_timezone() == zone
