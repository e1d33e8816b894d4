"""Error pages in the visitor's language; never a stack trace."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path.startswith("/payments/")


def render_http_error(error: HTTPException):
    code = error.code or 500
    titles = {
        400: _("This request could not be understood"),
        403: _("You do not have access to this page"),
        404: _("Page not found"),
        405: _("This action is not allowed here"),
        429: _("Too many attempts"),
        503: _("The shop is briefly unavailable"),
    }
    messages = {
        400: _(
            "Something in the address or the form was not valid. Please check it and try again."
        ),
        403: _("Sign in with an account that may see this page, or go back to the shop."),
        404: _("We could not find this page. It may have moved, or the address may be mistyped."),
        405: _("Please go back and use the buttons on the page."),
        429: _("Please wait a moment before trying again."),
    }
    title = titles.get(code, _("Something went wrong"))
    message = messages.get(code, _("Please try again in a moment."))
    if _wants_json():
        return {"error": {"status": code, "title": title, "message": message}}, code
    return render_template("errors/error.html", code=code, title=title, message=message), code


def render_database_unavailable(error: DBAPIError):
    """The database is restarting or out of reach: a quick 503 the visitor may retry (and a
    load balancer may route around), one log line without a stack trace."""
    if not isinstance(error, OperationalError | InterfaceError):
        raise error
    from storefront.extensions import db

    db.session.rollback()
    log.warning(
        "database unavailable on %s %s: %s",
        request.method,
        request.url_rule.rule if request.url_rule else "(no route)",
        type(getattr(error, "orig", error)).__name__,
    )
    title = _("The shop is briefly unavailable")
    message = _("Please try again in a moment.")
    headers = {"Retry-After": "5"}
    if _wants_json():
        return {"error": {"status": 503, "title": title, "message": message}}, 503, headers
    page = render_template("errors/unavailable.html", code=503, title=title, message=message)
    return page, 503, headers


def render_unexpected_error(error: Exception):
    log.exception("unhandled error on %s %s", request.method, request.path)
    return render_http_error(InternalServerError())


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, render_http_error)
    app.register_error_handler(DBAPIError, render_database_unavailable)
    if not app.testing and not app.debug:
        app.register_error_handler(Exception, render_unexpected_error)
