"""Periodic jobs: each run claimed in the database, whatever the number of schedulers."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from catalog.base import utcnow
from storefront.background.cli import periodic_jobs
from storefront.background.models import ScheduledJob
from storefront.background.schedule import PeriodicJob, claim_run, finish_run
from storefront.checkout.placement import place_order
from storefront.orders.models import Order
from storefront.orders.states import OrderStatus
from storefront.shipping.models import ShippingMethod
from tests.storefront.conftest import buyer

JOB = PeriodicJob("sweep", timedelta(seconds=60), ("orders", "release-expired"))


def test_of_two_schedulers_one_runs_a_due_job_and_the_next_run_waits_its_interval(db_session):
    now = utcnow()
    assert claim_run(db_session, JOB, "machine-a:1", now) is True
    assert claim_run(db_session, JOB, "machine-b:7", now) is False  # the other one has it
    finish_run(db_session, JOB, "machine-a:1", "done")
    assert claim_run(db_session, JOB, "machine-b:7", now + timedelta(seconds=30)) is False
    assert claim_run(db_session, JOB, "machine-b:7", now + timedelta(seconds=61)) is True
    row = db_session.get(ScheduledJob, "sweep")
    assert row.run_by == "machine-b:7" and row.last_outcome == "done"


def test_a_run_whose_scheduler_died_is_taken_up_after_its_lease(db_session):
    now = utcnow()
    assert claim_run(db_session, JOB, "dead:1", now)  # ... and never finishes
    assert not claim_run(db_session, JOB, "alive:2", now + timedelta(seconds=61))
    assert claim_run(db_session, JOB, "alive:2", now + JOB.lease + timedelta(seconds=1))


def test_the_scheduler_releases_expired_reservations_and_runs_each_job_once(
    app, db_session, two_coops
):
    tea, _duck = two_coops
    order = place_order(db_session, {tea.variants[0].id: 3}, buyer(), ShippingMethod.POSTAL_PARCEL)
    order.reservation_expires_at = utcnow() - timedelta(minutes=1)
    db_session.commit()
    order_id = order.id
    runner = app.test_cli_runner()
    first = runner.invoke(args=["scheduler", "run", "--once"])
    assert first.exit_code == 0, first.output
    assert "Released the reservations of 1 expired order(s)." in first.output
    assert "Ran 5 job(s)." in first.output
    status = db_session.scalar(select(Order.status).where(Order.id == order_id))
    assert status is OrderStatus.EXPIRED
    again = runner.invoke(args=["scheduler", "run", "--once"])
    assert "Ran 0 job(s)." in again.output  # nothing due before the interval
    outcomes = dict(db_session.execute(select(ScheduledJob.name, ScheduledJob.last_outcome)).all())
    assert outcomes == {
        "release-expired-reservations": "done",
        "expire-pickups": "done",
        "purge-sent-mail": "done",
        "purge-bonded-personal-data": "done",
        "statistics-rollup": "done",
    }
    assert [job.command for job in periodic_jobs(app)][1] == ("pickup", "expire")
