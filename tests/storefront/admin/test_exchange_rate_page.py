"""The exchange rates page: dated rows filtered by currency and dates, a day's rate added or a\nrow corrected in place, a bad rate refused at its field; pages convert with the new rate."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from catalog.models import ExchangeRate
from storefront.page_cache import page_cache
from storefront.preferences.visitor import shop_today
from storefront.reference_cache import reference_cache
from tests.factories import demo_product
from tests.i18n import translated_html
from tests.storefront.admin.reference import posted, row_keys, sign_in_operator

EXCHANGE = "/en/admin/exchange-rates/"

# Exchange rates ------------------------------------------------------------------------------


def _usd(session, day: date) -> ExchangeRate | None:
    return session.scalars(
        select(ExchangeRate).where(ExchangeRate.currency == "USD", ExchangeRate.effective_on == day)
    ).one_or_none()


def test_exchange_rates_are_filtered_by_currency_and_dates(client, db_session, operator):
    rows = db_session.scalars(select(ExchangeRate)).all()
    html = client.get(EXCHANGE).get_data(as_text=True)
    assert len(row_keys(html, "exchange-rates")) == len(rows) > 10
    days = sorted({row.effective_on for row in rows})
    first = days[0].isoformat()
    html = client.get(f"{EXCHANGE}?currency=JPY&until={first}").get_data(as_text=True)
    expected = [
        f"r{row.id}" for row in rows if row.currency == "JPY" and row.effective_on <= days[0]
    ]
    assert row_keys(html, "exchange-rates") == expected and expected
    html = client.get(f"{EXCHANGE}?since=2026-02-30&currency=XXX").get_data(as_text=True)
    assert 'value="2026-02-30"' in html and "A date such as 2026-12-04." in html
    assert len(row_keys(html, "exchange-rates")) == len(rows)  # bad filters are left off


def test_a_day_rate_is_added_and_converts_cached_pages_at_once(app, client, db_session, operator):
    app.config.update(REFERENCE_CACHE_SECONDS=300, PAGE_CACHE_SECONDS=30)
    try:
        duck = demo_product(db_session, "linwu-braised-duck")
        path = f"/en/products/{next(t.slug for t in duck.translations if t.locale == 'en')}"
        before = client.get(path + "?currency=USD").get_data(as_text=True)
        assert '(about <bdi class="money" dir="ltr">$' in before
        today = shop_today()
        existing = _usd(db_session, today)
        if existing is not None:  # the demo has a rate today: correct it rather than add
            key, values = f"r{existing.id}", {"currency": "USD"}
        else:
            key, values = "new", {"currency": "USD"}
        response = client.post(
            EXCHANGE,
            data=posted(
                key,
                **values,
                effective_on=today.isoformat(),
                units_per_cny="10",
                source="test desk",
            ),
        )
        assert response.status_code == 303
        price = duck.variants[0].price
        html = client.get(path).get_data(as_text=True)
        assert f'(about <bdi class="money" dir="ltr">${price * 10:,.2f}</bdi>)' in html, (
            "the cached page kept the old rate"
        )
    finally:
        app.config.update(REFERENCE_CACHE_SECONDS=0, PAGE_CACHE_SECONDS=0)
        reference_cache.clear()
        page_cache.clear()


@pytest.mark.parametrize("locale", ["en", "ar", "zh-hant"])
@pytest.mark.parametrize("typed", ["-1", "0", "abc", "NaN", "1.123456789", "1e40"])
def test_a_bad_rate_is_refused_at_its_field(app, client, db_session, locale, typed):
    sign_in_operator(client, db_session, locale)
    row = db_session.scalars(select(ExchangeRate).order_by(ExchangeRate.id)).first()
    before = row.units_per_cny
    response = client.post(
        f"/{locale}/admin/exchange-rates/",
        data=posted(
            f"r{row.id}",
            currency=row.currency,
            effective_on=row.effective_on.isoformat(),
            units_per_cny=typed,
            source="typed source",
        ),
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    message = translated_html(
        app, locale, "A number above 0 with at most 8 decimals, e.g. 0.1380 (units for one yuan)."
    )
    assert f'id="r{row.id}-units_per_cny-error">{message}</p>' in html
    assert f'value="{typed}"' in html and 'value="typed source"' in html
    db_session.expire_all()
    assert db_session.get(ExchangeRate, row.id).units_per_cny == before


def test_a_second_rate_on_the_same_day_is_refused_at_the_date(client, db_session, operator):
    row = db_session.scalars(select(ExchangeRate).order_by(ExchangeRate.id)).first()
    response = client.post(
        EXCHANGE,
        data=posted(
            "new",
            currency=row.currency,
            effective_on=row.effective_on.isoformat(),
            units_per_cny="1.5",
            source="",
        ),
    )
    assert response.status_code == 422
    assert 'id="new-effective_on-error">This currency already has a rate on this day' in (
        response.get_data(as_text=True)
    )
    response = client.post(
        EXCHANGE, data=posted("new", currency="CNY", effective_on="2026-01-01", units_per_cny="1")
    )
    assert response.status_code == 422  # CNY is charged, never converted


def test_a_rate_is_corrected_in_place(client, db_session, operator):
    row = db_session.scalars(select(ExchangeRate).where(ExchangeRate.currency == "EUR")).first()
    html = client.get(f"{EXCHANGE}?currency=EUR&edit={row.id}").get_data(as_text=True)
    assert f'<tr id="exchange-rates-r{row.id}" class="editing">' in html
    response = client.post(
        f"{EXCHANGE}?currency=EUR",
        data=posted(
            f"r{row.id}",
            currency="EUR",
            effective_on=row.effective_on.isoformat(),
            units_per_cny="0.12345678",
            source="corrected",
        ),
    )
    assert response.status_code == 303 and response.location.endswith("?currency=EUR")
    db_session.expire_all()
    assert db_session.get(ExchangeRate, row.id).units_per_cny == Decimal("0.12345678")
    db_session.get(ExchangeRate, row.id).units_per_cny = Decimal("10.00000000")
    db_session.commit()
    html = client.get(f"{EXCHANGE}?currency=EUR&edit={row.id}").get_data(as_text=True)
    assert f'id="r{row.id}-units_per_cny"' in html and 'value="10"' in html  # never "1E+1"
