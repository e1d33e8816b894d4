"""Dispatch throughput: N pending declarations into the exchange folder, 1 or more dispatchers.

Fills a fresh database with ``--count`` pending outbox rows (each a real signed CEB603 payload of
about 6 KB with its own GUID), then starts ``--workers`` dispatcher processes (each its own
connection, ``run_dispatcher`` exactly as ``flask customs dispatch`` runs it) and times them until
the outbox table is drained. Afterwards it checks: every row ``sent``, one file per row, no file
twice (the dispatchers' "written" counts add up to N, nothing "recovered").

    .venv/bin/python benchmarks/customs_dispatch.py --count 10000 --workers 1
    .venv/bin/python benchmarks/customs_dispatch.py --count 10000 --workers 2 \
        --database postgresql://postgres@127.0.0.1:5432/bench_customs

The PostgreSQL database is emptied (schema dropped) first: give it a database of its own.

``--kill-one-after N``: once N files are in ``outbox/``, the first dispatcher is killed with
SIGKILL (mid-batch: files renamed, rows not committed) and never restarted; the others keep
going until no row is pending (they take the dead one's rows once its transaction is gone).
The check then also says whether any file present at the kill was written again (its inode).
``make benchmark-dispatch-kill`` runs it with 10,000 declarations and two dispatchers.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import signal
import tempfile
import time
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from catalog.base import utcnow

HERE = Path(__file__).resolve().parent


def make_app(database_url: str, exchange: Path):
    from storefront import create_app
    from storefront.config import normalise_database_url

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
            "CUSTOMS_EXCHANGE_DIR": str(exchange),
            "CUSTOMS_SIGNING_KEY_PATH": str(exchange / "keys" / "customs-signing-key.pem"),
            "CUSTOMS_SIGNING_CERT_PATH": str(exchange / "keys" / "customs-signing-cert.pem"),
        }
    )


def prepare(database_url: str, exchange: Path, count: int) -> None:
    from customs_build import SENDER, sub_order  # beside this script
    from flask_migrate import upgrade

    from storefront.customs import customs_adapter
    from storefront.customs.declarations.models import (
        CustomsDeclaration,
        DeclarationStatus,
        MessageType,
    )
    from storefront.customs.messages.builders import build_inventory
    from storefront.customs.messages.signing_keys import load_signer
    from storefront.customs.messages.wire_format import new_guid
    from storefront.extensions import db

    app = make_app(database_url, exchange)
    with app.app_context():
        engine = db.engine
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        upgrade()
        template_guid = "0" * 8 + "-0000-4000-8000-" + "0" * 12
        _order, inventory = sub_order(1)
        settings = customs_adapter(app).settings
        signer = load_signer(
            settings.key_path,
            settings.certificate_path,
            allow_development_keys=settings.allow_development_keys,
        )
        template = signer.sign(build_inventory(inventory, SENDER, message_guid=template_guid))
        template_text = template.decode("utf-8")
        due = utcnow() - timedelta(seconds=1)
        rows = []
        for number in range(count):
            guid = new_guid()
            rows.append(
                dict(
                    message_type=MessageType.INVENTORY,
                    guid=guid,
                    app_type=1,
                    business_no=f"BENCH-{number:06d}",
                    status=DeclarationStatus.PENDING,
                    next_attempt_at=due,
                    payload=template_text.replace(template_guid, guid),
                    problems=[],
                    attempts=0,
                    last_error="",
                    return_info="",
                    requested_by="benchmark",
                    created_at=due,
                    updated_at=due,
                )
            )
        with Session(db.engine) as session:
            for start in range(0, count, 2000):
                session.execute(insert(CustomsDeclaration), rows[start : start + 2000])
            session.commit()
        db.engine.dispose()


def dispatcher(
    database_url: str, exchange: str, batch_size: int, results, until_drained: bool = False
) -> None:
    from storefront.customs.declarations.models import CustomsDeclaration, DeclarationStatus
    from storefront.customs.exchange.dispatcher import DispatchPolicy, run_dispatcher
    from storefront.customs.exchange.folders import ExchangeFolders
    from storefront.extensions import db

    app = make_app(database_url, Path(exchange))
    with app.app_context(), Session(db.engine) as session, Session(db.engine) as probe:
        session.execute(select(1))  # connected before the clock starts
        session.rollback()

        def drained() -> bool:  # with a killed twin: go on until no row is pending
            pending = probe.scalar(
                select(func.count(CustomsDeclaration.id)).where(
                    CustomsDeclaration.status == DeclarationStatus.PENDING
                )
            )
            probe.rollback()
            return pending == 0

        started = time.time()
        report = run_dispatcher(
            session,
            ExchangeFolders(Path(exchange)),
            DispatchPolicy(batch_size=batch_size),
            loop=until_drained,
            interval=0.2,
            should_stop=drained if until_drained else (lambda: False),
        )
        results.put((report.written, report.recovered, report.failed, started, time.time()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument(
        "--database", default=None, help="a URL, 'private' (a PostgreSQL cluster of its own)"
    )
    parser.add_argument(
        "--kill-one-after", type=int, default=0, help="SIGKILL the first dispatcher after N files"
    )
    args = parser.parse_args()

    exchange = Path(tempfile.mkdtemp(prefix="customs-bench-"))
    with ExitStack() as stack:
        if args.database == "private":  # a PostgreSQL cluster of this run's own
            import sys

            sys.path.insert(0, str(HERE))
            from production_shape import fresh_database, private_postgres

            cluster = stack.enter_context(private_postgres())
            args.database = stack.enter_context(fresh_database(cluster.url, "dispatch"))
        run(args, exchange)


def run(args: argparse.Namespace, exchange: Path) -> None:
    database_url = args.database or f"sqlite:///{exchange / 'bench.sqlite3'}"
    prepare(database_url, exchange, args.count)

    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    killing = args.kill_one_after > 0
    processes = [
        context.Process(
            target=dispatcher,
            args=(database_url, str(exchange), args.batch_size, results, killing),
        )
        for _ in range(args.workers)
    ]
    for process in processes:
        process.start()
    inodes_at_kill: dict[str, int] = {}
    if killing:
        outbox = exchange / "outbox"
        while not outbox.exists() or len(os.listdir(outbox)) < args.kill_one_after:
            time.sleep(0.005)
        os.kill(processes[0].pid, signal.SIGKILL)  # a real crash: no clean-up, no commit
        killed_at = time.time()
        inodes_at_kill = {path.name: path.stat().st_ino for path in outbox.glob("*.xml")}
        print(f"killed dispatcher {processes[0].pid} with {len(inodes_at_kill)} files written")
    survivors = processes[1:] if killing else processes
    reports = [results.get() for _ in survivors]
    # From the first dispatcher's first claim to the last one's end (process start-up excluded).
    elapsed = max(report[4] for report in reports) - min(report[3] for report in reports)
    for process in processes:
        process.join()

    from storefront.customs.declarations.models import (
        CustomsDeclaration,
        CustomsDeclarationEvent,
        DeclarationStatus,
    )
    from storefront.extensions import db

    app = make_app(database_url, exchange)
    with app.app_context(), Session(db.engine) as session:
        not_sent = session.scalar(
            select(func.count(CustomsDeclaration.id)).where(
                CustomsDeclaration.status != DeclarationStatus.SENT
            )
        )
        audited = session.scalar(
            select(func.count(CustomsDeclarationEvent.id)).where(
                CustomsDeclarationEvent.to_status == DeclarationStatus.SENT.value
            )
        )
    files = list((exchange / "outbox").glob("*.xml"))
    written = sum(report[0] for report in reports)
    recovered = sum(report[1] for report in reports)
    if killing:
        rewritten = sum(
            1
            for name, inode in inodes_at_kill.items()
            if (exchange / "outbox" / name).stat().st_ino != inode
        )
        print(
            f"after the kill: the survivor(s) wrote {written}, recovered {recovered} files the "
            f"dead one had renamed without committing; files present at the kill written again: "
            f"{rewritten}; last row sent {max(r[4] for r in reports) - killed_at:.1f} s after "
            "the kill"
        )
        duplicates = rewritten
    else:
        duplicates = written + recovered - args.count
    print(
        f"{db_name(database_url)}, {args.workers} dispatcher(s), batch {args.batch_size}: "
        f"{args.count} messages in {elapsed:.1f} s = {args.count / elapsed:,.0f} messages/s; "
        f"per dispatcher written {[r[0] for r in reports]}; "
        f"files {len(files)}, duplicates {duplicates}, "
        f"lost {args.count - len(files)}, rows not sent {not_sent}, "
        f"audit rows pending->sent {audited}"
    )


def db_name(url: str) -> str:
    return "PostgreSQL" if url.startswith("postgres") else "SQLite"


if __name__ == "__main__":
    main()
