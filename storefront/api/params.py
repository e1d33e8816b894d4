"""Query parameters of the JSON API: checked, with a translated error naming the parameter."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from catalog.eligibility import is_destination_country
from catalog.exchange import normalise_currency_code
from catalog.locales import DEFAULT_LOCALE, SUPPORTED_LOCALES
from catalog.money import CHARGE_CURRENCY
from storefront.forms import printable_text, whole_number

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 24


class InvalidParameter(Exception):
    """A query parameter the API cannot use; ``message`` is translated lazily by the caller."""

    def __init__(self, parameter: str, value: str) -> None:
        super().__init__(parameter)
        self.parameter = parameter
        self.value = value[:40]

    def message(self) -> str:
        messages = {
            "locale": _("Unknown locale “%(value)s”.", value=self.value),
            "currency": _("Prices cannot be shown in “%(value)s”.", value=self.value),
            "ship_to": _("“%(value)s” is not a destination we ship to.", value=self.value),
            "page": _("The page must be a whole number from 1."),
            "per_page": _("per_page must be a whole number from 1 to %(max)d.", max=MAX_PER_PAGE),
            "paid_from": _("Give the date as YYYY-MM-DD."),
            "paid_to": _("Give the date as YYYY-MM-DD."),
            "status": _("Unknown status “%(value)s”.", value=self.value),
        }
        return messages[self.parameter]


@dataclass(frozen=True)
class ApiOptions:
    locale: str
    currency: str
    ship_to: str | None


def raw_locale(args: MultiDict[str, str]) -> str:
    """The asked locale, or the default; checked by ``api_options``."""
    return args.get("locale", DEFAULT_LOCALE).strip().lower() or DEFAULT_LOCALE


def api_options(args: MultiDict[str, str]) -> ApiOptions:
    locale = raw_locale(args)
    if locale not in SUPPORTED_LOCALES:
        raise InvalidParameter("locale", locale)
    raw_currency = args.get("currency", CHARGE_CURRENCY)
    currency = normalise_currency_code(raw_currency)
    if currency is None:
        raise InvalidParameter("currency", raw_currency)
    raw_ship_to = args.get("ship_to", "").strip()
    if raw_ship_to and not is_destination_country(raw_ship_to):
        raise InvalidParameter("ship_to", raw_ship_to)
    return ApiOptions(locale, currency, raw_ship_to.upper() or None)


def _whole_number(args: MultiDict[str, str], name: str, default: int, maximum: int) -> int:
    raw = args.get(name, "")
    if raw == "":
        return default
    number = whole_number(raw, maximum=maximum)
    if number is None:
        raise InvalidParameter(name, raw)
    return number


def search_query(args: MultiDict[str, str], max_length: int = 100) -> str:
    """The ``q`` parameter as printable text (no NUL or control characters), at most max_length."""
    return printable_text(args.get("q", ""))[:max_length]


def page_options(args: MultiDict[str, str]) -> tuple[int, int]:
    page = _whole_number(args, "page", 1, 10_000)
    per_page = _whole_number(args, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    return page, per_page
