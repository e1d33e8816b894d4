"""Locales in URLs: the /<locale>/ prefix, locale negotiation and the Babel selector."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from typing import Any

from babel import Locale
from babel.dates import get_timezone_gmt
from flask import Flask, current_app, g, request, url_for
from flask_babel import format_datetime, get_locale, to_user_timezone
from flask_babel import get_translations as flask_babel_translations
from werkzeug.routing import BaseConverter

from catalog.locales import BABEL_IDENTIFIERS, BCP47_TAGS, DEFAULT_LOCALE, RTL_LOCALES
from storefront.extensions import babel

# Accept-Language tags that do not match a locale code directly.
_ACCEPT_ALIASES: dict[str, str] = {
    "zh": "zh-hans",
    "zh-cn": "zh-hans",
    "zh-sg": "zh-hans",
    "zh-my": "zh-hans",
    "zh-hans": "zh-hans",
    "zh-tw": "zh-hant",
    "zh-hk": "zh-hant",
    "zh-mo": "zh-hant",
    "zh-hant": "zh-hant",
}


def locale_converter(codes: tuple[str, ...]) -> type[BaseConverter]:
    """A URL converter matching only the supported locale codes, so /xx/... is a plain 404."""
    pattern = "|".join(sorted(codes, key=len, reverse=True))
    return type("LocaleConverter", (BaseConverter,), {"regex": pattern})


def supported_locales() -> tuple[str, ...]:
    return tuple(current_app.config["SUPPORTED_LOCALES"])


def negotiate_locale(accept_language: Any, supported: tuple[str, ...]) -> str:
    """Pick the best supported locale for an Accept-Language header."""
    for tag, _quality in accept_language:
        key = str(tag).lower().replace("_", "-")
        candidates = [key, _ACCEPT_ALIASES.get(key, "")]
        parts = key.split("-")
        if len(parts) >= 2:
            candidates.append(_ACCEPT_ALIASES.get("-".join(parts[:2]), ""))
        candidates.append(parts[0] if parts[0] != "zh" else "zh-hans")
        for candidate in candidates:
            if candidate in supported:
                return candidate
    return DEFAULT_LOCALE


def current_locale() -> str:
    """The locale of this request: the URL prefix, else the visitor's languages."""
    locale = g.get("locale")
    if locale:
        return str(locale)
    if request:
        return negotiate_locale(request.accept_languages, supported_locales())
    return DEFAULT_LOCALE


def select_babel_locale() -> str:
    return BABEL_IDENTIFIERS.get(current_locale(), "en")


def format_moment(moment: datetime | None, width: str = "medium") -> str:
    """A date and time in the reader's zone, with the zone written out ("… GMT+08:00")."""
    if moment is None:
        return ""
    zone = get_timezone_gmt(to_user_timezone(moment), width="long", locale=get_locale())
    return f"{format_datetime(moment, width)} {zone}"


def text_direction(locale: str) -> str:
    return "rtl" if locale in RTL_LOCALES else "ltr"


def alternate_urls() -> dict[str, str]:
    """Absolute URLs of the current page in every locale (for hreflang and the switcher)."""
    overrides: dict[str, str] | None = g.get("alternate_urls")
    if overrides:
        return overrides
    endpoint = request.endpoint
    # The URL preprocessor has already moved "locale" from view_args to g.
    if not endpoint or not current_app.url_map.is_endpoint_expecting(endpoint, "locale"):
        return {}
    view_args = {key: value for key, value in (request.view_args or {}).items() if key != "locale"}
    return {
        code: url_for(endpoint, locale=code, _external=True, **view_args)
        for code in supported_locales()
    }


@lru_cache(maxsize=16)
def _territory_names(babel_locale: str) -> dict[str, str]:
    return dict(Locale.parse(babel_locale).territories)


@lru_cache(maxsize=4)
def _locale_names(codes: tuple[str, ...]) -> dict[str, str]:
    """Each locale's name in itself, for the language switcher (the same on every page)."""
    return {
        code: Locale.parse(BABEL_IDENTIFIERS[code]).get_display_name(BABEL_IDENTIFIERS[code])
        for code in codes
    }


def country_name(code: str | None, locale: str | None = None) -> str:
    """The country's name in ``locale`` (the page's by default), from CLDR; the code if unknown."""
    if not code:
        return ""
    babel_locale = BABEL_IDENTIFIERS.get(locale or current_locale(), "en")
    return _territory_names(babel_locale).get(code, code)


_translations_by_locale: dict[Any, Any] = {}


def page_translations() -> Any:
    """Flask-Babel's translations for the locale in force, found with fewer look-ups.

    Templates call gettext a few dozen times per page; Flask-Babel finds the translations anew
    each time (context, domain, locale, cache: about a fifth of a page's layout). Here the
    locale Flask-Babel settled on for this request (or set with ``force_locale``, as e-mails
    in the buyer's language do) and its domain are read from its own per-request state, and
    the translations object for them is kept per process; until both are settled (the first
    call of a request), Flask-Babel answers.
    """
    state = g.get("_flask_babel")
    key = (getattr(state, "babel_locale", None), getattr(state, "babel_domain", None))
    translations = _translations_by_locale.get(key)
    if translations is None:
        translations = flask_babel_translations()
        if key[0] is not None and key[1] is not None:
            _translations_by_locale[key] = translations
    return translations


def init_app(app: Flask, *, timezone_selector: Callable[[], str]) -> None:
    """Locale URLs and Babel; ``timezone_selector`` says in which zone a request reads times."""
    codes = tuple(app.config["SUPPORTED_LOCALES"])
    app.url_map.converters["locale"] = locale_converter(codes)
    babel.init_app(app, locale_selector=select_babel_locale, timezone_selector=timezone_selector)
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: page_translations().ugettext(s),
        ngettext=lambda s, p, n: page_translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: page_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: page_translations().unpgettext(c, s, p, n),
    )
    app.jinja_env.filters["moment"] = format_moment
    app.jinja_env.globals["country_name"] = country_name
    app.add_url_rule("/", "root", redirect_to_best_locale)

    @app.url_value_preprocessor
    def pull_locale(_endpoint: str | None, values: dict[str, Any] | None) -> None:
        if values and "locale" in values:
            g.locale = values.pop("locale")

    @app.url_defaults
    def add_locale(endpoint: str, values: dict[str, Any]) -> None:
        if "locale" in values or not g.get("locale"):
            return
        if app.url_map.is_endpoint_expecting(endpoint, "locale"):
            values["locale"] = g.locale

    @app.context_processor
    def locale_context() -> dict[str, Any]:
        locale = current_locale()
        return {
            "locale": locale,
            "html_lang": BCP47_TAGS.get(locale, locale),
            "text_direction": text_direction(locale),
            "locale_names": _locale_names(codes),
            "hreflang_tags": BCP47_TAGS,
            "alternate_urls": alternate_urls,
        }


def redirect_to_best_locale():
    """``/``: send the visitor to the home page in the best of their languages."""
    from flask import redirect

    locale = negotiate_locale(request.accept_languages, supported_locales())
    response = redirect(url_for("shop.home", locale=locale), 302)
    response.vary.add("Accept-Language")
    return response
