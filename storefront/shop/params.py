"""Parsing of the shop's URL parameters; bad values become 400/404, never a 500."""

from __future__ import annotations

import re

from flask import abort

SLUG_PATTERN = re.compile(r"^[^\W_]+(?:-[^\W_]+)*$")
MAX_SLUG_LENGTH = 200
MAX_PAGE = 10_000


def checked_slug(slug: str) -> str:
    """A slug is words joined by hyphens (any script); anything else is not a page here."""
    if len(slug) > MAX_SLUG_LENGTH or not SLUG_PATTERN.match(slug):
        abort(404)
    return slug


def page_number(raw: str | None) -> int:
    if raw is None or raw == "":
        return 1
    if not raw.isdigit() or len(raw) > 6:
        abort(400)
    number = int(raw)
    if not 1 <= number <= MAX_PAGE:
        abort(400)
    return number
