"""Flask's signed-cookie session, without its fixed costs on requests that do not need them.

* Flask's ``SecureCookieSessionInterface`` builds a new ``URLSafeTimedSerializer`` each time it
  opens or saves a session, and each build serialises an empty dict to test the serializer: a
  tenth of a bare request's time. The signer depends only on the secret key, its fallbacks and
  fixed settings, so it is kept per (key, fallbacks); a new key (tests change it) builds another.
* A request without a ``Cookie`` header gets a new, empty session without parsing cookies.
* A response whose session was neither read nor changed (a health probe, a picture) needs no
  cookie and no ``Vary``: saving returns at once, as Flask's own rules would conclude after
  reading seven settings (a permanent session, which is refreshed on every response, still
  goes through them).

The cookie's format, signature and expiry are Flask's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask.sessions import SecureCookieSessionInterface

if TYPE_CHECKING:
    from flask import Flask, Request, Response
    from flask.sessions import SessionMixin
    from itsdangerous import URLSafeTimedSerializer


class CookieSessionInterface(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._signers: dict[tuple, URLSafeTimedSerializer | None] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        key = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        signer = self._signers.get(key)
        if signer is None:
            signer = super().get_signing_serializer(app)
            if len(self._signers) > 8:  # keys change in tests, not in a running shop
                self._signers.clear()
            self._signers[key] = signer
        return signer

    def open_session(self, app: Flask, request: Request) -> SessionMixin | None:
        if "HTTP_COOKIE" not in request.environ and app.secret_key:
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        untouched = not (session.modified or session.accessed)
        if untouched and "_permanent" not in session:  # ``in`` does not mark it accessed
            return
        super().save_session(app, session, response)


def init_app(app: Flask) -> None:
    app.session_interface = CookieSessionInterface()
