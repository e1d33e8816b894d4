"""The anonymous page cache: hits skip the database, but never leak anything per visitor.

Most tests here only read the committed demo catalog and run without ``db_session``: that
fixture keeps one application context open, so ``g`` would be shared across requests, which
is not how requests run in production.
"""

from __future__ import annotations

import re

import pytest

from storefront.accounts.services import register_buyer
from storefront.fragments import clear_fragment_caches
from storefront.page_cache import page_cache

PRODUCT = "/en/products/linwu-braised-duck"


@pytest.fixture
def page_caching(app):
    app.config.update(PAGE_CACHE_SECONDS=60, CATALOG_STAMP_SECONDS=60)
    page_cache.clear()
    clear_fragment_caches()
    yield
    app.config.update(PAGE_CACHE_SECONDS=0, CATALOG_STAMP_SECONDS=2.0)
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
