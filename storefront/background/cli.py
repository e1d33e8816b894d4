"""``flask worker NAME`` and ``flask scheduler run``: the background processes.

Each worker is a loop over one kind of work, safe to run as several processes on several
machines: the e-mail outbox and the customs outbox are claimed row by row (``FOR UPDATE SKIP
LOCKED`` on PostgreSQL), receipt files are claimed by an atomic rename, parcels by a row lock.
The scheduler runs the periodic jobs (``PERIODIC_JOBS``), each run claimed in the database, so
one scheduler per machine is as safe as one in all. A pass that fails (the database restarting,
the mail server down) is retried after a delay that doubles up to ``WORKER_MAX_BACKOFF_SECONDS``,
with one log line per failure, not a storm. SIGTERM ends a loop after the pass in progress.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import time
from collections.abc import Callable
from datetime import timedelta

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from storefront.background.schedule import PeriodicJob, claim_run, finish_run
from storefront.extensions import db

log = logging.getLogger(__name__)

worker_cli = AppGroup("worker", help="Background workers (run as many as you like).")
scheduler_cli = AppGroup("scheduler", help="Periodic jobs.")


def periodic_jobs(app: Flask) -> tuple[PeriodicJob, ...]:
    """The jobs the scheduler runs, with their intervals from the settings."""
    return (
        PeriodicJob(
            "release-expired-reservations",
            timedelta(seconds=app.config["RESERVATION_SWEEP_SECONDS"]),
            ("orders", "release-expired"),
        ),
        PeriodicJob(
            "expire-pickups",
            timedelta(seconds=app.config["RESERVATION_SWEEP_SECONDS"]),
            ("pickup", "expire"),
        ),
        PeriodicJob("purge-sent-mail", timedelta(days=1), ("mail", "purge")),
        PeriodicJob("purge-bonded-personal-data", timedelta(days=1), ("pickup", "purge")),
        PeriodicJob(
            "statistics-rollup",
            timedelta(seconds=app.config["STATISTICS_ROLLUP_SECONDS"]),
            ("statistics", "rollup"),
        ),
    )


class ServiceDown(Exception):
    """What the pass needs (the mail server) does not answer: pause, one line, no traceback."""


class StopFlag:
    """SIGTERM/SIGINT end the loop after the current pass, never in the middle of one."""

    def __init__(self) -> None:
        self.stopped = False
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._stop)

    def _stop(self, _signum: int, _frame: object) -> None:
        self.stopped = True

    def __call__(self) -> bool:
        return self.stopped

    def sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self.stopped and time.monotonic() < deadline:
            time.sleep(min(0.2, max(deadline - time.monotonic(), 0)))


def run_loop(
    name: str, one_pass: Callable[[], bool], *, interval: float, max_backoff: float
) -> None:
    """Call ``one_pass`` until stopped; it returns True when it found work (go on at once).

    A failing pass is retried after ``interval`` doubled per failure in a row, capped at
    ``max_backoff``; the first failure is logged with its traceback, the next ones in a line.
    """
    stop = StopFlag()
    failures = 0
    log.info("worker %s started (pid %d)", name, os.getpid())
    while not stop():
        try:
            busy = one_pass()
        except ServiceDown as error:
            failures += 1
            delay = min(interval * 2 ** (failures - 1), max_backoff)
            log.warning("worker %s: %s; next try in %.0f s", name, error, delay)
            stop.sleep(delay)
            continue
        except Exception as error:
            failures += 1
            delay = min(interval * 2 ** (failures - 1), max_backoff)
            if failures == 1:
                log.exception("worker %s: pass failed; retrying in %.1f s", name, delay)
            else:
                log.warning(
                    "worker %s: pass failed again (%d in a row, %s); retrying in %.1f s",
                    name,
                    failures,
                    type(error).__name__,
                    delay,
                )
            stop.sleep(delay)
            continue
        finally:
            db.session.remove()
        if failures:
            log.info("worker %s: working again after %d failed pass(es)", name, failures)
            failures = 0
        if not busy:
            stop.sleep(interval)
    log.info("worker %s stopped", name)


def _interval() -> float:
    return float(current_app.config["WORKER_POLL_SECONDS"])


def _max_backoff() -> float:
    return float(current_app.config["WORKER_MAX_BACKOFF_SECONDS"])


@worker_cli.command("mail")
def mail_worker() -> None:
    """Send the e-mail outbox (retries with backoff; each message once)."""
    from storefront.mail.cli import send_pass

    def one_pass() -> bool:
        report = send_pass()
        if report.server_down:  # every message waits for its own retry time meanwhile
            raise ServiceDown(f"mail server unreachable ({report.sent} sent first)")
        return bool(report.claimed)

    run_loop("mail", one_pass, interval=_interval(), max_backoff=_max_backoff())


@worker_cli.command("customs-dispatch")
def customs_dispatch_worker() -> None:
    """Write due customs messages into the exchange folder (``customs dispatch --loop``)."""
    from storefront.customs import customs_adapter
    from storefront.customs.exchange.dispatcher import dispatch_batch

    adapter = customs_adapter(current_app)
    policy = adapter.dispatch_policy()

    def one_pass() -> bool:
        report = dispatch_batch(db.session, adapter.folders, policy)
        db.session.commit()
        return report.claimed > 0

    run_loop("customs-dispatch", one_pass, interval=_interval(), max_backoff=_max_backoff())


@worker_cli.command("customs-receive")
def customs_receive_worker() -> None:
    """Record customs receipts from the exchange folder's inbox."""
    from storefront.customs import customs_adapter
    from storefront.customs.exchange.receiver import receive_inbox

    adapter = customs_adapter(current_app)

    def one_pass() -> bool:
        return receive_inbox(db.session, adapter.folders).handled > 0

    run_loop("customs-receive", one_pass, interval=_interval(), max_backoff=_max_backoff())


@worker_cli.command("tracking")
def tracking_worker() -> None:
    """Follow shipped parcels with their carrier (``shipping track --loop``)."""
    from storefront.customs import customs_adapter
    from storefront.fulfilment.cli import track_all

    carrier = customs_adapter(current_app).carrier()
    if carrier is None:
        raise click.ClickException("no carrier is connected (CUSTOMS_CARRIER_BOOKING=none)")

    def one_pass() -> bool:
        track_all(carrier)
        return False  # a poll: wait the interval between passes

    run_loop("tracking", one_pass, interval=_interval(), max_backoff=_max_backoff())


@worker_cli.command("pickup")
def pickup_worker() -> None:
    """Bonded orders: customs' answers make them ready for pickup (code, e-mail) or refunded
    (``pickup follow``); each order is locked while it moves, so several workers may run."""
    from storefront.bonded.cli import follow_customs_once

    def one_pass() -> bool:
        ready, refused = follow_customs_once()
        return bool(ready or refused)

    run_loop("pickup", one_pass, interval=_interval(), max_backoff=_max_backoff())


def run_flask_command(app: Flask, words: tuple[str, ...]) -> bool:
    """Run ``flask <words>`` in this process; False when no such command is installed."""
    context = click.get_current_context()
    command: click.Command | None = app.cli
    for word in words:
        if not isinstance(command, click.Group):
            return False
        command = command.get_command(context, word)
        if command is None:
            return False
    assert command is not None
    command.main(args=[], prog_name="flask " + " ".join(words), standalone_mode=False)
    return True


def scheduler_pass(app: Flask, owner: str) -> int:
    """Run every due job this scheduler could claim; how many ran."""
    ran = 0
    for job in periodic_jobs(app):
        if not claim_run(db.session, job, owner):
            continue
        outcome = "done"
        try:
            if not run_flask_command(app, job.command):
                outcome = "not installed"
        except Exception as error:
            db.session.rollback()
            outcome = f"failed: {type(error).__name__}"
            log.exception("scheduled job %s failed", job.name)
        finally:
            db.session.remove()
        finish_run(db.session, job, owner, outcome)
        ran += 1
    return ran


@scheduler_cli.command("run")
@click.option("--once", is_flag=True, help="One pass over the due jobs, then exit.")
def scheduler_run(once: bool) -> None:
    """Run the periodic jobs when due (any number of schedulers: each run happens once)."""
    app = current_app._get_current_object()
    owner = f"{socket.gethostname()[:40]}:{os.getpid()}"
    if once:
        click.echo(f"Ran {scheduler_pass(app, owner)} job(s).")
        return

    def one_pass() -> bool:
        scheduler_pass(app, owner)
        return False

    run_loop(
        "scheduler",
        one_pass,
        interval=float(app.config["SCHEDULER_TICK_SECONDS"]),
        max_backoff=_max_backoff(),
    )
