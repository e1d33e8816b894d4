"""Flask-Migrate, set up only where migrations can run: the command line and whoever asks.

Flask-Migrate imports Alembic (and Mako) when it is imported: 11 MB in every gunicorn worker,
which never migrates. So ``init_app`` sets Flask-Migrate up at once only when the app is built
by the ``flask`` command line (its ``db`` commands must be there); elsewhere (gunicorn, tests)
``app.extensions["migrate"]`` holds a stand-in that sets Flask-Migrate up the first time
anything reads it, as ``flask_migrate.upgrade()`` and ``migrations/env.py`` do. Either way
Flask-Migrate ends with exactly the settings given here.
"""

from __future__ import annotations

from typing import Any

import click
from flask import Flask


def _set_up(app: Flask, db: Any, settings: dict[str, Any]) -> Any:
    from flask_migrate import Migrate

    Migrate().init_app(app, db, **settings)
    return app.extensions["migrate"]


class MigrationsOnDemand:
    """``app.extensions["migrate"]`` until first read: then Flask-Migrate's own object."""

    def __init__(self, app: Flask, db: Any, settings: dict[str, Any]) -> None:
        self._app = app
        self._db = db
        self._settings = settings

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(_set_up(self._app, self._db, self._settings), name)


def init_app(app: Flask, db: Any, **settings: Any) -> None:
    if click.get_current_context(silent=True) is not None:  # built by the flask command line
        _set_up(app, db, settings)
    else:
        app.extensions["migrate"] = MigrationsOnDemand(app, db, settings)
