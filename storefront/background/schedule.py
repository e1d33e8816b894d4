"""Periodic jobs that several schedulers may watch at once, each run happening once.

A job is a ``flask`` command run in-process (``orders release-expired``, ``pickup expire``,
``mail purge``): the same code an operator runs by hand. ``claim_run`` moves the job's
``next_run_at`` forward with one conditional ``UPDATE``; the scheduler whose statement matched
runs it, the others see it not due. A job whose command is not installed (the bonded pickup's
``pickup expire`` before that feature lands) is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from catalog.base import utcnow
from storefront.background.models import ScheduledJob
from storefront.database import begin_writing


@dataclass(frozen=True, slots=True)
class PeriodicJob:
    name: str
    every: timedelta
    command: tuple[str, ...]  # words after ``flask``
    lease: timedelta = timedelta(minutes=10)  # how long one run may take before another may


def ensure_job_row(session: Session, job: PeriodicJob, now: datetime) -> None:
    """The job's row, created due now the first time any scheduler sees the job."""
    if session.get(ScheduledJob, job.name) is not None:
        return
    try:
        with session.begin_nested():
            session.add(ScheduledJob(name=job.name, next_run_at=now))
    except IntegrityError:  # another scheduler created it at the same moment
        pass
    session.commit()


def claim_run(session: Session, job: PeriodicJob, owner: str, now: datetime | None = None) -> bool:
    """Whether this scheduler runs ``job`` now (it was due and nobody is running it)."""
    now = now or utcnow()
    begin_writing(session)  # SQLite: take the write lock first (a read then a write would fail)
    ensure_job_row(session, job, now)
    begin_writing(session)
    result = session.execute(
        update(ScheduledJob)
        .where(
            ScheduledJob.name == job.name,
            ScheduledJob.next_run_at <= now,
            or_(ScheduledJob.running_until.is_(None), ScheduledJob.running_until < now),
        )
        .values(
            next_run_at=now + job.every,
            running_until=now + job.lease,
            last_started_at=now,
            run_by=owner[:80],
        )
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return result.rowcount == 1


def finish_run(session: Session, job: PeriodicJob, owner: str, outcome: str) -> None:
    session.execute(
        update(ScheduledJob)
        .where(ScheduledJob.name == job.name, ScheduledJob.run_by == owner[:80])
        .values(running_until=None, last_finished_at=utcnow(), last_outcome=outcome[:200])
        .execution_options(synchronize_session=False)
    )
    session.commit()
