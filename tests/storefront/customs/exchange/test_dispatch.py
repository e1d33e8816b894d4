"""The dispatcher writes every due declaration into outbox/ exactly once, even when killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from catalog.base import utcnow
from storefront.customs.declarations.models import (
    CustomsDeclaration,
    DeclarationStatus,
    MessageType,
)
from storefront.customs.exchange.dispatcher import DispatchPolicy, dispatch_batch, run_dispatcher
from storefront.customs.exchange.folders import ExchangeFolders
from storefront.customs.messages.wire_format import new_guid
from storefront.extensions import db
from tests.conftest import REPO_ROOT


def pending_row(number: int, **overrides) -> CustomsDeclaration:
    guid = new_guid()
    values = dict(
        message_type=MessageType.EXPORT_ORDER,
        guid=guid,
        app_type=1,
        business_no=f"DISPATCH-{number}",
        status=DeclarationStatus.PENDING,
        next_attempt_at=utcnow() - timedelta(seconds=1),
        payload=f'<?xml version="1.0" encoding="UTF-8"?>\n<CEB303Message guid="{guid}">订单 {number}</CEB303Message>',
        problems=[],
        attempts=0,
        last_error="",
        return_info="",
    )
    values.update(overrides)
    return CustomsDeclaration(**values)


def test_due_rows_become_files_named_after_type_and_guid(db_session, folders):
    rows = [pending_row(n) for n in range(3)]
    later = pending_row(9, next_attempt_at=utcnow() + timedelta(hours=1))
    db_session.add_all([*rows, later])
    db_session.flush()

    report = dispatch_batch(db_session, folders, DispatchPolicy(batch_size=10))

    assert report.written == 3 and report.recovered == 0
    for row in rows:
        path = folders.outbox / f"CEB303_{row.guid}.xml"
        assert path.read_text(encoding="utf-8") == row.payload
        assert (
            row.status is DeclarationStatus.SENT and row.sent_at is not None and row.attempts == 1
        )
    assert later.status is DeclarationStatus.PENDING  # not due yet
    assert list(folders.tmp.iterdir()) == []  # no leftovers of the atomic writes
    assert dispatch_batch(db_session, folders, DispatchPolicy(batch_size=10)).claimed == 0


def test_a_file_already_delivered_is_not_written_again(db_session, folders):
    row = pending_row(1)
    db_session.add(row)
    db_session.flush()
    (folders.sent / row.file_name).write_text("what the client already took", encoding="utf-8")

    report = dispatch_batch(db_session, folders, DispatchPolicy())

    assert (report.written, report.recovered) == (0, 1)
    assert not (folders.outbox / row.file_name).exists()
    assert (folders.sent / row.file_name).read_text(
        encoding="utf-8"
    ) == "what the client already took"
    assert row.status is DeclarationStatus.SENT


class FullDisk(ExchangeFolders):
    def write_outbox(self, file_name: str, data: bytes) -> Path:
        raise OSError(28, "No space left on device")


def test_a_failed_write_is_retried_with_backoff_then_given_up(db_session, folders):
    row = pending_row(1)
    db_session.add(row)
    db_session.flush()
    disk = FullDisk(folders.root)
    policy = DispatchPolicy(max_attempts=3, backoff_seconds=30)
    now = utcnow()

    dispatch_batch(db_session, disk, policy, now=now)
    assert row.status is DeclarationStatus.PENDING and row.attempts == 1
    assert row.next_attempt_at == now + timedelta(seconds=30)
    assert "No space left" in row.last_error
    assert (
        dispatch_batch(db_session, disk, policy, now=now).claimed == 0
    )  # not due before the backoff

    dispatch_batch(db_session, disk, policy, now=now + timedelta(seconds=31))
    assert row.attempts == 2 and row.next_attempt_at == now + timedelta(seconds=31 + 60)
    dispatch_batch(db_session, disk, policy, now=now + timedelta(hours=1))
    assert row.status is DeclarationStatus.FAILED and row.attempts == 3 and row.needs_attention
    assert list(folders.outbox.iterdir()) == []


def test_backoff_doubles_and_is_capped():
    policy = DispatchPolicy(backoff_seconds=30, backoff_max_seconds=100)
    assert [policy.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 100, 100]


@pytest.fixture
def committed_rows(app):
    """Rows committed for real (other processes and connections must see them); removed after."""
    created: list[int] = []

    def create(count: int) -> list[str]:
        with app.app_context(), Session(db.engine) as session:
            rows = [pending_row(n) for n in range(count)]
            session.add_all(rows)
            session.commit()
            created.extend(row.id for row in rows)
            return [row.guid for row in rows]

    yield create
    with app.app_context(), Session(db.engine) as session:
        session.execute(delete(CustomsDeclaration).where(CustomsDeclaration.id.in_(created)))
        session.commit()


def statuses(app, guids):
    with app.app_context(), Session(db.engine) as session:
        return dict(
            session.execute(
                select(CustomsDeclaration.guid, CustomsDeclaration.status).where(
                    CustomsDeclaration.guid.in_(guids)
                )
            ).all()
        )


def wait_until_unlocked(app, guids, timeout: float = 15.0) -> None:
    """Wait until no transaction holds the rows (the killed dispatcher's one is rolled back)."""
    from sqlalchemy.exc import OperationalError

    deadline = time.monotonic() + timeout
    while True:
        with app.app_context(), Session(db.engine) as session:
            try:
                session.scalars(
                    select(CustomsDeclaration.id)
                    .where(CustomsDeclaration.guid.in_(guids))
                    .with_for_update(nowait=True)
                ).all()
                return
            except OperationalError:
                if time.monotonic() > deadline:
                    raise
        time.sleep(0.1)


def dispatcher_command(
    app, folders: ExchangeFolders, *extra: str
) -> tuple[list[str], dict[str, str]]:
    env = dict(os.environ)
    env.update(
        STOREFRONT_DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        STOREFRONT_CUSTOMS_EXCHANGE_DIR=str(folders.root),
        STOREFRONT_CUSTOMS_DISPATCH_BATCH_SIZE="10",
        STOREFRONT_CUSTOMS_LOOP_INTERVAL="0.2",
    )
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "customs", "dispatch", *extra]
    return command, env


def test_a_dispatcher_killed_mid_batch_and_restarted_leaves_each_message_once(
    app, committed_rows, folders
):
    guids = committed_rows(40)
    command, env = dispatcher_command(app, folders, "--loop", "--pause-after-write", "0.05")
    process = subprocess.Popen(
        command, env=env, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while len(list(folders.outbox.glob("*.xml"))) < 15 and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)  # no clean-up, no commit: a real crash
    process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL

    written_before = {path.name: path.stat().st_ino for path in folders.outbox.glob("*.xml")}
    sent_before = sum(status is DeclarationStatus.SENT for status in statuses(app, guids).values())
    # The kill fell between renames and the batch's commit: files exist whose rows are not "sent".
    assert 15 <= len(written_before) < 40
    assert sent_before < len(written_before)

    wait_until_unlocked(app, guids)  # PostgreSQL ends the dead backend's transaction
    restart, env = dispatcher_command(app, folders)
    result = subprocess.run(
        restart, env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert f"{len(written_before) - sent_before} recovered" in result.stdout

    files = sorted(path.name for path in folders.outbox.glob("*.xml"))
    assert files == sorted(f"CEB303_{guid}.xml" for guid in guids)  # every message, each once
    assert set(statuses(app, guids).values()) == {DeclarationStatus.SENT}
    for name, inode in written_before.items():  # nothing written before the kill was rewritten
        assert (folders.outbox / name).stat().st_ino == inode


def test_two_dispatchers_share_the_work_without_duplicates(app, committed_rows, folders):
    guids = committed_rows(60)
    reports = []

    def dispatcher() -> None:
        with app.app_context(), Session(db.engine) as session:
            reports.append(run_dispatcher(session, folders, DispatchPolicy(batch_size=5)))

    threads = [threading.Thread(target=dispatcher) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sum(report.written for report in reports) == 60
    assert sum(report.recovered for report in reports) == 0  # nobody wrote what the other claimed
    assert sorted(path.name for path in folders.outbox.iterdir()) == sorted(
        f"CEB303_{g}.xml" for g in guids
    )
    assert set(statuses(app, guids).values()) == {DeclarationStatus.SENT}


def test_two_dispatcher_workers_one_killed_mid_batch_leave_each_message_once(
    app, committed_rows, folders
):
    """Two ``flask worker customs-dispatch`` processes; one is killed with SIGKILL mid-batch and
    never restarted. The other takes over the dead one's rows once PostgreSQL ends its
    transaction (SQLite: once its write lock is gone), recovers the files it had renamed, and
    every message is in the outbox once. benchmarks/customs_dispatch.py --kill-one-after does
    the same with 10,000 declarations."""
    guids = committed_rows(150)
    command, env = dispatcher_command(app, folders)
    command = [*command[:-2], "worker", "customs-dispatch"]
    env.update(STOREFRONT_WORKER_POLL_SECONDS="0.2")
    slow = [*command[:-2], "customs", "dispatch", "--loop", "--pause-after-write", "0.02"]
    victim = subprocess.Popen(
        slow, env=env, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    survivor = subprocess.Popen(
        command,
        env=env,
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while len(list(folders.outbox.glob("*.xml"))) < 20 and time.monotonic() < deadline:
            time.sleep(0.01)
        victim.send_signal(signal.SIGKILL)  # a real crash: no clean-up, no commit
        victim.wait(timeout=10)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if set(statuses(app, guids).values()) == {DeclarationStatus.SENT}:
                break
            time.sleep(0.2)
    finally:
        survivor.send_signal(signal.SIGTERM)
        _out, errors = survivor.communicate(timeout=30)
    assert victim.returncode == -signal.SIGKILL
    assert survivor.returncode == 0, errors
    assert set(statuses(app, guids).values()) == {DeclarationStatus.SENT}
    files = sorted(path.name for path in folders.outbox.glob("*.xml"))
    assert files == sorted(f"CEB303_{guid}.xml" for guid in guids)  # every message, each once
