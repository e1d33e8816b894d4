"""The operator's edits of reference data, as rules: exchange rates and destination rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from catalog.destination_rules import InvalidDestinationRule, delete_rule, list_rules, save_rule
from catalog.eligibility import eligibility_for
from catalog.exchange import (
    InvalidExchangeRate,
    list_exchange_rates,
    rate_on,
    save_exchange_rate,
)
from catalog.models import (
    CatalogRevision,
    DestinationRule,
    EligibilityStatus,
    ExchangeRate,
    ProductClass,
)

DAY = date(2031, 3, 2)


def _revision(session) -> int:
    return session.scalar(select(CatalogRevision.revision))


def test_a_day_rate_is_stored_converts_and_moves_the_stamp(db_session):
    before = _revision(db_session)
    save_exchange_rate(
        db_session,
        row=None,
        currency="usd",
        effective_on=DAY,
        units_per_cny=Decimal("0.5"),
        source=" desk ",
    )
    assert _revision(db_session) == before + 1
    rate = rate_on(db_session, "USD", DAY)
    assert rate.units_per_cny == Decimal("0.5") and rate.effective_on == DAY
    assert rate.convert(Decimal("10.00")).amount == Decimal("5.00")
    stored = list_exchange_rates(db_session, currency="USD", since=DAY, until=DAY)
    assert [row.source for row in stored] == ["desk"]


@pytest.mark.parametrize(
    ("currency", "units", "field"),
    [
        ("CNY", "1", "currency"),
        ("XXX", "1", "currency"),
        ("USD", "0", "units_per_cny"),
        ("USD", "-1", "units_per_cny"),
        ("USD", "NaN", "units_per_cny"),
        ("USD", "0.000000001", "units_per_cny"),
        ("USD", "99999999999", "units_per_cny"),
    ],
)
def test_a_rate_that_does_not_fit_names_its_field(db_session, currency, units, field):
    with pytest.raises(InvalidExchangeRate) as refused:
        save_exchange_rate(
            db_session,
            row=None,
            currency=currency,
            effective_on=DAY,
            units_per_cny=Decimal(units),
            source="",
        )
    assert refused.value.field == field


def test_a_second_rate_on_a_day_is_refused_but_the_row_itself_may_be_corrected(db_session):
    row = save_exchange_rate(
        db_session,
        row=None,
        currency="EUR",
        effective_on=DAY,
        units_per_cny=Decimal("0.13"),
        source="",
    )
    with pytest.raises(InvalidExchangeRate) as refused:
        save_exchange_rate(
            db_session,
            row=None,
            currency="EUR",
            effective_on=DAY,
            units_per_cny=Decimal("0.2"),
            source="",
        )
    assert refused.value.field == "effective_on"
    save_exchange_rate(
        db_session,
        row=row,
        currency="EUR",
        effective_on=DAY,
        units_per_cny=Decimal("0.2"),
        source="",
    )
    assert db_session.get(ExchangeRate, row.id).units_per_cny == Decimal("0.2")


def _rule(session, product_class, country) -> DestinationRule:
    return session.scalars(
        select(DestinationRule).where(
            DestinationRule.product_class == product_class, DestinationRule.country == country
        )
    ).one()


def test_a_rule_edit_changes_the_answer_and_an_empty_text_falls_back_to_english(db_session):
    rule = _rule(db_session, ProductClass.TEA, "*")
    before = _revision(db_session)
    save_rule(
        db_session,
        rule=rule,
        status=EligibilityStatus.BLOCKED,
        reasons={"en": "Not this week.", "fr": "Pas cette semaine.", "ar": ""},
    )
    assert _revision(db_session) == before + 1
    answer = eligibility_for(db_session, ProductClass.TEA, "NZ", "fr")
    assert answer.status is EligibilityStatus.BLOCKED and answer.reason == "Pas cette semaine."
    assert eligibility_for(db_session, ProductClass.TEA, "NZ", "ar").reason == "Not this week."


def test_a_country_cell_overrides_the_default_until_it_is_removed(db_session):
    added = save_rule(
        db_session,
        rule=None,
        status=EligibilityStatus.BLOCKED,
        reasons={"en": "Closed."},
        product_class=ProductClass.NOODLES,
        country="jp",
    )
    assert added.country == "JP"
    assert eligibility_for(db_session, ProductClass.NOODLES, "JP", "en").reason == "Closed."
    assert [r.id for r in list_rules(db_session, country="JP", status=EligibilityStatus.BLOCKED)]
    delete_rule(db_session, added)
    assert eligibility_for(db_session, ProductClass.NOODLES, "JP", "en").reason != "Closed."
    with pytest.raises(InvalidDestinationRule):
        delete_rule(db_session, _rule(db_session, ProductClass.NOODLES, "*"))


@pytest.mark.parametrize(
    ("country", "reasons", "field"),
    [
        ("ZZ", {"en": "x"}, "country"),
        ("JP", {"en": " "}, "reason_en"),
        ("JP", {"en": "x", "zh-hant": "長" * 501}, "reason_zh_hant"),
    ],
)
def test_a_cell_that_does_not_fit_names_its_field(db_session, country, reasons, field):
    with pytest.raises(InvalidDestinationRule) as refused:
        save_rule(
            db_session,
            rule=None,
            status=EligibilityStatus.ALLOWED,
            reasons=reasons,
            product_class=ProductClass.TEA,
            country=country,
        )
    assert refused.value.field == field
