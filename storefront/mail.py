"""Outgoing e-mail behind a small Mailer port: memory (tests), files (development), SMTP.

MAIL_BACKEND picks the adapter: ``file`` writes one .eml per message under MAIL_FILE_DIR
(instance/mail/), ``memory`` keeps them in ``mailer.outbox``, ``smtp`` sends through MAIL_SMTP_*.
"""

from __future__ import annotations

import smtplib
import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

from flask import Flask, current_app


class Mailer(Protocol):
    def send(self, message: EmailMessage) -> None: ...


class MemoryMailer:
    def __init__(self) -> None:
        self.outbox: list[EmailMessage] = []

    def send(self, message: EmailMessage) -> None:
        self.outbox.append(message)


class FileMailer:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def send(self, message: EmailMessage) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"{uuid.uuid4().hex}.eml"
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(bytes(message))
        temporary.rename(path)


class SmtpMailer:
    def __init__(self, host: str, port: int, username: str, password: str, use_tls: bool) -> None:
        self.host, self.port, self.username, self.password, self.use_tls = (
            host,
            port,
            username,
            password,
            use_tls,
        )

    def send(self, message: EmailMessage) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=30) as smtp:
            if self.use_tls:
                smtp.starttls()
            if self.username:
                smtp.login(self.username, self.password)
            smtp.send_message(message)


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content: bytes
    mime_type: str  # "image/svg+xml"


def build_message(
    *,
    to: str,
    subject: str,
    body: str,
    sender: str,
    attachments: tuple[Attachment, ...] = (),
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    for attachment in attachments:
        maintype, subtype = attachment.mime_type.split("/", 1)
        message.add_attachment(
            attachment.content, maintype=maintype, subtype=subtype, filename=attachment.filename
        )
    return message


def current_mailer() -> Mailer:
    return current_app.extensions["mailer"]


def send_mail(
    *, to: str, subject: str, body: str, attachments: tuple[Attachment, ...] = ()
) -> None:
    current_mailer().send(
        build_message(
            to=to,
            subject=subject,
            body=body,
            sender=current_app.config["MAIL_SENDER"],
            attachments=attachments,
        )
    )


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
        )
    else:
        raise RuntimeError(f"unknown MAIL_BACKEND {backend!r}")
    app.extensions["mailer"] = mailer
