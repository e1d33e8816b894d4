"""Helpers of the reference page tests: the operator, a posted row, the rows a table shows."""

from __future__ import annotations

import re

from storefront.accounts.models import UserRole
from tests.factories import make_user, sign_in

PAGES = (
    "/en/admin/shipping-rates/",
    "/en/admin/exchange-rates/",
    "/en/admin/destination-rules/",
    "/en/admin/customs/ports",
    "/en/admin/bonded/showrooms",
    "/en/admin/bonded/",
)


def sign_in_operator(client, db_session, locale: str = "en") -> None:
    """The test client keeps one app context, and Flask-Babel the first request's language in
    it: a test of another language signs in in that language."""
    make_user(db_session, "operator@example.com", UserRole.OPERATOR)
    sign_in(client, "operator@example.com", locale=locale)


def posted(key: str, **values: str) -> dict[str, str]:
    """A row's save: ``row`` names it, its fields carry the row's prefix."""
    return {"row": key, **{f"{key}-{name}": value for name, value in values.items()}}


def row_keys(html: str, table: str) -> list[str]:
    """The keys of the rows a table shows, in order."""
    return re.findall(rf'<tr id="{table}-(r\w+)"', html)
