"""The search page: every locale, Chinese substrings, filters, pagination, escaping, query counts."""

from __future__ import annotations

import re

import pytest

from catalog.locales import BCP47_TAGS, SUPPORTED_LOCALES
from catalog.search import index_products
from catalog.translation import translated_field
from tests.factories import demo_product, make_producer, make_product


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_search_page_renders_in_every_locale(client, db_session, locale):
    duck = demo_product(db_session, "linwu-braised-duck")
    response = client.get(f"/{locale}/search?q=%E9%B8%AD")  # 鸭
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'lang="{BCP47_TAGS[locale]}"' in html
    assert f'dir="{"rtl" if locale == "ar" else "ltr"}"' in html
    assert translated_field(duck, "name", locale) in html
    assert 'name="robots" content="noindex' in html


def test_empty_search_shows_the_form_only(client):
    html = client.get("/en/search").get_data(as_text=True)
    assert 'id="result-count"' not in html
    assert 'name="q"' in html


def test_search_input_is_never_reflected_unescaped(client):
    payload = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
    response = client.get("/en/search", query_string={"q": payload})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_a_long_query_is_shortened_with_a_notice(client, app):
    html = client.get("/en/search", query_string={"q": "a" * 500}).get_data(as_text=True)
    limit = app.config["MAX_QUERY_LENGTH"]
    assert f'name="q" value="{"a" * limit}"' in html
    assert f"“{'a' * (limit + 1)}" not in html
    assert "shortened" in html


def test_unknown_filters_are_ignored_with_a_notice(client):
    response = client.get("/en/search?q=duck&county=atlantis&category=spaceships")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "not recognised" in html
    assert "linwu" in html.lower()


def test_bad_page_number_is_a_400_page_not_a_500(client):
    response = client.get("/en/search?q=duck&page=abc")
    assert response.status_code == 400


def test_filters_by_county_and_category(client, db_session):
    duck = demo_product(db_session, "linwu-braised-duck")
    name = translated_field(duck, "name", "en")
    html = client.get(f"/en/search?county={duck.county.code}").get_data(as_text=True)
    assert name in html
    html = client.get("/en/search?category=tea&q=duck").get_data(as_text=True)
    assert name not in html


def test_can_ship_to_filter_hides_blocked_products(client, db_session):
    duck = demo_product(db_session, "linwu-braised-duck")
    name = translated_field(duck, "name", "en")
    client.get("/en/?ship_to=GB")  # cooked poultry may not be sent to the UK
    assert name in client.get("/en/search?q=duck").get_data(as_text=True)
    html = client.get("/en/search?q=duck&shippable=1").get_data(as_text=True)
    assert name not in html


def test_can_ship_to_filter_without_a_destination_asks_for_one(client):
    html = client.get("/en/search?q=duck&shippable=1").get_data(as_text=True)
    assert "Choose your destination" in html


def test_pagination_keeps_the_query_and_filters(client, db_session, app):
    producer = make_producer(db_session)
    products = [make_product(db_session, producer) for _ in range(5)]
    for product in products:
        product.translations[0].name = "Wombatleaf tea"
    index_products(db_session, products)
    app.config["PAGE_SIZE"] = 2
    try:
        first = client.get("/en/search?q=wombatleaf&category=tea").get_data(as_text=True)
        third = client.get("/en/search?q=wombatleaf&category=tea&page=3").get_data(as_text=True)
    finally:
        app.config["PAGE_SIZE"] = 24
    assert "5 products found" in first
    next_link = re.search(r'rel="next" href="([^"]+)"', first).group(1)
    assert "q=wombatleaf" in next_link and "category=tea" in next_link and "page=2" in next_link
    assert third.count("Wombatleaf tea") == 1


def test_search_query_count_does_not_grow_with_matches(client, db_session, count_queries):
    producer = make_producer(db_session)
    products = [make_product(db_session, producer) for _ in range(33)]
    for number, product in enumerate(products):
        product.translations[0].name = "Numbat tea" if number < 3 else "Quoll tea"
    index_products(db_session, products)
    client.get("/en/?currency=USD&ship_to=FR")
    with count_queries() as three:
        assert "3 products found" in client.get("/en/search?q=numbat").get_data(as_text=True)
    with count_queries() as thirty:
        assert "30 products found" in client.get("/en/search?q=quoll").get_data(as_text=True)
    assert len(three) == len(thirty)
