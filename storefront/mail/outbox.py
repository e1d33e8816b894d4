"""The e-mail outbox: queue a message in the caller's transaction, send it later, exactly once.

**Queueing** (``queue_message``): the message becomes an ``OutgoingEmail`` row in the session.
When the session's transaction has written something (a flush, pending objects), the row joins
it: it is committed with the change it reports, or rolled back with it. When nothing is being
written (the change was committed before the call, or there is none: a password-reset link),
the row is committed at once in a transaction of its own. Either way no message exists for a
change that did not happen, and none is lost for one that did.

**Sending** (``send_due``): a sender claims due rows (``SELECT ... FOR UPDATE SKIP LOCKED`` on
PostgreSQL, so any number of senders on any number of machines share the rows without waiting;
a conditional ``UPDATE`` on SQLite, where the statement holds the write lock) by marking them
``sending`` with its own claim token and a lease, commits, then hands each message to the mail
server outside any transaction and marks it ``sent`` (only while its claim still holds). A
server that is down or answers 4xx: the row goes back to ``pending`` after a doubling delay
(``MailPolicy``), the rest of the batch is handed back untouched, and nothing is lost; a 5xx
about the message: ``failed`` at once. A sender killed between the server's acceptance and the
``sent`` mark leaves the row ``sending`` until its lease ends; it is then sent again, with the
same Message-ID (the only window of a second copy, as with any SMTP outbox).

Nothing personal is logged: rows are named by id, errors by kind and SMTP code.
"""

from __future__ import annotations

import logging
import os
import secrets
import smtplib
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from sqlalchemy import and_, delete, event, or_, select, update
from sqlalchemy.orm import Session

from catalog.base import as_utc, utcnow
from storefront.mail.backends import Mailer, error_summary, is_permanent
from storefront.mail.models import MailStatus, OutgoingAttachment, OutgoingEmail

log = logging.getLogger(__name__)

WROTE = "storefront.mail.wrote"  # session.info: this transaction has flushed writes
QUEUED = "storefront.mail.queued"  # ids of messages queued in the open transaction
COMMITTED = "storefront.mail.committed"  # ids of messages committed since someone last asked


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file sent with a message."""

    filename: str
    content: bytes
    mime_type: str  # "image/svg+xml"


@dataclass(frozen=True, slots=True)
class MailPolicy:
    batch_size: int = 50
    max_attempts: int = 30
    retry_seconds: int = 10
    retry_max_seconds: int = 600
    lease_seconds: int = 300  # a claim a dead sender left behind is taken over after this

    def retry_delay(self, attempts: int) -> timedelta:
        """Delay before attempt ``attempts + 1``: doubling from ``retry_seconds``, capped."""
        seconds = self.retry_seconds * 2 ** max(attempts - 1, 0)
        return timedelta(seconds=min(seconds, self.retry_max_seconds))


@dataclass(frozen=True, slots=True)
class ClaimedMessage:
    id: int
    message_id: str
    sender: str
    recipient: str
    subject: str
    body: str
    created_at: datetime
    attempts: int
    attachments: tuple[Attachment, ...] = ()

    def email(self) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = self.recipient
        message["Subject"] = self.subject
        message["Message-ID"] = self.message_id
        message["Date"] = format_datetime(as_utc(self.created_at))
        message.set_content(self.body)
        for attachment in self.attachments:
            maintype, subtype = attachment.mime_type.split("/", 1)
            message.add_attachment(
                attachment.content, maintype=maintype, subtype=subtype, filename=attachment.filename
            )
        return message


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    handed_back: int = 0  # claimed, not tried: the server was down
    lost_claims: int = 0  # our lease ran out and another sender took the row over
    server_down: bool = False

    @property
    def claimed(self) -> int:
        return self.sent + self.retrying + self.failed + self.handed_back + self.lost_claims


# -- queueing ------------------------------------------------------------------------------


def writing(session: Session) -> bool:
    """Whether the session's transaction has written, or is about to write, something."""
    return bool(session.info.get(WROTE) or session.new or session.dirty or session.deleted)


def queue_message(
    session: Session,
    *,
    sender: str,
    to: str,
    subject: str,
    body: str,
    attachments: Iterable[Attachment] = (),
) -> OutgoingEmail:
    """Put one message in the outbox (see the module's text for which transaction)."""
    standalone = not writing(session)
    domain = sender.rpartition("@")[2].strip(" >") or "localhost"
    row = OutgoingEmail(
        message_id=make_msgid(domain=domain),
        sender=sender,
        recipient=to,
        subject=subject,
        body=body,
        next_attempt_at=utcnow(),
    )
    session.add(row)
    session.flush()
    session.add_all(
        OutgoingAttachment(
            email_id=row.id, filename=a.filename, mime_type=a.mime_type, content=a.content
        )
        for a in attachments
    )
    session.info.setdefault(QUEUED, []).append(row.id)
    if standalone:
        session.commit()
    return row


def take_committed(session: Session) -> list[int]:
    """Ids of messages committed in this session since the last call (sent right away by the
    web process in development; the workers find every one anyway)."""
    return session.info.pop(COMMITTED, [])


@event.listens_for(Session, "after_flush")
def _wrote(session: Session, _flush_context: object) -> None:
    session.info[WROTE] = True


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint released: the transaction goes on
        return
    session.info.pop(WROTE, None)
    queued = session.info.pop(QUEUED, None)
    if queued:
        session.info.setdefault(COMMITTED, []).extend(queued)


@event.listens_for(Session, "after_rollback")
def _rolled_back(session: Session) -> None:
    if session.in_nested_transaction():
        return
    session.info.pop(WROTE, None)
    session.info.pop(QUEUED, None)


# -- sending -------------------------------------------------------------------------------


def claim_token() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(6)}"


def _due(now: datetime):
    return or_(
        and_(OutgoingEmail.status == MailStatus.PENDING, OutgoingEmail.next_attempt_at <= now),
        and_(OutgoingEmail.status == MailStatus.SENDING, OutgoingEmail.claimed_until < now),
    )


def claim_due(
    session: Session,
    policy: MailPolicy,
    *,
    now: datetime | None = None,
    ids: Iterable[int] | None = None,
) -> tuple[str, list[ClaimedMessage]]:
    """Claim up to ``batch_size`` due messages (or those of ``ids`` that are due) and commit."""
    now = now or utcnow()
    token = claim_token()
    due = _due(now)
    if ids is not None:
        due = and_(due, OutgoingEmail.id.in_(list(ids)))
    oldest_first = (OutgoingEmail.next_attempt_at, OutgoingEmail.id)
    claim = {
        "status": MailStatus.SENDING,
        "claimed_by": token,
        "claimed_until": now + timedelta(seconds=policy.lease_seconds),
    }
    if writing(session):
        raise RuntimeError("claim mail from a session with nothing left to commit")
    session.rollback()  # a fresh transaction: SQLite's UPDATE below then takes the write lock
    if session.get_bind().dialect.name == "postgresql":
        chosen = list(
            session.scalars(
                select(OutgoingEmail.id)
                .where(due)
                .order_by(*oldest_first)
                .limit(policy.batch_size)
                .with_for_update(skip_locked=True)
            )
        )
        if chosen:
            session.execute(
                update(OutgoingEmail)
                .where(OutgoingEmail.id.in_(chosen))
                .values(**claim)
                .execution_options(synchronize_session=False)
            )
    else:  # one statement under SQLite's write lock: claimed by exactly one sender
        chosen_ids = select(OutgoingEmail.id).where(due).order_by(*oldest_first)
        session.execute(
            update(OutgoingEmail)
            .where(OutgoingEmail.id.in_(chosen_ids.limit(policy.batch_size).scalar_subquery()))
            .where(due)
            .values(**claim)
            .execution_options(synchronize_session=False)
        )
    rows = session.execute(
        select(
            OutgoingEmail.id,
            OutgoingEmail.message_id,
            OutgoingEmail.sender,
            OutgoingEmail.recipient,
            OutgoingEmail.subject,
            OutgoingEmail.body,
            OutgoingEmail.created_at,
            OutgoingEmail.attempts,
        )
        .where(OutgoingEmail.claimed_by == token, OutgoingEmail.status == MailStatus.SENDING)
        .order_by(*oldest_first)
    ).all()
    files = _attachments_of(session, [row.id for row in rows])
    session.commit()
    return token, [ClaimedMessage(*row, attachments=files.get(row.id, ())) for row in rows]


def _attachments_of(session: Session, email_ids: list[int]) -> dict[int, tuple[Attachment, ...]]:
    """The claimed messages' files, in one query (none for most messages)."""
    found: dict[int, list[Attachment]] = {}
    if email_ids:
        rows = session.execute(
            select(
                OutgoingAttachment.email_id,
                OutgoingAttachment.filename,
                OutgoingAttachment.content,
                OutgoingAttachment.mime_type,
            )
            .where(OutgoingAttachment.email_id.in_(email_ids))
            .order_by(OutgoingAttachment.id)
        )
        for email_id, filename, content, mime_type in rows:
            found.setdefault(email_id, []).append(Attachment(filename, content, mime_type))
    return {email_id: tuple(files) for email_id, files in found.items()}


def server_unreachable(error: BaseException) -> bool:
    """The server, not this message, is the problem: stop the batch, hand the rest back."""
    if isinstance(
        error, smtplib.SMTPConnectError | smtplib.SMTPServerDisconnected | smtplib.SMTPHeloError
    ):
        return True
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code == 421  # "service not available, closing channel"
    if isinstance(error, smtplib.SMTPException):
        return False
    return isinstance(error, OSError)  # refused, reset, timed out, name not found


def send_due(
    session: Session,
    mailer: Mailer,
    policy: MailPolicy,
    *,
    ids: Iterable[int] | None = None,
    now: Callable[[], datetime] = utcnow,
) -> SendReport:
    """Claim one batch and send it; every row ends sent, failed, or pending for a retry."""
    token, messages = claim_due(session, policy, now=now(), ids=ids)
    report = SendReport()
    for index, message in enumerate(messages):
        try:
            mailer.send(message.email())
        except Exception as error:
            attempts = message.attempts + 1
            summary = error_summary(error)
            if is_permanent(error) or attempts >= policy.max_attempts:
                _finish(session, message, token, status=MailStatus.FAILED, error=summary)
                report.failed += 1
                log.warning(
                    "mail %s failed for good after %d attempt(s): %s", message.id, attempts, summary
                )
                continue
            retry_at = now() + policy.retry_delay(attempts)
            _finish(
                session, message, token, status=MailStatus.PENDING, error=summary, retry_at=retry_at
            )
            report.retrying += 1
            if server_unreachable(error):
                report.server_down = True
                report.handed_back += _hand_back(session, messages[index + 1 :], token, retry_at)
                log.info(
                    "mail server unreachable (%s): %d message(s) wait until %s",
                    summary,
                    len(messages) - index,
                    retry_at.isoformat(timespec="seconds"),
                )
                break
            log.info("mail %s will be tried again at %s: %s", message.id, retry_at, summary)
            continue
        if _finish(session, message, token, status=MailStatus.SENT, sent_at=now()):
            report.sent += 1
        else:
            report.lost_claims += 1
            log.warning("mail %s: claim taken over by another sender after its lease", message.id)
    return report


def _finish(
    session: Session,
    message: ClaimedMessage,
    token: str,
    *,
    status: MailStatus,
    error: str = "",
    retry_at: datetime | None = None,
    sent_at: datetime | None = None,
) -> bool:
    """Record what became of a claimed message, if our claim still holds; commit."""
    values: dict[str, object] = {
        "status": status,
        "claimed_by": None,
        "claimed_until": None,
        "attempts": OutgoingEmail.attempts + 1,
        "last_error": error[:200],
    }
    if retry_at is not None:
        values["next_attempt_at"] = retry_at
    if sent_at is not None:
        values["sent_at"] = sent_at
    result = session.execute(
        update(OutgoingEmail)
        .where(OutgoingEmail.id == message.id, OutgoingEmail.claimed_by == token)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return result.rowcount == 1


def _hand_back(
    session: Session, messages: list[ClaimedMessage], token: str, retry_at: datetime
) -> int:
    """Release claimed messages that were not tried (no attempt counted)."""
    if not messages:
        return 0
    result = session.execute(
        update(OutgoingEmail)
        .where(
            OutgoingEmail.id.in_([message.id for message in messages]),
            OutgoingEmail.claimed_by == token,
        )
        .values(
            status=MailStatus.PENDING,
            claimed_by=None,
            claimed_until=None,
            next_attempt_at=retry_at,
        )
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return result.rowcount


def purge_old(session: Session, keep_days: int, now: datetime | None = None) -> int:
    """Delete sent and failed messages older than ``keep_days`` (they hold addresses)."""
    before = (now or utcnow()) - timedelta(days=keep_days)
    old = and_(
        OutgoingEmail.status.in_([MailStatus.SENT, MailStatus.FAILED]),
        OutgoingEmail.created_at < before,
    )
    session.execute(
        delete(OutgoingAttachment)
        .where(OutgoingAttachment.email_id.in_(select(OutgoingEmail.id).where(old)))
        .execution_options(synchronize_session=False)
    )
    result = session.execute(
        delete(OutgoingEmail).where(old).execution_options(synchronize_session=False)
    )
    return result.rowcount
