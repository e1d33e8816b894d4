"""Reading the JSON bodies of the bonded API: strict, every problem named by its field.

Amounts are decimal strings (or JSON numbers, read as decimals, never floats) with at most two
decimals; rates are 0..1 with at most four decimals (a consumption-tax rate below 1);
quantities are whole numbers. Anything else is a ``BodyProblems`` (422) listing each field;
a body that is not a JSON object at all is a ``BadBody`` (400).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from flask_babel import gettext as _

MAX_BODY_BYTES: Final = 64 * 1024
MAX_LINES: Final = 99
MAX_PRICE: Final = Decimal("1000000")
MAX_COSTS: Final = Decimal("100000")
MAX_ANNUAL: Final = Decimal("10000000")
MAX_QUANTITY: Final = 999


class BadBody(Exception):
    """Not a JSON object (or too large)."""


@dataclass
class BodyProblems(Exception):
    problems: list[dict[str, str]] = field(default_factory=list)

    def add(self, name: str, message: str) -> None:
        self.problems.append({"field": name, "message": message})


def read_object(raw: bytes) -> dict[str, Any]:
    if len(raw) > MAX_BODY_BYTES:
        raise BadBody("too large")
    try:
        body = json.loads(raw.decode("utf-8"), parse_float=Decimal, parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise BadBody(str(error)) from None
    if not isinstance(body, dict):
        raise BadBody("not an object")
    return body


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number")


def amount(
    body: dict[str, Any],
    name: str,
    problems: BodyProblems,
    *,
    where: str = "",
    minimum: Decimal = Decimal(0),
    maximum: Decimal,
    places: int = 2,
    exclusive_minimum: bool = False,
    exclusive_maximum: bool = False,
) -> Decimal | None:
    label = f"{where}{name}"
    if name not in body:
        problems.add(label, _("This field is required."))
        return None
    raw = body[name]
    if isinstance(raw, bool) or not isinstance(raw, str | int | Decimal):
        problems.add(label, _('Give a decimal number as a string, e.g. "199.00".'))
        return None
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        problems.add(label, _('Give a decimal number as a string, e.g. "199.00".'))
        return None
    if not value.is_finite():
        problems.add(label, _('Give a decimal number as a string, e.g. "199.00".'))
        return None
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        problems.add(label, _("At most %(places)d decimal places.", places=places))
        return None
    too_low = value <= minimum if exclusive_minimum else value < minimum
    too_high = value >= maximum if exclusive_maximum else value > maximum
    if too_low or too_high:
        problems.add(
            label,
            _("Must be between %(minimum)s and %(maximum)s.", minimum=minimum, maximum=maximum),
        )
        return None
    return value


def whole(
    body: dict[str, Any], name: str, problems: BodyProblems, *, where: str = "", maximum: int
) -> int | None:
    label = f"{where}{name}"
    raw = body.get(name)
    if name not in body:
        problems.add(label, _("This field is required."))
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= maximum:
        problems.add(label, _("A whole number from 1 to %(maximum)d.", maximum=maximum))
        return None
    return raw


def flag(body: dict[str, Any], name: str, problems: BodyProblems, *, where: str = "") -> bool:
    raw = body.get(name, False)
    if not isinstance(raw, bool):
        problems.add(f"{where}{name}", _("true or false."))
        return False
    return raw


def items(body: dict[str, Any], name: str, problems: BodyProblems) -> list[dict[str, Any]]:
    raw = body.get(name)
    if not isinstance(raw, list) or not raw or len(raw) > MAX_LINES:
        problems.add(name, _("A list of 1 to %(maximum)d objects.", maximum=MAX_LINES))
        return []
    if not all(isinstance(item, dict) for item in raw):
        problems.add(name, _("A list of 1 to %(maximum)d objects.", maximum=MAX_LINES))
        return []
    return raw
