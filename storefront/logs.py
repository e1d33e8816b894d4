"""Structured logs: one JSON object per line, each carrying the request id it belongs to.

* **Request id.** ``RequestLog`` (a WSGI wrapper around the app) takes the id the reverse proxy
  sent in ``X-Request-ID`` (nginx: ``proxy_set_header X-Request-ID $request_id``) when it is a
  plain token, else makes one (``secrets.token_hex(8)``), answers it in ``X-Request-ID`` and
  keeps it in a context variable that every log record of the request carries.
* **One line per request**: method, the route's *pattern* (``/<locale>/orders/<number>``, never
  the path: paths and query strings hold order numbers, reset tokens, e-mail look-ups),
  status, milliseconds, worker pid. Health probes (``/healthz``, ``/readyz``) are not logged: a
  load balancer asks every few seconds and they carry nothing to look for.
* **Nothing personal**: no client address, no query string, no form value, no e-mail address;
  Flask-Limiter's own "limit exceeded" line (which names the client address) is dropped, the
  app logs the refusal by route instead. Code logs ids (order id, message id), never addresses.

``configure_logging`` is called by the entry point (``wsgi.py``: gunicorn workers and the
``flask`` command line), not by ``create_app``, so tests and scripts keep their own logging.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import sys
import time
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import Any

from flask import Flask

REQUEST_ID: ContextVar[str] = ContextVar("request_id", default="")
REQUEST_ID_HEADER = "X-Request-ID"
ROUTE_KEY = "storefront.route"  # set by Storefront.dispatch_request: the matched URL rule
UNLOGGED_PATHS = frozenset({"/healthz", "/readyz"})
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}").fullmatch

request_log = logging.getLogger("storefront.request")


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` (empty outside a request) to every record a handler writes."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        return True


class DropClientAddresses(logging.Filter):
    """Flask-Limiter's "ratelimit ... (address:1.2.3.4) exceeded" names the client: drop it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.name.startswith("flask-limiter")


def json_formatter() -> logging.Formatter:
    from pythonjsonlogger.json import JsonFormatter

    return JsonFormatter(
        "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(process)d",
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger", "process": "pid"},
    )


def configure_logging(app: Flask, stream: Any = None) -> logging.Handler:
    """Send every log record of this process to stderr, as JSON (or text) lines."""
    handler = logging.StreamHandler(stream or sys.stderr)
    if app.config["LOG_FORMAT"] == "json":
        handler.setFormatter(json_formatter())
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
        )
    handler.addFilter(RequestIdFilter())
    handler.addFilter(DropClientAddresses())
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "storefront", False)]:
        root.removeHandler(old)
    handler.storefront = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(app.config["LOG_LEVEL"])
    return handler


class RequestLog:
    """WSGI wrapper: request id in and out, one log line per request (see the module text)."""

    def __init__(self, wsgi_app: Callable[..., Iterable[bytes]]) -> None:
        self.wsgi_app = wsgi_app
        self.pid = os.getpid()

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        request_id = environ.get("HTTP_X_REQUEST_ID", "")
        if not _VALID_REQUEST_ID(request_id):
            request_id = secrets.token_hex(8)
        token = REQUEST_ID.set(request_id)
        started = time.perf_counter()
        status = []

        def start(code: str, headers: list, exc_info: Any = None) -> Callable:
            status.append(code)
            headers.append((REQUEST_ID_HEADER, request_id))
            return start_response(code, headers, exc_info)

        try:
            return self.wsgi_app(environ, start)
        finally:
            path = environ.get("PATH_INFO", "")
            if path not in UNLOGGED_PATHS and request_log.isEnabledFor(logging.INFO):
                request_log.info(
                    "request",
                    extra={
                        "method": environ.get("REQUEST_METHOD"),
                        "route": environ.get(ROUTE_KEY, "(no route)"),
                        "status": int(status[0][:3]) if status else 500,
                        "ms": round((time.perf_counter() - started) * 1000, 2),
                    },
                )
            REQUEST_ID.reset(token)


def init_app(app: Flask) -> None:
    if app.config["REQUEST_LOG"]:
        app.wsgi_app = RequestLog(app.wsgi_app)  # type: ignore[method-assign]
