"""Translated words of the bonded shop: categories, stages, refusals, counter answers."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from babel.dates import format_date as babel_date
from babel.dates import format_time as babel_time
from babel.dates import get_timezone_gmt
from flask_babel import format_currency
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from catalog.base import as_utc
from catalog.locales import BABEL_IDENTIFIERS
from storefront.pickup.bonded_orders import PickupStage
from storefront.pickup.counter_log import CounterOutcome
from storefront.pickup.goods import BondedCategory
from storefront.pickup.identity import IdProblem
from storefront.pickup.showrooms import CHINA
from storefront.pickup.tax import TaxChannel, Violation, ViolationCode

CATEGORIES = {
    BondedCategory.MILK_POWDER: _l("Milk powder"),
    BondedCategory.COSMETICS: _l("Cosmetics"),
    BondedCategory.WINE: _l("Wine"),
    BondedCategory.HEALTH_FOOD: _l("Health foods"),
    BondedCategory.SNACKS: _l("Snacks"),
    BondedCategory.KITCHENWARE: _l("Kitchenware"),
}

STAGES = {
    PickupStage.AWAITING_PAYMENT: _l("Waiting for payment"),
    PickupStage.AWAITING_CUSTOMS: _l("Paid: declared to customs, waiting for release"),
    PickupStage.READY: _l("Ready for pickup"),
    PickupStage.COLLECTED: _l("Collected"),
    PickupStage.CANCELLED: _l("Cancelled"),
    PickupStage.RETURNED: _l("Returned to the bonded warehouse"),
}

TAX_CHANNELS = {
    TaxChannel.REDUCED: _l("Cross-border rate: no tariff, VAT and consumption tax at 70%"),
    TaxChannel.FULL_DUTY: _l(
        "Single item over the order limit: tariff, VAT and consumption tax in full"
    ),  # noqa: E501
}

CLOSING_REASONS = {
    "buyer_cancelled": _l("You cancelled the order."),
    "customs_refused": _l("Customs refused the declaration."),
    "not_collected": _l("The order was not collected within the pickup window."),
}

COUNTER_OUTCOMES = {
    CounterOutcome.UNKNOWN_CODE: _l("No order has this pickup code. Check the code and try again."),
    CounterOutcome.NOT_READY: _l(
        "This order is not released by customs yet: it cannot be handed over."
    ),  # noqa: E501
    CounterOutcome.ALREADY_COLLECTED: _l("This order has already been collected."),
    CounterOutcome.CLOSED: _l("This order was cancelled or returned: nothing to hand over."),
    CounterOutcome.OTHER_SHOWROOM: _l("This order is collected at another showroom."),
    CounterOutcome.ID_MISMATCH: _l(
        "The characters do not match the buyer's ID card. Nothing was handed over."
    ),  # noqa: E501
    CounterOutcome.HANDED_OVER: _l("Handed over. The order is collected."),
}

ID_PROBLEMS = {
    IdProblem.MISSING: _l("Please enter the ID number."),
    IdProblem.LENGTH: _l("A resident ID number has 18 characters."),
    IdProblem.FORMAT: _l("A resident ID number has 17 digits and a last digit or X."),
    IdProblem.CHECKSUM: _l("This ID number is not valid: its check character does not match."),
    IdProblem.DATE_OR_REGION: _l(
        "This ID number is not valid: its birth date or region code does not exist."
    ),  # noqa: E501
}


def money_text(amount: Decimal) -> str:
    return format_currency(amount, "CNY")


def violation_message(violation: Violation, names: dict[str, str] | None = None) -> str:
    """The refusal in words, saying which limit and by how much."""
    subject = (names or {}).get(violation.subject, violation.subject)
    if violation.code is ViolationCode.ORDER_LIMIT:
        return _(
            "This order is over the limit of %(limit)s per order by %(excess)s. Remove goods, or buy a single item on its own.",  # noqa: E501
            limit=money_text(violation.limit),
            excess=money_text(violation.excess),
        )
    if violation.code is ViolationCode.ANNUAL_LIMIT:
        return _(
            "This order would take your purchases this year over the annual limit of %(limit)s by %(excess)s.",  # noqa: E501
            limit=money_text(violation.limit),
            excess=money_text(violation.excess),
        )
    if violation.code is ViolationCode.NOT_ON_POSITIVE_LIST:
        return _(
            "%(name)s is not on the list of goods allowed for cross-border retail import.",
            name=subject,
        )  # noqa: E501
    if violation.code is ViolationCode.OUT_OF_STOCK:
        return _("Not enough of %(name)s is left in the bonded warehouse.", name=subject)
    return _("The ID number is not a valid mainland China resident ID number.")


def closing_reason_text(key: str) -> str:
    label = CLOSING_REASONS.get(key)
    return str(label) if label is not None else _("The order was cancelled.")


def format_local(moment: datetime | None, locale: str) -> str:
    """A time at the showroom, to the minute, China time written out (``2026年12月5日 09:00
    GMT+08:00``), in ``locale``."""
    if moment is None:
        return ""
    babel_locale = BABEL_IDENTIFIERS.get(locale, "en")
    local = as_utc(moment).astimezone(CHINA)
    zone = get_timezone_gmt(local, width="long", locale=babel_locale)
    day = babel_date(local.date(), "long", locale=babel_locale)
    return f"{day} {babel_time(local, 'short', tzinfo=CHINA, locale=babel_locale)} {zone}"


def format_day(moment: datetime, locale: str) -> str:
    """The showroom's day of a moment, with its weekday (``12月5日星期六``)."""
    local = as_utc(moment).astimezone(CHINA)
    return babel_date(local.date(), "full", locale=BABEL_IDENTIFIERS.get(locale, "en"))


def format_clock(moment: datetime, locale: str) -> str:
    """The showroom's clock time of a moment (``09:00``)."""
    local = as_utc(moment).astimezone(CHINA)
    return babel_time(local, "short", tzinfo=CHINA, locale=BABEL_IDENTIFIERS.get(locale, "en"))
