"""The anonymous page cache: hits skip the database, but never leak anything per visitor.

Most tests here only read the committed demo catalog and run without ``db_session``: that
fixture keeps one application context open, so ``g`` would be shared across requests, which
is not how requests run in production.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from storefront.accounts.models import User, UserRole
from storefront.accounts.services import register_buyer
from storefront.fragments import clear_fragment_caches
from storefront.page_cache import page_cache
from storefront.personal_parts import clear_rendered_parts

PRODUCT = "/en/products/linwu-braised-duck"


@pytest.fixture
def page_caching(app):
    app.config.update(PAGE_CACHE_SECONDS=60, CATALOG_STAMP_SECONDS=60)
    page_cache.clear()
    clear_fragment_caches()
    clear_rendered_parts()
    yield
    app.config.update(PAGE_CACHE_SECONDS=0, CATALOG_STAMP_SECONDS=0)
    page_cache.clear()
    clear_fragment_caches()


def _token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


def test_second_anonymous_visit_is_served_from_the_cache_without_sql(
    app, page_caching, count_queries
):
    first = app.test_client().get(PRODUCT)
    assert first.headers["X-Page-Cache"] == "miss"
    with count_queries() as statements:
        second = app.test_client().get(PRODUCT)
    assert second.headers["X-Page-Cache"] == "hit"
    assert statements == []
    assert "Linwu" in second.get_data(as_text=True)


def test_each_visitor_gets_their_own_csrf_token(app, page_caching):
    first, second = app.test_client(), app.test_client()
    token_one = _token(first.get(PRODUCT).get_data(as_text=True))
    token_two = _token(second.get(PRODUCT).get_data(as_text=True))
    assert token_one != token_two
    assert "__page-cache-csrf-token__" not in second.get(PRODUCT).get_data(as_text=True)


def test_a_cached_page_still_accepts_the_visitors_form(app, page_caching):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        visitor = app.test_client()
        app.test_client().get(PRODUCT)  # someone else fills the cache
        html = visitor.get(PRODUCT).get_data(as_text=True)
        response = visitor.post(
            "/en/preferences",
            data={"csrf_token": _token(html), "currency": "USD", "ship_to": "", "next": PRODUCT},
        )
        assert response.status_code in (302, 303)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_preferences_are_part_of_the_key(app, page_caching):
    client = app.test_client()
    cny = client.get(PRODUCT).get_data(as_text=True)
    usd = client.get(PRODUCT + "?currency=USD").get_data(as_text=True)
    again = client.get(PRODUCT).get_data(as_text=True)  # the session keeps USD
    assert "$" in usd and "$" in again and "$" not in cny


def test_pages_with_a_notice_are_not_cached(app, page_caching):
    client = app.test_client()
    response = client.get(PRODUCT + "?currency=XYZ")
    assert "X-Page-Cache" not in response.headers
    assert "XYZ" in response.get_data(as_text=True)
    assert "XYZ" not in client.get(PRODUCT).get_data(as_text=True)


def _signed_in_client(app, db_session, email: str):
    register_buyer(db_session, email=email, password="a-long-password-1", locale="en")
    db_session.commit()
    client = app.test_client()
    with app.app_context():
        client.post(
            "/en/account/login",
            data={"email": email, "password": "a-long-password-1"},
            follow_redirects=True,  # the welcome notice is shown (and so no longer pending)
        )
    return client


def test_signed_in_visitors_get_the_cached_page_with_their_own_account_links(
    app, db_session, page_caching
):
    buyer = _signed_in_client(app, db_session, "cached@example.com")
    # A fresh application context per request, as in production (db_session keeps one open).
    with app.app_context():
        anonymous_first = app.test_client().get(PRODUCT)
    with app.app_context():
        response = buyer.get(PRODUCT)
    with app.app_context():
        anonymous_again = app.test_client().get(PRODUCT)
    assert anonymous_first.headers["X-Page-Cache"] == "miss"
    assert response.headers["X-Page-Cache"] == "hit"
    html = response.get_data(as_text=True)
    assert "Your orders" in html and "Sign in" not in html
    assert "personal-part" not in html
    assert "Linwu" in html
    for page in (anonymous_first, anonymous_again):
        shown = page.get_data(as_text=True)
        assert "Sign in" in shown and "Your orders" not in shown
    assert anonymous_again.headers["X-Page-Cache"] == "hit"


def test_a_page_first_rendered_for_a_signed_in_visitor_is_shared_without_their_links(
    app, db_session, page_caching
):
    buyer = _signed_in_client(app, db_session, "first@example.com")
    with app.app_context():
        first = buyer.get(PRODUCT)
    with app.app_context():
        anonymous = app.test_client().get(PRODUCT)
    assert first.headers["X-Page-Cache"] == "miss"
    assert "Your orders" in first.get_data(as_text=True)
    assert anonymous.headers["X-Page-Cache"] == "hit"
    assert "Your orders" not in anonymous.get_data(as_text=True)
    assert "Sign in" in anonymous.get_data(as_text=True)


def test_not_found_pages_are_not_cached(app, page_caching):
    client = app.test_client()
    assert client.get("/en/products/no-such-thing").status_code == 404
    response = client.get("/en/products/no-such-thing")
    assert response.status_code == 404
    assert response.headers.get("X-Page-Cache") != "hit"


def _fresh_context_get(app, client, path: str):
    with app.app_context():
        return client.get(path)


def test_each_role_gets_its_own_links_from_one_cached_page(app, db_session, page_caching):
    """Account links are rendered once per locale and role and reused: never another's."""
    buyer = _signed_in_client(app, db_session, "links-buyer@example.com")
    operator_user = register_buyer(
        db_session, email="links-operator@example.com", password="a-long-password-1", locale="en"
    )
    operator_user.role = UserRole.OPERATOR
    db_session.commit()
    operator = app.test_client()
    with app.app_context():
        operator.post(
            "/en/account/login",
            data={"email": "links-operator@example.com", "password": "a-long-password-1"},
            follow_redirects=True,
        )
    pages = {}
    for name, visitor in (
        ("operator", operator),
        ("buyer", buyer),
        ("anonymous", app.test_client()),
        ("operator again", operator),
        ("anonymous again", app.test_client()),
    ):
        pages[name] = _fresh_context_get(app, visitor, PRODUCT)
    assert pages["operator"].headers["X-Page-Cache"] == "miss"
    assert all(pages[name].headers["X-Page-Cache"] == "hit" for name in list(pages)[1:])
    html = {name: page.get_data(as_text=True) for name, page in pages.items()}
    for name in ("operator", "operator again"):
        assert "Operator console" in html[name] and "Your orders" in html[name]
    assert "Your orders" in html["buyer"] and "Operator console" not in html["buyer"]
    for name in ("anonymous", "anonymous again"):
        shown = html[name]
        assert "Sign in" in shown
        assert "Your orders" not in shown and "Operator console" not in shown


def test_links_follow_the_locale_of_the_page(app, page_caching):
    english = app.test_client().get(PRODUCT).get_data(as_text=True)
    french = app.test_client().get("/fr/products/canard-braise-de-linwu").get_data(as_text=True)
    assert "Sign in" in english and "Se connecter" not in english
    assert "Se connecter" in french and ">Sign in<" not in french


def test_a_session_ended_elsewhere_sees_the_signed_out_links(app, db_session, page_caching):
    buyer = _signed_in_client(app, db_session, "ended@example.com")
    assert "Your orders" in _fresh_context_get(app, buyer, PRODUCT).get_data(as_text=True)
    user = db_session.scalars(select(User).where(User.email == "ended@example.com")).one()
    user.end_sessions()
    db_session.commit()
    after = _fresh_context_get(app, buyer, PRODUCT)
    assert after.headers["X-Page-Cache"] == "hit"
    assert "Sign in" in after.get_data(as_text=True)
    assert "Your orders" not in after.get_data(as_text=True)


def test_a_cached_page_holds_no_marker_and_no_slot(app, page_caching):
    app.test_client().get(PRODUCT)
    for _ in range(2):
        html = app.test_client().get(PRODUCT).get_data(as_text=True)
        assert "personal-part" not in html and "__page-cache-csrf-token__" not in html
        assert html.count('name="csrf_token"') >= 1 and html.rstrip().endswith("</html>")


def test_tokens_stay_personal_whatever_the_csrf_field_is_called(app, page_caching):
    """Shared HTML keeps a placeholder for the token Flask-WTF stored under its field name."""
    app.config.update(WTF_CSRF_FIELD_NAME="other_token", FRAGMENT_CACHE_SECONDS=60)
    try:
        tokens = {_token(app.test_client().get(PRODUCT).get_data(as_text=True)) for _ in range(3)}
    finally:
        app.config.update(WTF_CSRF_FIELD_NAME="csrf_token", FRAGMENT_CACHE_SECONDS=0)
    assert len(tokens) == 3
