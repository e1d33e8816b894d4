"""Parsing of the shop's URL parameters; bad values become 400/404, never a 500."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import abort
from werkzeug.datastructures import MultiDict

from catalog.models import Category
from storefront.forms import printable_text, whole_number

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
    number = whole_number(raw, maximum=MAX_PAGE)
    if number is None:
        abort(400)
    return number


@dataclass(frozen=True)
class SearchRequest:
    """What the search page was asked, cleaned; ``ignored`` names parameters that were not valid."""

    query: str
    county: str | None
    brand: str | None
    category: Category | None
    in_season: bool
    shippable: bool
    page: int
    truncated: bool
    ignored: tuple[str, ...]


def _choice(raw: str | None, allowed: set[str]) -> tuple[str | None, bool]:
    """(value, was_invalid): an empty value is no filter; an unknown one is ignored."""
    if not raw:
        return None, False
    return (raw, False) if raw in allowed else (None, True)


def search_request(
    args: MultiDict[str, str],
    *,
    county_codes: set[str],
    brand_codes: set[str],
    max_query_length: int,
) -> SearchRequest:
    raw_query = printable_text(args.get("q", ""))
    query = raw_query[:max_query_length]
    county, bad_county = _choice(args.get("county"), county_codes)
    brand, bad_brand = _choice(args.get("brand"), brand_codes)
    category_value, bad_category = _choice(args.get("category"), {c.value for c in Category})
    ignored = tuple(
        name
        for name, bad in (("county", bad_county), ("brand", bad_brand), ("category", bad_category))
        if bad
    )
    return SearchRequest(
        query=query,
        county=county,
        brand=brand,
        category=Category(category_value) if category_value else None,
        in_season=args.get("season") == "1",
        shippable=args.get("shippable") == "1",
        page=page_number(args.get("page")),
        truncated=len(raw_query) > max_query_length,
        ignored=ignored,
    )
