"""The information pages exist in every language and the delivery page comes from the rules
and the rates."""

from __future__ import annotations

import html as html_module

import pytest

from catalog.eligibility import DESTINATION_COUNTRIES, blocked_classes
from storefront.i18n import supported_locales

PAGES = ("delivery", "returns", "contact", "terms", "privacy")


@pytest.mark.parametrize("page", PAGES)
def test_every_information_page_answers_in_every_language_and_is_in_the_footer(client, page):
    for locale in supported_locales():
        response = client.get(f"/{locale}/{page}")
        assert response.status_code == 200, (locale, page)
        assert f'href="/{locale}/{page}"' in response.get_data(as_text=True)  # footer link


def test_the_delivery_page_lists_every_destination_with_its_methods_and_limits(
    client, db_session, shipping_rates
):
    page = html_module.unescape(client.get("/en/delivery").get_data(as_text=True))
    for country in DESTINATION_COUNTRIES:
        assert f'id="delivery-{country}"' in page
    row = page[page.index('id="delivery-GB"') :]
    row = row[: row.index("</tr>")]
    blocked = len(blocked_classes(db_session, "GB"))
    assert blocked >= 1 and f"{blocked} kind" in row
    assert "/en/products/?ship_to=GB" in row
    assert "CN¥" in row


def test_product_pages_link_to_the_delivery_page(client, db_session):
    from catalog.translation import translated_field
    from tests.factories import demo_product

    duck = demo_product(db_session, "linwu-braised-duck")
    slug = translated_field(duck, "slug", "fr")
    assert 'href="/fr/delivery"' in client.get(f"/fr/products/{slug}").get_data(as_text=True)


def test_the_home_page_leaves_out_counties_without_products(client, db_session):
    from catalog import queries
    from catalog.translation import translated_field

    counts = queries.count_products_by_county(db_session)
    page = client.get("/en/").get_data(as_text=True)
    chips = page[page.index('id="counties-heading"') : page.index('id="brands-heading"')]
    assert '<span class="count">0</span>' not in chips
    for county in queries.list_counties(db_session):
        slug = translated_field(county, "slug", "en")
        assert (f"/en/counties/{slug}" in chips) == bool(counts.get(county.id)), slug
