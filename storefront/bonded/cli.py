"""``flask pickup ...``: the bonded pickup's scheduled work.

``follow`` (customs' answers drive the orders: ready for pickup, or refused and refunded),
``expire`` (unpaid orders give their stock and quota back; released orders nobody collected in
the window are returned with a CEB625 and refunded), ``purge`` (personal data past the
retention), ``work [--loop]`` (all three; ``make run`` starts it beside ``customs work``),
``slots`` (open the showrooms' pickup slots ahead), ``new-key`` (a key for production).
Each order is handled in its own transaction; e-mails go after its commit.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import time
from collections.abc import Iterator

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select

from catalog.base import utcnow
from storefront.bonded import vault_of
from storefront.bonded.closing import overdue_pickups, return_uncollected
from storefront.bonded.customs_outcomes import (
    CustomsOutcome,
    apply_customs_outcome,
    orders_awaiting_customs,
    retry_waiting_withdrawals,
)
from storefront.bonded.notifications import send_bonded_order_closed, send_ready_for_pickup
from storefront.bonded.retention import purge_personal_data
from storefront.customs import customs_adapter
from storefront.extensions import db
from storefront.orders.models import Order
from storefront.orders.services import expire_overdue_orders
from storefront.payments.gateways import current_gateway
from storefront.pickup.personal_data import new_key
from storefront.pickup.showrooms import CHINA, Showroom, ensure_slots

log = logging.getLogger("storefront.pickup")
DEVELOPMENT_BASE_URL = "http://127.0.0.1:5000/"

pickup_cli = AppGroup("pickup", help="Bonded pickup (1210): customs outcomes, expiry, retention.")


@contextlib.contextmanager
def _links(app: Flask) -> Iterator[None]:
    """E-mails carry absolute links: the public URL, or the development server's address."""
    if app.config.get("SERVER_NAME"):
        yield
        return
    with app.test_request_context(base_url=DEVELOPMENT_BASE_URL):
        yield


def _mail(send, order: Order, *args) -> None:
    """Queue the e-mail in the open transaction (storefront.mail's outbox): it is committed
    with the change it reports, and a mail worker sends it."""
    with _links(current_app._get_current_object()):  # type: ignore[attr-defined]
        send(order, *args)


def follow_customs_once() -> tuple[int, int]:
    """Apply customs' answers to every paid bonded order; returns (ready, refused)."""
    app = current_app
    adapter, vault = customs_adapter(app), vault_of(app)
    ready = refused = 0
    for order_id in orders_awaiting_customs(db.session):
        db.session.rollback()
        try:
            applied = apply_customs_outcome(
                db.session,
                order_id,
                adapter=adapter,
                gateway=current_gateway(),
                vault=vault,
            )
            if applied is not None:
                order = db.session.get(Order, order_id)
                if applied.outcome is CustomsOutcome.READY:
                    _mail(send_ready_for_pickup, order, vault)
                else:
                    _mail(send_bonded_order_closed, order)
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("customs outcome of bonded order %s not applied; next pass", order_id)
            continue
        if applied is None:
            continue
        if applied.outcome is CustomsOutcome.READY:
            ready += 1
        else:
            refused += 1
    retry_waiting_withdrawals(db.session, adapter)
    db.session.commit()
    return ready, refused


def expire_once() -> tuple[int, int]:
    """Unpaid orders past their reservation expire; uncollected released orders are returned."""
    unpaid = expire_overdue_orders(db.session)
    db.session.commit()
    returned = 0
    adapter = customs_adapter(current_app)
    for order_id in overdue_pickups(db.session):
        try:
            if return_uncollected(
                db.session, order_id, gateway=current_gateway(), declarations=adapter
            ):
                _mail(send_bonded_order_closed, db.session.get(Order, order_id))
                db.session.commit()
                returned += 1
            else:
                db.session.rollback()
        except Exception:
            db.session.rollback()
            log.exception("uncollected bonded order %s not returned; next pass", order_id)
    return unpaid, returned


def purge_once() -> int:
    purged = purge_personal_data(
        db.session,
        retention_days=current_app.config["PICKUP_PERSONAL_DATA_RETENTION_DAYS"],
        folders=customs_adapter(current_app).folders,
    )
    db.session.commit()
    return purged


@pickup_cli.command("follow")
def follow_command() -> None:
    """Customs' answers: released orders get their pickup code, refused ones are refunded."""
    ready, refused = follow_customs_once()
    click.echo(f"Ready for pickup: {ready}; refused by customs and refunded: {refused}.")


@pickup_cli.command("expire")
def expire_command() -> None:
    """Expire unpaid orders; return and refund released orders not collected in the window."""
    unpaid, returned = expire_once()
    click.echo(f"Expired unpaid orders: {unpaid}; uncollected orders returned: {returned}.")


@pickup_cli.command("purge")
def purge_command() -> None:
    """Remove ID numbers, names and phones of orders closed longer than the retention."""
    click.echo(f"Personal data purged from {purge_once()} order(s).")


@pickup_cli.command("slots")
@click.option("--days", default=14, show_default=True, type=click.IntRange(1, 90))
def slots_command(days: int) -> None:
    """Open the active showrooms' pickup slots for the coming days."""
    today = utcnow().astimezone(CHINA).date()
    created = 0
    for showroom in db.session.scalars(select(Showroom).where(Showroom.is_active.is_(True))):
        created += ensure_slots(db.session, showroom, today, days)
    db.session.commit()
    click.echo(f"{created} pickup slot(s) opened.")


@pickup_cli.command("new-key")
def new_key_command() -> None:
    """Print a new personal-data key for STOREFRONT_PICKUP_ID_KEY (keep it secret)."""
    click.echo(new_key())


@pickup_cli.command("work")
@click.option("--loop", is_flag=True, help="Keep going until stopped.")
def work_command(loop: bool) -> None:
    """follow + expire + purge, once or in a loop (what `make run` starts)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    stopped = {"now": False}

    def stop(_signum: int, _frame: object) -> None:
        stopped["now"] = True

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, stop)
    while not stopped["now"]:
        try:
            follow_customs_once()
            expire_once()
            purge_once()
        except Exception:
            db.session.rollback()
            if not loop:
                raise
            log.exception("pickup work pass failed; retrying")
        finally:
            db.session.remove()
        if not loop:
            break
        time.sleep(current_app.config["PICKUP_LOOP_INTERVAL"])
