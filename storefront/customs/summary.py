"""CEB701 monthly summary: the 9610 lists customs released in one calendar month (China time).

One summary application per consignor (producer), naming its released lists; queued in the outbox
like every other message. Asking twice for the same month queues nothing new for a producer
whose summary is already on its way (only a rejected or failed one is replaced).
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import UTC

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.models import Producer
from storefront.customs.builders import build_summary
from storefront.customs.documents import Enterprise, SummaryDocument, month_period
from storefront.customs.exceptions import CustomsError
from storefront.customs.mapping import chinese_name
from storefront.customs.models import CustomsDeclaration, DeclarationStatus, MessageType
from storefront.customs.outbox import CustomsOutbox
from storefront.customs.wire_format import new_guid

MONTH_PATTERN = re.compile(r"(\d{4})-(\d{2})")
REPLACEABLE = frozenset({DeclarationStatus.REJECTED, DeclarationStatus.FAILED})


class InvalidMonth(CustomsError, ValueError):
    def __init__(self, text: str) -> None:
        super().__init__(f"not a month (YYYY-MM): {text!r}")


def parse_month(text: str) -> tuple[int, int]:
    match = MONTH_PATTERN.fullmatch(text.strip())
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise InvalidMonth(text)
    return int(match.group(1)), int(match.group(2))


def released_lists_by_producer(session: Session, year: int, month: int) -> dict[int, list[str]]:
    """Inventory numbers of the CEB603 lists released in the month, per producer id."""
    start, end = month_period(year, month)
    rows = session.execute(
        select(CustomsDeclaration.producer_id, CustomsDeclaration.invt_no)
        .where(
            CustomsDeclaration.message_type == MessageType.INVENTORY,
            CustomsDeclaration.status.in_([DeclarationStatus.RELEASED, DeclarationStatus.CLOSED]),
            CustomsDeclaration.invt_no.is_not(None),
            CustomsDeclaration.released_at >= start.astimezone(UTC),
            CustomsDeclaration.released_at <= end.astimezone(UTC),
        )
        .order_by(CustomsDeclaration.producer_id, CustomsDeclaration.invt_no)
    )
    lists: dict[int, list[str]] = defaultdict(list)
    for producer_id, invt_no in rows:
        if producer_id is not None and invt_no not in lists[producer_id]:
            lists[producer_id].append(invt_no)
    return dict(lists)


def declare_monthly_summaries(
    session: Session, outbox: CustomsOutbox, month: str, *, requested_by: str
) -> list[CustomsDeclaration]:
    """Queue one CEB701 per producer with released lists in ``month`` ("YYYY-MM"). Flushes."""
    year, month_number = parse_month(month)
    key = f"{year:04d}-{month_number:02d}"
    settings = outbox.settings
    created: list[CustomsDeclaration] = []
    for producer_id, inventory_nos in released_lists_by_producer(
        session, year, month_number
    ).items():
        if _summary_on_its_way(session, producer_id, key):
            continue
        producer = session.get(Producer, producer_id)
        if producer is None or not producer.customs_code:
            continue
        guid = new_guid()
        cop_no = f"SUM{year:04d}{month_number:02d}{producer.customs_code}"
        document = SummaryDocument(
            guid=guid,
            customs_code=settings.customs_code,
            cop_no=cop_no,
            agent=settings.agent,
            ebc=Enterprise(producer.customs_code, chinese_name(producer) or producer.code),
            declaration_agent=settings.agent,
            inventory_nos=tuple(inventory_nos),
        )
        payload = outbox.finish(build_summary(document, settings.sender, message_guid=guid))
        row = CustomsDeclaration(
            message_type=MessageType.SUMMARY,
            guid=guid,
            app_type=1,
            business_no=cop_no,
            producer_id=producer_id,
            status=DeclarationStatus.PENDING,
            next_attempt_at=outbox.clock(),
            payload=payload.decode("utf-8"),
            problems=[],
            attempts=0,
            last_error="",
            return_info="",
            summary_month=key,
            requested_by=requested_by[:60],
        )
        session.add(row)
        created.append(row)
    session.flush()
    return created


def _summary_on_its_way(session: Session, producer_id: int, month: str) -> bool:
    statuses = session.scalars(
        select(CustomsDeclaration.status).where(
            CustomsDeclaration.message_type == MessageType.SUMMARY,
            CustomsDeclaration.producer_id == producer_id,
            CustomsDeclaration.summary_month == month,
        )
    )
    return any(status not in REPLACEABLE for status in statuses)
