"""The e-mail outbox: a message exists exactly when its change was committed, and leaves once."""

from __future__ import annotations

import logging
import smtplib
import threading
from datetime import timedelta

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from catalog.base import utcnow
from storefront.accounts.services import register_buyer
from storefront.extensions import db
from storefront.mail import MemoryMailer, send_mail
from storefront.mail.models import MailStatus, OutgoingEmail
from storefront.mail.outbox import MailPolicy, queue_message, send_due

SENDER = "Shop <shop@chenzhou-specialties.example>"


def queue(session, n: int = 0) -> OutgoingEmail:
    return queue_message(
        session, sender=SENDER, to=f"buyer{n}@example.com", subject=f"Order {n}", body="Hello"
    )


def test_a_message_queued_with_a_change_goes_with_its_commit_or_not_at_all(app, db_session):
    register_buyer(db_session, email="mei@example.com", password="x" * 12, locale="en")
    row = queue(db_session)  # the account is being written: the message joins that transaction
    message_id = row.message_id
    db_session.rollback()
    assert (
        db_session.scalar(select(OutgoingEmail).where(OutgoingEmail.message_id == message_id))
        is None
    )

    register_buyer(db_session, email="mei@example.com", password="x" * 12, locale="en")
    kept = queue(db_session).message_id
    db_session.commit()
    mailer = MemoryMailer()
    assert send_due(db_session, mailer, MailPolicy()).sent == 1
    assert [m["Message-ID"] for m in mailer.outbox] == [kept]
    assert send_due(db_session, mailer, MailPolicy()).claimed == 0  # never twice


def test_a_message_about_a_change_already_committed_is_committed_at_once(app, db_session):
    register_buyer(db_session, email="mei@example.com", password="x" * 12, locale="en")
    db_session.commit()
    with app.test_request_context("/en/"):
        send_mail(to="mei@example.com", subject="Hello", body="Welcome")
    db_session.rollback()  # what the caller does next cannot take the message back
    row = db_session.scalars(select(OutgoingEmail)).one()
    assert row.status is MailStatus.PENDING and row.recipient == "mei@example.com"


def test_a_request_sends_what_it_committed_right_after_the_view(app, client, db_session, outbox):
    client.post("/en/account/password-reset", data={"email": "nobody@example.com"})
    assert outbox == []  # an unknown address: nothing queued
    register_buyer(db_session, email="mei@example.com", password="x" * 12, locale="en")
    db_session.commit()
    client.post("/en/account/password-reset", data={"email": "mei@example.com"})
    row = db_session.scalars(select(OutgoingEmail)).one()
    db_session.refresh(row)
    assert row.status is MailStatus.SENT and row.attempts == 1  # sent by the request itself
    assert len(outbox) == 1 and outbox[0]["Message-ID"] == row.message_id


class DownServer:
    """A mail server that refuses connections until it is told to come back."""

    def __init__(self) -> None:
        self.up = False
        self.received: list = []

    def send(self, message) -> None:
        if not self.up:
            raise ConnectionRefusedError(111, "Connection refused")
        self.received.append(message)


def test_a_server_down_keeps_every_message_and_each_goes_once_when_it_returns(app, db_session):
    for n in range(5):
        queue(db_session, n)
    server = DownServer()
    policy = MailPolicy(batch_size=10, retry_seconds=10, retry_max_seconds=60)
    start = utcnow()

    first = send_due(db_session, server, policy, now=lambda: start)
    assert first.server_down and first.retrying == 1 and first.handed_back == 4
    assert send_due(db_session, server, policy, now=lambda: start).claimed == 0  # waiting
    later = start + timedelta(seconds=11)
    assert send_due(db_session, server, policy, now=lambda: later).server_down
    rows = db_session.scalars(select(OutgoingEmail).order_by(OutgoingEmail.id)).all()
    assert [row.status for row in rows] == [MailStatus.PENDING] * 5
    assert rows[0].attempts == 2 and rows[0].last_error.startswith("ConnectionRefusedError")

    server.up = True
    back = start + timedelta(minutes=2)
    assert send_due(db_session, server, policy, now=lambda: back).sent == 5
    assert send_due(db_session, server, policy, now=lambda: back + timedelta(hours=1)).claimed == 0
    assert sorted(m["Subject"] for m in server.received) == [f"Order {n}" for n in range(5)]


def test_a_refused_recipient_fails_for_good_and_the_log_names_no_address(app, db_session, caplog):
    queue(db_session, 1)

    class Refusing:
        def send(self, message):
            raise smtplib.SMTPRecipientsRefused({message["To"]: (550, b"no such user")})

    with caplog.at_level(logging.INFO):
        report = send_due(db_session, Refusing(), MailPolicy())
    row = db_session.scalars(select(OutgoingEmail)).one()
    assert report.failed == 1 and row.status is MailStatus.FAILED
    assert (
        row.last_error == "SMTPRecipientsRefused (550)"
    )  # the server's text may quote the address
    assert "example.com" not in caplog.text and "buyer1" not in caplog.text


def test_retries_double_and_stop_at_the_limit():
    policy = MailPolicy(retry_seconds=10, retry_max_seconds=600)
    assert [policy.retry_delay(n).total_seconds() for n in (1, 2, 3, 7, 8)] == [
        10,
        20,
        40,
        600,
        600,
    ]


def test_a_claim_left_by_a_dead_sender_is_taken_over_after_its_lease(app, db_session):
    queue(db_session)
    policy = MailPolicy(lease_seconds=300)
    start = utcnow()
    from storefront.mail.outbox import claim_due

    _token, claimed = claim_due(db_session, policy, now=start)  # ... and the sender dies
    assert len(claimed) == 1
    mailer = MemoryMailer()
    assert (
        send_due(db_session, mailer, policy, now=lambda: start + timedelta(seconds=60)).claimed == 0
    )
    late = start + timedelta(seconds=301)
    assert send_due(db_session, mailer, policy, now=lambda: late).sent == 1
    assert len(mailer.outbox) == 1


@pytest.fixture
def committed_messages(app):
    """Messages committed for real, so that senders on other connections see them."""
    created: list[int] = []

    def create(count: int) -> list[int]:
        with app.app_context(), Session(db.engine) as session:
            for n in range(count):
                created.append(queue(session, n).id)
            session.commit()
        return list(created)

    yield create
    with app.app_context(), Session(db.engine) as session:
        session.execute(delete(OutgoingEmail).where(OutgoingEmail.id.in_(created)))
        session.commit()


class CountingServer:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.received: list[str] = []

    def send(self, message) -> None:
        with self.lock:
            self.received.append(message["Message-ID"])


def test_four_senders_on_their_own_connections_send_each_message_once(app, committed_messages):
    ids = committed_messages(200)
    server = CountingServer()
    policy = MailPolicy(batch_size=7)
    errors: list[BaseException] = []

    def sender() -> None:
        try:
            with app.app_context(), Session(db.engine) as session:
                while send_due(session, server, policy).claimed:
                    pass
        except BaseException as error:  # noqa: BLE001 (reported below)
            errors.append(error)

    threads = [threading.Thread(target=sender) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert len(server.received) == 200 and len(set(server.received)) == 200
    with app.app_context(), Session(db.engine) as session:
        statuses = session.scalars(select(OutgoingEmail.status).where(OutgoingEmail.id.in_(ids)))
        assert set(statuses) == {MailStatus.SENT}


def test_the_mail_worker_rides_out_a_mail_server_outage(app, committed_messages, tmp_path):
    """A real SMTP server (aiosmtpd) down while the worker runs, then back: each message once."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import REPO_ROOT
    from tests.smtp_sink import SmtpSink

    sink = SmtpSink()  # not started: the port refuses connections
    ids = committed_messages(30)
    env = dict(os.environ)
    env.update(
        STOREFRONT_DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        STOREFRONT_MAIL_BACKEND="smtp",
        STOREFRONT_MAIL_SMTP_HOST="127.0.0.1",
        STOREFRONT_MAIL_SMTP_PORT=str(sink.port),
        STOREFRONT_MAIL_SMTP_TLS="false",
        STOREFRONT_MAIL_RETRY_SECONDS="1",
        STOREFRONT_MAIL_RETRY_MAX_SECONDS="1",
        STOREFRONT_WORKER_POLL_SECONDS="0.2",
        STOREFRONT_CUSTOMS_EXCHANGE_DIR=str(tmp_path / "exchange"),
        STOREFRONT_CUSTOMS_SIGNING_KEY_PATH=app.config["CUSTOMS_SIGNING_KEY_PATH"],
        STOREFRONT_CUSTOMS_SIGNING_CERT_PATH=app.config["CUSTOMS_SIGNING_CERT_PATH"],
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "worker", "mail"],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(3)  # the server is down: the worker retries, nothing is lost
        with app.app_context(), Session(db.engine) as session:
            rows = session.scalars(select(OutgoingEmail).where(OutgoingEmail.id.in_(ids))).all()
            assert {row.status for row in rows} == {MailStatus.PENDING}
            assert max(row.attempts for row in rows) >= 1
        sink.start()
        deadline = time.monotonic() + 30
        while len(sink.message_ids()) < 30 and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1)  # and nothing more arrives
    finally:
        worker.send_signal(signal.SIGTERM)
        _out, errors = worker.communicate(timeout=30)
        sink.stop()
    assert worker.returncode == 0, errors
    received = sink.message_ids()
    assert len(received) == 30 and len(set(received)) == 30
    assert "example.com" not in errors  # the worker's log names no recipient
    with app.app_context(), Session(db.engine) as session:
        statuses = session.scalars(select(OutgoingEmail.status).where(OutgoingEmail.id.in_(ids)))
        assert set(statuses) == {MailStatus.SENT}
