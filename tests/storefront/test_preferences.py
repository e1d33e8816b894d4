"""Display currency and destination: ?currency= / ?ship_to= on any page, the header form, CSRF."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date
from babel.numbers import format_currency

from catalog.exchange import rate_on
from catalog.translation import translated_field
from tests.factories import demo_product


def shop_today():  # the shop's "today" (Asia/Shanghai), as the app uses it
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def _duck_path(db_session, locale="en"):
    duck = demo_product(db_session, "linwu-braised-duck")
    return duck, f"/{locale}/products/{translated_field(duck, 'slug', locale)}"


def test_prices_are_in_cny_by_default_with_no_conversion_note(client, db_session):
    _duck, path = _duck_path(db_session)
    html = client.get(path).get_data(as_text=True)
    assert "CN¥" in html
    assert "approximate" not in html


@pytest.mark.parametrize(
    "currency", ["USD", "JPY", "EUR", "KES", "SAR", "CAD", "NZD", "KRW", "THB"]
)
def test_currency_parameter_shows_an_approximate_dated_conversion(client, db_session, currency):
    duck, path = _duck_path(db_session)
    html = client.get(f"{path}?currency={currency}").get_data(as_text=True)
    rate = rate_on(db_session, currency, shop_today())
    price = duck.variants[0].price
    converted = rate.convert(price)
    assert format_currency(converted.amount, currency, locale="en") in html
    assert format_currency(price, "CNY", locale="en") in html  # what is charged stays visible
    assert format_date(rate.effective_on, "long", locale="en") in html
    assert "approximate" in html
    if currency in ("JPY", "KRW"):
        assert converted.amount == converted.amount.to_integral_value()
        assert format_currency(converted.amount, currency, locale="en").count(".") == 0


def test_the_currency_is_remembered_for_the_session(client, db_session):
    _duck, path = _duck_path(db_session)
    client.get("/en/?currency=GBP")
    assert "£" in client.get(path).get_data(as_text=True)
    client.get("/en/?currency=cny")
    assert "approximate" not in client.get(path).get_data(as_text=True)


def test_converted_prices_are_localised(client, db_session):
    duck, path = _duck_path(db_session, "fr")
    html = client.get(f"{path}?currency=EUR").get_data(as_text=True)
    converted = rate_on(db_session, "EUR", shop_today()).convert(duck.variants[0].price)
    assert format_currency(converted.amount, "EUR", locale="fr") in html


def test_an_unknown_currency_is_ignored_with_a_notice(client, db_session):
    _duck, path = _duck_path(db_session)
    client.get(f"{path}?currency=USD")
    response = client.get(f"{path}?currency=XYZ")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "XYZ" in html and "flash-warning" in html
    assert "US$" in html or "$" in html  # the earlier choice is kept


def test_notice_text_is_escaped_and_shortened(client):
    html = client.get("/en/?currency=<script>alert(1)</script>").get_data(as_text=True)
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def test_ship_to_parameter_and_unknown_country(client, db_session):
    _duck, path = _duck_path(db_session)
    html = client.get(f"{path}?ship_to=gb").get_data(as_text=True)
    assert "United Kingdom" in html
    response = client.get(f"{path}?ship_to=ZZ")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "ZZ" in html and "flash-warning" in html
    assert "United Kingdom" in html  # destination unchanged


def test_the_header_form_sets_preferences_and_returns_to_the_page(client, db_session):
    _duck, path = _duck_path(db_session)
    response = client.post(
        "/en/preferences",
        data={"currency": "HKD", "ship_to": "SG", "hide_unshippable": "y", "next": path},
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(path)
    html = client.get(path).get_data(as_text=True)
    assert "HK$" in html and "Singapore" in html


def test_the_header_form_keeps_valid_choices_and_flags_bad_ones(client, db_session):
    response = client.post(
        "/en/preferences",
        data={"currency": "EUR", "ship_to": "XX", "next": "/en/"},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "€" in html and "XX" in html and "flash-warning" in html


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "/\\evil", ""])
def test_the_header_form_never_redirects_off_site(client, next_url):
    response = client.post("/en/preferences", data={"currency": "USD", "next": next_url})
    assert response.status_code == 303
    assert response.headers["Location"] in ("/en/", "http://shop.test/en/")


def test_the_header_form_is_on_every_page_with_a_csrf_token(app, client, db_session):
    _duck, path = _duck_path(db_session, "ar")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        html = client.get(path).get_data(as_text=True)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert 'action="/ar/preferences"' in html
    assert 'name="csrf_token"' in html
    assert 'name="currency"' in html and 'name="ship_to"' in html


def test_the_form_is_refused_without_a_csrf_token_when_csrf_is_on(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post("/en/preferences", data={"currency": "USD", "next": "/en/"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400


def test_the_form_works_with_its_csrf_token_when_csrf_is_on(app, client):
    import re

    app.config["WTF_CSRF_ENABLED"] = True
    try:
        page = client.get("/en/").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        response = client.post(
            "/en/preferences", data={"currency": "USD", "next": "/en/", "csrf_token": token}
        )
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 303


def test_a_currency_without_a_published_rate_shows_cny_only(client, db_session):
    from sqlalchemy import delete

    from catalog.models import ExchangeRate

    db_session.execute(delete(ExchangeRate).where(ExchangeRate.currency == "AED"))
    _duck, path = _duck_path(db_session)
    html = client.get(f"{path}?currency=AED").get_data(as_text=True)
    assert "CN¥" in html and "approximate" not in html


def test_the_form_without_a_currency_changes_only_the_destination(client, db_session):
    client.get("/en/?currency=EUR")
    response = client.post("/en/preferences", data={"ship_to": "FR", "next": "/en/"})
    assert response.status_code == 303
    html = client.get("/en/").get_data(as_text=True)
    assert "flash-warning" not in html
    assert '<option value="EUR" selected>' in html
    assert '<option value="FR" selected>' in html


def test_the_empty_destination_clears_it(client, db_session):
    client.get("/en/?ship_to=FR")
    client.post("/en/preferences", data={"ship_to": "", "currency": "CNY", "next": "/en/"})
    html = client.get("/en/").get_data(as_text=True)
    assert '<option value="FR" selected>' not in html
    assert "eligibility-" not in html


@pytest.mark.parametrize(
    ("path", "ship_to", "zone"),
    [
        ("/en/orders/X", "SG", "Asia/Singapore"),
        ("/en/orders/X", "FR", "Europe/Paris"),
        ("/en/orders/X", None, "UTC"),
        ("/en/admin/customs/", "SG", "Asia/Shanghai"),
    ],
)
def test_times_are_shown_in_the_readers_zone(app, path, ship_to, zone):
    from flask import session

    from storefront.preferences.visitor import select_timezone

    with app.test_request_context(path):
        app.preprocess_request()
        if ship_to:
            session["ship_to"] = ship_to
        assert select_timezone() == zone
