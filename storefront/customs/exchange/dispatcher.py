"""The dispatcher: moves due outbox rows into the exchange folder, each exactly once.

One batch is one database transaction:

1. claim the due ``pending`` rows: ``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL, so any
   number of dispatchers share the work without waiting for each other; on SQLite the batch
   first takes the database's write lock (a no-op ``UPDATE``), so dispatchers take turns;
2. for each row, write ``outbox/<MessageType>_<guid>.xml`` (temp file + fsync + rename) unless
   a file of that name is already in ``outbox/`` or ``sent/``;
3. fsync the folder, mark the rows ``sent`` (through ``declarations.states.change_status``, one
   audit row each, none on the order) and commit.

Kill the process anywhere: before the rename nothing is visible (a stray ``tmp/*.part`` at most);
after the rename but before the commit the row is still ``pending`` and locked only by the dead
transaction, so the next run finds the file by its deterministic name and marks the row sent
without writing it again. A write that fails (disk full, permissions) is retried with
exponential backoff; after ``max_attempts`` the row is ``failed`` and shows in the operator's
attention list.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import false, select, update
from sqlalchemy.orm import Session

from catalog.base import utcnow
from storefront.customs.declarations.models import CustomsDeclaration, DeclarationStatus
from storefront.customs.declarations.states import change_status
from storefront.customs.exchange.folders import ExchangeFolders
from storefront.orders.actors import Actor
from storefront.pickup.personal_data import is_sealed

log = logging.getLogger(__name__)

DISPATCHER = Actor("dispatcher")


class SealedPayload(OSError):
    """A sealed payload this dispatcher cannot open: retried like a failed write."""


@dataclass(frozen=True, slots=True)
class DispatchPolicy:
    batch_size: int = 50
    max_attempts: int = 8
    backoff_seconds: int = 30
    backoff_max_seconds: int = 3600
    pause_after_write: float = 0.0  # test hook: widen the window between rename and commit
    # Unseals a payload kept sealed because it names a person (bonded import); the adapter
    # hands in its vault's. Without one, a sealed payload is never written (retried, logged).
    open_payload: Callable[[str], str] | None = field(default=None, repr=False)

    def payload_bytes(self, payload: str | None) -> bytes:
        text = payload or ""
        if is_sealed(text):
            if self.open_payload is None:
                raise SealedPayload("the payload is sealed and this dispatcher has no key")
            text = self.open_payload(text)
        return text.encode("utf-8")

    def backoff(self, attempts: int) -> timedelta:
        """Delay before retry number ``attempts`` (1-based): doubling, capped."""
        seconds = self.backoff_seconds * 2 ** max(attempts - 1, 0)
        return timedelta(seconds=min(seconds, self.backoff_max_seconds))


@dataclass
class DispatchReport:
    written: int = 0  # files written now
    recovered: int = 0  # file already there from an interrupted run: marked sent, not rewritten
    retrying: int = 0
    failed: int = 0
    guids: list[str] = field(default_factory=list)

    @property
    def claimed(self) -> int:
        return self.written + self.recovered + self.retrying + self.failed

    def add(self, other: DispatchReport) -> None:
        self.written += other.written
        self.recovered += other.recovered
        self.retrying += other.retrying
        self.failed += other.failed


def claim_due(session: Session, batch_size: int, now: datetime) -> list[CustomsDeclaration]:
    """Lock and return up to ``batch_size`` due rows that no other dispatcher holds."""
    if session.get_bind().dialect.name == "sqlite":
        # Take SQLite's write lock before reading, so the batch never has to upgrade a stale
        # read snapshot to a write (which fails at once instead of waiting).
        session.execute(
            update(CustomsDeclaration)
            .where(false())
            .values(attempts=CustomsDeclaration.attempts)
            .execution_options(synchronize_session=False)
        )
    stmt = (
        select(CustomsDeclaration)
        .where(
            CustomsDeclaration.status == DeclarationStatus.PENDING,
            CustomsDeclaration.next_attempt_at <= now,
        )
        .order_by(CustomsDeclaration.next_attempt_at, CustomsDeclaration.id)
        .limit(batch_size)
        .with_for_update(skip_locked=True)
    )
    return list(session.scalars(stmt))


def dispatch_batch(
    session: Session,
    folders: ExchangeFolders,
    policy: DispatchPolicy,
    now: datetime | None = None,
) -> DispatchReport:
    """Claim and deliver one batch; the caller commits (that is what releases the rows)."""
    now = now or utcnow()
    report = DispatchReport()
    rows = claim_due(session, policy.batch_size, now)
    if not rows:
        return report
    folders.create()
    for row in rows:
        name = row.file_name
        if folders.already_delivered(name):
            report.recovered += 1
            _mark_sent(session, row, now, note="already in the exchange folder")
            continue
        try:
            folders.write_outbox(name, policy.payload_bytes(row.payload))
        except OSError as error:
            error_text = f"{type(error).__name__}: {error.strerror or error}"
            _schedule_retry(session, row, policy, now, error_text)
            if row.status is DeclarationStatus.FAILED:
                report.failed += 1
            else:
                report.retrying += 1
            continue
        report.written += 1
        report.guids.append(row.guid)
        _mark_sent(session, row, now)
        if policy.pause_after_write:
            time.sleep(policy.pause_after_write)
    folders.sync_outbox()
    session.flush()
    return report


def run_dispatcher(
    session: Session,
    folders: ExchangeFolders,
    policy: DispatchPolicy,
    *,
    loop: bool = False,
    interval: float = 2.0,
    should_stop: Callable[[], bool] = lambda: False,
) -> DispatchReport:
    """Deliver batches until nothing is due (and, with ``loop``, keep watching)."""
    total = DispatchReport()
    while not should_stop():
        try:
            report = dispatch_batch(session, folders, policy)
            session.commit()
        except Exception:  # the loop must survive a lost connection or a locked database
            session.rollback()
            log.exception("customs dispatch batch failed; retrying")
            if not loop:
                raise
            time.sleep(interval)
            continue
        total.add(report)
        if report.claimed:
            log.info(
                "customs dispatch: %d written, %d recovered, %d retrying, %d failed",
                report.written,
                report.recovered,
                report.retrying,
                report.failed,
            )
            continue
        if not loop:
            break
        time.sleep(interval)
    return total


def _mark_sent(session: Session, row: CustomsDeclaration, now: datetime, note: str = "") -> None:
    change_status(session, row, DeclarationStatus.SENT, actor=DISPATCHER, note=note, on_order=False)
    row.sent_at = now
    row.attempts += 1
    row.next_attempt_at = None
    row.last_error = ""


def _schedule_retry(
    session: Session, row: CustomsDeclaration, policy: DispatchPolicy, now: datetime, error: str
) -> None:
    row.attempts += 1
    row.last_error = error[:1000]
    if row.attempts >= policy.max_attempts:
        change_status(
            session, row, DeclarationStatus.FAILED, actor=DISPATCHER, note=error, on_order=False
        )
        row.next_attempt_at = None
        log.warning("customs message %s failed after %d attempts", row.guid, row.attempts)
    else:
        row.next_attempt_at = now + policy.backoff(row.attempts)
