"""``flask mail send [--loop]`` and ``flask mail purge``: the outbox from the command line."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from storefront.extensions import db
from storefront.mail import current_mailer, mail_policy
from storefront.mail.outbox import SendReport, purge_old, send_due

mail_cli = AppGroup("mail", help="The e-mail outbox.")


def send_pass() -> SendReport:
    """Send due messages, batch after batch, until none is due or the server is down."""
    total = SendReport()
    policy = mail_policy(current_app)
    while True:
        report = send_due(db.session, current_mailer(), policy)
        for name in ("sent", "retrying", "failed", "handed_back", "lost_claims"):
            setattr(total, name, getattr(total, name) + getattr(report, name))
        total.server_down = total.server_down or report.server_down
        if report.server_down or report.claimed < policy.batch_size:
            return total


@mail_cli.command("send")
def send_command() -> None:
    """Send the messages that are due once (``flask worker mail`` keeps doing it)."""
    report = send_pass()
    click.echo(
        f"Mail: {report.sent} sent, {report.retrying} to retry, {report.failed} failed"
        + (", the mail server is unreachable." if report.server_down else ".")
    )


@mail_cli.command("purge")
@click.option("--days", type=click.IntRange(1), default=None, help="Keep this many days.")
def purge_command(days: int | None) -> None:
    """Delete sent and failed messages older than MAIL_KEEP_DAYS (they hold addresses)."""
    count = purge_old(db.session, days or current_app.config["MAIL_KEEP_DAYS"])
    db.session.commit()
    click.echo(f"Deleted {count} old message(s) from the outbox.")
