"""``/robots.txt``, ``/sitemap.xml`` (an index) and ``/sitemaps/<locale>.xml``.

Each locale's sitemap lists every page in that locale with ``xhtml:link`` alternates for all
locales plus ``x-default``, so a catalog of 10,000 products stays under the 50,000-URL limit of
one sitemap file.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from flask import Blueprint, Response, abort, render_template, url_for

from catalog import queries
from catalog.locales import BCP47_TAGS, DEFAULT_LOCALE
from catalog.translation import translated_field
from storefront.extensions import db
from storefront.i18n import supported_locales

bp = Blueprint("seo", __name__, template_folder="templates")

_LIST_ENDPOINTS = ("shop.home", "shop.product_list", "shop.county_list", "shop.brand_list")
_DETAIL_ENDPOINTS = {
    "products": "shop.product_detail",
    "counties": "shop.county_detail",
    "brands": "shop.brand_detail",
}


@dataclass(frozen=True)
class SitemapEntry:
    location: str
    alternates: dict[str, str]  # hreflang tag -> URL, x-default included


def _entry(locale: str, urls: dict[str, str]) -> SitemapEntry:
    alternates = {BCP47_TAGS[code]: href for code, href in urls.items()}
    alternates["x-default"] = urls[DEFAULT_LOCALE]
    return SitemapEntry(urls[locale], alternates)


def _slug_url_builder(endpoint: str, code: str):
    """Build ``endpoint`` URLs for many slugs without a ``url_for`` call each.

    Slugs are words and hyphens (see shop.params), so percent-encoding them is what the router
    does too.
    """
    prefix = url_for(endpoint, locale=code, slug="slug", _external=True).removesuffix("slug")
    return lambda slug: prefix + quote(slug, safe="")


def sitemap_entries(locale: str) -> list[SitemapEntry]:
    locales = supported_locales()
    entries = [
        _entry(locale, {code: url_for(endpoint, locale=code, _external=True) for code in locales})
        for endpoint in _LIST_ENDPOINTS
    ]
    session = db.session
    objects = {
        "products": queries.visible_product_slugs(session),
        "counties": queries.list_counties(session),
        "brands": queries.list_brands(session),
    }
    for kind, items in objects.items():
        builders = {code: _slug_url_builder(_DETAIL_ENDPOINTS[kind], code) for code in locales}
        for obj in items:
            urls = {code: builders[code](translated_field(obj, "slug", code)) for code in locales}
            entries.append(_entry(locale, urls))
    return entries


@bp.get("/robots.txt")
def robots_txt():
    body = render_template("seo/robots.txt", sitemap=url_for("seo.sitemap_index", _external=True))
    return Response(body, mimetype="text/plain")


@bp.get("/sitemap.xml")
def sitemap_index():
    sitemaps = [
        url_for("seo.locale_sitemap", code=code, _external=True) for code in supported_locales()
    ]
    body = render_template("seo/sitemap_index.xml", sitemaps=sitemaps)
    return Response(body, mimetype="application/xml")


@bp.get("/sitemaps/<code>.xml")
def locale_sitemap(code: str):
    if code not in supported_locales():
        abort(404)
    body = render_template("seo/sitemap.xml", entries=sitemap_entries(code))
    return Response(body, mimetype="application/xml")
