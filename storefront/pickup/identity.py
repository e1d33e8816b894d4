"""Who buys: the orderer's real name, mainland resident ID number, phone, and the payer statement.

Customs accepts only the resident identity card as the orderer's ID (CEB311 ``buyerIdType`` "1",
"限定为身份证"), and when the platform cannot verify the identity with the authorities the orderer
must be the payer (GACC Announcement 2016 No.26): the buyer states it, and the payment company's
CEB411 names the payer customs compares. Plain Python; nothing here logs or echoes an ID number.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from enum import StrEnum
from typing import Final

import phonenumbers
from stdnum.cn import ric
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)

CHINA_TIME: Final = timezone(timedelta(hours=8), "Asia/Shanghai")
NAME_MAX: Final = 60  # CEB311 buyerName C..60
ID_TYPE_RESIDENT_CARD: Final = "1"  # buyerIdType / payerIdType: resident identity card only
LAST_CHARACTERS: Final = 6  # what the counter asks the buyer's card for
MASK_KEEP_START: Final = 4
MASK_KEEP_END: Final = 1


class IdProblem(StrEnum):
    """Why an ID number is refused (stable keys; the pages translate them)."""

    MISSING = "missing"
    LENGTH = "length"
    FORMAT = "format"
    CHECKSUM = "checksum"
    DATE_OR_REGION = "date_or_region"


class InvalidIdNumber(ValueError):
    def __init__(self, problem: IdProblem) -> None:
        super().__init__(problem.value)  # never the number itself
        self.problem = problem


class InvalidPhone(ValueError):
    """Not a mainland China phone number."""


class PayerNotBuyer(ValueError):
    """The buyer did not state that they pay themselves."""


def resident_id(raw: str | None, *, today: date | None = None) -> str:
    """The 18-character resident ID number (``X`` upper case), or ``InvalidIdNumber``.

    python-stdnum checks the length, the digits, the ISO 7064 check character, the birth date
    and the region code; a birth date after today is refused too.
    """
    text = unicodedata.normalize("NFKC", raw or "").replace(" ", "").strip()
    if not text:
        raise InvalidIdNumber(IdProblem.MISSING)
    try:
        number = ric.validate(text)
    except InvalidLength:
        raise InvalidIdNumber(IdProblem.LENGTH) from None
    except InvalidFormat:
        raise InvalidIdNumber(IdProblem.FORMAT) from None
    except InvalidChecksum:
        raise InvalidIdNumber(IdProblem.CHECKSUM) from None
    except (InvalidComponent, ValidationError):
        raise InvalidIdNumber(IdProblem.DATE_OR_REGION) from None
    if ric.get_birth_date(number) > (today or datetime.now(CHINA_TIME).date()):
        raise InvalidIdNumber(IdProblem.DATE_OR_REGION)
    return number


def mask_id(number: str) -> str:
    """``4310**************5``-style: the region's first digits and the last character only.

    The last six characters, which the counter asks for, are never shown.
    """
    hidden = len(number) - MASK_KEEP_START - MASK_KEEP_END
    if hidden <= 0:
        return "*" * len(number)
    return number[:MASK_KEEP_START] + "*" * hidden + number[-MASK_KEEP_END:]


def last_characters(number: str, count: int = LAST_CHARACTERS) -> str:
    return number[-count:].upper()


def normalise_last_characters(raw: str | None) -> str:
    """What staff typed for the last six characters: upper case, no spaces, full-width folded."""
    return unicodedata.normalize("NFKC", raw or "").replace(" ", "").strip().upper()


def real_name(raw: str | None) -> str:
    """The name as on the ID card: collapsed spaces, no control characters, at most 60."""
    text = unicodedata.normalize("NFKC", raw or "")
    kept = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf", "Cs"))
    name = " ".join(kept.split())
    if not name or len(name) > NAME_MAX:
        raise ValueError("name")
    return name


def mainland_phone(raw: str | None) -> str:
    """A valid mainland China number, as its national digits (``13800138000``)."""
    try:
        parsed = phonenumbers.parse(raw or "", "CN")
    except phonenumbers.NumberParseException:
        raise InvalidPhone(raw) from None
    if parsed.country_code != 86 or not phonenumbers.is_valid_number(parsed):
        raise InvalidPhone(raw)
    return str(parsed.national_number)


@dataclass(frozen=True, slots=True)
class BuyerIdentity:
    """The orderer as customs needs them; build it with ``buyer_identity``."""

    name: str
    id_number: str
    phone: str
    payer_is_buyer: bool

    @property
    def masked_id(self) -> str:
        return mask_id(self.id_number)

    def __repr__(self) -> str:  # never print the number (tracebacks, logs)
        return f"BuyerIdentity(id={self.masked_id})"


def buyer_identity(
    name: str | None,
    id_number: str | None,
    phone: str | None,
    payer_is_buyer: bool,
    *,
    today: date | None = None,
) -> BuyerIdentity:
    """The checked identity; raises on the first problem (forms check field by field)."""
    if not payer_is_buyer:
        raise PayerNotBuyer()
    return BuyerIdentity(
        real_name(name), resident_id(id_number, today=today), mainland_phone(phone), True
    )
