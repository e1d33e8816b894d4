"""hreflang alternates with x-default, per-locale titles and descriptions, sitemaps, robots.txt."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html import unescape
from urllib.parse import quote, unquote

import pytest
from markupsafe import escape

from catalog.locales import BCP47_TAGS, SUPPORTED_LOCALES
from catalog.translation import translated_field
from tests.factories import demo_product, make_product

SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}


def _alternates(html: str) -> dict[str, str]:
    found = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)
    return {tag: unquote(unescape(href)) for tag, href in found}


def _pages(db_session, locale):
    duck = demo_product(db_session, "linwu-braised-duck")
    return [
        f"/{locale}/",
        f"/{locale}/products/{translated_field(duck, 'slug', locale)}",
        f"/{locale}/counties/{translated_field(duck.county, 'slug', locale)}",
        f"/{locale}/brands/{translated_field(duck.brand, 'slug', locale)}",
        f"/{locale}/search?q=duck",
    ]


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_every_page_has_all_alternates_and_x_default(client, db_session, locale):
    for path in _pages(db_session, locale):
        html = client.get(path).get_data(as_text=True)
        alternates = _alternates(html)
        assert set(alternates) == {*BCP47_TAGS.values(), "x-default"}, path
        assert alternates[BCP47_TAGS[locale]].endswith(path), path
        assert f'lang="{BCP47_TAGS[locale]}"' in html
        assert f'dir="{"rtl" if locale == "ar" else "ltr"}"' in html


def test_the_alternates_use_each_locales_own_slug(client, db_session):
    duck = demo_product(db_session, "linwu-braised-duck")
    html = client.get(f"/fr/products/{translated_field(duck, 'slug', 'fr')}").get_data(as_text=True)
    alternates = _alternates(html)
    for locale in SUPPORTED_LOCALES:
        assert alternates[BCP47_TAGS[locale]].endswith(
            f"/{locale}/products/{translated_field(duck, 'slug', locale)}"
        )


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
@pytest.mark.parametrize("kind", ["products", "counties", "brands"])
def test_title_and_description_come_from_the_seo_fields(client, db_session, locale, kind):
    duck = demo_product(db_session, "linwu-braised-duck")
    obj = {"products": duck, "counties": duck.county, "brands": duck.brand}[kind]
    html = client.get(f"/{locale}/{kind}/{translated_field(obj, 'slug', locale)}").get_data(
        as_text=True
    )
    title = translated_field(obj, "seo_title", locale) or translated_field(obj, "name", locale)
    description = translated_field(obj, "seo_description", locale) or translated_field(
        obj, "summary", locale
    )
    assert f"<title>{escape(title)}</title>" in html
    assert f'<meta name="description" content="{escape(description)}">' in html


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    body = response.get_data(as_text=True)
    assert "User-agent: *" in body
    assert "Disallow: /api/" in body
    assert "Sitemap: http://shop.test/sitemap.xml" in body


def test_sitemap_index_lists_one_sitemap_per_locale(client):
    response = client.get("/sitemap.xml")
    assert response.mimetype == "application/xml"
    root = ET.fromstring(response.data)
    locations = [loc.text for loc in root.findall("s:sitemap/s:loc", SITEMAP_NS)]
    assert locations == [f"http://shop.test/sitemaps/{code}.xml" for code in SUPPORTED_LOCALES]


def test_locale_sitemap_lists_products_with_alternates(client, db_session):
    duck = demo_product(db_session, "linwu-braised-duck")
    root = ET.fromstring(client.get("/sitemaps/zh-hant.xml").data)
    urls = {
        url.find("s:loc", SITEMAP_NS).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", SITEMAP_NS)
        }
        for url in root.findall("s:url", SITEMAP_NS)
    }
    own = f"http://shop.test/zh-hant/products/{quote(translated_field(duck, 'slug', 'zh-hant'))}"
    assert own in urls
    assert set(urls[own]) == {*BCP47_TAGS.values(), "x-default"}
    assert urls[own]["x-default"].endswith(f"/en/products/{translated_field(duck, 'slug', 'en')}")
    assert "http://shop.test/zh-hant/" in urls


def test_unknown_locale_sitemap_is_404(client):
    assert client.get("/sitemaps/xx.xml").status_code == 404


def test_sitemap_uses_the_fallback_slug_of_an_untranslated_product(client, db_session):
    product = make_product(db_session, locales=("en",))
    root = ET.fromstring(client.get("/sitemaps/fr.xml").data)
    locations = {url.find("s:loc", SITEMAP_NS).text for url in root.findall("s:url", SITEMAP_NS)}
    assert f"http://shop.test/fr/products/{product.code}-en" in locations
    assert client.get(f"/fr/products/{product.code}-en").status_code == 200
