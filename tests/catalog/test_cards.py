"""Product cards: the fields a listing shows, with the same fallback as the product pages."""

from __future__ import annotations

from decimal import Decimal

from catalog.cards import product_cards
from catalog.queries import list_products
from catalog.translation import translated_field
from tests.factories import make_producer, make_product


def test_cards_carry_what_a_card_shows_in_the_asked_order(db_session):
    producer = make_producer(db_session)
    first, second = make_product(db_session, producer), make_product(db_session, producer)
    first.variants[0].price = Decimal("88.00")
    db_session.flush()
    cards = product_cards(db_session, [second.id, first.id, 999_999])
    assert [card.code for card in cards] == [second.code, first.code]
    card = cards[1]
    assert card.category is first.category and card.product_class is first.product_class
    assert card.starting_price == min(v.price for v in first.variants if v.is_active)
    for locale in ("en", "fr", "zh-hant", "ar"):
        for field in ("name", "slug", "summary"):
            assert translated_field(card, field, locale) == translated_field(first, field, locale)
        assert translated_field(card.county, "name", locale) == translated_field(
            first.county, "name", locale
        )


def test_a_product_without_active_packs_has_no_starting_price(db_session):
    product = make_product(db_session)
    for variant in product.variants:
        variant.is_active = False
    db_session.flush()
    assert product_cards(db_session, [product.id])[0].starting_price is None


def test_listing_pages_hold_cards_of_visible_products(db_session):
    producer = make_producer(db_session)
    shown = make_product(db_session, producer)
    make_product(db_session, producer, is_published=False)
    page = list_products(db_session, per_page=100)
    assert shown.code in {card.code for card in page.items}
    assert page.total == len(page.items)
