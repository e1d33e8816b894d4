"""Cached page parts and pages follow the catalog: an edit shows on the very next request."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from catalog.models import (
    Batch,
    BatchKind,
    CatalogRevision,
    DestinationRule,
    EligibilityStatus,
    ProductClass,
    Variant,
)
from catalog.queries import catalog_version
from catalog.translation import translated_field
from storefront.checkout.placement import place_order
from storefront.fragments import clear_fragment_caches
from storefront.orders.actors import Actor
from storefront.orders.services import cancel_order, mark_order_paid
from storefront.page_cache import page_cache
from storefront.reference_cache import reference_cache
from storefront.shipping.models import ShippingMethod
from tests.factories import demo_product, make_producer, make_product
from tests.storefront.conftest import buyer


@pytest.fixture
def fragment_caching(app):
    app.config.update(FRAGMENT_CACHE_SECONDS=300, CATALOG_STAMP_SECONDS=0)
    clear_fragment_caches()
    page_cache.clear()
    yield
    app.config.update(FRAGMENT_CACHE_SECONDS=0, CATALOG_STAMP_SECONDS=0, PAGE_CACHE_SECONDS=0)
    clear_fragment_caches()
    page_cache.clear()


def _revision(session) -> int:
    return session.scalar(select(CatalogRevision.revision))


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


def test_a_sale_moves_the_stamp_only_when_pages_show_the_pack_differently(
    db_session, two_coops, order_declarations
):
    """Stock taken by an order is a statement, not a flushed object. Pages show a pack's stock
    up to 20 (in stock, sold out, a cart line's limit): a sale from deep stock changes nothing
    shown, moves no stamp and locks no revision row; one that leaves fewer than 20 does."""
    tea, duck = two_coops
    tea.variants[0].stock = 100
    db_session.commit()
    stamp = catalog_version(db_session)
    deep = place_order(
        db_session, {tea.variants[0].id: 2}, buyer(), ShippingMethod.INTERNATIONAL_EXPRESS
    )
    mark_order_paid(db_session, deep, actor=Actor("test"), declarations=order_declarations)
    db_session.commit()
    assert catalog_version(db_session) == stamp  # 98 left: shown as "in stock", up to 20

    low = place_order(
        db_session, {duck.variants[0].id: 2}, buyer(), ShippingMethod.INTERNATIONAL_EXPRESS
    )
    db_session.commit()
    assert catalog_version(db_session) != stamp  # 10 -> 8 left: a line's limit changed
    stamp = catalog_version(db_session)
    cancel_order(db_session, low, actor=Actor("test"), declarations=order_declarations)
    db_session.commit()
    assert catalog_version(db_session) != stamp  # given back: 10 again


def test_a_translation_only_edit_shows_on_the_next_request(client, db_session, fragment_caching):
    product = make_product(db_session, is_featured=True, locales=("en", "fr"))
    french = next(t for t in product.translations if t.locale == "fr")
    old_name = french.name
    assert old_name in client.get("/fr/products/").get_data(as_text=True)
    french.name = "Thé des nuages de Guidong"
    db_session.commit()
    listing = client.get("/fr/products/").get_data(as_text=True)
    assert "Thé des nuages de Guidong" in listing and old_name not in listing
    assert "Thé des nuages de Guidong" in client.get("/fr/").get_data(as_text=True)


def test_a_new_batch_shows_on_the_cached_product_page(app, db_session, fragment_caching):
    app.config["PAGE_CACHE_SECONDS"] = 60
    product = make_product(db_session)
    path = f"/en/products/{translated_field(product, 'slug', 'en')}"
    with app.app_context():
        assert "LOT-NEW-7" not in app.test_client().get(path).get_data(as_text=True)
    db_session.add(
        Batch(
            product_id=product.id,
            lot_number="LOT-NEW-7",
            kind=BatchKind.PRODUCTION,
            produced_on=date(2026, 11, 20),
        )
    )
    db_session.commit()
    with app.app_context():
        again = app.test_client().get(path)
    assert again.headers["X-Page-Cache"] == "miss"
    assert "LOT-NEW-7" in again.get_data(as_text=True)


def _product_path(product, locale: str = "en") -> str:
    return f"/{locale}/products/{translated_field(product, 'slug', locale)}"


def test_a_product_page_body_is_served_from_the_cache(
    client, db_session, count_queries, fragment_caching
):
    product = make_product(db_session)
    path = _product_path(product)
    assert client.get(path).status_code == 200
    with count_queries() as statements:
        html = client.get(path).get_data(as_text=True)
    assert len(statements) == 1  # the stamp: the product, its packs and texts come cached
    assert translated_field(product, "name", "en") in html
    assert client.get(path.replace("/en/", "/fr/")).status_code in (200, 301)


def test_a_cached_product_body_follows_stock(client, db_session, fragment_caching):
    product = make_product(db_session, stock=3)
    path = _product_path(product)
    assert "In stock" in client.get(path).get_data(as_text=True)
    variant = db_session.get(Variant, product.variants[0].id)
    variant.stock = 0
    db_session.commit()
    html = client.get(path).get_data(as_text=True)
    assert "Sold out" in html and 'name="variant_id"' not in html


def test_cached_product_bodies_are_kept_per_currency_and_destination(
    app, db_session, fragment_caching
):
    duck = demo_product(db_session, "linwu-braised-duck")
    path = _product_path(duck)
    pages = {}
    for name, query in (("plain", ""), ("usd", "?currency=USD"), ("gb", "?ship_to=GB")):
        visitor = app.test_client()
        visitor.get(path + query)  # sets the visitor's preference
        pages[name] = visitor.get(path).get_data(as_text=True)
    pages["plain again"] = app.test_client().get(path).get_data(as_text=True)
    assert "$" in pages["usd"] and "$" not in pages["plain"]
    assert "notice-blocked" in pages["gb"] and 'name="variant_id"' not in pages["gb"]
    for name in ("plain", "plain again"):
        assert "Choose your destination" in pages[name] and "notice-blocked" not in pages[name]
        assert 'name="variant_id"' in pages[name] and "$" not in pages[name]


def test_each_visitor_gets_their_own_token_in_a_cached_product_body(app, fragment_caching):
    tokens = set()
    for _ in range(2):
        html = app.test_client().get("/en/products/linwu-braised-duck").get_data(as_text=True)
        assert "__page-cache-csrf-token__" not in html
        form = html[html.index('class="add-to-cart"') :]
        tokens.add(re.search(r'name="csrf_token" value="([^"]+)"', form).group(1))
    assert len(tokens) == 2


def test_cached_cards_are_kept_per_destination(app, db_session, fragment_caching):
    duck = demo_product(db_session, "linwu-braised-duck")
    name = translated_field(duck, "name", "en")
    to_britain = app.test_client()
    to_britain.get("/en/?ship_to=GB")
    with_badges = to_britain.get("/en/products/").get_data(as_text=True)
    without = app.test_client().get("/en/products/").get_data(as_text=True)
    assert name in with_badges and name in without
    assert "eligibility-blocked" in with_badges
    assert "eligibility" not in without.replace("eligibility_", "")


def test_the_cart_page_is_read_from_cached_pack_cards(
    client, db_session, count_queries, fragment_caching
):
    product = make_product(db_session, stock=5)
    variant_id = product.variants[0].id
    client.post("/en/cart/add", data={"variant_id": variant_id, "quantity": 3})
    name = translated_field(product, "name", "en")
    assert name in client.get("/en/cart").get_data(as_text=True)
    with count_queries() as statements:
        page = client.get("/en/cart").get_data(as_text=True)
    assert len(statements) == 1  # the stamp
    assert name in page and 'value="3"' in page


def test_the_cart_page_follows_stock_and_unpublishing_at_once(client, db_session, fragment_caching):
    product = make_product(db_session, stock=5)
    variant_id = product.variants[0].id
    client.post("/en/cart/add", data={"variant_id": variant_id, "quantity": 4})
    assert 'value="4"' in client.get("/en/cart").get_data(as_text=True)
    variant = db_session.get(Variant, variant_id)
    variant.stock = 2
    db_session.commit()
    page = client.get("/en/cart").get_data(as_text=True)
    assert 'value="2"' in page and "Only 2 available" in page
    variant = db_session.get(Variant, variant_id)
    variant.product.is_published = False
    db_session.commit()
    assert "Your cart is empty" in client.get("/en/cart").get_data(as_text=True)


def test_search_filters_and_home_blocks_are_kept_per_locale(app, fragment_caching):
    """Each request in its own application context, as in production (the ``client`` fixture
    shares one, and Flask-Babel keeps the first request's language in it)."""

    def page(path: str) -> str:
        with app.app_context():
            return app.test_client().get(path).get_data(as_text=True)

    english = page("/en/search?q=duck&category=tea")
    french = page("/fr/search?q=duck")
    assert '<option value="tea" selected>Tea</option>' in english
    assert '<option value="tea">Thé</option>' in french and ">Tea<" not in french
    assert '<option value="linwu" selected>' in page("/en/search?county=linwu")
    home_en, home_fr = page("/en/"), page("/fr/")
    assert "Linwu County" in home_en and "Linwu County" not in home_fr
    assert "Comté de Linwu" in home_fr


def test_a_destination_rule_edit_shows_on_a_cached_product_page_at_once(
    app, client, db_session, fragment_caching
):
    app.config["REFERENCE_CACHE_SECONDS"] = 300
    try:
        duck = demo_product(db_session, "linwu-braised-duck")
        path = _product_path(duck) + "?ship_to=GB"
        assert "notice-blocked" in client.get(path).get_data(as_text=True)
        rule = db_session.scalars(
            select(DestinationRule).where(
                DestinationRule.product_class == ProductClass.COOKED_POULTRY,
                DestinationRule.country == "GB",
            )
        ).one()
        rule.status = EligibilityStatus.ALLOWED
        db_session.commit()
        html = client.get(path).get_data(as_text=True)
        assert "notice-allowed" in html and "notice-blocked" not in html
    finally:
        app.config["REFERENCE_CACHE_SECONDS"] = 0
        reference_cache.clear()
