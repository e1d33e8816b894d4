"""Which product classes may be sent to which destination, and why not."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.destination_matrix import (
    DESTINATION_COUNTRIES,
    DOCUMENTS,
    EU_MEMBERS,
    MATRIX,
    REASONS,
)
from catalog.locales import fallback_chain
from catalog.models import (
    ANY_COUNTRY,
    DestinationRule,
    DestinationRuleTranslation,
    EligibilityStatus,
    ProductClass,
)
from catalog.translation import translated_field

__all__ = [
    "DESTINATION_COUNTRIES",
    "Eligibility",
    "EligibilityStatus",
    "blocked_classes",
    "document_name",
    "eligibility_by_class",
    "eligibility_for",
    "is_destination_country",
    "seed_destination_rules",
]


@dataclass(frozen=True, slots=True)
class Eligibility:
    """The answer to "can this be sent there?" in one locale."""

    status: EligibilityStatus
    reason: str
    documents: tuple[str, ...]  # document names in the asked locale

    @property
    def can_ship(self) -> bool:
        return self.status is not EligibilityStatus.BLOCKED


def is_destination_country(country: str) -> bool:
    return country.upper() in DESTINATION_COUNTRIES


def document_name(code: str, locale: str) -> str:
    names = DOCUMENTS.get(code, {})
    for candidate in fallback_chain(locale, "en"):
        if candidate in names:
            return names[candidate]
    return code


def _answer(rule: DestinationRule, locale: str) -> Eligibility:
    return Eligibility(
        status=rule.status,
        reason=translated_field(rule, "reason", locale, source_locale="en"),
        documents=tuple(document_name(code, locale) for code in rule.documents),
    )


def _rules_for(session: Session, country: str) -> dict[ProductClass, DestinationRule]:
    """The applicable rule per product class: the country's own cell, else the default."""
    code = country.upper()
    rows = session.scalars(
        select(DestinationRule).where(DestinationRule.country.in_((code, ANY_COUNTRY)))
    )
    chosen: dict[ProductClass, DestinationRule] = {}
    for rule in rows:
        if rule.country == code or rule.product_class not in chosen:
            chosen[rule.product_class] = rule
    return chosen


def eligibility_by_class(
    session: Session, country: str, locale: str
) -> dict[ProductClass, Eligibility]:
    """Every product class's answer for ``country`` (one query; for listings)."""
    return {cls: _answer(rule, locale) for cls, rule in _rules_for(session, country).items()}


def eligibility_for(
    session: Session, product_class: ProductClass, country: str, locale: str
) -> Eligibility:
    code = country.upper()
    rules = session.scalars(
        select(DestinationRule).where(
            DestinationRule.product_class == product_class,
            DestinationRule.country.in_((code, ANY_COUNTRY)),
        )
    ).all()
    own = [rule for rule in rules if rule.country == code]
    rule = own[0] if own else next((r for r in rules if r.country == ANY_COUNTRY), None)
    if rule is None:
        raise LookupError(f"no destination rule for {product_class} (run the rules seed)")
    return _answer(rule, locale)


def blocked_classes(session: Session, country: str) -> set[ProductClass]:
    return {
        cls
        for cls, rule in _rules_for(session, country).items()
        if rule.status is EligibilityStatus.BLOCKED
    }


def _matrix_cells() -> Iterable[tuple[str, str, tuple[str, str, tuple[str, ...]]]]:
    for product_class, cells in MATRIX.items():
        for country, cell in cells.items():
            if country == "EU":
                for member in EU_MEMBERS:
                    if member not in cells:
                        yield product_class, member, cell
            else:
                yield product_class, country, cell


def seed_destination_rules(session: Session) -> int:
    """Create the matrix's rules that do not exist yet; return how many were created."""
    existing = {
        (rule.product_class.value, rule.country)
        for rule in session.scalars(select(DestinationRule))
    }
    created = 0
    for product_class, country, (status, reason_code, documents) in _matrix_cells():
        if (product_class, country) in existing:
            continue
        session.add(
            DestinationRule(
                product_class=ProductClass(product_class),
                country=country,
                status=EligibilityStatus(status),
                reason_code=reason_code,
                documents=list(documents),
                translations=[
                    DestinationRuleTranslation(locale=locale, reason=text)
                    for locale, text in REASONS[reason_code].items()
                ],
            )
        )
        created += 1
    session.flush()
    return created
