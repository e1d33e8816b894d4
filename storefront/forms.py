"""Form pieces every blueprint shares: the CSRF-only form and the whitespace filter."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from typing import Any

from flask_wtf import FlaskForm
from wtforms import DecimalField
from wtforms.validators import StopValidation


def strip(value: str | None) -> str | None:
    """A WTForms filter: surrounding whitespace never reaches validation or the database."""
    return value.strip() if isinstance(value, str) else value


class CsrfOnlyForm(FlaskForm):
    """No fields but the CSRF token: buttons that post (pay again, cancel, delete a rate)."""


# The largest id an Integer primary key holds (PostgreSQL's int4; SQLite's is larger): a bigger
# number in a form or URL names no row and must never reach a query (it would overflow there).
MAX_ROW_ID = 2_147_483_647


def is_row_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ROW_ID


def printable_text(value: str) -> str:
    """``value`` without control characters (NUL, escapes, stray surrogates), spaces collapsed.

    For text from URLs and forms that goes into a query: PostgreSQL refuses NUL in a string,
    and nothing a visitor means to type is a control character.
    """
    kept = "".join(" " if unicodedata.category(char) in ("Cc", "Cs") else char for char in value)
    return " ".join(kept.split())


def whole_number(raw: str | None, *, maximum: int) -> int | None:
    """A positive whole number written in ASCII digits up to ``maximum``; None for anything else.

    ``str.isdigit`` accepts "²" and other digits ``int`` refuses, so it is never enough.
    """
    if not raw or not raw.isascii() or not raw.isdigit() or len(raw) > len(str(maximum)):
        return None
    number = int(raw)
    return number if 1 <= number <= maximum else None


class FiniteDecimalField(DecimalField):
    """A ``DecimalField`` that refuses "NaN" and "Infinity" while parsing.

    ``Decimal("NaN") < 0`` raises instead of answering, so a plain ``DecimalField`` followed by
    ``NumberRange`` turns "NaN" typed in a form into a 500; here it is simply not a number,
    and the field's own validators put their message beside it.
    """

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist)
        if isinstance(self.data, Decimal) and not self.data.is_finite():
            self.data = None
            raise ValueError(self.gettext("Not a valid decimal value."))


class Parsed:
    """A validator: when the typed text could not be read (a date, a number), say ``message``.

    WTForms' own parse messages ("Not a valid date value.") are then dropped by
    ``storefront.admin.tables.keep_own_messages`` in favour of this translated one.
    """

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, _form: Any, field: Any) -> None:
        if field.process_errors:
            raise StopValidation(str(self.message))
