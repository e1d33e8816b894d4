"""SQL statements per page stay the same however many products the catalog holds."""

from __future__ import annotations

from catalog.models import Producer
from catalog.translation import translated_field
from tests.factories import make_producer, make_product


def _queries_for(client, count_queries, path):
    with count_queries() as statements:
        response = client.get(path)
    assert response.status_code == 200
    return len(statements)


def test_listing_query_count_does_not_grow_with_products(client, db_session, count_queries, app):
    app.config["PAGE_SIZE"] = 200  # the 10-product page lists all, the 500 one a full page
    try:
        producer = make_producer(db_session)
        producer_id = producer.id
        for _ in range(10):
            make_product(db_session, producer)
        with_ten = _queries_for(client, count_queries, "/en/products/")
        producer = db_session.get(Producer, producer_id)  # the request closed the session
        for _ in range(490):
            make_product(db_session, producer)
        with_five_hundred = _queries_for(client, count_queries, "/en/products/")
    finally:
        app.config["PAGE_SIZE"] = 24
    assert with_ten == with_five_hundred


def test_home_and_county_pages_query_count_is_constant(client, db_session, count_queries):
    producer = make_producer(db_session)
    producer_id = producer.id
    make_product(db_session, producer, is_featured=True)
    county_path = f"/en/counties/{translated_field(producer.county, 'slug', 'en')}"
    home_before = _queries_for(client, count_queries, "/en/")
    county_before = _queries_for(client, count_queries, county_path)
    producer = db_session.get(Producer, producer_id)
    for _ in range(40):
        make_product(db_session, producer, is_featured=True)
    assert _queries_for(client, count_queries, "/en/") == home_before
    assert _queries_for(client, count_queries, county_path) == county_before


def test_pages_with_a_currency_and_destination_keep_constant_query_counts(
    client, db_session, count_queries
):
    producer = make_producer(db_session)
    producer_id = producer.id
    product = make_product(db_session, producer, is_featured=True)
    product_path = f"/en/products/{translated_field(product, 'slug', 'en')}"
    client.get("/en/?currency=JPY&ship_to=GB")
    home_before = _queries_for(client, count_queries, "/en/")
    list_before = _queries_for(client, count_queries, "/en/products/")
    product_before = _queries_for(client, count_queries, product_path)
    producer = db_session.get(Producer, producer_id)
    for _ in range(20):
        make_product(db_session, producer, is_featured=True)
    assert _queries_for(client, count_queries, "/en/") == home_before
    assert _queries_for(client, count_queries, "/en/products/") == list_before
    assert _queries_for(client, count_queries, product_path) == product_before
