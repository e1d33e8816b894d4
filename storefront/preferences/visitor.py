"""Read and write the visitor's preferences (display currency, destination, hide unshippable).

Any storefront page accepts ``?currency=XXX`` and ``?ship_to=CC``: a known code becomes the
visitor's preference for the session; an unknown one is ignored with a notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, flash, g, request, session
from flask_babel import gettext as _

from catalog.eligibility import DESTINATION_COUNTRIES
from catalog.exchange import DisplayRate, normalise_currency_code, rate_on
from catalog.money import CHARGE_CURRENCY
from storefront.extensions import db
from storefront.reference_cache import cached
from storefront.timezones import main_timezone

SESSION_CURRENCY = "display_currency"
SESSION_SHIP_TO = "ship_to"
SESSION_HIDE_UNSHIPPABLE = "hide_unshippable"
_MAX_ECHOED_CODE = 12


@dataclass(frozen=True, slots=True)
class VisitorPreferences:
    currency: str
    ship_to: str | None
    hide_unshippable: bool


def normalise_country_code(raw: str | None) -> str | None:
    code = (raw or "").strip().upper()
    return code if code in DESTINATION_COUNTRIES else None


def select_timezone() -> str:
    """Times are shown where the reader is: China time in the back office (console, cooperative
    portal, showroom counter), the destination country's time for a buyer who chose one, UTC
    otherwise."""
    if request and is_back_office_path(request.path):
        return current_app.config["SHOP_TIMEZONE"]
    country = session.get(SESSION_SHIP_TO) if request else None
    zone = main_timezone(country) if isinstance(country, str) else None
    return zone or current_app.config["BABEL_DEFAULT_TIMEZONE"]


BACK_OFFICE_AREAS = frozenset({"admin", "coop", "showroom"})


def is_back_office_path(path: str) -> bool:
    """``/<locale>/admin/...``, ``/coop/...``, ``/showroom/...``: pages read in China time."""
    parts = path.strip("/").split("/")
    return len(parts) >= 2 and parts[1] in BACK_OFFICE_AREAS


def shop_today() -> date:
    return datetime.now(ZoneInfo(current_app.config["SHOP_TIMEZONE"])).date()


def current_preferences() -> VisitorPreferences:
    return VisitorPreferences(
        currency=session.get(SESSION_CURRENCY, CHARGE_CURRENCY),
        ship_to=session.get(SESSION_SHIP_TO),
        hide_unshippable=bool(session.get(SESSION_HIDE_UNSHIPPABLE, False)),
    )


def _echo(code: str) -> str:
    return code.strip()[:_MAX_ECHOED_CODE]


def set_currency(raw: str) -> bool:
    code = normalise_currency_code(raw)
    if code is None:
        flash(
            _(
                "We cannot show prices in “%(code)s”, so prices stay in %(current)s.",
                code=_echo(raw),
                current=session.get(SESSION_CURRENCY, CHARGE_CURRENCY),
            ),
            "warning",
        )
        return False
    session[SESSION_CURRENCY] = code
    return True


def set_ship_to(raw: str) -> bool:
    if raw.strip() == "":
        session.pop(SESSION_SHIP_TO, None)
        return True
    code = normalise_country_code(raw)
    if code is None:
        flash(
            _(
                "“%(code)s” is not a destination we ship to, so your destination is unchanged.",
                code=_echo(raw),
            ),
            "warning",
        )
        return False
    session[SESSION_SHIP_TO] = code
    return True


def set_hide_unshippable(hide: bool) -> None:
    session[SESSION_HIDE_UNSHIPPABLE] = bool(hide)


def apply_query_preferences() -> None:
    """``?currency=`` / ``?ship_to=`` on any storefront page set the session preferences."""
    if not g.get("locale"):
        return
    if "currency" in request.args:
        set_currency(request.args["currency"])
    if "ship_to" in request.args:
        set_ship_to(request.args["ship_to"])


def display_rate() -> DisplayRate | None:
    """The rate for the visitor's display currency today (cached for the request).

    None when the chosen currency has no published rate yet: prices then show in CNY only.
    """
    if "display_rate" not in g:
        # Keyed by the catalog's stamp too: a rate the operator adds or corrects moves it
        # (catalog.exchange.save_exchange_rate), so pages convert with it at once.
        from storefront.fragments import catalog_stamp  # fragments imports this module

        currency, today = current_preferences().currency, shop_today()
        g.display_rate = cached(
            ("display_rate", currency, today, catalog_stamp()),
            lambda: rate_on(db.session, currency, today),
        )
    return g.display_rate
