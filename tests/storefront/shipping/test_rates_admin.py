"""The operator edits the shipping rate table in place; nobody else may."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from storefront.accounts.models import UserRole
from storefront.shipping.models import ShippingMethod, ShippingRate
from storefront.shipping.quotes import quote_for
from tests.factories import make_user, sign_in
from tests.i18n import translated_html

PAGE = "/en/admin/shipping-rates/"


def sign_in_operator(client, db_session, locale: str = "en") -> None:
    """The test client keeps one app context, and Flask-Babel the first request's language in
    it: a test of another language signs in in that language."""
    make_user(db_session, "operator@example.com", UserRole.OPERATOR)
    sign_in(client, "operator@example.com", locale=locale)


@pytest.fixture
def operator(client, db_session, shipping_rates):
    sign_in_operator(client, db_session)


def _rate(session, method=ShippingMethod.POSTAL_PARCEL, country="*", grams=1000) -> ShippingRate:
    return session.scalars(
        select(ShippingRate).where(
            ShippingRate.method == method,
            ShippingRate.country_code == country,
            ShippingRate.max_weight_g == grams,
        )
    ).one()


def _row(rate: ShippingRate, **changes: str) -> dict[str, str]:
    key = f"r{rate.id}"
    values = {
        "method": rate.method.value,
        "country_code": rate.country_code,
        "max_weight_g": str(rate.max_weight_g),
        "price": str(rate.price),
        "delivery_days_min": str(rate.delivery_days_min),
        "delivery_days_max": str(rate.delivery_days_max),
        **changes,
    }
    return {"row": key, **{f"{key}-{name}": value for name, value in values.items()}}


def _shown_rows(html: str) -> list[str]:
    return re.findall(r'<tr id="rates-(r\d+)"', html)


def test_only_the_operator_sees_or_changes_the_rates(client, db_session, shipping_rates):
    rate = _rate(db_session)
    assert "/account/login" in client.get(PAGE).location  # anonymous: sign in first
    make_user(db_session, "buyer@example.com", UserRole.BUYER)
    sign_in(client, "buyer@example.com")
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, data=_row(rate, price="1")).status_code == 403
    assert client.post(f"{PAGE}{rate.id}/delete").status_code == 403
    assert _rate(db_session).price != Decimal("1")


def test_one_table_filtered_by_method_destination_and_band(client, db_session, operator):
    html = client.get(PAGE).get_data(as_text=True)
    everything = db_session.scalars(select(ShippingRate)).all()
    assert len(_shown_rows(html)) == len(everything) > 60
    assert html.count("<table") == 1 and html.count('class="editing"') == 1  # only "add"

    html = client.get(f"{PAGE}?method=international_express&country=sg").get_data(as_text=True)
    express_sg = [
        r
        for r in everything
        if r.method is ShippingMethod.INTERNATIONAL_EXPRESS and r.country_code == "SG"
    ]
    assert sorted(_shown_rows(html)) == sorted(f"r{r.id}" for r in express_sg)
    assert 'value="sg"' in html  # the filter keeps what was typed

    html = client.get(f"{PAGE}?weight=30000").get_data(as_text=True)
    assert len(_shown_rows(html)) == len([r for r in everything if r.max_weight_g == 30000])


def test_a_filter_that_does_not_fit_is_explained_not_a_500(client, db_session, operator):
    response = client.get(f"{PAGE}?country=France&weight=abc&method=ship")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'value="France"' in html
    assert "Two letters (ISO code, e.g. FR), or * for every other country." in html
    assert len(_shown_rows(html)) > 60  # the bad filters are left off


def test_a_row_opens_for_editing_and_saves_in_place(client, db_session, operator):
    rate = _rate(db_session)
    html = client.get(f"{PAGE}?method=postal_parcel&edit={rate.id}").get_data(as_text=True)
    assert f'<tr id="rates-r{rate.id}" class="editing">' in html
    assert f'id="r{rate.id}-price"' in html and 'value="75.00"' in html

    response = client.post(f"{PAGE}?method=postal_parcel", data=_row(rate, price="69.50"))
    assert response.status_code == 303
    assert response.location.endswith("/en/admin/shipping-rates/?method=postal_parcel")
    db_session.expire_all()
    assert _rate(db_session).price == Decimal("69.50")
    assert quote_for(db_session, ShippingMethod.POSTAL_PARCEL, "FR", 800).price.amount == Decimal(
        "69.50"
    )
    html = client.get(response.location).get_data(as_text=True)
    assert "69.50" in html and "The shipping rate is saved." in html


@pytest.mark.parametrize("locale", ["en", "fr", "ar", "zh-hant"])
def test_a_bad_value_is_refused_at_its_field_keeping_what_was_typed(
    app, client, db_session, shipping_rates, locale
):
    sign_in_operator(client, db_session, locale)
    rate = _rate(db_session)
    response = client.post(
        f"/{locale}/admin/shipping-rates/",
        data=_row(rate, price="-4,5", delivery_days_min="9", delivery_days_max="3"),
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    message = translated_html(app, locale, "A price from 0 to 1,000,000 CNY, e.g. 45.00.")
    assert f'id="r{rate.id}-price-error">{message}</p>' in html
    assert 'value="-4,5"' in html and f'id="r{rate.id}-delivery_days_max"' in html
    assert "Not a valid" not in html
    db_session.expire_all()
    assert _rate(db_session).price == Decimal("75.00")

    response = client.post(
        f"/{locale}/admin/shipping-rates/", data=_row(rate, delivery_days_min="9")
    )  # at least 9 days, at most 25: fine; at most 3 is not
    assert response.status_code == 303
    response = client.post(
        f"/{locale}/admin/shipping-rates/", data=_row(rate, delivery_days_max="3")
    )
    html = response.get_data(as_text=True)
    message = translated_html(app, locale, "At most as many days as at least, or more.")
    assert response.status_code == 422
    assert f'id="r{rate.id}-delivery_days_max-error">{message}</p>' in html


def test_adding_a_duplicate_band_is_refused_at_the_weight(client, db_session, operator):
    count = len(db_session.scalars(select(ShippingRate)).all())
    new = {
        "row": "new",
        "new-method": "postal_parcel",
        "new-country_code": "*",
        "new-max_weight_g": "1000",
        "new-price": "10",
        "new-delivery_days_min": "1",
        "new-delivery_days_max": "2",
    }
    response = client.post(PAGE, data=new)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="new-max_weight_g-error">This method and country already have a row' in html
    assert len(db_session.scalars(select(ShippingRate)).all()) == count

    response = client.post(PAGE, data={**new, "new-country_code": "nz", "new-max_weight_g": "700"})
    assert response.status_code == 303
    assert _rate(db_session, country="NZ", grams=700).price == Decimal("10.00")


def test_a_row_is_deleted(client, db_session, operator):
    rate = _rate(db_session)
    response = client.post(f"{PAGE}{rate.id}/delete?method=postal_parcel")
    assert response.status_code == 303 and response.location.endswith("?method=postal_parcel")
    assert db_session.get(ShippingRate, rate.id) is None
    assert client.post(f"{PAGE}{rate.id}/delete").status_code == 404


def test_odd_posts_are_answered_without_a_500(client, db_session, operator):
    assert client.post(PAGE, data={"row": "x1"}).status_code == 400
    assert client.post(PAGE, data={"row": "r99999999999"}).status_code == 400
    assert client.post(PAGE, data={"row": "r2147483000"}).status_code == 404
    assert client.get(f"{PAGE}?edit=99999999999999").status_code == 200
    rate = _rate(db_session)
    for odd in ("NaN", "Infinity", "1e400", "٣٠"):
        response = client.post(PAGE, data=_row(rate, price=odd))
        assert response.status_code in (303, 422), odd
    db_session.expire_all()
    assert _rate(db_session).price.is_finite()


def test_the_page_costs_the_same_queries_with_more_rows(
    client, db_session, operator, count_queries
):
    client.get(PAGE)
    with count_queries() as before:
        client.get(PAGE)
    for grams in range(40_001, 40_031):
        db_session.add(
            ShippingRate(
                method=ShippingMethod.POSTAL_PARCEL,
                country_code="*",
                max_weight_g=grams,
                price=Decimal("1"),
                currency="CNY",
            )
        )
    db_session.commit()
    client.get(PAGE)  # the signed-in user is read again after the commit expired it
    with count_queries() as after:
        html = client.get(PAGE).get_data(as_text=True)
    assert "40,030" in html
    assert len(after) == len(before)
