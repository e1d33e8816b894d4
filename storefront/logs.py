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

import json
import logging
import os
import re
import secrets
import sys
import time
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from datetime import UTC, datetime
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


class JsonLines(logging.Formatter):
    """One JSON object per record: time (UTC), level, logger, message, request id, pid, the
    request line's fields, and the traceback of an exception.

    Written here rather than taken from python-json-logger: that formatter merges every extra
    attribute of every record and cost a cached page about 40 microseconds more per request
    than this one's 25 (benchmarks/README.md, "Production shape"), a tenth of the page.
    """

    FIELDS = ("method", "route", "status", "ms")

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", ""),
            "pid": record.process,
        }
        values = record.__dict__
        for name in self.FIELDS:
            if name in values:
                entry[name] = values[name]
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, separators=(",", ":"), default=str)


def json_formatter() -> logging.Formatter:
    return JsonLines()


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
    # No caller look-up (file, line) for each record: the lines do not show it, and it is a
    # stack walk per request line (the logging HOWTO's "Optimization" section).
    logging._srcfile = None  # type: ignore[attr-defined]
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
