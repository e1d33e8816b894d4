"""Where a message finally goes: memory (tests), files (development), SMTP (production).

A ``Mailer`` sends one finished ``EmailMessage`` or raises. The outbox (``outbox.py``) decides
what an exception means with ``is_permanent``: a refused recipient or message (SMTP 5xx) will
never go, anything else (server down, timeout, 4xx) is tried again later.
"""

from __future__ import annotations

import smtplib
import uuid
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol


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
    def __init__(
        self,
        host: str,
        port: int,
        username: str,
        password: str,
        use_tls: bool,
        timeout: float = 30.0,
    ) -> None:
        self.host, self.port, self.username, self.password, self.use_tls = (
            host,
            port,
            username,
            password,
            use_tls,
        )
        self.timeout = timeout

    def send(self, message: EmailMessage) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.use_tls:
                smtp.starttls()
            if self.username:
                smtp.login(self.username, self.password)
            smtp.send_message(message)


def is_permanent(error: BaseException) -> bool:
    """Whether sending this message again can never succeed (the server said 5xx about it)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _text in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(error, smtplib.SMTPSenderRefused | smtplib.SMTPDataError):
        return 500 <= error.smtp_code < 600
    return isinstance(error, ValueError | UnicodeError)  # a message that cannot be written


def error_summary(error: BaseException) -> str:
    """What went wrong, without the server's text (it may quote the recipient's address)."""
    code = getattr(error, "smtp_code", None) or getattr(error, "errno", None)
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _text in error.recipients.values()})
        code = ",".join(str(value) for value in codes)
    return f"{type(error).__name__}" + (f" ({code})" if code else "")
