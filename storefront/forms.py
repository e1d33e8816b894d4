"""Form pieces every blueprint shares: the CSRF-only form and the whitespace filter."""

from __future__ import annotations

from flask_wtf import FlaskForm


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
