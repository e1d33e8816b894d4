"""WSGI entry point: `flask --app wsgi ...`, `gunicorn wsgi:app` (deploy/gunicorn.conf.py)."""

from storefront import create_app
from storefront.logs import configure_logging

app = create_app()
configure_logging(app)
