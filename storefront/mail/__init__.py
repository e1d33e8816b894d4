"""Outgoing e-mail: ``send_mail`` puts a message in the outbox; senders hand it to the server.

``send_mail(to=..., subject=..., body=...)`` is all a feature calls. It writes an
``OutgoingEmail`` row (``storefront/mail/outbox.py``): in the caller's transaction when that
transaction is writing something, so the message exists exactly when the change it reports was
committed; committed at once otherwise. Who sends it (``MAIL_DELIVERY``):

* ``worker``: only the mail workers (``flask worker mail``), any number of them, each message
  once. What production does (``auto`` there).
* ``request``: the web process also sends the messages its request committed, right after the
  view returns (development and tests, so a message shows at once in ``instance/mail/`` or the
  memory mailer's ``outbox``); anything it could not send waits for a worker.

MAIL_BACKEND picks where messages go: ``file`` writes one .eml per message under MAIL_FILE_DIR
(instance/mail/), ``memory`` keeps them in ``mailer.outbox``, ``smtp`` sends through MAIL_SMTP_*.
"""

from __future__ import annotations

import logging
from email.message import EmailMessage
from pathlib import Path

from flask import Flask, after_this_request, current_app, g, has_request_context

from storefront.exceptions import ConfigurationError
from storefront.extensions import db
from storefront.mail.backends import FileMailer, Mailer, MemoryMailer, SmtpMailer
from storefront.mail.outbox import (
    Attachment,
    MailPolicy,
    queue_message,
    send_due,
    take_committed,
    writing,
)

__all__ = [
    "Attachment",
    "FileMailer",
    "Mailer",
    "MemoryMailer",
    "SmtpMailer",
    "build_message",
    "current_mailer",
    "init_app",
    "mail_policy",
    "send_mail",
]

log = logging.getLogger(__name__)

DELIVERY_MODES = ("auto", "request", "worker")


def build_message(*, to: str, subject: str, body: str, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    return message


def current_mailer() -> Mailer:
    return current_app.extensions["mailer"]


def mail_policy(app: Flask) -> MailPolicy:
    config = app.config
    return MailPolicy(
        batch_size=config["MAIL_BATCH_SIZE"],
        max_attempts=config["MAIL_MAX_ATTEMPTS"],
        retry_seconds=config["MAIL_RETRY_SECONDS"],
        retry_max_seconds=config["MAIL_RETRY_MAX_SECONDS"],
        lease_seconds=config["MAIL_CLAIM_SECONDS"],
    )


def send_mail(
    *, to: str, subject: str, body: str, attachments: tuple[Attachment, ...] = ()
) -> None:
    """Queue one plain-text message, with its files (in the caller's transaction when it is
    writing)."""
    queue_message(
        db.session,
        sender=current_app.config["MAIL_SENDER"],
        to=to,
        subject=subject,
        body=body,
        attachments=attachments,
    )
    if (
        has_request_context()
        and current_app.config["MAIL_DELIVERY"] == "request"
        and not g.get("_storefront_mail_after_request")
    ):
        g._storefront_mail_after_request = True
        after_this_request(_send_what_this_request_committed)


def _send_what_this_request_committed(response):
    session = db.session
    if writing(session):  # the view left writes uncommitted (teardown rolls them back)
        return response
    ids = take_committed(session)
    if ids:
        try:
            send_due(session, current_mailer(), mail_policy(current_app), ids=ids)
        except Exception:  # the request's work is committed; a worker sends what is left
            session.rollback()
            log.exception("sending the request's e-mail failed; the mail worker will retry")
    return response


def init_app(app: Flask) -> None:
    backend = app.config["MAIL_BACKEND"]
    if backend == "memory":
        mailer: Mailer = MemoryMailer()
    elif backend == "file":
        mailer = FileMailer(Path(app.config["MAIL_FILE_DIR"]))
    elif backend == "smtp":
        mailer = SmtpMailer(
            app.config["MAIL_SMTP_HOST"],
            app.config["MAIL_SMTP_PORT"],
            app.config["MAIL_SMTP_USERNAME"],
            app.config["MAIL_SMTP_PASSWORD"],
            app.config["MAIL_SMTP_TLS"],
            timeout=app.config["MAIL_SMTP_TIMEOUT"],
        )
    else:
        raise ConfigurationError(f"STOREFRONT_MAIL_BACKEND={backend!r}: file, memory or smtp")
    delivery = str(app.config["MAIL_DELIVERY"]).strip().lower()
    if delivery not in DELIVERY_MODES:
        raise ConfigurationError(f"STOREFRONT_MAIL_DELIVERY={delivery!r}: auto, request or worker")
    if delivery == "auto":
        delivery = "worker" if app.config["ENV"] == "production" else "request"
    app.config["MAIL_DELIVERY"] = delivery
    app.extensions["mailer"] = mailer
