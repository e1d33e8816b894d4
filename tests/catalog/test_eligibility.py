"""The destination matrix: cells at its edges, defaults, EU expansion, reasons per locale."""

import pytest

from catalog.destination_matrix import DESTINATION_COUNTRIES, EU_MEMBERS, REASONS
from catalog.eligibility import (
    blocked_classes,
    eligibility_by_class,
    eligibility_for,
    is_destination_country,
)
from catalog.locales import SUPPORTED_LOCALES
from catalog.models import EligibilityStatus, ProductClass

BLOCKED = EligibilityStatus.BLOCKED
CONDITIONAL = EligibilityStatus.CONDITIONAL
ALLOWED = EligibilityStatus.ALLOWED


@pytest.mark.parametrize("country", ["GB", "FR", "DE", "AU", "NG", "US"])
def test_cooked_duck_is_blocked(db_session, country):
    answer = eligibility_for(db_session, ProductClass.COOKED_POULTRY, country, "en")
    assert answer.status is BLOCKED
    assert not answer.can_ship
    assert answer.reason


def test_cooked_duck_to_the_eu_names_the_regulation(db_session):
    answer = eligibility_for(db_session, ProductClass.COOKED_POULTRY, "fr", "fr")
    assert "2019/2122" in answer.reason
    assert "UE" in answer.reason


def test_cooked_duck_to_hong_kong_needs_a_health_certificate(db_session):
    answer = eligibility_for(db_session, ProductClass.COOKED_POULTRY, "HK", "zh-hant")
    assert answer.status is CONDITIONAL
    assert answer.documents == ("衞生證書",)
    assert "香港" in answer.reason


def test_malaysia_needs_halal_for_duck(db_session):
    answer = eligibility_for(db_session, ProductClass.COOKED_POULTRY, "MY", "ms")
    assert answer.status is CONDITIONAL
    assert "Sijil halal" in answer.documents


@pytest.mark.parametrize(
    "country, status",
    [
        ("HK", ALLOWED),
        ("SG", CONDITIONAL),
        ("US", CONDITIONAL),
        ("JP", BLOCKED),
        ("KR", BLOCKED),
        ("AU", BLOCKED),
        ("IT", CONDITIONAL),
        ("ZA", CONDITIONAL),
    ],
)
def test_fresh_citrus(db_session, country, status):
    assert eligibility_for(db_session, ProductClass.FRESH_CITRUS, country, "en").status is status


def test_tea_is_generally_allowed(db_session):
    for country in ("HK", "SG", "GB", "DE", "US", "AE", "JP"):
        assert eligibility_for(db_session, ProductClass.TEA, country, "en").status is ALLOWED
    assert eligibility_for(db_session, ProductClass.TEA, "KE", "en").status is CONDITIONAL


def test_fish_to_the_uk_is_allowed_up_to_20kg(db_session):
    answer = eligibility_for(db_session, ProductClass.FISH_PRODUCT, "GB", "en")
    assert answer.status is ALLOWED and "20 kg" in answer.reason


def test_country_code_is_case_insensitive(db_session):
    assert eligibility_for(db_session, ProductClass.COOKED_POULTRY, "gb", "en").status is BLOCKED


def test_every_class_has_an_answer_for_every_destination(db_session):
    for country in DESTINATION_COUNTRIES:
        answers = eligibility_by_class(db_session, country, "ar")
        assert set(answers) == set(ProductClass), country
        assert all(answer.reason for answer in answers.values())


def test_blocked_classes_for_the_uk(db_session):
    assert blocked_classes(db_session, "GB") == {ProductClass.COOKED_POULTRY}
    assert blocked_classes(db_session, "HK") == set()
    assert ProductClass.FRESH_CITRUS in blocked_classes(db_session, "JP")


def test_every_reason_is_written_in_every_locale():
    for code, texts in REASONS.items():
        assert set(texts) == set(SUPPORTED_LOCALES), code
        assert all(text.strip() for text in texts.values()), code


def test_destination_countries():
    assert is_destination_country("sg") and is_destination_country("DE")
    assert not is_destination_country("XX")
    assert set(EU_MEMBERS) <= set(DESTINATION_COUNTRIES)
