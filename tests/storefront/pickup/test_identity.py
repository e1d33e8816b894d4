"""The orderer: resident ID number (python-stdnum), name, phone, the payer statement, masking."""

from __future__ import annotations

from datetime import date

import pytest

from storefront.pickup.identity import (
    IdProblem,
    InvalidIdNumber,
    InvalidPhone,
    PayerNotBuyer,
    buyer_identity,
    last_characters,
    mainland_phone,
    mask_id,
    normalise_last_characters,
    resident_id,
)
from tests.pickup_ids import SECOND_TOURIST, TOURIST, resident_id_number, with_wrong_check_character


def test_a_valid_number_is_normalised():
    assert resident_id(f" {TOURIST[:6]} {TOURIST[6:]} ") == TOURIST
    assert resident_id(SECOND_TOURIST.lower()) == SECOND_TOURIST  # x -> X
    assert resident_id("４３１０２１１９９５１２１２４５６２") == TOURIST  # full-width digits


@pytest.mark.parametrize(
    "number, problem",
    [
        (with_wrong_check_character(TOURIST), IdProblem.CHECKSUM),
        (TOURIST[:-1], IdProblem.LENGTH),
        (TOURIST[:10] + "AB" + TOURIST[12:], IdProblem.FORMAT),
        ("", IdProblem.MISSING),
        (resident_id_number("43102119951312456"), IdProblem.DATE_OR_REGION),  # month 13
        (resident_id_number("99999919950101001"), IdProblem.DATE_OR_REGION),  # no such region
    ],
)
def test_a_bad_number_is_refused_with_the_reason_and_never_echoed(number, problem):
    with pytest.raises(InvalidIdNumber) as refused:
        resident_id(number)
    assert refused.value.problem is problem
    assert number[:10] not in str(refused.value) or not number


def test_a_birth_date_after_today_is_refused():
    future = resident_id_number("43102120300101001")
    with pytest.raises(InvalidIdNumber):
        resident_id(future, today=date(2026, 1, 1))


def test_the_mask_never_shows_the_last_six_characters():
    masked = mask_id(TOURIST)
    assert masked == TOURIST[:4] + "*" * 13 + TOURIST[-1]
    assert len(masked) == 18 and TOURIST[-6:-1] not in masked


def test_what_staff_type_is_folded_to_the_last_six():
    assert last_characters(SECOND_TOURIST) == SECOND_TOURIST[-6:]
    assert normalise_last_characters(" 15123x ") == "15123X"
    assert normalise_last_characters("１５１２３Ｘ") == "15123X"


def test_mainland_phone_numbers_only():
    assert mainland_phone("138 0013 8000") == "13800138000"
    assert mainland_phone("+86 138-0013-8000") == "13800138000"
    for bad in ("+65 6123 4567", "12345", "", "+852 9123 4567"):
        with pytest.raises(InvalidPhone):
            mainland_phone(bad)


def test_the_payer_must_be_the_buyer():
    with pytest.raises(PayerNotBuyer):
        buyer_identity("王芳", TOURIST, "13800138000", False)
    identity = buyer_identity(" 王  芳 ", TOURIST, "13800138000", True)
    assert identity.name == "王 芳" and identity.payer_is_buyer
    assert TOURIST not in repr(identity)
