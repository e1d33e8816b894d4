"""``flask shipping track [--loop]``: follow shipped parcels with their carrier."""

from __future__ import annotations

import logging
import signal
import time

import click
from flask import current_app
from flask.cli import AppGroup

from storefront.customs import customs_adapter
from storefront.database import begin_writing
from storefront.extensions import db
from storefront.fulfilment.tracking import TrackingReport, parcels_in_transit, track_parcel
from storefront.shipping.carriers.port import Carrier, CarrierError, TrackingCode

log = logging.getLogger(__name__)

shipping_cli = AppGroup("shipping", help="Parcels after the hand-over: carrier tracking.")


def track_all(carrier: Carrier) -> TrackingReport:
    """One pass over the parcels in transit; one transaction per parcel."""
    report = TrackingReport()
    ids = parcels_in_transit(db.session)
    db.session.rollback()
    for sub_order_id in ids:
        begin_writing(db.session)
        try:
            added = track_parcel(db.session, carrier, sub_order_id)
        except CarrierError as error:
            db.session.rollback()
            report.failed.append(str(error))
            log.warning("carrier could not answer for parcel %s: %s", sub_order_id, error)
            continue
        report.parcels += 1
        report.events += len(added)
        report.delivered += sum(1 for event in added if event.code is TrackingCode.DELIVERED)
        db.session.commit()
    return report


@shipping_cli.command("track")
@click.option("--loop", is_flag=True, help="Keep polling until stopped.")
def track_command(loop: bool) -> None:
    """Tell the carrier about handed-over parcels and record their tracking events."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    adapter = customs_adapter(current_app)
    carrier = adapter.carrier()
    if carrier is None:
        raise click.ClickException(
            "no carrier is connected (CUSTOMS_CARRIER_BOOKING=none): nothing to track"
        )
    stopped: list[int] = []
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda number, _frame: stopped.append(number))
    total = TrackingReport()
    while not stopped:
        try:
            report = track_all(carrier)
        except Exception:
            if not loop:
                raise
            log.exception("tracking pass failed; retrying")
            report = TrackingReport()
        finally:
            db.session.remove()
        total.parcels += report.parcels
        total.events += report.events
        total.delivered += report.delivered
        total.failed += report.failed
        if not loop:
            break
        time.sleep(adapter.settings.loop_interval_seconds)
    click.echo(
        f"Tracked: {total.parcels} parcel(s), {total.events} new event(s), "
        f"{total.delivered} delivered, {len(total.failed)} the carrier could not answer for."
    )
