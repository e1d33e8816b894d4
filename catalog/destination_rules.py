"""The operator's edits of the destination matrix: list the cells, change one, add one.

A cell says whether a product class may be sent to a country (``*``: every country without a
cell of its own) and why, in six languages (``DestinationRuleTranslation``; English is the
source every other language falls back to). Rules are catalog rows: a flushed change moves the
catalog's stamp (catalog/revision.py), so product pages and their eligibility answers change
together.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from catalog.destination_matrix import DESTINATION_COUNTRIES
from catalog.locales import SUPPORTED_LOCALES
from catalog.models import (
    ANY_COUNTRY,
    DestinationRule,
    DestinationRuleTranslation,
    EligibilityStatus,
    ProductClass,
)

RULE_SOURCE_LOCALE = "en"  # the rules' texts are written in English first (eligibility.py)
OPERATOR_REASON = "operator"  # reason_code of a cell the operator added (its texts are its own)
REASON_MAX = 500


class InvalidDestinationRule(ValueError):
    """A cell would be wrong: ``field`` names the value (``reason_<locale>`` for a text)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field, self.reason = field, reason


def reason_field(locale: str) -> str:
    return "reason_" + locale.replace("-", "_")


def list_rules(
    session: Session,
    *,
    country: str | None = None,
    product_class: ProductClass | None = None,
    status: EligibilityStatus | None = None,
) -> list[DestinationRule]:
    """The cells, the defaults (``*``) first, then by country and class; texts loaded along."""
    stmt = select(DestinationRule).order_by(
        case((DestinationRule.country == ANY_COUNTRY, 0), else_=1),
        DestinationRule.country,
        DestinationRule.product_class,
    )
    if country:
        stmt = stmt.where(DestinationRule.country == country)
    if product_class is not None:
        stmt = stmt.where(DestinationRule.product_class == product_class)
    if status is not None:
        stmt = stmt.where(DestinationRule.status == status)
    return list(session.scalars(stmt))


def count_rules(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(DestinationRule)) or 0


def _check_reasons(reasons: Mapping[str, str]) -> dict[str, str]:
    texts = {locale: (reasons.get(locale) or "").strip() for locale in SUPPORTED_LOCALES}
    if not texts[RULE_SOURCE_LOCALE]:
        raise InvalidDestinationRule(reason_field(RULE_SOURCE_LOCALE), "required")
    for locale, text in texts.items():
        if len(text) > REASON_MAX:
            raise InvalidDestinationRule(reason_field(locale), "too_long")
    return texts


def save_rule(
    session: Session,
    *,
    rule: DestinationRule | None,
    status: EligibilityStatus,
    reasons: Mapping[str, str],
    product_class: ProductClass | None = None,
    country: str | None = None,
) -> DestinationRule:
    """Change a cell's status and reasons, or add a cell (``rule`` None); flush.

    An empty reason in a language removes that text: pages then show the English one.
    """
    texts = _check_reasons(reasons)
    if rule is None:
        code = (country or "").strip().upper()
        if code != ANY_COUNTRY and code not in DESTINATION_COUNTRIES:
            raise InvalidDestinationRule("country", "country")
        if product_class is None:
            raise InvalidDestinationRule("product_class", "required")
        taken = session.scalar(
            select(DestinationRule.id).where(
                DestinationRule.product_class == product_class,
                DestinationRule.country == code,
            )
        )
        if taken is not None:
            raise InvalidDestinationRule("country", "taken")
        rule = DestinationRule(
            product_class=product_class,
            country=code,
            reason_code=OPERATOR_REASON,
            documents=[],
            source_locale=RULE_SOURCE_LOCALE,
        )
        session.add(rule)
    rule.status = status
    stored = {row.locale: row for row in rule.translations}
    for locale, text in texts.items():
        row = stored.get(locale)
        if not text:
            if row is not None:
                rule.translations.remove(row)
        elif row is None:
            rule.translations.append(DestinationRuleTranslation(locale=locale, reason=text))
        elif row.reason != text:
            row.reason = text
    session.flush()
    return rule


def delete_rule(session: Session, rule: DestinationRule) -> None:
    """Remove a country's own cell (the default ``*`` then applies); defaults stay."""
    if rule.country == ANY_COUNTRY:
        raise InvalidDestinationRule("country", "default")
    session.delete(rule)
    session.flush()
