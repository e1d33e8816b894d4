"""The receiver: reads receipts from ``inbox/``, records them, lets them drive the declarations.

Each file is handled in its own transaction: parse (prefixed, default or no namespace; UTF-8 or
GB2312/GBK), match every receipt to its declaration by business keys (CEB304 by order number,
CEB604/606/702 by copNo, CEB900 by the original message id = our GUID), record it once, update
the declaration, commit, then move the file to ``processed/``. A receipt already recorded (same
declaration, status and time) changes nothing, so a file seen twice, or a crash between the
commit and the move, is harmless. A file that is not a receipt, matches no declaration, or holds
a value that cannot be stored (whatever the error), goes to ``failed/`` with a ``.reason.txt``
beside it and the pass goes on; a receipt for a message whose dispatcher batch
has not committed yet (customs was faster) stays in ``inbox/`` for the next pass. The loop
survives everything. Several receivers may run at once (on several machines sharing the
folder): each claims a file by renaming it into ``receiving/`` first
(``ExchangeFolders.claim_receipt``), so no file is handled twice.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.orm import Session

from storefront.customs.declarations.models import (
    CustomsDeclaration,
    CustomsReceipt,
    DeclarationStatus,
    MessageType,
)
from storefront.customs.declarations.receipt_effects import (
    apply_receipt,
    match_summary_result,
    refuse_contradicting_receipt,
)
from storefront.customs.exchange.folders import ExchangeFolders
from storefront.customs.messages.channels import (
    FORMAT_CHECK_RECEIPT,
    ORDER_MESSAGES,
    RECEIPT_MATCHES,
)
from storefront.customs.messages.exceptions import CustomsError
from storefront.customs.messages.receipt_parser import SUMMARY_RESULT, Receipt, parse_receipts

log = logging.getLogger(__name__)

# Errors that say the database, not the file, failed (unreachable, locked, connection lost): the
# pass stops and the file waits for the next one. Any other error (a value the database cannot
# store, a receipt time out of range) is the file's: it goes to failed/ and the pass goes on.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError, DisconnectionError)


class UnmatchedReceipt(CustomsError):
    """A receipt names no declaration of ours."""


class ReceiptTooEarly(CustomsError):
    """The receipt's declaration is still being dispatched (its batch has not committed yet)."""


@dataclass
class ReceiveReport:
    files: int = 0
    recorded: int = 0  # receipts stored now
    duplicates: int = 0  # receipts seen before
    deferred: int = 0  # files left in the inbox for the next pass
    failed_files: list[str] = field(default_factory=list)

    @property
    def handled(self) -> int:
        """Files moved out of the inbox; a loop that handled none sleeps before looking again."""
        return self.files - self.deferred


def record_receipts(session: Session, data: bytes, file_name: str) -> tuple[int, int]:
    """Record every receipt of one file; return (recorded, duplicates). Flushes, never commits.

    Raises ``ReceiptParseError`` for a file that is not a receipt and ``UnmatchedReceipt`` when a
    receipt matches no declaration; nothing is recorded then.
    """
    receipts = parse_receipts(data)
    matched = [(receipt, match_declaration(session, receipt)) for receipt in receipts]
    recorded = duplicates = 0
    for receipt, declaration in matched:
        if _already_recorded(session, declaration, receipt):
            duplicates += 1
            continue
        session.add(
            CustomsReceipt(
                declaration=declaration,
                message_type=receipt.message_type,
                receipt_guid=receipt.guid[:40],
                return_status=receipt.return_status,
                return_time=receipt.return_time,
                return_info=receipt.return_info,
                file_name=file_name[:255],
            )
        )
        apply_receipt(session, declaration, receipt)
        session.flush()
        recorded += 1
    return recorded, duplicates


def match_declaration(session: Session, receipt: Receipt) -> CustomsDeclaration:
    if receipt.message_type == SUMMARY_RESULT:  # customs' summary result names our summary
        summary = match_summary_result(session, receipt)
        if summary is None:
            raise UnmatchedReceipt(f"CEB792 for summary {receipt.sum_no!r}: no such summary")
        return summary
    if receipt.message_type == FORMAT_CHECK_RECEIPT:
        found = session.scalar(
            select(CustomsDeclaration).where(
                CustomsDeclaration.guid == (receipt.original_message_id or "").upper()
            )
        )
        if found is None:
            raise UnmatchedReceipt(
                f"CEB900 for original message {receipt.original_message_id!r}: no such message"
            )
        return found
    message_type = RECEIPT_MATCHES.get(receipt.message_type)
    # An electronic order's receipt names the order number; every other one, our copNo.
    key = receipt.order_no if message_type in ORDER_MESSAGES else receipt.cop_no
    if message_type is None or not key:
        raise UnmatchedReceipt(f"{receipt.message_type} carries no business number to match")
    candidates = list(
        session.scalars(
            select(CustomsDeclaration)
            .where(
                CustomsDeclaration.message_type == message_type,
                CustomsDeclaration.business_no == key,
                CustomsDeclaration.sent_at.is_not(None),
            )
            .order_by(CustomsDeclaration.id.desc())
        )
    )
    if not candidates:
        if _being_dispatched(session, message_type, key):
            raise ReceiptTooEarly(f"{receipt.message_type} {key!r}: not marked sent yet")
        raise UnmatchedReceipt(f"{receipt.message_type}: no declaration sent with number {key!r}")
    current = [row for row in candidates if row.status is not DeclarationStatus.SUPERSEDED]
    found = (current or candidates)[0]
    refuse_contradicting_receipt(found, receipt)  # nothing of the file is recorded then
    return found


def receive_inbox(session: Session, folders: ExchangeFolders) -> ReceiveReport:
    """Handle every file now in ``inbox/`` (oldest name first), one transaction per file.

    Each file is first claimed by renaming it into ``receiving/``: any number of receivers, on
    any number of machines sharing the folder, handle each file once.
    """
    folders.create()
    folders.stale_claims_back()
    report = ReceiveReport()
    for inbox_path in sorted(folders.inbox.iterdir()):
        if not inbox_path.is_file() or inbox_path.name.startswith("."):
            continue
        path = folders.claim_receipt(inbox_path)
        if path is None:  # another receiver has it
            continue
        report.files += 1
        try:
            recorded, duplicates = record_receipts(session, path.read_bytes(), path.name)
            session.commit()
        except DATABASE_UNAVAILABLE:
            session.rollback()
            folders.release_receipt(path)
            raise  # the database is the problem, not the file: leave it for the next pass
        except ReceiptTooEarly:
            session.rollback()
            folders.release_receipt(path)
            report.deferred += 1  # customs answered before the dispatcher's commit: next pass
            continue
        except Exception as error:  # whatever this file did, it must not jam the inbox
            session.rollback()
            reason = f"{type(error).__name__}: {error}"[:2000]
            log.warning("customs receipt file %s failed: %s", path.name, reason)
            folders.move(path, folders.failed, note=reason)
            report.failed_files.append(path.name)
            continue
        folders.move(path, folders.processed)
        report.recorded += recorded
        report.duplicates += duplicates
    return report


def run_receiver(
    session: Session,
    folders: ExchangeFolders,
    *,
    loop: bool = False,
    interval: float = 2.0,
    should_stop: Callable[[], bool] = lambda: False,
) -> ReceiveReport:
    total = ReceiveReport()
    while not should_stop():
        try:
            report = receive_inbox(session, folders)
        except Exception:
            session.rollback()
            log.exception("customs receive pass failed; retrying")
            if not loop:
                raise
            time.sleep(interval)
            continue
        total.files += report.files
        total.recorded += report.recorded
        total.duplicates += report.duplicates
        total.deferred += report.deferred
        total.failed_files.extend(report.failed_files)
        if not loop:
            break
        if not report.handled:
            time.sleep(interval)
    return total


def _already_recorded(session: Session, declaration: CustomsDeclaration, receipt: Receipt) -> bool:
    found = session.scalar(
        select(CustomsReceipt.id).where(
            CustomsReceipt.declaration_id == declaration.id,
            CustomsReceipt.return_status == receipt.return_status,
            CustomsReceipt.return_time == receipt.return_time,
        )
    )
    if found is not None:
        return True
    return any(  # recorded earlier in this same file, not flushed as a query result yet
        row.return_status == receipt.return_status and row.return_time == receipt.return_time
        for row in declaration.receipts
    )


def _being_dispatched(session: Session, message_type: MessageType, key: str) -> bool:
    found = session.scalar(
        select(CustomsDeclaration.id)
        .where(
            CustomsDeclaration.message_type == message_type,
            CustomsDeclaration.business_no == key,
            CustomsDeclaration.status == DeclarationStatus.PENDING,
        )
        .limit(1)
    )
    return found is not None
