"""Product page and listings say whether a product can be sent to the visitor's destination."""

from __future__ import annotations

from catalog.eligibility import eligibility_for
from catalog.models import EligibilityStatus, ProductClass
from catalog.translation import translated_field
from tests.factories import demo_product, make_product


def _path(product, locale="en"):
    return f"/{locale}/products/{translated_field(product, 'slug', locale)}"


def test_without_a_destination_the_page_asks_for_one(client, db_session):
    duck = demo_product(db_session, "linwu-braised-duck")
    html = client.get(_path(duck)).get_data(as_text=True)
    assert "Choose your destination" in html


def test_blocked_destination_says_why_in_the_page_language(client, db_session):
    duck = demo_product(db_session, "linwu-braised-duck")
    for locale in ("en", "fr", "ar"):
        answer = eligibility_for(db_session, ProductClass.COOKED_POULTRY, "GB", locale)
        assert answer.status is EligibilityStatus.BLOCKED
        html = client.get(_path(duck, locale) + "?ship_to=GB").get_data(as_text=True)
        assert "notice-blocked" in html
        assert answer.reason in html.replace("&#39;", "'")


def test_conditional_destination_lists_the_documents(client, db_session):
    duck = demo_product(db_session, "linwu-braised-duck")
    answer = eligibility_for(db_session, ProductClass.COOKED_POULTRY, "SG", "en")
    assert answer.status is EligibilityStatus.CONDITIONAL and answer.documents
    html = client.get(_path(duck) + "?ship_to=SG").get_data(as_text=True)
    assert "notice-conditional" in html
    for document in answer.documents:
        assert document in html


def test_allowed_destination(client, db_session):
    tea = make_product(db_session, product_class=ProductClass.TEA)
    answer = eligibility_for(db_session, ProductClass.TEA, "HK", "en")
    assert answer.status is EligibilityStatus.ALLOWED
    html = client.get(_path(tea) + "?ship_to=HK").get_data(as_text=True)
    assert "notice-allowed" in html and "Hong Kong" in html


def test_listing_cards_show_badges_and_can_hide_what_cannot_be_sent(client, db_session):
    duck = demo_product(db_session, "linwu-braised-duck")
    name = translated_field(duck, "name", "en")
    html = client.get("/en/products/?ship_to=GB").get_data(as_text=True)
    assert name in html and "eligibility-blocked" in html
    client.post(
        "/en/preferences",
        data={"ship_to": "GB", "currency": "CNY", "hide_unshippable": "y", "next": "/en/"},
    )
    for path in ("/en/products/", "/en/", _county_path(duck)):
        html = client.get(path).get_data(as_text=True)
        assert name not in html, path
        assert "eligibility-blocked" not in html, path
    client.post("/en/preferences", data={"ship_to": "GB", "currency": "CNY", "next": "/en/"})
    assert name in client.get("/en/products/").get_data(as_text=True)


def _county_path(product):
    return f"/en/counties/{translated_field(product.county, 'slug', 'en')}"
