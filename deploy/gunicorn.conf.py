"""gunicorn for the shop: ``gunicorn -c deploy/gunicorn.conf.py wsgi:app`` (one per machine).

Settings come from the environment besides the shop's STOREFRONT_* ones (README, Production):
``WEB_BIND`` (default 127.0.0.1:8000, nginx in front), ``WEB_CONCURRENCY`` (workers, default 4:
one sync worker is about 115 MB; two cores run four comfortably), ``WEB_TIMEOUT`` (30 s).
"""

import os

bind = os.environ.get("WEB_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
worker_class = "sync"  # nginx buffers slow clients; a page costs milliseconds of CPU
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = 30  # SIGTERM: finish the requests in progress, then stop
keepalive = 5
# A worker is replaced after this many requests (a jitter keeps them from restarting together).
max_requests = 20000
max_requests_jitter = 2000
# Load the app once in the master: workers share its code pages (less memory per machine). The
# database pool must then be fresh in each worker (post_fork).
preload_app = True
# Only nginx on this machine may say which scheme the visitor used.
forwarded_allow_ips = "127.0.0.1"
# The app writes one JSON line per request with its request id (storefront/logs.py): no
# access log here. gunicorn's own messages go to stderr as JSON lines too.
accesslog = None
errorlog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "storefront.logs.json_formatter"}},
    "filters": {"request_id": {"()": "storefront.logs.RequestIdFilter"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
            "stream": "ext://sys.stderr",
        }
    },
    # The root logger's handler is the app's own (wsgi.py: storefront.logs.configure_logging).
    "root": {"level": "INFO", "handlers": []},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stderr"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": False},
    },
}


def post_fork(_server, _worker):
    """Each worker opens its own database connections (none may be shared across a fork)."""
    from storefront.extensions import db
    from wsgi import app

    with app.app_context():
        db.engine.dispose(close=False)
