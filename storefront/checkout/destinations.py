"""Can the cart be sent to the chosen country? The destination rules, line by line."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from catalog.eligibility import DESTINATION_COUNTRIES, Eligibility, eligibility_by_class
from catalog.models import EligibilityStatus
from storefront.checkout.cart import CartItem, CartSummary
from storefront.exceptions import StorefrontError


@dataclass(frozen=True, slots=True)
class LineEligibility:
    item: CartItem
    eligibility: Eligibility


@dataclass(frozen=True, slots=True)
class DestinationCheck:
    country: str
    blocked: tuple[LineEligibility, ...]
    conditional: tuple[LineEligibility, ...]

    @property
    def can_ship(self) -> bool:
        return not self.blocked


class UnknownDestination(StorefrontError):
    """The shop does not send parcels to this country."""


class DestinationRefused(StorefrontError):
    """Some lines may not be sent to the destination; ``check.blocked`` says which and why."""

    def __init__(self, check: DestinationCheck) -> None:
        super().__init__(f"{len(check.blocked)} line(s) cannot be sent to {check.country}")
        self.check = check


def check_destination(
    session: Session, summary: CartSummary, country: str, locale: str
) -> DestinationCheck:
    """Sort the cart's lines into blocked and conditional ones for ``country`` (one query)."""
    code = country.upper()
    if code not in DESTINATION_COUNTRIES:
        raise UnknownDestination(code)
    rules = eligibility_by_class(session, code, locale)
    blocked, conditional = [], []
    for item in summary.items:
        eligibility = rules.get(item.product.product_class)
        if eligibility is None:
            continue
        if eligibility.status is EligibilityStatus.BLOCKED:
            blocked.append(LineEligibility(item, eligibility))
        elif eligibility.status is EligibilityStatus.CONDITIONAL:
            conditional.append(LineEligibility(item, eligibility))
    return DestinationCheck(code, tuple(blocked), tuple(conditional))
