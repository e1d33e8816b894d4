"""``flask customs ...``: dispatch, receive, simulate, work (all three), summary, keys."""

from __future__ import annotations

import logging
import signal
import time

import click
from flask import current_app
from flask.cli import AppGroup

from storefront.customs.adapter import CustomsAdapter, customs_adapter
from storefront.customs.declarations.summaries import (
    InvalidMonth,
    MonthNotClosed,
    declare_monthly_summaries,
)
from storefront.customs.exchange.dispatcher import run_dispatcher
from storefront.customs.exchange.receiver import run_receiver
from storefront.customs.exchange.simulator import run_simulator
from storefront.customs.messages.signing_keys import ensure_development_keys
from storefront.extensions import db
from storefront.orders.actors import Actor

CLI = Actor("cli")

customs_cli = AppGroup("customs", help="Customs declarations: outbox, receipts, simulator.")


class _StopFlag:
    """SIGTERM/SIGINT end a --loop after the current pass instead of in the middle of it."""

    def __init__(self) -> None:
        self.stopped = False
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._stop)

    def _stop(self, _signum: int, _frame: object) -> None:
        self.stopped = True

    def __call__(self) -> bool:
        return self.stopped


def _adapter() -> CustomsAdapter:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    return customs_adapter(current_app)


@customs_cli.command("dispatch")
@click.option("--loop", is_flag=True, help="Keep watching the outbox table.")
@click.option(
    "--pause-after-write",
    type=float,
    default=0.0,
    hidden=True,
    help="Test hook: sleep after each file, before the batch commits.",
)
def dispatch_command(loop: bool, pause_after_write: float) -> None:
    """Write due declarations into <exchange>/outbox/ (each exactly once)."""
    adapter = _adapter()
    report = run_dispatcher(
        db.session,
        adapter.folders,
        adapter.dispatch_policy(pause_after_write),
        loop=loop,
        interval=adapter.settings.loop_interval_seconds,
        should_stop=_StopFlag(),
    )
    click.echo(
        f"Dispatched: {report.written} written, {report.recovered} recovered, "
        f"{report.retrying} to retry, {report.failed} failed."
    )


@customs_cli.command("receive")
@click.option("--loop", is_flag=True, help="Keep watching the inbox.")
def receive_command(loop: bool) -> None:
    """Record the receipts in <exchange>/inbox/."""
    adapter = _adapter()
    report = run_receiver(
        db.session,
        adapter.folders,
        loop=loop,
        interval=adapter.settings.loop_interval_seconds,
        should_stop=_StopFlag(),
    )
    click.echo(
        f"Received: {report.files} files, {report.recorded} receipts recorded, "
        f"{report.duplicates} already known, {report.deferred} left for the next pass, "
        f"{len(report.failed_files)} files failed."
    )


@customs_cli.command("simulate")
@click.option("--loop", is_flag=True, help="Keep answering.")
def simulate_command(loop: bool) -> None:
    """Play customs on the exchange folder: answer messages with receipts (development only)."""
    adapter = _adapter()
    if not adapter.settings.allow_development_keys:
        raise click.ClickException("the simulator does not run in production")
    report = run_simulator(
        adapter.simulator(),
        loop=loop,
        interval=adapter.settings.loop_interval_seconds,
        should_stop=_StopFlag(),
    )
    click.echo(
        f"Simulated: {report.answered} answered ({report.rejected} refused), "
        f"{report.released} delayed receipts sent."
    )


@customs_cli.command("work")
@click.option("--loop", is_flag=True, help="Keep going until stopped.")
@click.option("--simulate/--no-simulate", default=True, help="Also play customs (development).")
def work_command(loop: bool, simulate: bool) -> None:
    """Dispatch, simulate and receive in one process (what `make run` starts)."""
    adapter = _adapter()
    if simulate and not adapter.settings.allow_development_keys:
        raise click.ClickException("the simulator does not run in production")
    stop = _StopFlag()
    simulator = adapter.simulator() if simulate else None
    log = logging.getLogger("storefront.customs.work")
    while not stop():
        received_files = 0
        try:
            run_dispatcher(db.session, adapter.folders, adapter.dispatch_policy())
            if simulator is not None:
                run_simulator(simulator)
            received_files = run_receiver(db.session, adapter.folders).handled
        except Exception:
            if not loop:
                raise
            log.exception("customs work pass failed; retrying")
        finally:
            db.session.remove()
        if not loop:
            break
        if not received_files:
            time.sleep(adapter.settings.loop_interval_seconds)


@customs_cli.command("summary")
@click.option("--month", required=True, help="Calendar month, YYYY-MM (China time).")
def summary_command(month: str) -> None:
    """Queue CEB701 monthly summaries of the 9610 lists released in MONTH, one per producer."""
    adapter = _adapter()
    try:
        created = declare_monthly_summaries(db.session, adapter.outbox, month, actor=CLI)
    except (InvalidMonth, MonthNotClosed) as error:
        raise click.BadParameter(str(error), param_hint="--month") from None
    db.session.commit()
    click.echo(f"{len(created)} summary message(s) queued for {month}.")


@customs_cli.command("keys")
def keys_command() -> None:
    """Create the development signing key pair (instance/customs-keys/) if missing."""
    settings = _adapter().settings
    key_path, cert_path = ensure_development_keys(
        settings.key_path,
        settings.certificate_path,
        allow_development_keys=settings.allow_development_keys,
    )
    click.echo(f"Signing key {key_path}, certificate {cert_path}.")
