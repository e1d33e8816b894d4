"""Whole-page cache of catalog pages for anonymous visitors (per process, short-lived).

Catalog pages look the same for every anonymous visitor with the same locale, display currency,
destination and "hide" choice, so they are kept for ``PAGE_CACHE_SECONDS`` (0 turns the cache
off). Never cached: signed-in visitors, requests with pending notices (flash messages), anything
but a 200 HTML answer. The page's CSRF token is the one per-visitor value in it: it is stored as
a placeholder and each hit gets the visitor's own token. Stock and prices can therefore lag by at
most that many seconds; the cart and checkout always read the database.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import current_app, g, make_response, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from storefront.preferences.visitor import current_preferences
from storefront.reference_cache import ReferenceCache

CSRF_PLACEHOLDER = "__page-cache-csrf-token__"

page_cache = ReferenceCache()


def _cacheable_request() -> bool:
    return (
        request.method == "GET"
        and not current_user.is_authenticated
        and not session.get("_flashes")
    )


def _page_key() -> tuple[Any, ...]:
    # request.host is trusted here: storefront.security refuses other hosts before the app runs,
    # and with PUBLIC_URL set it is always the public one. Pages built for one trusted host
    # (127.0.0.1 or localhost in development) are never served to the other.
    preferences = current_preferences()
    return (
        request.host,
        request.full_path,
        g.get("locale"),
        preferences.currency,
        preferences.ship_to,
        preferences.hide_unshippable,
    )


def cached_page(view: Callable[..., Any]) -> Callable[..., Any]:
    """Serve ``view`` from the page cache when the visitor is anonymous."""

    @wraps(view)
    def serve(*args: Any, **kwargs: Any) -> Any:
        ttl = current_app.config["PAGE_CACHE_SECONDS"]
        if ttl <= 0 or not _cacheable_request():
            return view(*args, **kwargs)
        rendered: dict[str, Any] = {}

        def render() -> tuple[int, str] | None:
            response = make_response(view(*args, **kwargs))
            rendered["response"] = response
            if response.status_code != 200 or response.mimetype != "text/html":
                return None
            body = response.get_data(as_text=True)
            token = g.get("csrf_token")
            return 200, body.replace(token, CSRF_PLACEHOLDER) if token else body

        entry = page_cache.get_or_load(_page_key(), ttl, render)
        if "response" in rendered:
            response = rendered["response"]
            response.headers["X-Page-Cache"] = "miss"
            return response
        if entry is None:  # a cached "not cacheable" answer: render it afresh
            return view(*args, **kwargs)
        status, body = entry
        response = current_app.response_class(
            body.replace(CSRF_PLACEHOLDER, generate_csrf()), status=status, mimetype="text/html"
        )
        response.headers["X-Page-Cache"] = "hit"
        return response

    return serve
