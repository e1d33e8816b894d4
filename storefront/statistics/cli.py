"""``flask statistics rollup``: roll up the finished days that are new or changed (a periodic
job of ``flask scheduler run``; safe to run at any time, by several machines in turn)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from storefront.database import begin_writing
from storefront.extensions import db
from storefront.statistics.rollups import refresh_rollups, rollup_state

statistics_cli = AppGroup("statistics", help="Statistics monitoring.")


@statistics_cli.command("rollup")
def rollup() -> None:
    """Roll up every finished China day that is new or whose orders changed."""
    # It reads the orders, then rewrites the roll-ups: on SQLite the write lock is taken first,
    # or a worker's commit in between fails it with "database is locked" (seen under make run).
    begin_writing(db.session)
    days = refresh_rollups(db.session)
    state = rollup_state(db.session)
    db.session.commit()
    click.echo(f"Rolled up {days} days; the roll-ups cover every day up to {state.through_day}.")
