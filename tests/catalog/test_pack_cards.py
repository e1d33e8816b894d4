"""Pack cards: what a cart line shows of a pack, the same as the ORM objects say."""

from __future__ import annotations

from decimal import Decimal

from catalog.models import ProducerTranslation, ProductClass
from catalog.pack_cards import pack_cards
from catalog.translation import translated_field
from tests.factories import make_producer, make_product


def test_pack_cards_answer_what_the_cart_reads_of_a_variant(db_session):
    producer = make_producer(db_session)
    producer.translations.append(ProducerTranslation(locale="zh-hans", name="测试合作社"))
    product = make_product(
        db_session, producer, price="66.60", stock=4, product_class=ProductClass.TEA
    )
    variant = product.variants[0]
    db_session.flush()
    cards = pack_cards(db_session, [variant.id, 999_999])
    assert list(cards) == [variant.id]
    card = cards[variant.id]
    assert (card.sku, card.price, card.currency, card.stock) == (
        variant.sku,
        Decimal("66.60"),
        "CNY",
        4,
    )
    assert (card.net_weight_g, card.units_per_pack, card.is_active, card.in_stock) == (
        variant.net_weight_g,
        variant.units_per_pack,
        True,
        True,
    )
    assert card.product.product_class is ProductClass.TEA
    assert card.product.is_published and card.product.channel is product.channel
    assert card.product.producer.status is producer.status
    assert card.product.producer.code == producer.code
    for locale in ("en", "zh-hans", "fr", "ar"):
        assert translated_field(card.product, "name", locale) == translated_field(
            product, "name", locale
        )
        assert translated_field(card.product, "slug", locale) == translated_field(
            product, "slug", locale
        )
        assert translated_field(card.product.producer, "name", locale) == translated_field(
            producer, "name", locale
        )
        assert translated_field(card.product.producer.county, "name", locale) == (
            translated_field(producer.county, "name", locale)
        )


def test_no_ids_no_query(db_session, count_queries):
    with count_queries() as statements:
        assert pack_cards(db_session, []) == {}
    assert statements == []
