"""SQL statements per page stay the same however many products the catalog holds."""

from __future__ import annotations

from catalog.translation import translated_field
from tests.factories import make_producer, make_product


def _queries_for(client, count_queries, path):
    with count_queries() as statements:
        response = client.get(path)
    assert response.status_code == 200
    return len(statements)


def test_listing_query_count_does_not_grow_with_products(client, db_session, count_queries, app):
    # Up to 400 rows per page: below SQLAlchemy's selectin batch of 500 ids, past which loading
    # the translations/variants of one page takes a second, constant, round of queries.
    app.config["PAGE_SIZE"] = 400
    try:
        producer = make_producer(db_session)
        for _ in range(10):
            make_product(db_session, producer)
        with_ten = _queries_for(client, count_queries, "/en/products/")
        for _ in range(290):
            make_product(db_session, producer)
        with_three_hundred = _queries_for(client, count_queries, "/en/products/")
    finally:
        app.config["PAGE_SIZE"] = 24
    assert with_ten == with_three_hundred


def test_home_and_county_pages_query_count_is_constant(client, db_session, count_queries):
    producer = make_producer(db_session)
    make_product(db_session, producer, is_featured=True)
    county_path = f"/en/counties/{translated_field(producer.county, 'slug', 'en')}"
    home_before = _queries_for(client, count_queries, "/en/")
    county_before = _queries_for(client, count_queries, county_path)
    for _ in range(40):
        make_product(db_session, producer, is_featured=True)
    assert _queries_for(client, count_queries, "/en/") == home_before
    assert _queries_for(client, count_queries, county_path) == county_before


def test_pages_with_a_currency_and_destination_keep_constant_query_counts(
    client, db_session, count_queries
):
    producer = make_producer(db_session)
    product = make_product(db_session, producer, is_featured=True)
    product_path = f"/en/products/{translated_field(product, 'slug', 'en')}"
    client.get("/en/?currency=JPY&ship_to=GB")
    home_before = _queries_for(client, count_queries, "/en/")
    list_before = _queries_for(client, count_queries, "/en/products/")
    product_before = _queries_for(client, count_queries, product_path)
    for _ in range(20):
        make_product(db_session, producer, is_featured=True)
    assert _queries_for(client, count_queries, "/en/") == home_before
    assert _queries_for(client, count_queries, "/en/products/") == list_before
    assert _queries_for(client, count_queries, product_path) == product_before
