"""Periodic jobs: one row per job, claimed by whichever scheduler finds it due first."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from catalog.base import Base, utcnow


class ScheduledJob(Base):
    """When a periodic job runs next, and who runs it now.

    Any number of schedulers may run (one per machine, for instance): a scheduler runs a job
    only after moving ``next_run_at`` forward with a conditional ``UPDATE`` that matched, so
    each run happens once; ``running_until`` keeps a second scheduler off a long run, and a run
    whose scheduler died is taken up again once it has passed.
    """

    __tablename__ = "scheduled_jobs"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    next_run_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    running_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    last_started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    last_finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    last_outcome: Mapped[str] = mapped_column(String(200), default="")
    run_by: Mapped[str] = mapped_column(String(80), default="")
