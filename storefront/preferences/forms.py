"""The header form where a visitor picks a display currency and a destination."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, StringField

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
    """The posted header form. base.html renders it by hand from the cached choice lists; the
    codes are checked by the preference setters, which flash a notice for an unknown one."""

    currency = StringField()
    ship_to = StringField()
    hide_unshippable = BooleanField()
    next = HiddenField()
