"""WSGI entry point: `flask --app wsgi ...`, `gunicorn wsgi:app`."""

from storefront import create_app

app = create_app()
