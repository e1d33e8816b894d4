"""Search across every translation, on SQLite (FTS5 trigram) and PostgreSQL (pg_trgm)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from catalog.models import Category, ProductClass, ProductSearchDocument
from catalog.search import (
    SearchFilters,
    build_document,
    index_products,
    normalise_text,
    query_terms,
    search_products,
)
from catalog.translation import translated_field
from tests.factories import demo_product, make_producer, make_product


def _codes(session, **filters) -> list[str]:
    return [p.code for p in search_products(session, SearchFilters(**filters), per_page=100).items]


def test_query_terms_are_casefolded_and_deduplicated():
    assert query_terms("  Linwu  DUCK linwu ") == ["linwu", "duck"]
    assert normalise_text("ＬＩＮＷＵ") == "linwu"  # full-width letters (NFKC)
    assert len(query_terms(" ".join(f"w{i}" for i in range(20)))) == 8


def test_one_chinese_character_finds_the_duck(db_session):
    duck = demo_product(db_session, "linwu-braised-duck")
    assert "鸭" in translated_field(duck, "name", "zh-hans")
    codes = _codes(db_session, query="鸭")
    assert "linwu-braised-duck" in codes
    assert all("鸭" in build_document(demo_product(db_session, c)) for c in codes)


@pytest.mark.parametrize(
    "query", ["临武", "臨武", "linwu", "LINWU", "Linwu duck", "duck", "卤鸭", "canard"]
)
def test_names_in_any_locale_pinyin_and_substrings_find_the_duck(db_session, query):
    assert "linwu-braised-duck" in _codes(db_session, query=query)


def test_every_term_must_match(db_session):
    assert "linwu-braised-duck" not in _codes(db_session, query="duck orange-xyz")


def test_like_wildcards_and_fts_syntax_are_searched_literally(db_session):
    assert _codes(db_session, query="%") == []
    assert _codes(db_session, query="_") == []
    assert _codes(db_session, query='"duck') == []  # no FTS5 syntax error
    assert _codes(db_session, query="duck OR qqqzzz") == []  # OR is a word, not an operator
    assert _codes(db_session, query="NEAR(duck qqqzzz)") == []


def test_a_new_product_is_found_once_indexed_and_renames_are_reindexed(db_session):
    product = make_product(db_session, locales=("en", "fr"))
    product.translations[0].name = "Zebrawood smoked tofu"
    index_products(db_session, [product])
    assert _codes(db_session, query="zebrawood") == [product.code]
    product.translations[0].name = "Quartzberry jam"
    index_products(db_session, [product])
    db_session.flush()
    assert _codes(db_session, query="zebrawood") == []
    assert _codes(db_session, query="quartzberry") == [product.code]
    assert product.code in _codes(db_session, query="jam")  # a short term (LIKE fallback)


def test_deleting_a_product_removes_its_document(db_session):
    product = make_product(db_session)
    index_products(db_session, [product])
    product_id = product.id
    db_session.delete(product)
    db_session.flush()
    assert db_session.get(ProductSearchDocument, product_id) is None
    assert _codes(db_session, query=f"test tea {product_id}") == []


def test_filters_county_brand_category_season_and_classes(db_session):
    duck = demo_product(db_session, "linwu-braised-duck")
    assert "linwu-braised-duck" in _codes(db_session, county_code=duck.county.code)
    assert "linwu-braised-duck" not in _codes(db_session, county_code="no-such-county")
    if duck.brand is not None:
        assert "linwu-braised-duck" in _codes(db_session, brand_code=duck.brand.code)
    assert "linwu-braised-duck" in _codes(db_session, category=Category.MEAT_POULTRY)
    assert "linwu-braised-duck" not in _codes(db_session, category=Category.TEA)
    excluded = frozenset({ProductClass.COOKED_POULTRY})
    assert "linwu-braised-duck" not in _codes(db_session, excluded_classes=excluded)


def test_in_season_filter_uses_the_month(db_session):
    producer = make_producer(db_session)
    winter = make_product(db_session, producer, season_mask=(1 << 10) | (1 << 11))  # Nov, Dec
    index_products(db_session, [winter])
    assert winter.code in _codes(db_session, in_season_month=12)
    assert winter.code not in _codes(db_session, in_season_month=6)


def test_unpublished_products_are_not_found(db_session):
    product = make_product(db_session, is_published=False)
    index_products(db_session, [product])
    assert _codes(db_session, query=product.code) == []


def test_pagination_counts_all_matches(db_session):
    producer = make_producer(db_session)
    products = [make_product(db_session, producer) for _ in range(5)]
    for product in products:
        product.translations[0].name = "Pagination quokka tea"
    index_products(db_session, products)
    first = search_products(db_session, SearchFilters(query="quokka"), page=1, per_page=2)
    last = search_products(db_session, SearchFilters(query="quokka"), page=3, per_page=2)
    assert first.total == 5 and first.pages == 3 and len(first.items) == 2
    assert len(last.items) == 1
    assert not {p.code for p in first.items} & {p.code for p in last.items}


def test_every_demo_product_has_a_search_document(db_session):
    from catalog.models import Product

    product_ids = set(db_session.scalars(select(Product.id)))
    documents = set(db_session.scalars(select(ProductSearchDocument.product_id)))
    assert product_ids <= documents


def test_pinyin_forms_of_chinese_names():
    from catalog.search import pinyin_forms

    assert pinyin_forms("临武卤鸭") == ["lin wu lu ya", "linwuluya", "wuluya", "luya"]
    assert pinyin_forms("臨武滷鴨") == ["lin wu lu ya", "linwuluya", "wuluya", "luya"]
    assert pinyin_forms("Linwu duck") == []


@pytest.mark.parametrize("query", ["luya", "lu ya", "Linwu luya", "LINWULUYA"])
def test_pinyin_finds_the_chinese_name(db_session, query):
    assert "linwu-braised-duck" in _codes(db_session, query=query)


def test_pinyin_of_a_new_product(db_session):
    product = make_product(db_session, locales=("zh-hans",))
    product.translations[0].name = "永兴冰糖橙"
    index_products(db_session, [product])
    assert product.code in _codes(db_session, query="bingtangcheng")
    assert product.code in _codes(db_session, query="bing tang cheng")


def test_han_grams_are_characters_and_adjacent_pairs():
    from catalog.search import han_grams, is_short_han_term

    assert han_grams(["临武卤鸭", "Linwu 鸭·茶"]).split() == [
        "临", "临武", "武", "武卤", "卤", "卤鸭", "鸭", "茶",
    ]  # fmt: skip
    assert is_short_han_term("鸭") and is_short_han_term("卤鸭")
    assert not is_short_han_term("临武鸭") and not is_short_han_term("鸭x")


@pytest.mark.parametrize("query, found", [("卤鸭", True), ("武卤", True), ("鸭卤", False)])
def test_two_chinese_characters_match_only_adjacent_pairs(db_session, query, found):
    assert ("linwu-braised-duck" in _codes(db_session, query=query)) is found


def test_short_chinese_terms_follow_renames(db_session):
    product = make_product(db_session, locales=("zh-hans",))
    product.translations[0].name = "豆腐乳"
    index_products(db_session, [product])
    assert product.code in _codes(db_session, query="腐")
    product.translations[0].name = "米粉"
    index_products(db_session, [product])
    assert product.code not in _codes(db_session, query="腐")
    assert product.code in _codes(db_session, query="米粉")


def test_every_demo_duck_is_found_by_one_character(db_session):
    from catalog.models import Product

    ducks = {
        p.code
        for p in db_session.scalars(select(Product)).unique()
        if p.is_published and "鸭" in translated_field(p, "name", "zh-hans")
    }
    assert ducks and ducks <= set(_codes(db_session, query="鸭"))


@pytest.mark.parametrize("query", ["tea", "chili"])
def test_products_named_after_the_query_come_before_mere_mentions(db_session, query):
    producer = make_producer(db_session)
    mention = make_product(db_session, producer, code="aaa-mentions-it", is_featured=True)
    mention.translations[0].name = "Smoked sampler"
    mention.translations[0].summary = f"Smoked over {query} leaves."
    index_products(db_session, [mention])
    codes = _codes(db_session, query=query)
    named = [
        code
        for code in codes
        if query in translated_field(demo_product(db_session, code), "name", "en").lower()
    ]
    assert named, "the demo catalog has teas"
    assert codes.index("aaa-mentions-it") > max(codes.index(code) for code in named)


def test_latin_terms_match_words_not_the_middle_of_words():
    from catalog.search import term_matches

    assert term_matches("tea", "guidong linglong tea | black teas")
    assert not term_matches("tea", "linwu duck, steamed")
    assert term_matches("duc", "linwu duck")  # a word being typed


def test_arabic_terms_match_whole_words_with_their_attached_particles():
    from catalog.search import term_matches

    assert term_matches("بط", "بط لينوو المطهو")
    assert term_matches("بط", "البط المطهو ببطء")
    assert not term_matches("بط", "مطهو ببطء")  # "slowly" is not "duck"


@pytest.mark.parametrize("query", ["lu ya", "luya", "linwuluya", "lin wu lu ya"])
def test_pinyin_with_or_without_spaces_finds_the_duck_and_nothing_unrelated(db_session, query):
    codes = _codes(db_session, query=query)
    assert "linwu-braised-duck" in codes
    for code in codes:
        assert "鸭" in build_document(demo_product(db_session, code)) or "鴨" in build_document(
            demo_product(db_session, code)
        )


def test_a_sku_or_barcode_finds_its_product_first(db_session):
    duck = demo_product(db_session, "linwu-braised-duck")
    variant = duck.variants[0]
    assert _codes(db_session, query=variant.sku)[0] == "linwu-braised-duck"
    assert _codes(db_session, query=variant.sku.lower())[0] == "linwu-braised-duck"
    if variant.barcode:
        assert _codes(db_session, query=variant.barcode)[0] == "linwu-braised-duck"


@pytest.mark.parametrize("query", ["tea", "بط"])
def test_demo_search_results_hold_the_word_not_a_longer_one(db_session, query):
    from catalog.search import term_matches

    codes = _codes(db_session, query=query)
    assert codes
    for code in codes:
        assert term_matches(query, build_document(demo_product(db_session, code))), code
    if query == "بط":
        assert "linwu-braised-duck" in codes
