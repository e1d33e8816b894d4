"""The mail server down for a minute under two mail workers: no e-mail lost, each sent once.

``make benchmark-mail-outage``: a private PostgreSQL cluster, ``--messages`` messages in the
outbox, a local SMTP server (aiosmtpd, tests/smtp_sink.py) and two ``flask worker mail``
processes with the default retry settings (10 s, doubling, at most 600 s). Once a tenth of the
messages has arrived the SMTP server is stopped for ``--outage-seconds``; a fifth more messages
are queued while it is down (orders do not stop); then it comes back. The report: what arrived
before, during and after, how long after the return the outbox was empty, duplicates (by
Message-ID), messages lost, rows not sent, and how many log lines the workers wrote about it.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from production_shape import BIN, ROOT, flask, fresh_database, private_postgres, shop_env  # noqa: E402

from tests.smtp_sink import SmtpSink  # noqa: E402


def queue(database: str, count: int, first: int) -> None:
    from sqlalchemy.orm import Session

    from storefront import create_app
    from storefront.config import normalise_database_url
    from storefront.extensions import db
    from storefront.mail.outbox import queue_message

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": normalise_database_url(database), "MAIL_BACKEND": "memory"}
    )
    with app.app_context(), Session(db.engine) as session:
        for n in range(first, first + count):
            queue_message(
                session,
                sender="Shop <shop@chenzhou-specialties.example>",
                to=f"buyer{n}@example.com",
                subject=f"Your order CZ{n:06d} is confirmed",
                body="Thank you for your order.",
            )
        session.commit()
        db.engine.dispose()


def outbox_state(database: str) -> dict[str, int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(database.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT status, count(*) FROM mail_outbox GROUP BY status"))
        found = {status: count for status, count in rows}
    engine.dispose()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--outage-seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    more = args.messages // 5
    with ExitStack() as stack:
        cluster = stack.enter_context(private_postgres())
        database = stack.enter_context(fresh_database(cluster.url, "mail"))
        sink = SmtpSink().start()
        stack.callback(sink.stop)
        env = shop_env(
            STOREFRONT_DATABASE_URL=database,
            STOREFRONT_MAIL_BACKEND="smtp",
            STOREFRONT_MAIL_SMTP_HOST="127.0.0.1",
            STOREFRONT_MAIL_SMTP_PORT=str(sink.port),
            STOREFRONT_MAIL_SMTP_TLS="false",
            STOREFRONT_MAIL_SMTP_TIMEOUT="5",
        )
        flask(env, "db", "upgrade")
        queue(database, args.messages, 0)
        logs = Path(os.environ.get("TMPDIR", "/tmp")) / f"mail-outage-{os.getpid()}.log"
        log = open(logs, "w", encoding="utf-8")  # noqa: SIM115
        stack.callback(log.close)
        workers = [
            subprocess.Popen(
                [str(BIN / "flask"), "--app", "wsgi", "worker", "mail"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=log,
            )
            for _ in range(args.workers)
        ]
        started = time.monotonic()
        while len(sink.message_ids()) < args.messages // 10:
            time.sleep(0.01)
        sink.stop()
        down_at = time.monotonic()
        before = len(sink.message_ids())
        print(f"SMTP server stopped after {before} messages ({down_at - started:.1f} s)")
        queue(database, more, args.messages)  # orders go on during the outage
        time.sleep(args.outage_seconds)
        during = len(sink.message_ids()) - before
        print(f"outbox while down: {outbox_state(database)}")
        sink.start()
        up_at = time.monotonic()
        total = args.messages + more
        while len(sink.message_ids()) < total and time.monotonic() - up_at < 900:
            time.sleep(0.05)
        drained = time.monotonic() - up_at
        time.sleep(3)  # anything more would be a duplicate
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        codes = [worker.wait(timeout=60) for worker in workers]
        received = sink.message_ids()
        counts = Counter(received)
        log.flush()
        lines = logs.read_text(encoding="utf-8", errors="replace").splitlines()
        about_outage = [line for line in lines if "unreachable" in line and "WARNING" in line]
        print(
            f"{total} messages ({more} queued during the outage), {args.workers} workers, "
            f"server down {up_at - down_at:.0f} s: arrived before {before}, during {during}, "
            f"after {len(received) - before - during}; outbox empty {drained:.1f} s after the "
            f"server came back; duplicates {sum(c - 1 for c in counts.values())}, "
            f"lost {total - len(counts)}; rows {outbox_state(database)}; workers exited {codes}; "
            f"warnings about the outage {len(about_outage)} (log lines {len(lines)}); naming a "
            f"recipient {sum('@example.com' in line for line in lines)}"
        )


if __name__ == "__main__":
    main()
