"""The preferences form and the hooks that apply ``?currency=`` and ``?ship_to=``."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from flask import Blueprint, Flask, g, redirect, request, url_for
from markupsafe import Markup

from catalog.locales import BABEL_IDENTIFIERS
from storefront.i18n import current_locale
from storefront.preferences.forms import (
    PreferencesForm,
    country_choices,
    currency_choices,
    options_html,
)
from storefront.preferences.visitor import (
    apply_query_preferences,
    current_preferences,
    display_rate,
    set_currency,
    set_hide_unshippable,
    set_ship_to,
)
from storefront.security import safe_redirect_path

bp = Blueprint("preferences", __name__, url_prefix="/<locale:locale>")

_PREFERENCE_PARAMS = ("currency", "ship_to")


def safe_next_url(raw: str | None) -> str:
    """A local path to go back to; anything else (other hosts, schemes) goes home."""
    return safe_redirect_path(raw) or url_for("shop.home")


def current_page_path() -> str:
    """This page's path and query, without the preference parameters already applied."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k not in _PREFERENCE_PARAMS]
    return request.path + (("?" + urlencode(args)) if args else "")


@dataclass(frozen=True)
class PreferencesChoices:
    """What the header form shows: rendered by hand (WTForms' widgets cost ~3 ms a page)."""

    currency: str
    ship_to: str
    hide_unshippable: bool
    next: str
    currencies: tuple[tuple[str, str], ...]
    countries: tuple[tuple[str, str], ...]

    @property
    def currency_options(self) -> Markup:
        return options_html(self.currencies, self.currency)

    @property
    def country_options(self) -> Markup:
        return options_html(self.countries, self.ship_to)


def preferences_choices() -> PreferencesChoices:
    preferences = current_preferences()
    babel_locale = BABEL_IDENTIFIERS[current_locale()]
    return PreferencesChoices(
        currency=preferences.currency,
        ship_to=preferences.ship_to or "",
        hide_unshippable=preferences.hide_unshippable,
        next=current_page_path(),
        currencies=currency_choices(babel_locale),
        countries=country_choices(babel_locale),
    )


@bp.post("/preferences")
def update_preferences():
    form = PreferencesForm()
    # CSRFProtect has checked the token already; the setters check each code and flash a
    # notice for one they do not know, keeping the others.
    if "currency" in request.form:
        set_currency(form.currency.data or "")
    if "ship_to" in request.form:
        set_ship_to(form.ship_to.data or "")  # the empty choice clears the destination
    set_hide_unshippable(bool(form.hide_unshippable.data))
    return redirect(safe_next_url(form.next.data), 303)


def init_app(app: Flask) -> None:
    @app.before_request
    def _apply_query_preferences() -> None:
        # Per-request caches (the app context, and so ``g``, may outlive one request in tests).
        g.pop("display_rate", None)
        g.pop("eligibility_table", None)
        if not request.query_string:
            return
        if request.endpoint and not request.endpoint.startswith(("static", "api.")):
            apply_query_preferences()

    # Globals rather than a context processor, so that imported macros can use them too.
    app.jinja_env.globals.update(
        visitor_preferences=current_preferences,
        display_rate=display_rate,
        preferences_choices=preferences_choices,
    )
