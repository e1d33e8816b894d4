from decimal import Decimal

import pytest
from sqlalchemy.exc import IntegrityError

from catalog.exceptions import InvalidCatalogData
from catalog.models import Producer, ProductTranslation
from catalog.models.product import season_mask
from tests.factories import make_producer, make_product, valid_uscc


def test_stock_below_zero_is_refused_by_the_database(db_session):
    product = make_product(db_session, stock=2)
    product.variants[0].stock = -1
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_price_must_be_positive(db_session):
    product = make_product(db_session)
    product.variants[0].price = Decimal("0")
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_duplicate_slug_in_one_locale_is_refused(db_session):
    first = make_product(db_session)
    second = make_product(db_session)
    db_session.add(ProductTranslation(product=second, locale="fr", name="X", slug="the-same"))
    db_session.add(ProductTranslation(product=first, locale="fr", name="Y", slug="the-same"))
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_same_slug_in_two_locales_is_allowed(db_session):
    product = make_product(db_session)
    other = make_product(db_session)
    db_session.add(ProductTranslation(product=product, locale="fr", name="X", slug="shared-slug"))
    db_session.add(ProductTranslation(product=other, locale="ms", name="Y", slug="shared-slug"))
    db_session.flush()


def test_one_translation_per_locale_per_product(db_session):
    product = make_product(db_session, locales=("en",))
    db_session.add(ProductTranslation(product=product, locale="en", name="Again", slug="again"))
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_unified_social_credit_code_is_validated():
    code = valid_uscc(12345)
    assert Producer(uscc=code).uscc == code
    broken = code[:-1] + ("0" if code[-1] != "0" else "1")
    with pytest.raises(InvalidCatalogData):
        Producer(uscc=broken)


@pytest.mark.parametrize("code", ["431096000", "43109600011", "4310-60001"])
def test_customs_code_has_ten_alphanumeric_characters(db_session, code):
    with pytest.raises(InvalidCatalogData):
        make_producer(db_session, customs_code=code)


def test_customs_code_is_normalised_to_upper_case(db_session):
    assert make_producer(db_session, customs_code="4310a60001").customs_code == "4310A60001"


@pytest.mark.parametrize("hs_code", ["160239", "16023991001", "16O2399100"])
def test_hs_code_has_ten_digits(db_session, hs_code):
    with pytest.raises(InvalidCatalogData):
        make_product(db_session, hs_code=hs_code)


def test_hs_code_dots_are_removed(db_session):
    assert make_product(db_session, hs_code="1602.3991.00").hs_code == "1602399100"


def test_season_mask_round_trip(db_session):
    product = make_product(db_session, season_mask=season_mask([11, 12, 1]))
    assert product.season_months == [1, 11, 12]
    assert product.in_season(12) and not product.in_season(6)
    assert not product.is_year_round


@pytest.mark.parametrize("month", [0, 13])
def test_season_months_out_of_range(month):
    with pytest.raises(InvalidCatalogData):
        season_mask([month])
