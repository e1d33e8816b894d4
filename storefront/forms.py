"""Form pieces every blueprint shares: the CSRF-only form and the whitespace filter."""

from __future__ import annotations

from flask_wtf import FlaskForm


def strip(value: str | None) -> str | None:
    """A WTForms filter: surrounding whitespace never reaches validation or the database."""
    return value.strip() if isinstance(value, str) else value


class CsrfOnlyForm(FlaskForm):
    """No fields but the CSRF token: buttons that post (pay again, cancel, delete a rate)."""
