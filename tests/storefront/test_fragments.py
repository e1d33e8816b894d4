"""Cached page parts and pages follow the catalog: an edit shows on the very next request."""

from __future__ import annotations

from decimal import Decimal

import pytest

from catalog.models import Variant
from catalog.translation import translated_field
from storefront.fragments import clear_fragment_caches
from storefront.page_cache import page_cache
from tests.factories import make_producer, make_product


@pytest.fixture
def fragment_caching(app):
    app.config.update(FRAGMENT_CACHE_SECONDS=300, CATALOG_STAMP_SECONDS=0)
    clear_fragment_caches()
    page_cache.clear()
    yield
    app.config.update(FRAGMENT_CACHE_SECONDS=0, CATALOG_STAMP_SECONDS=2.0, PAGE_CACHE_SECONDS=0)
    clear_fragment_caches()
    page_cache.clear()


def _listing_html(client) -> str:
    response = client.get("/en/products/?page=1")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_listing_is_served_from_fragments_until_the_catalog_changes(
    client, db_session, count_queries, fragment_caching
):
    producer = make_producer(db_session)
    product = make_product(db_session, producer, is_featured=True)
    name = translated_field(product, "name", "en")
    assert name in _listing_html(client)
    with count_queries() as statements:
        assert name in _listing_html(client)
    # Only the version stamp is read: the cards and the count come from the cache.
    assert len(statements) == 1

    product.is_published = False
    db_session.commit()
    assert name not in _listing_html(client)


def test_a_new_price_shows_at_once(client, db_session, fragment_caching):
    producer = make_producer(db_session)
    product = make_product(db_session, producer, is_featured=True)
    client.get("/en/products/")
    for variant in product.variants:
        variant.price = Decimal("777.00")
    db_session.commit()
    assert "777" in _listing_html(client)


def test_fragments_are_kept_per_locale_and_currency(client, db_session, fragment_caching):
    producer = make_producer(db_session)
    product = make_product(db_session, producer, is_featured=True)
    english = _listing_html(client)
    french = client.get("/fr/products/").get_data(as_text=True)
    assert translated_field(product, "name", "en") in english
    assert translated_field(product, "name", "fr") in french
    assert 'lang="fr"' in french


def test_a_cached_page_is_dropped_when_the_catalog_changes(app, db_session, fragment_caching):
    app.config["PAGE_CACHE_SECONDS"] = 60
    product = make_product(db_session, make_producer(db_session))
    path = f"/en/products/{translated_field(product, 'slug', 'en')}"
    variant_id = product.variants[0].id
    with app.app_context():
        assert app.test_client().get(path).headers["X-Page-Cache"] == "miss"
    with app.app_context():
        assert app.test_client().get(path).headers["X-Page-Cache"] == "hit"
    variant = db_session.get(Variant, variant_id)  # the requests closed the session
    variant.price = Decimal("654.00")
    db_session.commit()
    with app.app_context():
        again = app.test_client().get(path)
    assert again.headers["X-Page-Cache"] == "miss"
    assert "654" in again.get_data(as_text=True)
