"""HTTP security: trusted hosts, the public base URL, security headers, safe redirect targets.

* A request whose ``Host`` is not trusted is refused with 400 before the app sees it.
* When ``PUBLIC_URL`` is set, every request is handled as if it came to that address, so every
  absolute URL the app builds (e-mails, canonical, hreflang, sitemap, payment return pages) uses
  it and nothing a client sends can change a link or what the page cache keeps.
* ``safe_redirect_path`` is the one check for every ``next=`` the project follows.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from flask import Flask, Response
from werkzeug.routing import IntegerConverter
from werkzeug.sansio.utils import host_is_trusted

from storefront.config import DEVELOPMENT_HOSTS
from storefront.exceptions import ConfigurationError
from storefront.forms import MAX_ROW_ID

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self' https://checkout.stripe.com",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)

MAX_REDIRECT_LENGTH = 2000


def safe_redirect_path(raw: object) -> str | None:
    """``raw`` as a path (and query) on this site, or None when it could lead anywhere else.

    Parsed, not pattern-matched: no scheme, no host, starts with one ``/``, no backslash and no
    control character or space (browsers drop tabs and newlines, which turns ``/\\t/evil`` into
    ``//evil``; a newline would also split the ``Location`` header). The fragment is dropped.
    """
    if not isinstance(raw, str) or not raw or len(raw) > MAX_REDIRECT_LENGTH:
        return None
    if any(ord(char) <= 0x20 or ord(char) == 0x7F for char in raw) or "\\" in raw:
        return None
    if not raw.startswith("/") or raw.startswith("//"):
        return None
    try:
        parts = urlsplit(raw)
    except ValueError:
        return None
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith("//"):
        return None
    return urlunsplit(("", "", parts.path, parts.query, ""))


def trusted_hosts(config: dict[str, Any] | Any) -> list[str]:
    """The hosts a request may name: configured ones, the public URL's, development's."""
    hosts = [str(host).strip() for host in config.get("TRUSTED_HOSTS") or () if str(host).strip()]
    public = public_origin(config.get("PUBLIC_URL", ""))
    if public is not None:
        hosts.append(public[1].partition(":")[0])
    if config.get("ENV") != "production":
        hosts.extend(DEVELOPMENT_HOSTS)
    return list(dict.fromkeys(hosts))


def public_origin(url: object) -> tuple[str, str] | None:
    """(scheme, host[:port]) of ``PUBLIC_URL``; None when unset. Refuses anything but an origin."""
    text = str(url or "").strip()
    if not text:
        return None
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
        raise ConfigurationError(
            f"STOREFRONT_PUBLIC_URL={text!r} must be an origin such as https://shop.example"
        )
    if parts.query or parts.fragment or "@" in parts.netloc:
        raise ConfigurationError(f"STOREFRONT_PUBLIC_URL={text!r} must be an origin")
    return parts.scheme, parts.netloc.lower()


class RowIdConverter(IntegerConverter):
    """``<int:...>`` in every URL: a number above any row id is a plain 404, never a query."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:  # noqa: A002
        kwargs.setdefault("max", MAX_ROW_ID)
        super().__init__(map, *args, **kwargs)


# Probes from load balancers often name the machine by its address; these answers hold no link.
HOST_FREE_PATHS = frozenset({"/healthz", "/readyz"})


class HostGuard:
    """WSGI middleware: refuse untrusted hosts; make the public URL the request's own."""

    # Host headers already found trusted, so that the check (idna-encoding every trusted name)
    # runs once per name and port rather than once per request; bounded, and never holding an
    # untrusted name.
    MAX_REMEMBERED_HOSTS = 64

    def __init__(self, wsgi_app: Any, hosts: Iterable[str], public: tuple[str, str] | None):
        self.wsgi_app = wsgi_app
        self.hosts = list(hosts)
        self.public = public
        self._trusted: set[str] = set()
        if not self.hosts:  # werkzeug would trust every host for an empty list
            raise ConfigurationError("no trusted host: set STOREFRONT_PUBLIC_URL")

    def _is_trusted(self, host: str) -> bool:
        if host in self._trusted:
            return True
        if not host_is_trusted(host, self.hosts):
            return False
        if len(self._trusted) < self.MAX_REMEMBERED_HOSTS:
            self._trusted.add(host)
        return True

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        if not self._is_trusted(host):
            if environ.get("PATH_INFO") not in HOST_FREE_PATHS:
                response = Response(
                    "Bad Request: unknown host\n", status=400, mimetype="text/plain"
                )
                return response(environ, start_response)
            environ["HTTP_HOST"] = self.hosts[0]
        if self.public is not None:
            scheme, netloc = self.public
            name, _, port = netloc.partition(":")
            environ["wsgi.url_scheme"] = scheme
            environ["HTTP_HOST"] = netloc
            environ["SERVER_NAME"] = name
            environ["SERVER_PORT"] = port or ("443" if scheme == "https" else "80")
            environ.pop("HTTP_X_FORWARDED_HOST", None)
        return self.wsgi_app(environ, start_response)


SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)


def add_security_headers(response: Response, *, hsts_seconds: int = 0) -> Response:
    """Add each header a view did not set itself (one pass over the response's headers)."""
    present = {name.lower() for name, _value in response.headers.items()}
    for name, value in SECURITY_HEADERS:
        if name.lower() not in present:
            response.headers.add(name, value)
    if hsts_seconds > 0 and "strict-transport-security" not in present:
        response.headers.add(
            "Strict-Transport-Security", f"max-age={hsts_seconds}; includeSubDomains"
        )
    return response


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = RowIdConverter
    public = public_origin(app.config["PUBLIC_URL"])
    hosts = trusted_hosts(app.config)
    app.config["TRUSTED_HOSTS"] = hosts  # Flask checks them too, after the guard
    if public is not None:
        # Outside a request (commands sending e-mails) URLs are built on the same base.
        app.config.setdefault("SERVER_NAME", None)
        if not app.config["SERVER_NAME"]:
            app.config["SERVER_NAME"] = public[1]
        app.config["PREFERRED_URL_SCHEME"] = public[0]
    app.wsgi_app = HostGuard(app.wsgi_app, hosts, public)  # type: ignore[method-assign]
    hops = app.config["PROXY_HOPS"]
    if hops:
        # Behind nginx (deploy/nginx.conf): the client's address is the one the proxy appended
        # to X-Forwarded-For, never one the client wrote there itself; rate limits count it.
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=0, x_host=0)  # type: ignore[method-assign]
    hsts = app.config["HSTS_SECONDS"] if app.config["ENV"] == "production" else 0

    @app.after_request
    def _security_headers(response: Response) -> Response:
        return add_security_headers(response, hsts_seconds=hsts)
