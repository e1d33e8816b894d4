"""Every demo page renders in every locale; bad addresses give translated 404/400 pages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from catalog.locales import SUPPORTED_LOCALES
from catalog.models import Brand, County, Product
from catalog.translation import translated_field

LOCALES = SUPPORTED_LOCALES


def _slugs(db_session, model, locale):
    return [translated_field(obj, "slug", locale) for obj in db_session.scalars(select(model))]


@pytest.mark.parametrize(
    "accept, expected",
    [
        ("zh-CN,zh;q=0.9", "/zh-hans/"),
        ("zh-TW", "/zh-hant/"),
        ("fr-FR,fr;q=0.8,en;q=0.5", "/fr/"),
        ("ar-AE", "/ar/"),
        ("de-DE", "/en/"),
        ("", "/en/"),
    ],
)
def test_root_redirects_by_accept_language(client, accept, expected):
    response = client.get("/", headers={"Accept-Language": accept})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(expected)


@pytest.mark.parametrize("locale", LOCALES)
def test_home_page(client, locale):
    response = client.get(f"/{locale}/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'dir="rtl"' in html if locale == "ar" else 'dir="ltr"' in html
    assert "Linwu" in html or "临武" in html or "臨武" in html or "لينوو" in html


@pytest.mark.parametrize("locale", LOCALES)
def test_every_demo_page_renders(client, db_session, locale):
    pages = [f"/{locale}/products/", f"/{locale}/counties/", f"/{locale}/brands/"]
    pages += [f"/{locale}/products/{slug}" for slug in _slugs(db_session, Product, locale)]
    pages += [f"/{locale}/counties/{slug}" for slug in _slugs(db_session, County, locale)]
    pages += [f"/{locale}/brands/{slug}" for slug in _slugs(db_session, Brand, locale)]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page


def test_product_page_shows_the_facts_a_buyer_checks(client, db_session):
    product = db_session.scalars(select(Product).where(Product.code == "linwu-braised-duck")).one()
    html = client.get(f"/en/products/{translated_field(product, 'slug', 'en')}").get_data(
        as_text=True
    )
    assert translated_field(product, "name", "en") in html
    assert "CN¥" in html
    assert translated_field(product.county, "name", "en") in html
    assert translated_field(product.producer, "name", "en") in html
    assert product.variants[0].sku in html
    batch = product.latest_batch
    assert batch is not None and batch.lot_number in html and batch.inspection_certificate in html
    assert "Storage" in html and "Shelf life" in html


def test_product_page_in_chinese_is_in_chinese(client, db_session):
    product = db_session.scalars(select(Product).where(Product.code == "linwu-braised-duck")).one()
    html = client.get(f"/zh-hans/products/{translated_field(product, 'slug', 'zh-hans')}").get_data(
        as_text=True
    )
    assert translated_field(product, "name", "zh-hans") in html
    assert 'lang="zh-Hans"' in html
    assert "¥" in html


def test_slug_of_another_locale_redirects_to_the_translated_slug(client, db_session):
    product = db_session.scalars(select(Product).where(Product.code == "linwu-braised-duck")).one()
    en_slug = translated_field(product, "slug", "en")
    fr_slug = translated_field(product, "slug", "fr")
    response = client.get(f"/fr/products/{en_slug}")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"/fr/products/{fr_slug}")


def test_hreflang_alternates_use_translated_slugs(client, db_session):
    product = db_session.scalars(select(Product).where(Product.code == "linwu-braised-duck")).one()
    html = client.get(f"/en/products/{translated_field(product, 'slug', 'en')}").get_data(
        as_text=True
    )
    for tag in ("fr", "zh-Hant", "ar"):
        assert f'hreflang="{tag}"' in html
    assert 'hreflang="x-default"' in html
    from urllib.parse import quote

    assert quote(translated_field(product, "slug", "zh-hant")) in html


@pytest.mark.parametrize(
    "path",
    [
        "/xx/",
        "/en/products/does-not-exist",
        "/en/products/<script>",
        "/en/products/" + "a" * 500,
        "/en/counties/no-such-county",
        "/en/brands/no-such-brand",
        "/en/products/a--b",
        "/en/nothing-here",
    ],
)
def test_unknown_pages_are_404_pages(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_404_page_is_in_the_visitors_language(client):
    response = client.get("/fr/products/inexistant")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert 'lang="fr"' in html
    assert "Page not found" not in html


def test_unknown_locale_404_uses_accept_language(client):
    response = client.get("/de/", headers={"Accept-Language": "zh-CN"})
    assert response.status_code == 404
    assert 'lang="zh-Hans"' in response.get_data(as_text=True)


@pytest.mark.parametrize("query", ["page=abc", "page=-1", "page=0", "page=99999999999", "page=1e9"])
def test_absurd_page_numbers_are_400(client, query):
    response = client.get(f"/en/products/?{query}")
    assert response.status_code == 400
    assert "could not be understood" in response.get_data(as_text=True)


def test_page_beyond_the_last_is_404(client):
    assert client.get("/en/products/?page=999").status_code == 404


def test_health_endpoints(client):
    assert client.get("/healthz").json == {"status": "ok"}
    assert client.get("/readyz").json["database"] == "ok"


def test_security_headers(client):
    response = client.get("/en/")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]


@pytest.mark.parametrize("locale", LOCALES)
def test_language_switcher_on_the_home_page(client, locale):
    html = client.get(f"/{locale}/").get_data(as_text=True)
    for other in LOCALES:
        assert f'href="http://shop.test/{other}/"' in html


def test_prices_are_isolated_for_right_to_left_pages(client, db_session):
    product = db_session.scalars(select(Product).where(Product.code == "linwu-braised-duck")).one()
    html = client.get(f"/ar/products/{translated_field(product, 'slug', 'ar')}").get_data(
        as_text=True
    )
    assert '<bdi class="money" dir="ltr">' in html
