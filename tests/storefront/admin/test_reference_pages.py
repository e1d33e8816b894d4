"""The console's reference data pages: tables with filters, one row edited in place, every bad
value refused at its field with what was typed kept; operator only; constant query counts."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from catalog.models import DestinationRule, EligibilityStatus, ExchangeRate, ProductClass
from storefront.accounts.models import UserRole
from storefront.bonded.goods_admin import GOOD_FIELDS
from storefront.customs.declarations.destination_ports import DestinationPort
from storefront.page_cache import page_cache
from storefront.pickup.goods import BondedGood, BondedGoodTranslation
from storefront.pickup.showrooms import PickupSlot, Showroom, ensure_slots
from storefront.preferences.visitor import shop_today
from storefront.reference_cache import reference_cache
from tests.factories import demo_product, make_producer, make_user, sign_in
from tests.i18n import translated_html

PAGES = (
    "/en/admin/shipping-rates/",
    "/en/admin/exchange-rates/",
    "/en/admin/destination-rules/",
    "/en/admin/customs/ports",
    "/en/admin/bonded/showrooms",
    "/en/admin/bonded/",
)
POSTS = (
    "/en/admin/shipping-rates/",
    "/en/admin/exchange-rates/",
    "/en/admin/destination-rules/",
    "/en/admin/customs/ports",
    "/en/admin/bonded/showrooms",
    "/en/admin/bonded/slots",
    "/en/admin/bonded/",
)
EXCHANGE = "/en/admin/exchange-rates/"
RULES = "/en/admin/destination-rules/"
SHOWROOMS = "/en/admin/bonded/showrooms"


def sign_in_operator(client, db_session, locale: str = "en") -> None:
    """The test client keeps one app context, and Flask-Babel the first request's language in
    it: a test of another language signs in in that language."""
    make_user(db_session, "operator@example.com", UserRole.OPERATOR)
    sign_in(client, "operator@example.com", locale=locale)


@pytest.fixture
def operator(client, db_session):
    sign_in_operator(client, db_session)


def _posted(key: str, **values: str) -> dict[str, str]:
    return {"row": key, **{f"{key}-{name}": value for name, value in values.items()}}


def _row_keys(html: str, table: str) -> list[str]:
    return re.findall(rf'<tr id="{table}-(r\w+)"', html)


def test_anonymous_visitors_are_sent_to_sign_in(client, db_session):
    for path in PAGES + POSTS:
        response = client.get(path) if path in PAGES else client.post(path, data={"row": "new"})
        assert response.status_code == 302 and "/account/login" in response.location, path


@pytest.mark.parametrize("role", [UserRole.BUYER, UserRole.COOP_MEMBER, UserRole.SHOWROOM_STAFF])
def test_other_roles_are_refused(client, db_session, role):
    producer = make_producer(db_session) if role is UserRole.COOP_MEMBER else None
    make_user(db_session, f"{role.value}@example.com", role, producer)
    sign_in(client, f"{role.value}@example.com")
    for path in PAGES:
        assert client.get(path).status_code == 403, path
    for path in POSTS:
        assert client.post(path, data={"row": "new"}).status_code == 403, path


def test_the_console_links_every_reference_page_in_one_group(client, db_session, operator):
    html = client.get("/en/admin/").get_data(as_text=True)
    group = html.split('id="console-nav-reference"', 1)[1].split("</div>", 1)[0]
    for path in PAGES:
        assert f'href="{path}"' in group, path
    page = client.get("/en/admin/customs/ports").get_data(as_text=True)
    assert '<a href="/en/admin/customs/ports" aria-current="page">' in page
    assert '<a href="/en/admin/customs/" aria-current="page">' not in page


# Exchange rates ------------------------------------------------------------------------------


def _usd(session, day: date) -> ExchangeRate | None:
    return session.scalars(
        select(ExchangeRate).where(ExchangeRate.currency == "USD", ExchangeRate.effective_on == day)
    ).one_or_none()


def test_exchange_rates_are_filtered_by_currency_and_dates(client, db_session, operator):
    rows = db_session.scalars(select(ExchangeRate)).all()
    html = client.get(EXCHANGE).get_data(as_text=True)
    assert len(_row_keys(html, "exchange-rates")) == len(rows) > 10
    days = sorted({row.effective_on for row in rows})
    first = days[0].isoformat()
    html = client.get(f"{EXCHANGE}?currency=JPY&until={first}").get_data(as_text=True)
    expected = [
        f"r{row.id}" for row in rows if row.currency == "JPY" and row.effective_on <= days[0]
    ]
    assert _row_keys(html, "exchange-rates") == expected and expected
    html = client.get(f"{EXCHANGE}?since=2026-02-30&currency=XXX").get_data(as_text=True)
    assert 'value="2026-02-30"' in html and "A date such as 2026-12-04." in html
    assert len(_row_keys(html, "exchange-rates")) == len(rows)  # bad filters are left off


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
            data=_posted(
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
        data=_posted(
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
        data=_posted(
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
        EXCHANGE, data=_posted("new", currency="CNY", effective_on="2026-01-01", units_per_cny="1")
    )
    assert response.status_code == 422  # CNY is charged, never converted


def test_a_rate_is_corrected_in_place(client, db_session, operator):
    row = db_session.scalars(select(ExchangeRate).where(ExchangeRate.currency == "EUR")).first()
    html = client.get(f"{EXCHANGE}?currency=EUR&edit={row.id}").get_data(as_text=True)
    assert f'<tr id="exchange-rates-r{row.id}" class="editing">' in html
    response = client.post(
        f"{EXCHANGE}?currency=EUR",
        data=_posted(
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


# Destination rules ---------------------------------------------------------------------------


def _rule(session, product_class: ProductClass, country: str) -> DestinationRule:
    return session.scalars(
        select(DestinationRule).where(
            DestinationRule.product_class == product_class, DestinationRule.country == country
        )
    ).one()


def test_destination_rules_are_filtered_by_country_class_and_status(client, db_session, operator):
    rules = db_session.scalars(select(DestinationRule)).all()
    html = client.get(RULES).get_data(as_text=True)
    assert len(_row_keys(html, "rules")) == len(rules)
    html = client.get(f"{RULES}?country=GB&status=blocked").get_data(as_text=True)
    expected = {
        f"r{rule.id}"
        for rule in rules
        if rule.country == "GB" and rule.status is EligibilityStatus.BLOCKED
    }
    assert set(_row_keys(html, "rules")) == expected and expected
    html = client.get(f"{RULES}?product_class=tea&country=*").get_data(as_text=True)
    assert _row_keys(html, "rules") == [f"r{_rule(db_session, ProductClass.TEA, '*').id}"]


def test_a_rule_edited_in_six_languages_shows_on_cached_product_pages(
    app, client, db_session, operator
):
    app.config.update(REFERENCE_CACHE_SECONDS=300, PAGE_CACHE_SECONDS=30)
    try:
        rule = _rule(db_session, ProductClass.COOKED_POULTRY, "GB")
        duck = demo_product(db_session, "linwu-braised-duck")
        slug = {t.locale: t.slug for t in duck.translations}
        path = f"/ar/products/{slug.get('ar', slug['en'])}?ship_to=GB"
        assert "notice-blocked" in client.get(path).get_data(as_text=True)
        html = client.get(f"{RULES}?country=GB&edit={rule.id}").get_data(as_text=True)
        assert f'id="r{rule.id}-reason_ar"' in html and 'lang="ar"' in html
        reasons = {
            "reason_en": "Allowed for this test.",
            "reason_zh_hans": "测试允许。",
            "reason_zh_hant": "測試允許。",
            "reason_fr": "Autorisé pour ce test.",
            "reason_ms": "Dibenarkan untuk ujian ini.",
            "reason_ar": "مسموح به لهذا الاختبار.",
        }
        response = client.post(
            f"{RULES}?country=GB", data=_posted(f"r{rule.id}", status="allowed", **reasons)
        )
        assert response.status_code == 303
        html = client.get(path).get_data(as_text=True)
        assert "notice-allowed" in html and "مسموح به لهذا الاختبار." in html
    finally:
        app.config.update(REFERENCE_CACHE_SECONDS=0, PAGE_CACHE_SECONDS=0)
        reference_cache.clear()
        page_cache.clear()


@pytest.mark.parametrize("locale", ["en", "fr", "ar"])
def test_a_rule_without_its_english_reason_is_refused_keeping_the_others(
    app, client, db_session, locale
):
    sign_in_operator(client, db_session, locale)
    rule = _rule(db_session, ProductClass.TEA, "*")
    response = client.post(
        f"/{locale}/admin/destination-rules/",
        data=_posted(
            f"r{rule.id}",
            status="blocked",
            reason_en="  ",
            reason_fr="Texte gardé",
            reason_ar="x" * 501,
        ),
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    english = translated_html(
        app, locale, "Please give the reason in English: other languages fall back to it."
    )
    assert f'id="r{rule.id}-reason_en-error">{english}</p>' in html or (
        f'id="r{rule.id}-reason_ar-error">' in html
    )
    assert "Texte gardé</textarea>" in html
    db_session.expire_all()
    assert _rule(db_session, ProductClass.TEA, "*").status is not EligibilityStatus.BLOCKED


def test_a_country_cell_is_added_then_removed(client, db_session, operator):
    data = _posted(
        "new", country="JP", product_class="tea", status="blocked", reason_en="Test block."
    )
    assert client.post(RULES, data=data).status_code == 303
    added = _rule(db_session, ProductClass.TEA, "JP")
    assert added.status is EligibilityStatus.BLOCKED
    response = client.post(RULES, data=data)
    assert response.status_code == 422
    assert 'id="new-country-error">This country already has a cell' in response.get_data(
        as_text=True
    )
    assert client.post(f"{RULES}{added.id}/delete").status_code == 303
    default = _rule(db_session, ProductClass.TEA, "*")
    assert client.post(f"{RULES}{default.id}/delete").status_code == 404  # defaults stay


# Showrooms and slots -------------------------------------------------------------------------


def _showroom(session) -> Showroom:
    return session.scalars(select(Showroom)).first()


def _showroom_values(showroom: Showroom, **changes: str) -> dict[str, str]:
    values = {
        "opens_at": showroom.opens_at.strftime("%H:%M"),
        "closes_at": showroom.closes_at.strftime("%H:%M"),
        "slot_minutes": str(showroom.slot_minutes),
        "slot_capacity": str(showroom.slot_capacity),
        "preparation_minutes": str(showroom.preparation_minutes),
        "pickup_window_days": str(showroom.pickup_window_days),
        "is_active": "y",
        **changes,
    }
    return _posted(f"r{showroom.id}", **values)


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_showroom_hours_are_edited_and_bad_ones_refused(app, client, db_session, locale):
    sign_in_operator(client, db_session, locale)
    showroom = _showroom(db_session)
    page = f"/{locale}/admin/bonded/showrooms"
    response = client.post(page, data=_showroom_values(showroom, closes_at="08:00"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    message = translated_html(app, locale, "Closing comes after opening.")
    assert f'id="r{showroom.id}-closes_at-error">{message}</p>' in html
    assert 'value="08:00"' in html
    response = client.post(page, data=_showroom_values(showroom, opens_at="25:99"))
    assert response.status_code == 422
    assert translated_html(app, locale, "A time such as 09:30 (China time).") in (
        response.get_data(as_text=True)
    )
    response = client.post(page, data=_showroom_values(showroom, closes_at="20:00"))
    assert response.status_code == 303
    db_session.expire_all()
    assert _showroom(db_session).closes_at.strftime("%H:%M") == "20:00"


def test_a_slot_capacity_never_goes_below_the_places_booked(client, db_session, operator):
    slot = db_session.scalars(select(PickupSlot).order_by(PickupSlot.starts_at.desc())).first()
    slot.booked = 3
    db_session.commit()
    response = client.post("/en/admin/bonded/slots", data=_posted(f"r{slot.id}", capacity="2"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="r{slot.id}-capacity-error">Fewer places than buyers already booked' in html
    assert 'value="2"' in html
    response = client.post("/en/admin/bonded/slots", data=_posted(f"r{slot.id}", capacity="12"))
    assert response.status_code == 303
    db_session.expire_all()
    assert db_session.get(PickupSlot, slot.id).capacity == 12


def test_slots_are_filtered_by_showroom_and_day(client, db_session, operator):
    slots = db_session.scalars(select(PickupSlot).order_by(PickupSlot.starts_at)).all()
    day = slots[-1].starts_at
    html = client.get(f"{SHOWROOMS}?since=2000-01-01").get_data(as_text=True)
    assert len(_row_keys(html, "slots")) == min(len(slots), 300)
    html = client.get(SHOWROOMS).get_data(as_text=True)  # the next three China days
    today = shop_today()
    in_three_days = [
        s
        for s in slots
        if today <= (s.starts_at + timedelta(hours=8)).date() < today + timedelta(3)
    ]
    assert len(_row_keys(html, "slots")) == len(in_three_days) > 0
    china_day = (day + timedelta(hours=8)).date().isoformat()
    html = client.get(f"{SHOWROOMS}?since={china_day}&until={china_day}").get_data(as_text=True)
    shown = _row_keys(html, "slots")
    assert shown and f"r{slots[-1].id}" in shown and f"r{slots[0].id}" not in shown


# Bonded goods --------------------------------------------------------------------------------


GOODS = "/en/admin/bonded/"


def test_bonded_goods_are_filtered_and_their_sale_terms_edited_in_place(
    client, db_session, operator
):
    goods = db_session.scalars(select(BondedGood)).all()
    html = client.get(GOODS).get_data(as_text=True)
    assert len(_row_keys(html, "goods")) == len(goods) > 1
    one = goods[0]
    html = client.get(f"{GOODS}?text={one.sku.lower()}").get_data(as_text=True)
    assert _row_keys(html, "goods") == [f"r{one.id}"]
    html = client.get(f"{GOODS}?category={one.category.value}&on_sale=yes").get_data(as_text=True)
    assert f"r{one.id}" in _row_keys(html, "goods")
    html = client.get(f"{GOODS}?text=%25_%25").get_data(as_text=True)  # wildcards are text
    assert _row_keys(html, "goods") == []

    key = f"r{one.id}"
    response = client.post(
        GOODS, data={"row": key, f"{key}-price": "0", f"{key}-is_published": "y"}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{key}-price-error">A price above 0 and up to 1,000,000 CNY' in html
    assert f'id="{key}-price"' in html and 'value="0"' in html
    response = client.post(
        f"{GOODS}?on_sale=no",
        data={"row": key, f"{key}-price": "99.90", f"{key}-is_published": "y"},
    )
    assert response.status_code == 303 and response.location.endswith("?on_sale=no")
    db_session.expire_all()
    saved = db_session.get(BondedGood, one.id)
    assert saved.price == Decimal("99.90") and not saved.on_positive_list and not saved.on_sale
    assert f"r{one.id}" in _row_keys(client.get(response.location).get_data(as_text=True), "goods")


# Query counts --------------------------------------------------------------------------------


def test_the_pages_cost_the_same_queries_with_more_rows(
    client, db_session, operator, count_queries
):
    pages = PAGES[1:6]
    for path in pages:
        client.get(path)
    counts = {}
    for path in pages:
        with count_queries() as queries:
            client.get(path)
        counts[path] = len(queries)
    for offset in range(1, 31):
        db_session.add(
            ExchangeRate(
                currency="USD",
                effective_on=date(2001, 1, 1) + timedelta(days=offset),
                units_per_cny=Decimal("0.14"),
            )
        )
    for country in ("JP", "KR", "AU", "NZ", "US"):
        for product_class in (ProductClass.TEA, ProductClass.NOODLES):
            if not db_session.scalars(
                select(DestinationRule).where(
                    DestinationRule.country == country,
                    DestinationRule.product_class == product_class,
                )
            ).first():
                db_session.add(
                    DestinationRule(
                        product_class=product_class,
                        country=country,
                        status=EligibilityStatus.ALLOWED,
                        reason_code="operator",
                        documents=[],
                    )
                )
    showroom = _showroom(db_session)
    assert ensure_slots(db_session, showroom, shop_today() + timedelta(days=2), 20) > 0
    db_session.add(
        DestinationPort(country="SA", code="131", name="", source="test", recorded_by="test")
    )
    model = db_session.scalars(select(BondedGood)).first()
    for number in range(8):
        copy = BondedGood(**{name: getattr(model, name) for name in GOOD_FIELDS})
        copy.sku = f"QC-{number}"
        copy.translations = [BondedGoodTranslation(locale="en", name=f"Copy {number}")]
        db_session.add(copy)
    db_session.commit()
    for path in pages:
        client.get(path)
        with count_queries() as queries:
            client.get(path)
        assert len(queries) == counts[path], path
