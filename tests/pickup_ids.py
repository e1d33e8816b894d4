"""Mainland resident ID numbers for tests: valid ones made with python-stdnum's check digit."""

from __future__ import annotations

from stdnum.cn import ric


def resident_id_number(body: str) -> str:
    """``body`` (17 digits: region, birth date, sequence) with its ISO 7064 check character."""
    assert len(body) == 17 and body.isdigit()
    return body + ric.calc_check_digit(body + "0")


TOURIST = resident_id_number("43102119951212456")  # Guiyang county, Chenzhou
SECOND_TOURIST = resident_id_number("44030419920615123")  # Shenzhen: ends with X
THIRD_TOURIST = resident_id_number("11010119800101001")  # Beijing
FOURTH_TOURIST = resident_id_number("43102119980101001")
FIFTH_TOURIST = resident_id_number("31010419900707007")  # Shanghai


def with_wrong_check_character(number: str) -> str:
    last = "0" if number[-1] != "0" else "1"
    return number[:-1] + last
