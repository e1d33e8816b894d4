"""What a UI string reads in a locale, for tests that check translated pages and e-mails."""

from __future__ import annotations

from flask import Flask
from flask_babel import force_locale, gettext
from markupsafe import escape

from catalog.locales import BABEL_IDENTIFIERS


def translated(app: Flask, locale: str, msgid: str, **variables: object) -> str:
    """``msgid`` through the ``locale`` catalog (URL locale code, e.g. "zh-hant")."""
    with app.test_request_context(f"/{locale}/"), force_locale(BABEL_IDENTIFIERS[locale]):
        return gettext(msgid, **variables)


def translated_html(app: Flask, locale: str, msgid: str, **variables: object) -> str:
    """The same, escaped as Jinja writes it into a page."""
    return str(escape(translated(app, locale, msgid, **variables)))
