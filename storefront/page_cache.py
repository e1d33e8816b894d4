"""Whole-page cache of catalog pages (per process, short-lived, keyed by the catalog version).

Catalog pages look the same for every visitor with the same locale, display currency,
destination and "hide" choice, so they are kept for ``PAGE_CACHE_SECONDS`` (0 turns the cache
off) and dropped as soon as the catalog's version stamp changes (storefront/fragments.py).
Never cached: requests with pending notices (flash messages), anything but a 200 HTML answer.
What is personal in a page is left out of the shared copy: the CSRF token is stored as a
placeholder and each hit gets the visitor's own token; the account links are personal parts
(storefront/personal_parts.py) filled in for each visitor, so signed-in visitors and buyers
with a cart get cached pages too. A page is stored split at those slots, so a hit is a join of
the stored text with the visitor's token and parts (each part rendered once per persona).
Stock and prices can lag by at most the stamp's few seconds; the cart and checkout always read
the database.

**Shared between machines** (``STOREFRONT_REDIS_URL`` set): a page a worker does not hold is
looked up in Redis before it is rendered, and a page it renders is stored there for every other
worker of every machine (``PAGE_CACHE_SECONDS``); the process's own copies stay the first level,
so a hit costs no round trip. The Redis key is a hash of the same key, the catalog stamp
included, so an edit on one machine makes every machine's and Redis's copies unreachable as
soon as each process reads the new stamp (``CATALOG_STAMP_SECONDS``). ``RELEASE`` is part of the
key: two versions of the shop never serve each other's pages during a rolling deploy.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import Flask, current_app, g, make_response, request, session
from flask_wtf.csrf import generate_csrf

from storefront.fragments import catalog_stamp, request_csrf_token
from storefront.personal_parts import fill_page, shared_rendering, split_shared_page
from storefront.preferences.visitor import current_preferences
from storefront.reference_cache import ReferenceCache
from storefront.shared_redis import SharedRedis, shared_redis

CSRF_PLACEHOLDER = "__page-cache-csrf-token__"
CSRF_SLOT = "csrf token"

page_cache = ReferenceCache()


@dataclass(frozen=True, slots=True)
class SharedPage:
    """A page as every visitor with the same key sees it: text, and slots for their parts."""

    status: int
    pieces: tuple[str, ...]  # see personal_parts.split_shared_page
    has_csrf_token: bool


def _cacheable_request() -> bool:
    return request.method == "GET" and not session.get("_flashes")


def _page_key() -> tuple[Any, ...]:
    # request.host is trusted here: storefront.security refuses other hosts before the app runs,
    # and with PUBLIC_URL set it is always the public one. Pages built for one trusted host
    # (127.0.0.1 or localhost in development) are never served to the other.
    preferences = current_preferences()
    return (
        request.host,
        catalog_stamp(),
        request.full_path,
        g.get("locale"),
        preferences.currency,
        preferences.ship_to,
        preferences.hide_unshippable,
    )


def _shared(body: str) -> SharedPage:
    token = request_csrf_token()
    pieces = split_shared_page(body, {CSRF_SLOT: token} if token else {})
    return SharedPage(200, pieces, CSRF_SLOT in pieces[1::2])


SEPARATOR = "\x00"  # never in a page this shop renders (a page holding one is not shared)


class SharedPageStore:
    """The second level: pages in Redis, shared by every worker of every machine.

    A page is stored as its status, CSRF flag and pieces joined by NUL characters: splitting
    that text costs a tenth of decoding the same page as JSON.
    """

    def __init__(self, redis: SharedRedis, release: str) -> None:
        self.redis = redis
        self.prefix = f"storefront:page:{release}:"

    def redis_key(self, key: tuple[Any, ...]) -> str:
        return self.prefix + hashlib.sha256(repr(key).encode("utf-8")).hexdigest()

    @staticmethod
    def encode(page: SharedPage) -> bytes | None:
        if any(SEPARATOR in piece for piece in page.pieces):
            return None
        head = f"{page.status}{SEPARATOR}{int(page.has_csrf_token)}{SEPARATOR}"
        return (head + SEPARATOR.join(page.pieces)).encode("utf-8")

    @staticmethod
    def decode(stored: bytes) -> SharedPage | None:
        try:
            status, has_csrf_token, *pieces = stored.decode("utf-8").split(SEPARATOR)
        except ValueError:  # too few parts, or not UTF-8 (UnicodeDecodeError)
            return None
        if not status.isdigit() or has_csrf_token not in ("0", "1") or len(pieces) % 2 != 1:
            return None  # not a page this version wrote
        return SharedPage(int(status), tuple(pieces), has_csrf_token == "1")

    def get_or_render(
        self, key: tuple[Any, ...], ttl: float, render: Callable[[], SharedPage | None]
    ) -> SharedPage | None:
        redis_key = self.redis_key(key)
        stored = self.redis.get(redis_key)
        if stored is not None:
            page = self.decode(stored)
            if page is not None:
                return page
        page = render()
        if page is not None:
            value = self.encode(page)
            if value is not None:
                self.redis.set(redis_key, value, ttl)
        return page


def _filled(page: SharedPage) -> str:
    return fill_page(page.pieces, {CSRF_SLOT: generate_csrf()} if page.has_csrf_token else {})


def cached_page(view: Callable[..., Any]) -> Callable[..., Any]:
    """Serve ``view`` from the page cache, with the visitor's personal parts filled in."""

    @wraps(view)
    def serve(*args: Any, **kwargs: Any) -> Any:
        ttl = current_app.config["PAGE_CACHE_SECONDS"]
        if ttl <= 0 or not _cacheable_request():
            return view(*args, **kwargs)
        rendered: dict[str, Any] = {}

        def render() -> SharedPage | None:
            with shared_rendering():
                response = make_response(view(*args, **kwargs))
            rendered["response"] = response
            if response.status_code != 200 or response.mimetype != "text/html":
                return None
            return _shared(response.get_data(as_text=True))

        key = _page_key()
        store: SharedPageStore | None = current_app.extensions["shared_pages"]
        if store is None:
            entry = page_cache.get_or_load(key, ttl, render)
        else:

            def from_redis() -> SharedPage | None:
                page = store.get_or_render(key, ttl, render)
                rendered.setdefault("from", "shared")  # stays unless render() ran
                return page

            entry = page_cache.get_or_load(key, ttl, from_redis)
        if "response" in rendered:
            response = rendered["response"]
            if entry is not None:
                response.set_data(_filled(entry))
            elif response.mimetype == "text/html":  # not shared, rendered with markers
                body = response.get_data(as_text=True)
                response.set_data(fill_page(split_shared_page(body, {}), {}))
            response.headers["X-Page-Cache"] = "miss"
            return response
        if entry is None:  # a cached "not cacheable" answer: render it afresh
            return view(*args, **kwargs)
        response = current_app.response_class(_filled(entry), status=entry.status)
        response.mimetype = "text/html"
        response.headers["X-Page-Cache"] = rendered.get("from", "hit")  # "shared": from Redis
        return response

    return serve


def init_app(app: Flask) -> None:
    redis = shared_redis(app)
    app.extensions["shared_pages"] = (
        SharedPageStore(redis, str(app.config["RELEASE"])) if redis is not None else None
    )
