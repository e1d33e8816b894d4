"""`demo generate`: products in every locale, searchable, topped up rather than duplicated."""

from __future__ import annotations

from sqlalchemy import func, select

from catalog.demo.generator import CODE_PREFIX, generate_products
from catalog.locales import SUPPORTED_LOCALES
from catalog.models import Product
from catalog.search import SearchFilters, search_products


def _generated(session) -> int:
    return session.scalar(
        select(func.count()).select_from(Product).where(Product.code.like(f"{CODE_PREFIX}%"))
    )


def test_generates_products_in_every_locale_and_indexes_them(db_session):
    assert generate_products(db_session, 12) == 12
    assert _generated(db_session) == 12
    product = db_session.scalars(select(Product).where(Product.code == f"{CODE_PREFIX}00007")).one()
    assert {row.locale for row in product.translations} == set(SUPPORTED_LOCALES)
    assert all(variant.price > 0 and variant.stock >= 0 for variant in product.variants)
    found = search_products(db_session, SearchFilters(query=f"lot {7}"), per_page=50)
    assert product in found.items


def test_generating_again_tops_up_instead_of_duplicating(db_session):
    generate_products(db_session, 5)
    assert generate_products(db_session, 5) == 0
    assert generate_products(db_session, 8) == 3
    assert _generated(db_session) == 8


def test_generated_products_carry_an_hs_code_and_pass_the_listing_check(db_session):
    from catalog.legal_units import PACK_UNITS, legal_units_of, listing_problems

    generate_products(db_session, 12)
    generated = db_session.scalars(select(Product).where(Product.code.like(f"{CODE_PREFIX}%")))
    for product in generated:
        assert listing_problems(product) == []
        assert legal_units_of(product.hs_code).unit1 == "035"
        assert product.customs_unit in PACK_UNITS
