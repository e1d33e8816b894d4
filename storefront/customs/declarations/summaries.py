"""CEB701 monthly summary: the 9610 lists customs released in one calendar month (China time).

Only lists declared with statisticsFlag B (清单核放、汇总申报: the producer wants the export VAT
refund, or the goods need licences; kept in the row's ``statistics_flag``) are summarised;
A lists (汇总统计, the pilot zone's simplified way) are statistics only. A summary covers a closed
month (GACC Announcement 2018 No.194: the lists released in a month are summarised by the 15th of
the next month); the running month, or a month still to come, is refused.

One summary application per consignor (producer), naming its released lists; queued in the outbox
like every other message. Each list remembers the summary that named it (``summarised_by``), so
asking again for a month summarises only the lists released since, or those whose summary customs
refused or that could not be sent.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import UTC, date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from catalog.models import Producer
from storefront.customs.declarations.mapping import chinese_name
from storefront.customs.declarations.models import (
    CustomsDeclaration,
    DeclarationStatus,
)
from storefront.customs.declarations.ports import DeclarationOutbox
from storefront.customs.messages.channels import CHANNELS, Channel
from storefront.customs.messages.codes import StatisticsFlag
from storefront.customs.messages.documents import Enterprise, SummaryDocument, month_period
from storefront.customs.messages.exceptions import CustomsError
from storefront.customs.messages.wire_format import CHINA_TIME, new_guid
from storefront.orders.actors import Actor

EXPORT = CHANNELS[Channel.EXPORT_9610]  # monthly summaries are a 9610 (export) procedure

MONTH_PATTERN = re.compile(r"(\d{4})-(\d{2})")
REPLACEABLE = frozenset({DeclarationStatus.REJECTED, DeclarationStatus.FAILED})


class InvalidMonth(CustomsError, ValueError):
    def __init__(self, text: str) -> None:
        super().__init__(f"not a month (YYYY-MM): {text!r}")


class MonthNotClosed(CustomsError, ValueError):
    """The month is running or still to come: its lists cannot be summarised yet."""

    def __init__(self, month: str) -> None:
        super().__init__(f"{month} is not over yet: summarise it from the 1st of the next month")
        self.month = month


def parse_month(text: str) -> tuple[int, int]:
    match = MONTH_PATTERN.fullmatch(text.strip())
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise InvalidMonth(text)
    return int(match.group(1)), int(match.group(2))


def unsummarised_lists_by_producer(
    session: Session, year: int, month: int
) -> dict[int, list[CustomsDeclaration]]:
    """CEB603 lists released in the month and named by no live summary yet, per producer id."""
    start, end = month_period(year, month)
    summary = aliased(CustomsDeclaration)
    rows = session.scalars(
        select(CustomsDeclaration)
        .outerjoin(summary, CustomsDeclaration.summarised_by_id == summary.id)
        .where(
            CustomsDeclaration.message_type == EXPORT.inventory,
            CustomsDeclaration.status.in_([DeclarationStatus.RELEASED, DeclarationStatus.CLOSED]),
            CustomsDeclaration.invt_no.is_not(None),
            CustomsDeclaration.producer_id.is_not(None),
            CustomsDeclaration.statistics_flag == StatisticsFlag.SUMMARY.value,
            CustomsDeclaration.released_at >= start.astimezone(UTC),
            CustomsDeclaration.released_at <= end.astimezone(UTC),
            or_(summary.id.is_(None), summary.status.in_(REPLACEABLE)),
        )
        .order_by(CustomsDeclaration.producer_id, CustomsDeclaration.invt_no)
    )
    lists: dict[int, list[CustomsDeclaration]] = defaultdict(list)
    for row in rows:
        lists[row.producer_id or 0].append(row)
    return dict(lists)


def declare_monthly_summaries(
    session: Session,
    outbox: DeclarationOutbox,
    month: str,
    *,
    actor: Actor,
    today: date | None = None,
) -> list[CustomsDeclaration]:
    """Queue one CEB701 per producer for the month's released lists not summarised yet.

    Asking again for the same month only summarises lists released since (or whose summary
    customs refused); each message gets its own copNo. Flushes, never commits.
    """
    year, month_number = parse_month(month)
    key = f"{year:04d}-{month_number:02d}"
    today = today or datetime.now(CHINA_TIME).date()
    if (year, month_number) >= (today.year, today.month):
        raise MonthNotClosed(key)
    settings = outbox.settings
    created: list[CustomsDeclaration] = []
    for producer_id, lists in unsummarised_lists_by_producer(session, year, month_number).items():
        producer = session.get(Producer, producer_id)
        if producer is None or not producer.customs_code:
            continue
        guid = new_guid()
        cop_no = _summary_number(session, producer, year, month_number)
        document = SummaryDocument(
            guid=guid,
            customs_code=settings.customs_code,
            cop_no=cop_no,
            agent=settings.agent,
            ebc=Enterprise(producer.customs_code, chinese_name(producer) or producer.code),
            declaration_agent=settings.agent,
            inventory_nos=tuple(dict.fromkeys(row.invt_no or "" for row in lists)),
        )
        assert EXPORT.build_summary is not None and EXPORT.summary is not None
        payload = outbox.finish(EXPORT.build_summary(document, settings.sender, message_guid=guid))
        row = CustomsDeclaration.new_row(
            EXPORT.summary,
            guid,
            requested_by=actor.label,
            payload=payload.decode("utf-8"),
            business_no=cop_no,
            producer_id=producer_id,
            summary_month=key,
        )
        outbox.queue(session, row, actor=actor, note=f"summary of {key}: {len(lists)} list(s)")
        session.flush()
        for inventory in lists:
            inventory.summarised_by_id = row.id
        created.append(row)
    session.flush()
    return created


def _summary_number(session: Session, producer: Producer, year: int, month: int) -> str:
    """``SUM<yyyymm><customs code>``, then ``-2``, ``-3``... for later summaries of the month."""
    base = f"SUM{year:04d}{month:02d}{producer.customs_code}"
    earlier = session.scalar(
        select(func.count(CustomsDeclaration.id)).where(
            CustomsDeclaration.message_type == EXPORT.summary,
            CustomsDeclaration.producer_id == producer.id,
            CustomsDeclaration.summary_month == f"{year:04d}-{month:02d}",
        )
    )
    return base if not earlier else f"{base}-{earlier + 1}"
