"""The destination rules page: cells filtered by country, class and status, status and reasons\nin six languages edited in place, product pages follow at once."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from catalog.models import DestinationRule, EligibilityStatus, ProductClass
from storefront.page_cache import page_cache
from storefront.reference_cache import reference_cache
from tests.factories import demo_product
from tests.i18n import translated_html
from tests.storefront.admin.reference import posted, row_keys, sign_in_operator

RULES = "/en/admin/destination-rules/"

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
    assert len(row_keys(html, "rules")) == len(rules)
    html = client.get(f"{RULES}?country=GB&status=blocked").get_data(as_text=True)
    expected = {
        f"r{rule.id}"
        for rule in rules
        if rule.country == "GB" and rule.status is EligibilityStatus.BLOCKED
    }
    assert set(row_keys(html, "rules")) == expected and expected
    html = client.get(f"{RULES}?product_class=tea&country=*").get_data(as_text=True)
    assert row_keys(html, "rules") == [f"r{_rule(db_session, ProductClass.TEA, '*').id}"]


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
            f"{RULES}?country=GB", data=posted(f"r{rule.id}", status="allowed", **reasons)
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
        data=posted(
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
    data = posted(
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
