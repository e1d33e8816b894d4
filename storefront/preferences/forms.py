"""The header form where a visitor picks a display currency and a destination."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale
from flask_wtf import FlaskForm
from markupsafe import Markup
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


@lru_cache(maxsize=32)
def _options_html(choices: tuple[tuple[str, str], ...]) -> str:
    return "".join(
        str(Markup('<option value="{}">{}</option>').format(code, name)) for code, name in choices
    )


def options_html(choices: tuple[tuple[str, str], ...], selected: str | None) -> Markup:
    """``<option>`` elements of ``choices`` with ``selected`` marked: built once per list (the
    header shows the same 30 currencies and 60 countries on every page), marked per request."""
    html = _options_html(choices)
    if selected:
        plain = str(Markup('<option value="{}">').format(selected))
        html = html.replace(plain, plain[:-1] + " selected>", 1)
    return Markup(html)


class PreferencesForm(FlaskForm):
    """The posted header form. base.html renders it by hand from the cached choice lists; the
    codes are checked by the preference setters, which flash a notice for an unknown one."""

    currency = StringField()
    ship_to = StringField()
    hide_unshippable = BooleanField()
    next = HiddenField()
