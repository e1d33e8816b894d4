"""The header form where a visitor picks a display currency and a destination."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField

from catalog.eligibility import DESTINATION_COUNTRIES
from catalog.exchange import DISPLAY_CURRENCIES


@lru_cache(maxsize=16)
def currency_choices(babel_locale: str) -> tuple[tuple[str, str], ...]:
    """(code, "USD · US dollar") in the locale; the same on every page, so computed once."""
    names = Locale.parse(babel_locale).currencies
    return tuple((code, f"{code} · {names.get(code, code)}") for code in DISPLAY_CURRENCIES)


@lru_cache(maxsize=16)
def country_choices(babel_locale: str) -> tuple[tuple[str, str], ...]:
    """(code, country name in the locale), sorted by name."""
    names = Locale.parse(babel_locale).territories
    return tuple(
        sorted(
            ((code, names.get(code, code)) for code in DESTINATION_COUNTRIES), key=lambda c: c[1]
        )
    )


class PreferencesForm(FlaskForm):
    currency = SelectField(_l("Currency"))
    ship_to = SelectField(_l("Ship to"))
    hide_unshippable = BooleanField(_l("Hide what cannot be sent"))
    next = HiddenField()

    def set_choices(self, babel_locale: str) -> None:
        self.currency.choices = list(currency_choices(babel_locale))
        self.ship_to.choices = [
            ("", str(_l("Choose a destination"))),
            *country_choices(babel_locale),
        ]
